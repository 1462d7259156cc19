import type { Connector, EraseOutcome } from '../collection/connector';
import { StoreUnavailableError } from '../collection/connector';
import type { DataMap, DataStore } from '../datamap';
import type { StoreErasurePlan } from '../erasure/erasure-plan';
import { NotFoundError } from '../errors';
import type { Mailbox } from '../intake/mailbox';
import type { Clock, Mailer, RequestStore } from '../ports';
import { sendReply } from '../replies/send-reply';
import type { TemplatePacks } from '../replies/template-packs';
import type { Channel, DsrRequest, ReplyLanguage } from '../request/request';
import { effectiveScope, marketingPurposesIn, onlyMarketingObjection } from './consent-scope';
import {
  CONSENT_PURPOSES,
  type ConsentChange,
  type ConsentChangeKind,
  type ConsentChannel,
  type ConsentLedger,
  type ConsentPurpose,
  type ConsentRecordResult,
  type ConsentState,
  compareChanges,
  deriveState,
  type RecordedConsentChange,
} from './consents';
import {
  type ConsentChoices,
  type ConsentDecisions,
  describeObjections,
  objectablePurposes,
} from './objection-balancing';

/**
 * The workflow steps for `objection` and `withdraw_consent` requests (ARCHITECTURE.md §1). What is
 * objected to or withdrawn is the request's scope (consent-scope.ts), read from the requester's words.
 *
 * On receipt (`stopMarketingOnReceipt`, before verification and review): an objection to direct
 * marketing is absolute (GDPR Art. 21(2)–(3)) and stopping marketing discloses nothing, so it is
 * recorded and suppressed at once. A request that asked for nothing else is answered and closes.
 *
 * In the consent branch (`updateConsents`):
 * 1. The ledger: `objected` for the marketing purposes (a duplicate of the receipt step's change,
 *    same key); `withdrawn` for the consents withdrawn (Art. 7(3)): those the words name, else the
 *    one consent in force, else the ones staff choose. A withdrawal while nothing is given records
 *    `withdrawn` for every purpose: no state changes, but the history keeps the subject's
 *    statement. Each change is keyed `${requestId}:${purpose}:${kind}`, so a retried step writes
 *    nothing twice and finds the purposes it chose on the first attempt in the history.
 * 2. Suppression, store by store (`suppressionOf`): a store that holds people only while they
 *    consent (retention `until_consent_withdrawn`, erasure `delete`, e.g. the newsletter service)
 *    loses the subject's records through its connector; every other store keeps its records and
 *    the ledger is the source of truth (the CRM, events, recruitment). An unreachable store
 *    throws `StoreUnavailableError` after the others were tried; the workflow retries the step.
 * 3. What staff must decide: a withdrawal that names no consent while several are in force, and an
 *    objection to processing on legitimate interests (Art. 21(1)), which staff weigh purpose by
 *    purpose against compelling legitimate grounds. The step then answers `awaitingStaff` with
 *    instructions; staff's decisions (`ConsentDecisions`) come back into the same step.
 * 4. Withdrawn candidate consent needs erasure of the candidate data unless another basis
 *    applies: the output says `requiresErasure` and an audit note tells staff. The erasure branch
 *    runs when the request also carries `erasure`; otherwise staff add it by reclassifying.
 * 5. The reply (`completion_objection`) names the purposes stopped in the subject's language and,
 *    for each purpose whose processing continues, the grounds; audit events carry purposes, store
 *    ids, counts and staff's grounds, never the subject's data.
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
  templates: TemplatePacks;
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
  /** Staff must decide (see the module comment); nothing was mailed yet. */
  awaitingStaff?: true;
  /** What staff must decide, without personal data: the task's instructions. */
  instructions?: string;
  /** What the task offers staff to choose from. */
  choices?: ConsentChoices;
}

export interface MarketingStopResult {
  /** Marketing purposes now objected to; empty when the request objects to no marketing. */
  purposes: ConsentPurpose[];
  suppressedIn: string[];
  ledgerOnly: string[];
  /** The request asked for nothing else: it is answered and may close. */
  complete: boolean;
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

export interface ConsentPlan {
  changes: PlannedChange[];
  /** The withdrawal names no consent and several are in force: staff choose which. */
  chooseWithdrawal: ConsentPurpose[];
  /** Purposes open to an Art. 21(1) objection: staff weigh each one objected to. */
  balance: boolean;
}

const ownChange = (requestId: string) => (change: RecordedConsentChange) => change.requestId === requestId;

/**
 * The changes a request makes, given the state before it, what a previous attempt recorded and
 * staff's decisions if they were asked; and what is still for staff to decide.
 */
export function planConsentChanges(
  request: Pick<DsrRequest, 'id' | 'types' | 'consentScope'>,
  current: Record<ConsentPurpose, ConsentState>,
  history: readonly RecordedConsentChange[],
  decisions?: ConsentDecisions,
): ConsentPlan {
  const scope = effectiveScope(request);
  const earlier = history.filter(ownChange(request.id));
  const planned = new Map<ConsentPurpose, ConsentChangeKind>();
  for (const purpose of scope.marketing) planned.set(purpose, 'objected');
  let chooseWithdrawal: ConsentPurpose[] = [];
  if (request.types.includes('withdraw_consent')) {
    const given = CONSENT_PURPOSES.filter((p) => current[p].status === 'given');
    const fromEarlierAttempt = earlier.filter((c) => c.kind === 'withdrawn').map((c) => c.purpose);
    let withdraw = [...new Set([...scope.withdraw, ...(decisions?.withdraw ?? []), ...fromEarlierAttempt])];
    if (withdraw.length === 0 && !decisions) {
      // Nothing named: the one consent in force is the one meant; with several, staff ask or choose.
      if (given.length === 1) withdraw = given;
      else if (given.length > 1) chooseWithdrawal = given;
      else if (planned.size === 0) withdraw = [...CONSENT_PURPOSES];
    }
    // An objection in the same request is the stronger change for its purposes.
    for (const purpose of withdraw) if (!planned.has(purpose)) planned.set(purpose, 'withdrawn');
  }
  return {
    changes: CONSENT_PURPOSES.filter((p) => planned.has(p)).map((purpose) => ({
      purpose,
      kind: planned.get(purpose) as ConsentChangeKind,
    })),
    chooseWithdrawal,
    balance: scope.general && !decisions,
  };
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

interface Applied {
  recorded: ConsentRecordResult[];
  suppressedIn: string[];
  ledgerOnly: string[];
}

/** Records the changes in the ledger and stops processing in the stores that hold the purposes. */
async function applyChanges(
  request: DsrRequest,
  changes: readonly PlannedChange[],
  deps: UpdateConsentsDeps,
): Promise<Applied> {
  const requestId = request.id;
  const at = deps.clock.now().toISOString();
  const recorded: ConsentRecordResult[] = [];
  for (const { purpose, kind } of changes) {
    recorded.push(
      await deps.ledger.record(request.subjectKey, {
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

  const purposes = changes.map((p) => p.purpose);
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
  return { recorded, suppressedIn, ledgerOnly };
}

async function loadRequest(requestId: string, deps: Pick<UpdateConsentsDeps, 'requests'>) {
  const request = await deps.requests.getRequest(requestId);
  if (!request) throw new NotFoundError(`request ${requestId} not found`);
  return request;
}

/**
 * Workflow step on receipt, before verification and review: an objection to direct marketing is
 * recorded and suppressed now (Art. 21(2)–(3)). Staff cannot reject it: nothing later undoes it.
 */
export async function stopMarketingOnReceipt(
  requestId: string,
  deps: UpdateConsentsDeps,
): Promise<MarketingStopResult> {
  const request = await loadRequest(requestId, deps);
  const purposes = marketingPurposesIn(deps.dataMap, effectiveScope(request).marketing);
  if (purposes.length === 0) return { purposes: [], suppressedIn: [], ledgerOnly: [], complete: false };
  const { suppressedIn, ledgerOnly } = await applyChanges(
    request,
    purposes.map((purpose) => ({ purpose, kind: 'objected' as const })),
    deps,
  );
  await deps.requests.appendEvent(requestId, {
    at: deps.clock.now().toISOString(),
    actor: 'system:workflow',
    action: 'marketing_stopped',
    detail: { purposes, basis: 'Art. 21(3)', onReceipt: true },
  });
  const complete = onlyMarketingObjection(request);
  if (complete) {
    await sendReply(
      {
        requestId,
        template: 'completion_objection',
        vars: { purposes: purposesInWords(deps.dataMap, purposes, request.language) },
      },
      deps,
    );
  }
  return { purposes, suppressedIn, ledgerOnly, complete };
}

/** What staff must decide, for the task (purpose ids and descriptions only, no personal data). */
export function consentInstructions(
  plan: Pick<ConsentPlan, 'chooseWithdrawal' | 'balance'>,
  dataMap: DataMap,
): string {
  const parts: string[] = [];
  if (plan.chooseWithdrawal.length > 0) {
    parts.push(
      `Withdrawal of consent (Art. 7(3)) that names no consent. In force: ${plan.chooseWithdrawal.join(', ')}. Choose the consents the subject withdraws (ask them if the mail does not tell).`,
    );
  }
  if (plan.balance) {
    const purposes = objectablePurposes(dataMap).map((p) => `${p.id} (${p.storeId})`);
    parts.push(
      `Objection to processing on legitimate interests (Art. 21(1)). For each purpose objected to, record whether processing stops, or continues because compelling legitimate grounds override the subject's interests, rights and freedoms or for legal claims (state the grounds; they are quoted in the answer). Purposes open to objection: ${purposes.join(', ')}.`,
    );
  }
  return parts.join(' ');
}

export async function updateConsents(
  requestId: string,
  deps: UpdateConsentsDeps,
  decisions?: ConsentDecisions,
): Promise<UpdateConsentsResult> {
  const request = await loadRequest(requestId, deps);
  const { subjectKey } = request;
  const [current, history] = await Promise.all([
    deps.ledger.current(subjectKey),
    deps.ledger.history(subjectKey),
  ]);
  const plan = planConsentChanges(request, current, history, decisions);
  const awaitingStaff = plan.chooseWithdrawal.length > 0 || plan.balance;
  if (plan.changes.length === 0 && !awaitingStaff && !decisions) {
    return { purposes: [], suppressedIn: [], ledgerOnly: [] };
  }

  // 1–2. What is certain now is recorded now, also while staff decide the rest.
  const applied =
    plan.changes.length > 0
      ? await applyChanges(request, plan.changes, deps)
      : { recorded: [], suppressedIn: [], ledgerOnly: [] };
  const purposes = plan.changes.map((p) => p.purpose);

  // 3. Staff decide the rest.
  if (awaitingStaff) {
    await deps.requests.appendEvent(requestId, {
      at: deps.clock.now().toISOString(),
      actor: 'system:workflow',
      action: 'consent_decision_needed',
      detail: {
        ...(plan.chooseWithdrawal.length > 0 ? { chooseWithdrawal: plan.chooseWithdrawal } : {}),
        ...(plan.balance ? { balance: 'Art. 21(1)' } : {}),
      },
    });
    return {
      purposes,
      suppressedIn: applied.suppressedIn,
      ledgerOnly: applied.ledgerOnly,
      awaitingStaff: true,
      instructions: consentInstructions(plan, deps.dataMap),
      choices: {
        withdraw: plan.chooseWithdrawal,
        objectTo: plan.balance
          ? objectablePurposes(deps.dataMap).map((p) => ({
              id: p.id,
              label: `${p.description.en} (${p.storeId})`,
            }))
          : [],
      },
    };
  }
  const objections = describeObjections(deps.dataMap, decisions?.objections ?? [], request.language);
  if (decisions && decisions.objections.length > 0) {
    await deps.requests.appendEvent(requestId, {
      at: deps.clock.now().toISOString(),
      actor: 'system:workflow',
      action: 'objection_balanced',
      // Staff's grounds are the company's reasons, kept as the record of the balancing.
      detail: { basis: 'Art. 21(1)', decisions: decisions.objections },
    });
  }

  // 4. Withdrawn candidate consent leads to erasure.
  const candidate = applied.recorded.find(
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

  // 5. The reply.
  await sendReply(
    {
      requestId,
      template: 'completion_objection',
      vars: {
        purposes: [...purposesInWords(deps.dataMap, purposes, request.language), ...objections.stopped],
        ...(objections.continued.length > 0 ? { objectionContinued: objections.continued } : {}),
      },
    },
    deps,
  );
  return {
    purposes,
    suppressedIn: applied.suppressedIn,
    ledgerOnly: applied.ledgerOnly,
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
