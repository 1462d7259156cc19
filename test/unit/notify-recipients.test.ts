import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import type { DataMap } from '../../functions/core/datamap';
import { planRecipientNotices, storesWithRecords } from '../../functions/core/replies/notify-recipients';
import type { AuditEvent } from '../../functions/core/request/request';

const collected = (storeId: string, status: string): AuditEvent => ({
  at: '2026-12-01T10:00:00.000Z',
  actor: 'system:workflow',
  action: 'store_collected',
  detail: { storeId, status, recordCount: status === 'found' ? 1 : 0 },
});

describe('whom a change is told to', () => {
  it('Art. 19: every recipient of a store that held the subject, once each, as the data map says', () => {
    const notices = planRecipientNotices(DEMO_DATA_MAP, new Set(['crm', 'billing', 'events']));
    expect(notices.map((n) => [n.recipient, n.storeIds, n.notify.by])).toEqual([
      ['Amazon Web Services EMEA SARL', ['crm', 'events', 'billing'], 'none'],
      ['Auditor', ['billing'], 'mail'],
      ['Skatteverket', ['billing'], 'none'],
    ]);
    expect(notices.find((n) => n.recipient === 'Auditor')?.notify).toEqual({
      by: 'mail',
      address: 'privacy@auditor.example',
      language: 'sv',
    });
  });

  it('Art. 19: a recipient the map gives no way to reach becomes a staff task, under a readable key', () => {
    const map: DataMap = structuredClone(DEMO_DATA_MAP);
    const crm = map.stores.find((s) => s.id === 'crm');
    crm?.recipients.push({
      name: 'Partnerföretaget Å AB',
      description: { sv: 'Partner.', nb: 'Partner.', en: 'Partner.' },
    });
    expect(planRecipientNotices(map, new Set(['crm'])).at(-1)).toEqual({
      key: 'partnerforetaget-a-ab',
      recipient: 'Partnerföretaget Å AB',
      storeIds: ['crm'],
      notify: { by: 'staff' },
    });
  });

  it('Art. 19: stores that held nothing of the subject tell nobody', () => {
    const stores = storesWithRecords([
      collected('crm', 'none'),
      collected('billing', 'found'),
      collected('file-share', 'manual_pending'),
    ]);
    expect([...stores]).toEqual(['billing']);
    expect(planRecipientNotices(DEMO_DATA_MAP, new Set())).toEqual([]);
  });
});
