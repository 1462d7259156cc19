import type { Connector, EraseOutcome } from './connector';
import { StoreUnavailableError } from './connector';
import {
  CONSENT_PURPOSES,
  type ConsentChange,
  type ConsentChangeKind,
  type ConsentChannel,
  type ConsentLedger,
  type ConsentPurpose,
  type ConsentState,
  compareChanges,
  DIRECT_MARKETING_PURPOSES,
  deriveState,
  type RecordedConsentChange,
} from './consents';
import type { DataMap, DataStore } from './datamap';
import type { StoreErasurePlan } from './erasure-plan';
import { NotFoundError } from './errors';
import type { Mailbox } from './mailbox';
import type { Clock, Mailer, RequestStore } from './ports';
import type { Channel, DsrRequest, ReplyLanguage } from './request';
import { sendReply } from './send-reply';

/**
 * The workflow step for `objection` and `withdraw_consent` requests (ARCHITECTURE.md §1):
 *
 * 1. The ledger: an objection records `objected` for the direct-marketing purposes (absolute,
 *    GDPR Art. 21(3)); a withdrawal records `withdrawn` for every purpose currently given. A
 *    withdrawal while nothing is given records `withdrawn` for every purpose: no state changes,
 *    but the history keeps the subject's statement. Each change is keyed
 *    `${requestId}:${purpose}:${kind}`, so a retried step writes nothing twice and finds the
 *    purposes it chose on the first attempt in the history.
 * 2. Suppression, store by store (`suppressionOf`): a store that holds people only while they
 *    consent (retention `until_consent_withdrawn`, erasure `delete`, e.g. the newsletter service)
 *    loses the subject's records through its connector; every other store keeps its records and
 *    the ledger is the source of truth (the CRM, events, recruitment). An unreachable store
 *    throws `StoreUnavailableError` after the others were tried; the workflow retries the step.
 * 3. Withdrawn candidate consent needs erasure of the candidate data unless another basis
 *    applies: the output says `requiresErasure` and an audit note tells staff. The erasure branch
 *    runs when the request also carries `erasure`; otherwise staff add it by reclassifying.
 * 4. The reply (`completion_objection`) names the purposes in the subject's language; audit
 *    events carry purposes, store ids and counts only.
 */

export interface ConnectorSource {
  connectorFor(store: DataStore): Connector;
}

export interface UpdateConsentsDeps {
  requests: RequestStore;
  ledger: ConsentLedger;
  connectors: ConnectorSource;
  dataMap: DataMap;
  mailer: Mailer;
  mailbox: Mailbox;
  clock: Clock;
}

export interface UpdateConsentsResult {
  /** Purposes whose processing stopped, in the ledger's order. */
  purposes: ConsentPurpose[];
  /** Stores from which the subject's records were removed (or were already absent). */
  suppressedIn: string[];
  /** Stores that keep their records; the ledger tells them not to process for the purposes. */
  ledgerOnly: string[];
  /** Withdrawn candidate consent: the candidate data must be erased unless another basis applies. */
  requiresErasure?: true;
}

export type Suppression = 'remove_records' | 'ledger_only';

/** How a store stops processing for a purpose (see the module comment). */
export function suppressionOf(store: DataStore): Suppression {
  return store.retention.rule.kind === 'until_consent_withdrawn' &&
    store.erasure.policy === 'delete' &&
    store.connector.type !== 'manual'
    ? 'remove_records'
    : 'ledger_only';
}

export function consentChannelOf(channel: Channel): ConsentChannel {
  return channel === 'form' ? 'form' : 'mail';
}

const ERASURE_PURPOSE: ConsentPurpose = 'candidate_data_retention';

interface PlannedChange {
  purpose: ConsentPurpose;
  kind: ConsentChangeKind;
}

const ownChange = (requestId: string) => (change: RecordedConsentChange) => change.requestId === requestId;

/** The changes a request makes, given the state before it and what a previous attempt recorded. */
export function planConsentChanges(
  request: Pick<DsrRequest, 'id' | 'types'>,
  current: Record<ConsentPurpose, ConsentState>,
  history: readonly RecordedConsentChange[],
): PlannedChange[] {
  const earlier = history.filter(ownChange(request.id));
  const planned = new Map<ConsentPurpose, ConsentChangeKind>();
  if (request.types.includes('objection')) {
    for (const purpose of DIRECT_MARKETING_PURPOSES) planned.set(purpose, 'objected');
  }
  if (request.types.includes('withdraw_consent')) {
    const given = CONSENT_PURPOSES.filter((p) => current[p].status === 'given');
    const fromEarlierAttempt = earlier.filter((c) => c.kind === 'withdrawn').map((c) => c.purpose);
    let withdraw = [...new Set([...given, ...fromEarlierAttempt])];
    if (withdraw.length === 0 && planned.size === 0) withdraw = [...CONSENT_PURPOSES];
    // An objection in the same request is the stronger change for its purposes.
    for (const purpose of withdraw) if (!planned.has(purpose)) planned.set(purpose, 'withdrawn');
  }
  return CONSENT_PURPOSES.filter((p) => planned.has(p)).map((purpose) => ({
    purpose,
    kind: planned.get(purpose) as ConsentChangeKind,
  }));
}

/** Whether consent was in force just before the given change (which is in `history`). */
export function wasGivenBefore(history: readonly RecordedConsentChange[], change: ConsentChange): boolean {
  const before = history.filter(
    (c) =>
      c.purpose === change.purpose &&
      c.idempotencyKey !== change.idempotencyKey &&
      compareChanges(c, change) < 0,
  );
  return deriveState(before)?.status === 'given';
}

/** The purposes in words, from the data map's consent purposes, in the reply's language. */
export function purposesInWords(
  dataMap: DataMap,
  purposes: readonly ConsentPurpose[],
  language: ReplyLanguage,
): string[] {
  return purposes.map((purpose) => {
    for (const store of dataMap.stores) {
      const found = store.consentPurposes?.find((p) => p.id === purpose);
      if (found) return found.description[language];
    }
    return purpose;
  });
}

function deletePlan(store: DataStore, recordIds: readonly string[]): StoreErasurePlan {
  return {
    storeId: store.id,
    storeName: store.name,
    connectorType: store.connector.type,
    policy: 'delete',
    records: recordIds.map((recordId) => ({ recordId, action: 'delete', reason: 'policy' })),
  };
}

export async function updateConsents(
  requestId: string,
  deps: UpdateConsentsDeps,
): Promise<UpdateConsentsResult> {
  const request = await deps.requests.getRequest(requestId);
  if (!request) throw new NotFoundError(`request ${requestId} not found`);
  const { subjectKey } = request;
  const [current, history] = await Promise.all([
    deps.ledger.current(subjectKey),
    deps.ledger.history(subjectKey),
  ]);
  const planned = planConsentChanges(request, current, history);
  if (planned.length === 0) return { purposes: [], suppressedIn: [], ledgerOnly: [] };

  // 1. The ledger.
  const at = deps.clock.now().toISOString();
  const recorded: { change: RecordedConsentChange; state: ConsentState; duplicate: boolean }[] = [];
  for (const { purpose, kind } of planned) {
    recorded.push(
      await deps.ledger.record(subjectKey, {
        purpose,
        kind,
        at,
        channel: consentChannelOf(request.channel),
        requestId,
        evidence: { requestId },
        idempotencyKey: `${requestId}:${purpose}:${kind}`,
      }),
    );
  }
  const purposes = planned.map((p) => p.purpose);
  await deps.requests.appendEvent(requestId, {
    at: deps.clock.now().toISOString(),
    actor: 'system:workflow',
    action: 'consents_recorded',
    detail: {
      changes: recorded.map(({ change, state, duplicate }) => ({
        purpose: change.purpose,
        kind: change.kind,
        status: state.status,
        duplicate,
      })),
    },
  });

  // 2. Suppression in the stores.
  const stores = deps.dataMap.stores.filter((store) =>
    store.consentPurposes?.some((p) => purposes.includes(p.id)),
  );
  const suppressedIn: string[] = [];
  const ledgerOnly: string[] = [];
  let unavailable: StoreUnavailableError | undefined;
  for (const store of stores) {
    if (suppressionOf(store) === 'ledger_only') {
      ledgerOnly.push(store.id);
      continue;
    }
    try {
      const outcome = await removeSubject(store, request.subjectEmail, deps.connectors);
      suppressedIn.push(store.id);
      await deps.requests.appendEvent(requestId, {
        at: deps.clock.now().toISOString(),
        actor: 'system:workflow',
        action: 'consent_suppressed',
        detail: {
          storeId: store.id,
          deleted: outcome.deleted.length,
          manual: outcome.manual.length,
          retained: outcome.retained.length,
        },
      });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      unavailable ??= error;
    }
  }
  if (unavailable) throw unavailable;

  // 3. Withdrawn candidate consent leads to erasure.
  const candidate = recorded.find(
    (r) => r.change.purpose === ERASURE_PURPOSE && r.change.kind === 'withdrawn',
  );
  const fullHistory = candidate ? await deps.ledger.history(subjectKey, ERASURE_PURPOSE) : [];
  const requiresErasure = candidate !== undefined && wasGivenBefore(fullHistory, candidate.change);
  if (requiresErasure) {
    await deps.requests.appendEvent(requestId, {
      at: deps.clock.now().toISOString(),
      actor: 'system:workflow',
      action: 'consent_erasure_needed',
      detail: {
        purpose: ERASURE_PURPOSE,
        note: request.types.includes('erasure')
          ? 'candidate consent withdrawn: the erasure branch of this request erases the candidate data unless another basis applies'
          : 'candidate consent withdrawn: add erasure to this request (reclassify) so the candidate data is erased unless another basis applies',
      },
    });
  }

  // 4. The reply.
  await sendReply(
    {
      requestId,
      template: 'completion_objection',
      vars: { purposes: purposesInWords(deps.dataMap, purposes, request.language) },
    },
    deps,
  );
  return {
    purposes,
    suppressedIn,
    ledgerOnly,
    ...(requiresErasure ? { requiresErasure: true as const } : {}),
  };
}

async function removeSubject(
  store: DataStore,
  email: string,
  connectors: ConnectorSource,
): Promise<EraseOutcome> {
  const connector = connectors.connectorFor(store);
  const subject = { email };
  const records = await connector.find(subject);
  if (records.length === 0)
    return { storeId: store.id, deleted: [], anonymised: [], retained: [], manual: [] };
  return connector.erase(
    subject,
    deletePlan(
      store,
      records.map((r) => r.recordId),
    ),
  );
}
