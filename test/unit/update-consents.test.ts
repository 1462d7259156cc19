import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import {
  type Connector,
  type EraseOutcome,
  type LocatedRecord,
  StoreUnavailableError,
} from '../../functions/core/connector';
import type { ConsentChange } from '../../functions/core/consents';
import type { DataStore } from '../../functions/core/datamap';
import type { StoreErasurePlan } from '../../functions/core/erasure-plan';
import type { Mailer, OutgoingMail, RequestStore } from '../../functions/core/ports';
import type { AuditEvent, DsrRequest, RequestType } from '../../functions/core/request';
import { subjectKeyOf } from '../../functions/core/subject-key';
import { suppressionOf, updateConsents } from '../../functions/core/update-consents';
import { MemoryConsentLedger } from '../support/memory-consent-ledger';

const EMAIL = 'karin.lund@example.com';
const SUBJECT = subjectKeyOf(EMAIL, 'unit-subject-key-secret-0123456789abcdef');
const NOW = new Date('2026-05-04T09:30:00.000Z');

function request(types: RequestType[], language: DsrRequest['language'] = 'sv'): DsrRequest {
  return {
    id: 'R-2026-0001',
    status: 'executing',
    channel: 'email',
    types,
    language,
    subjectEmail: EMAIL,
    subjectKey: SUBJECT,
    receivedAt: NOW.toISOString(),
    dueAt: '2026-06-04',
    version: 1,
  };
}

class FakeNewsletter implements Connector {
  subscribers = new Set(['sub-1']);
  failNext = false;
  async find(): Promise<LocatedRecord[]> {
    if (this.failNext) {
      this.failNext = false;
      throw new StoreUnavailableError('newsletter API answered 503');
    }
    return [...this.subscribers].map((recordId) => ({
      recordId,
      fields: {},
      location: { api: 'newsletter' },
    }));
  }
  async erase(_subject: unknown, plan: StoreErasurePlan): Promise<EraseOutcome> {
    for (const record of plan.records) this.subscribers.delete(record.recordId);
    return {
      storeId: plan.storeId,
      deleted: plan.records.map((r) => r.recordId),
      anonymised: [],
      retained: [],
      manual: [],
    };
  }
}

function setup(dsr: DsrRequest) {
  const ledger = new MemoryConsentLedger(() => NOW);
  const newsletter = new FakeNewsletter();
  const events: AuditEvent[] = [];
  const mails: OutgoingMail[] = [];
  const once = new Set<string>();
  const requests = {
    getRequest: async (id: string) => (id === dsr.id ? dsr : undefined),
    appendEvent: async (_id: string, event: AuditEvent) => void events.push(event),
    claimOnce: async (_id: string, key: string) => !once.has(key) && Boolean(once.add(key)),
    recordOutgoing: async () => undefined,
  } as unknown as RequestStore;
  const mailer: Mailer = {
    send: async (mail) => {
      mails.push(mail);
      return { messageId: `m-${mails.length}` };
    },
  };
  const connectorFor = (store: DataStore): Connector => {
    if (store.id !== 'newsletter') throw new Error(`no connector expected for ${store.id}`);
    return newsletter;
  };
  const deps = {
    requests,
    ledger,
    connectors: { connectorFor },
    dataMap: DEMO_DATA_MAP,
    mailer,
    mailbox: { local: 'gdpr', domain: 'example.com' },
    clock: { now: () => NOW },
  };
  return { deps, ledger, newsletter, events, mails };
}

const given = (purpose: ConsentChange['purpose']): ConsentChange => ({
  purpose,
  kind: 'given',
  at: '2026-01-10T08:00:00.000Z',
  channel: 'form',
  textVersion: `${purpose}-v1`,
  evidence: { form: 'signup' },
});

describe('suppressionOf', () => {
  it('removes people only from stores that hold them while they consent', () => {
    const modes = Object.fromEntries(DEMO_DATA_MAP.stores.map((s) => [s.id, suppressionOf(s)]));
    expect(modes).toMatchObject({ newsletter: 'remove_records', crm: 'ledger_only', events: 'ledger_only' });
  });
});

describe('updateConsents', () => {
  it('records an objection to direct marketing, removes the subscriber and replies in Swedish', async () => {
    const { deps, ledger, newsletter, events, mails } = setup(request(['objection']));
    const result = await updateConsents('R-2026-0001', deps);
    expect(result).toEqual({
      purposes: ['newsletter', 'event_invitations'],
      suppressedIn: ['newsletter'],
      ledgerOnly: ['events'],
    });
    const current = await ledger.current(SUBJECT);
    expect(current.newsletter.status).toBe('objected');
    expect(current.event_invitations.status).toBe('objected');
    const history = await ledger.history(SUBJECT);
    expect(history.map((c) => [c.channel, c.requestId, c.idempotencyKey])).toEqual([
      ['mail', 'R-2026-0001', 'R-2026-0001:newsletter:objected'],
      ['mail', 'R-2026-0001', 'R-2026-0001:event_invitations:objected'],
    ]);
    expect(newsletter.subscribers.size).toBe(0);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('Att få vårt nyhetsbrev via e-post.');
    expect(events.map((e) => e.action)).toEqual(['consents_recorded', 'consent_suppressed', 'mail_sent']);
    expect(JSON.stringify(events)).not.toContain(EMAIL);
  });

  it('withdraws every consent in force and says candidate data needs erasure', async () => {
    const { deps, ledger, events } = setup(request(['withdraw_consent'], 'en'));
    await ledger.record(SUBJECT, given('crm_contact_storage'));
    await ledger.record(SUBJECT, given('candidate_data_retention'));
    const result = await updateConsents('R-2026-0001', deps);
    expect(result).toEqual({
      purposes: ['crm_contact_storage', 'candidate_data_retention'],
      suppressedIn: [],
      ledgerOnly: ['crm', 'recruitment'],
      requiresErasure: true,
    });
    const note = events.find((e) => e.action === 'consent_erasure_needed');
    expect(String(note?.detail?.note)).toContain('reclassify');
  });

  it('chooses the same purposes when retried after a store was unavailable', async () => {
    const { deps, ledger, newsletter, mails } = setup(request(['withdraw_consent']));
    await ledger.record(SUBJECT, given('newsletter'));
    newsletter.failNext = true;
    await expect(updateConsents('R-2026-0001', deps)).rejects.toThrow(StoreUnavailableError);
    expect(mails).toHaveLength(0);
    const retried = await updateConsents('R-2026-0001', deps);
    expect(retried.purposes).toEqual(['newsletter']);
    expect(retried.suppressedIn).toEqual(['newsletter']);
    expect(await ledger.history(SUBJECT, 'newsletter')).toHaveLength(2);
    expect(mails).toHaveLength(1);
  });

  it('keeps a withdrawal with nothing in force as the subject statement, without erasure', async () => {
    const { deps, ledger } = setup(request(['withdraw_consent']));
    const result = await updateConsents('R-2026-0001', deps);
    expect(result.purposes).toHaveLength(4);
    expect(result.requiresErasure).toBeUndefined();
    expect((await ledger.current(SUBJECT)).newsletter.status).toBe('none');
  });
});
