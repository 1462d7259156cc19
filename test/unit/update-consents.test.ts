import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { REPLY_TEMPLATES } from '../../config/templates';
import {
  type Connector,
  type EraseOutcome,
  type LocatedRecord,
  StoreUnavailableError,
} from '../../functions/core/collection/connector';
import type { ConsentScope } from '../../functions/core/consents/consent-scope';
import type { ConsentChange } from '../../functions/core/consents/consents';
import { objectablePurposes, parseConsentDecisions } from '../../functions/core/consents/objection-balancing';
import {
  stopMarketingOnReceipt,
  suppressionOf,
  updateConsents,
} from '../../functions/core/consents/update-consents';
import type { DataStore } from '../../functions/core/datamap';
import type { StoreErasurePlan } from '../../functions/core/erasure/erasure-plan';
import type { Mailer, OutgoingMail, RequestStore } from '../../functions/core/ports';
import type { AuditEvent, DsrRequest, RequestType } from '../../functions/core/request/request';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
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
    templates: REPLY_TEMPLATES,
    clock: { now: () => NOW },
  };
  return { deps, ledger, newsletter, events, mails };
}

const scope = (parts: Partial<ConsentScope>): ConsentScope => ({
  marketing: [],
  general: false,
  withdraw: [],
  ...parts,
});

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

  it('Art. 7(3): withdraws the consent named, not every consent in force', async () => {
    const dsr = { ...request(['withdraw_consent'], 'en'), consentScope: scope({ withdraw: ['newsletter'] }) };
    const { deps, ledger, events, newsletter } = setup(dsr);
    await ledger.record(SUBJECT, given('newsletter'));
    await ledger.record(SUBJECT, given('candidate_data_retention'));
    const result = await updateConsents('R-2026-0001', deps);
    expect(result).toEqual({ purposes: ['newsletter'], suppressedIn: ['newsletter'], ledgerOnly: [] });
    const current = await ledger.current(SUBJECT);
    expect(current.newsletter.status).toBe('withdrawn');
    expect(current.candidate_data_retention.status).toBe('given');
    expect(newsletter.subscribers.size).toBe(0);
    expect(events.map((e) => e.action)).not.toContain('consent_erasure_needed');
  });

  it('Art. 7(3): a withdrawal that names none withdraws the one consent in force', async () => {
    const { deps, ledger } = setup(request(['withdraw_consent'], 'en'));
    await ledger.record(SUBJECT, given('crm_contact_storage'));
    const result = await updateConsents('R-2026-0001', deps);
    expect(result.purposes).toEqual(['crm_contact_storage']);
    expect((await ledger.current(SUBJECT)).crm_contact_storage.status).toBe('withdrawn');
  });

  it('Art. 7(3): a withdrawal that names none while several are in force waits for staff to choose from the list', async () => {
    const { deps, ledger, events, mails } = setup(request(['withdraw_consent'], 'en'));
    await ledger.record(SUBJECT, given('crm_contact_storage'));
    await ledger.record(SUBJECT, given('candidate_data_retention'));
    const asked = await updateConsents('R-2026-0001', deps);
    expect(asked).toMatchObject({ purposes: [], awaitingStaff: true });
    expect(asked.instructions).toContain('In force: crm_contact_storage, candidate_data_retention');
    expect(mails).toHaveLength(0);
    expect((await ledger.current(SUBJECT)).crm_contact_storage.status).toBe('given');
    expect(events.find((e) => e.action === 'consent_decision_needed')?.detail).toEqual({
      chooseWithdrawal: ['crm_contact_storage', 'candidate_data_retention'],
    });

    const decided = await updateConsents('R-2026-0001', deps, {
      withdraw: ['candidate_data_retention'],
      objections: [],
    });
    expect(decided).toEqual({
      purposes: ['candidate_data_retention'],
      suppressedIn: [],
      ledgerOnly: ['recruitment'],
      requiresErasure: true,
    });
    const current = await ledger.current(SUBJECT);
    expect(current.crm_contact_storage.status).toBe('given');
    expect(current.candidate_data_retention.status).toBe('withdrawn');
    const note = events.find((e) => e.action === 'consent_erasure_needed');
    expect(String(note?.detail?.note)).toContain('reclassify');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('Keeping your CV for future assignments and positions.');
    expect(mails[0]?.text).not.toContain('Us keeping your contact details');
  });

  it('Art. 21(1): an objection on legitimate interests goes to staff with the purposes, and the answer addresses each one with the balancing', async () => {
    const dsr = { ...request(['objection'], 'en'), consentScope: scope({ general: true }) };
    const { deps, ledger, events, mails } = setup(dsr);
    const asked = await updateConsents('R-2026-0001', deps);
    expect(asked.awaitingStaff).toBe(true);
    expect(asked.instructions).toContain('Art. 21(1)');
    expect(asked.instructions).toContain('compelling legitimate grounds');
    for (const purpose of objectablePurposes(DEMO_DATA_MAP)) expect(asked.instructions).toContain(purpose.id);
    expect(objectablePurposes(DEMO_DATA_MAP).map((p) => p.id)).toEqual([
      'partner-relationship',
      'event-invitations',
      'website-operations',
      'tenders-and-meetings',
    ]);
    expect(mails).toHaveLength(0);
    // A general objection is not a marketing objection: nothing is recorded as one.
    expect((await ledger.history(SUBJECT)).length).toBe(0);

    const grounds = 'Logs are needed to detect attacks on the website; they are kept three months.';
    await updateConsents('R-2026-0001', deps, {
      withdraw: [],
      objections: [
        { purposeId: 'partner-relationship', decision: 'stop' },
        { purposeId: 'website-operations', decision: 'continue', grounds },
      ],
    });
    const balanced = events.find((e) => e.action === 'objection_balanced');
    expect(balanced?.detail).toEqual({
      basis: 'Art. 21(1)',
      decisions: [
        { purposeId: 'partner-relationship', decision: 'stop' },
        { purposeId: 'website-operations', decision: 'continue', grounds },
      ],
    });
    expect(mails).toHaveLength(1);
    const text = mails[0]?.text ?? '';
    expect(text).toContain('Keeping in touch with partners and their contact persons.');
    expect(text).toContain(`Running, maintaining and protecting our website. – ${grounds}`);
    expect(text).toContain('Article 21(1)');
    expect(text).toContain('IMY');
  });

  it('Art. 7(3): answers the request even when staff find nothing to withdraw', async () => {
    const { deps, ledger, mails } = setup(request(['withdraw_consent'], 'en'));
    await ledger.record(SUBJECT, given('crm_contact_storage'));
    await ledger.record(SUBJECT, given('newsletter'));
    expect((await updateConsents('R-2026-0001', deps)).awaitingStaff).toBe(true);
    const decided = await updateConsents('R-2026-0001', deps, { withdraw: [], objections: [] });
    expect(decided.purposes).toEqual([]);
    expect(mails).toHaveLength(1);
    expect((await ledger.current(SUBJECT)).newsletter.status).toBe('given');
  });

  it('Art. 21(1): staff must give the compelling grounds when processing continues', () => {
    expect(() =>
      parseConsentDecisions({ objections: [{ purposeId: 'website-operations', decision: 'continue' }] }),
    ).toThrow(/compelling legitimate grounds/);
    expect(() => parseConsentDecisions({ withdraw: ['telemarketing'] })).toThrow(/consent purposes/);
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

describe('stopMarketingOnReceipt', () => {
  it('Art. 21(3): records a marketing objection and suppresses it on receipt, answering a request that asked nothing else', async () => {
    const dsr = {
      ...request(['objection']),
      status: 'received' as const,
      consentScope: scope({ marketing: ['newsletter'] }),
    };
    const { deps, ledger, newsletter, events, mails } = setup(dsr);
    const result = await stopMarketingOnReceipt('R-2026-0001', deps);
    expect(result).toEqual({
      purposes: ['newsletter'],
      suppressedIn: ['newsletter'],
      ledgerOnly: [],
      complete: true,
    });
    expect((await ledger.current(SUBJECT)).newsletter.status).toBe('objected');
    expect((await ledger.current(SUBJECT)).event_invitations.status).toBe('none');
    expect(newsletter.subscribers.size).toBe(0);
    expect(events.find((e) => e.action === 'marketing_stopped')?.detail).toEqual({
      purposes: ['newsletter'],
      basis: 'Art. 21(3)',
      onReceipt: true,
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('Att få vårt nyhetsbrev via e-post.');
  });

  it('Art. 21(2): stops marketing on receipt but leaves the rest of the request to run, and the later step records nothing twice', async () => {
    const dsr = {
      ...request(['access', 'objection']),
      status: 'received' as const,
      consentScope: scope({ marketing: ['newsletter', 'event_invitations'] }),
    };
    const { deps, ledger, mails } = setup(dsr);
    const result = await stopMarketingOnReceipt('R-2026-0001', deps);
    expect(result).toMatchObject({ purposes: ['newsletter', 'event_invitations'], complete: false });
    expect(mails).toHaveLength(0);
    await updateConsents('R-2026-0001', deps);
    expect(await ledger.history(SUBJECT)).toHaveLength(2);
    expect(mails).toHaveLength(1);
  });

  it('Art. 21(1): a general objection stops no marketing on receipt and waits for the rest of the workflow', async () => {
    const dsr = { ...request(['objection']), consentScope: scope({ general: true }) };
    const { deps, ledger, mails } = setup(dsr);
    expect(await stopMarketingOnReceipt('R-2026-0001', deps)).toEqual({
      purposes: [],
      suppressedIn: [],
      ledgerOnly: [],
      complete: false,
    });
    expect(await ledger.history(SUBJECT)).toHaveLength(0);
    expect(mails).toHaveLength(0);
  });
});
