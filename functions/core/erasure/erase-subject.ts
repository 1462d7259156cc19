import { createHash } from 'node:crypto';
import { addDays, type CalendarDate, localDateOf, toCalendarDate } from '../calendar/calendar-date';
import type { Connector, EraseOutcome, SubjectIdentifiers } from '../collection/connector';
import { type DataMap, type DataStore, findStore } from '../datamap';
import { NotFoundError } from '../errors';
import type { Clock, RequestStore } from '../ports';
import { type SendReplyDeps, sendReply } from '../replies/send-reply';
import type { RetainedItem } from '../replies/templates';
import { artefactKeys, type ObjectStore, putJson, readAllFindings, readJson } from '../request/artefacts';
import type { DsrRequest } from '../request/request';
import {
  type ErasureAction,
  type ErasureLeftover,
  type ErasurePlan,
  planErasure,
  type StoreErasurePlan,
  type StoreFindings,
  verifyErasure,
} from './erasure-plan';
import { eraseOwnCopies } from './own-copies';

/**
 * The erasure branch's workflow steps (ARCHITECTURE.md §1): plan from the findings, erase store by
 * store after staff approve, collect again to prove it, then certify and tell the subject.
 * Personal data stays in S3 (plan, outcomes, certificate hold record ids; the certificate only
 * their hashes); DynamoDB items, audit events and step outputs carry ids, counts and dates.
 */

// --- ports ------------------------------------------------------------------------------------

/** What the console reads from the Requests table: `ERASURE_PLAN` and the `STORE#<id>` erasure outcome. */
export interface ErasureRecords {
  putPlanSummary(requestId: string, summary: ErasurePlanSummary): Promise<void>;
  recordStoreErasure(requestId: string, storeId: string, erasure: StoreErasureStatus): Promise<void>;
}

export interface ErasureStepDeps {
  requests: RequestStore;
  objects: ObjectStore;
  erasureRecords: ErasureRecords;
  dataMap: DataMap;
  clock: Clock;
}

export interface ConnectorDeps {
  /** The connector of a data map store (the deployment resolves its physical location). */
  connectorFor(store: DataStore): Connector;
}

export class ErasureIncompleteError extends Error {
  override name = 'ErasureIncompleteError';
  constructor(
    readonly leftovers: readonly ErasureLeftover[],
    options?: ErrorOptions,
  ) {
    const stores = [...new Set(leftovers.map((l) => l.storeId))].sort();
    super(
      `erasure left ${leftovers.length} item(s) the plan does not keep, in ${stores.join(', ')}`,
      options,
    );
  }
}

export class ErasureStepError extends Error {
  override name = 'ErasureStepError';
}

/** Who the connectors look for: the verified address (as the collect step does). */
export function subjectOf(request: DsrRequest): SubjectIdentifiers {
  return { email: request.subjectEmail };
}

// --- plan -------------------------------------------------------------------------------------

/** `erasure/<requestId>/plan.json`: the plan plus which stores were searched. */
export interface StoredErasurePlan extends ErasurePlan {
  requestId: string;
  /** Every store the collect step searched, with or without findings. */
  searchedStores: string[];
}

export interface PlanSummaryStore {
  storeId: string;
  storeName: string;
  connectorType: StoreErasurePlan['connectorType'];
  policy: StoreErasurePlan['policy'];
  counts: Record<ErasureAction, number>;
  legalHold?: { name: string; reference: string };
  retainUntil?: CalendarDate;
  instructions?: string;
}

/** The `ERASURE_PLAN` item: what staff approve, with record ids and field names but no field values. */
export interface ErasurePlanSummary {
  plannedOn: CalendarDate;
  counts: Record<ErasureAction, number>;
  stores: PlanSummaryStore[];
  retained: {
    storeId: string;
    recordId: string;
    legalHold: string;
    reference: string;
    retainUntil: CalendarDate;
    anonymiseFields: string[];
    retainedFields: string[];
  }[];
  review: { storeId: string; recordId: string; reason: string; legalHold: string }[];
  /** Stores the Erase step visits. */
  erase: string[];
}

const noCounts = (): Record<ErasureAction, number> => ({ delete: 0, anonymise: 0, retain: 0, review: 0 });

/** Whether the Erase step has anything to do in a store: something to change, or staff work. */
export function needsErasureStep(store: StoreErasurePlan): boolean {
  if (store.connectorType === 'manual') return true;
  return store.records.some((r) => r.action !== 'retain' || r.anonymiseFields.length > 0);
}

export function summarisePlan(plan: ErasurePlan): ErasurePlanSummary {
  return {
    plannedOn: plan.plannedOn,
    counts: { ...plan.counts },
    stores: plan.stores.map((s) => {
      const counts = noCounts();
      for (const r of s.records) counts[r.action] += 1;
      const summary: PlanSummaryStore = {
        storeId: s.storeId,
        storeName: s.storeName,
        connectorType: s.connectorType,
        policy: s.policy,
        counts,
      };
      if (s.legalHold) summary.legalHold = { ...s.legalHold };
      if (s.retainUntil) summary.retainUntil = s.retainUntil;
      if (s.instructions) summary.instructions = s.instructions;
      return summary;
    }),
    retained: plan.stores.flatMap((s) =>
      s.records.flatMap((r) =>
        r.action === 'retain'
          ? [
              {
                storeId: s.storeId,
                recordId: r.recordId,
                legalHold: r.legalHold.name,
                reference: r.legalHold.reference,
                retainUntil: r.retainUntil,
                anonymiseFields: r.anonymiseFields,
                retainedFields: r.retainedFields,
              },
            ]
          : [],
      ),
    ),
    review: plan.stores.flatMap((s) =>
      s.records.flatMap((r) =>
        r.action === 'review'
          ? [{ storeId: s.storeId, recordId: r.recordId, reason: r.reason, legalHold: r.legalHold.name }]
          : [],
      ),
    ),
    erase: plan.stores.filter(needsErasureStep).map((s) => s.storeId),
  };
}

export interface PlanErasureResult {
  /** Store ids the Erase map visits: something to delete or anonymise there, or staff work (manual). */
  stores: string[];
  counts: Record<ErasureAction, number>;
}

/** Workflow step: plans the erasure from the findings, stores it for approval, returns ids and counts. */
export async function planErasureStep(
  input: { requestId: string },
  deps: ErasureStepDeps,
): Promise<PlanErasureResult> {
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  const findings = await readAllFindings(deps.objects, request.id);
  const now = deps.clock.now();
  const today = localDateOf(now);
  const relevant = findings.filter((f) => {
    const store = findStore(deps.dataMap, f.storeId);
    if (!store) throw new ErasureStepError(`findings name store "${f.storeId}", which the data map lacks`);
    // A manual store staff searched and found nothing in has nothing to erase either.
    return f.records.length > 0 || (store.connector.type === 'manual' && f.status !== 'none');
  });
  // Data map order: the order staff read the plan in and the Erase map visits the stores.
  const order = new Map(deps.dataMap.stores.map((store, i) => [store.id, i]));
  relevant.sort((a, b) => (order.get(a.storeId) ?? 0) - (order.get(b.storeId) ?? 0));
  const plan = planErasure(
    deps.dataMap,
    relevant.map(({ storeId, records }) => ({ storeId, records })),
    today,
  );
  const stored: StoredErasurePlan = {
    requestId: request.id,
    searchedStores: findings.map((f) => f.storeId),
    ...plan,
  };
  await putJson(deps.objects, artefactKeys.erasurePlan(request.id), stored);
  const summary = summarisePlan(plan);
  await deps.erasureRecords.putPlanSummary(request.id, summary);
  await deps.requests.appendEvent(request.id, {
    at: now.toISOString(),
    actor: 'system:workflow',
    action: 'erasure_planned',
    detail: { counts: plan.counts, stores: summary.erase, planKey: artefactKeys.erasurePlan(request.id) },
  });
  return { stores: summary.erase, counts: plan.counts };
}

async function readPlan(objects: ObjectStore, requestId: string): Promise<StoredErasurePlan> {
  const plan = await readJson<StoredErasurePlan>(objects, artefactKeys.erasurePlan(requestId));
  if (!plan) throw new ErasureStepError(`request ${requestId} has no erasure plan`);
  return plan;
}

// --- erase one store --------------------------------------------------------------------------

/** `erasure/<requestId>/outcome-<storeId>.json`. */
export interface StoredEraseOutcome extends EraseOutcome {
  requestId: string;
  erasedAt: string;
  /** Staff carry out this store's part (manual connector); `manual` lists the planned records. */
  manualStore: boolean;
  instructions?: string;
  /** Staff confirmed they carried out a manual store's part (`done`), or found nothing left to erase. */
  staffConfirmed?: { at: string; outcome: 'done' | 'nothing_found' };
}

/** The `erasure` attribute of a `STORE#<storeId>` item. */
export interface StoreErasureStatus {
  status: 'erased' | 'manual_pending' | 'partially_erased';
  at: string;
  deleted: number;
  anonymised: number;
  retained: number;
  /** Records left for staff. */
  pending: number;
  instructions?: string;
  /** A store that keeps object versions: old versions and delete markers deleted with the data. */
  oldVersionsRemoved?: number;
  outcomeKey: string;
}

export interface EraseStoreResult {
  storeId: string;
  manual: boolean;
  deleted: number;
  anonymised: number;
  retained: number;
  pending: number;
}

function resultOf(outcome: StoredEraseOutcome): EraseStoreResult {
  return {
    storeId: outcome.storeId,
    // Whether staff still have to act: the workflow opens their task while this is true.
    manual: outcome.manualStore && !outcome.staffConfirmed,
    deleted: outcome.deleted.length,
    anonymised: outcome.anonymised.length,
    retained: outcome.retained.length,
    pending: outcome.manual.length,
  };
}

/**
 * Workflow step (one per store, inside the Erase map): carries out the store's part of the
 * approved plan. Idempotent: a stored outcome ends a retry early, and connectors are safe to
 * repeat. A store that is down throws StoreUnavailableError for the workflow to retry.
 */
export async function eraseStoreStep(
  input: { requestId: string; storeId: string; manualErasure?: { outcome: 'done' | 'nothing_found' } },
  deps: ErasureStepDeps & ConnectorDeps,
): Promise<EraseStoreResult> {
  const outcomeKey = artefactKeys.erasureOutcome(input.requestId, input.storeId);
  const done = await readJson<StoredEraseOutcome>(deps.objects, outcomeKey);
  if (input.manualErasure) return confirmManualErasure(input.requestId, input.manualErasure, done, deps);
  if (done) return resultOf(done);

  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  const plan = await readPlan(deps.objects, request.id);
  const storePlan = plan.stores.find((s) => s.storeId === input.storeId);
  if (!storePlan)
    throw new ErasureStepError(`the erasure plan of ${request.id} has no store ${input.storeId}`);
  const store = findStore(deps.dataMap, input.storeId);
  if (!store) throw new ErasureStepError(`store ${input.storeId} is not in the data map`);

  const connector = deps.connectorFor(store);
  const manualStore = store.connector.type === 'manual' || connector.manualTask !== undefined;
  const outcome = await connector.erase(subjectOf(request), storePlan);
  const erasedAt = deps.clock.now().toISOString();
  const stored: StoredEraseOutcome = {
    ...outcome,
    storeId: store.id,
    requestId: request.id,
    erasedAt,
    manualStore,
  };
  const instructions = connector.manualTask?.instructions ?? storePlan.instructions;
  if (manualStore && instructions) stored.instructions = instructions;
  await putJson(deps.objects, outcomeKey, stored);

  const result = resultOf(stored);
  const status: StoreErasureStatus = {
    status: manualStore ? 'manual_pending' : result.pending > 0 ? 'partially_erased' : 'erased',
    at: erasedAt,
    deleted: result.deleted,
    anonymised: result.anonymised,
    retained: result.retained,
    pending: result.pending,
    outcomeKey,
  };
  if (stored.instructions) status.instructions = stored.instructions;
  if (stored.oldVersionsRemoved !== undefined) status.oldVersionsRemoved = stored.oldVersionsRemoved;
  await deps.erasureRecords.recordStoreErasure(request.id, store.id, status);
  await deps.requests.appendEvent(request.id, {
    at: erasedAt,
    actor: 'system:workflow',
    action: manualStore ? 'erasure_handed_to_staff' : 'store_erased',
    detail: { storeId: store.id, ...status, instructions: undefined },
  });
  return result;
}

/**
 * Staff confirmed a manual store's part of the erasure (its task in the Erase map): the records
 * they were handed count as erased, and the certificate says staff, not a search, confirmed it.
 */
async function confirmManualErasure(
  requestId: string,
  confirmation: { outcome: 'done' | 'nothing_found' },
  stored: StoredEraseOutcome | undefined,
  deps: ErasureStepDeps,
): Promise<EraseStoreResult> {
  if (!stored?.manualStore)
    throw new ErasureStepError(`request ${requestId} has no manual erasure waiting for staff`);
  if (stored.staffConfirmed) return resultOf(stored);
  const at = deps.clock.now().toISOString();
  const confirmed: StoredEraseOutcome = {
    ...stored,
    deleted: confirmation.outcome === 'done' ? [...stored.deleted, ...stored.manual] : stored.deleted,
    manual: [],
    staffConfirmed: { at, outcome: confirmation.outcome },
  };
  const outcomeKey = artefactKeys.erasureOutcome(requestId, stored.storeId);
  await putJson(deps.objects, outcomeKey, confirmed);
  const result = resultOf(confirmed);
  await deps.erasureRecords.recordStoreErasure(requestId, stored.storeId, {
    status: 'erased',
    at,
    deleted: result.deleted,
    anonymised: result.anonymised,
    retained: result.retained,
    pending: 0,
    outcomeKey,
  });
  await deps.requests.appendEvent(requestId, {
    at,
    actor: 'staff',
    action: 'store_erased_by_staff',
    detail: { storeId: stored.storeId, outcome: confirmation.outcome, deleted: result.deleted },
  });
  return result;
}

// --- verify and certify -----------------------------------------------------------------------

/** Where copies of erased data may remain after erasure, and for how long (the stack's settings). */
export interface ResidualCopy {
  where: 'dynamodb_point_in_time_recovery' | 's3_noncurrent_versions' | 'log_retention';
  description: string;
  days: number;
}

export const RESIDUAL_COPIES: readonly ResidualCopy[] = [
  {
    where: 'dynamodb_point_in_time_recovery',
    description: 'DynamoDB point-in-time recovery keeps restorable table states for 35 days.',
    days: 35,
  },
  {
    where: 's3_noncurrent_versions',
    description: 'Rewritten or deleted S3 objects keep a noncurrent version for 7 days (bucket lifecycle).',
    days: 7,
  },
  {
    where: 'log_retention',
    description: 'Function and workflow logs (ids only, by design) are kept for 90 days.',
    days: 90,
  },
];

export const CERTIFICATE_FORMAT = 'privacy-desk/erasure-certificate@1';

export interface HashedRecord {
  /** SHA-256 (hex) of the record id as the store names it. */
  recordIdSha256: string;
}

export interface CertificateStore {
  storeId: string;
  storeName: string;
  connector: StoreErasurePlan['connectorType'];
  policy: StoreErasurePlan['policy'];
  erasedAt?: string;
  deleted: (HashedRecord & { reason: 'policy' | 'legal_hold_expired'; legalHoldEnded?: CalendarDate })[];
  anonymised: (HashedRecord & { fields: string[] })[];
  retained: (HashedRecord & {
    legalHold: { name: string; reference: string };
    retainUntil: CalendarDate;
    anonymisedFields: string[];
    retainedFields: string[];
    why?: string;
  })[];
  /**
   * `verified_by_recollection` (searched again, nothing left), `confirmed_by_staff` (a store staff
   * erase by hand, confirmed by them at `confirmedAt`), or `manual_pending` (still with staff).
   */
  verification: 'verified_by_recollection' | 'confirmed_by_staff' | 'manual_pending';
  confirmedAt?: string;
  instructions?: string;
  /** Records staff must still handle in this store. */
  pending: HashedRecord[];
}

export interface ErasureCertificate {
  format: typeof CERTIFICATE_FORMAT;
  requestId: string;
  /** The subject as an HMAC key: the certificate names no address. */
  subjectKey: string;
  issuedAt: string;
  plannedOn: CalendarDate;
  verifiedAt: string;
  searchedStores: string[];
  stores: CertificateStore[];
  counts: { deleted: number; anonymised: number; retained: number; pending: number };
  residualCopies: (ResidualCopy & { expiresOn: CalendarDate })[];
  /** The day the last residual copy expires. */
  residualCopiesExpireBy: CalendarDate;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Pure: the certificate from the plan, each store's outcome and the moment of verification. */
export function buildCertificate(args: {
  plan: StoredErasurePlan;
  outcomes: ReadonlyMap<string, StoredEraseOutcome>;
  subjectKey: string;
  dataMap: DataMap;
  language: 'sv' | 'nb' | 'en';
  verifiedAt: string;
  residualCopies?: readonly ResidualCopy[];
}): ErasureCertificate {
  const { plan, outcomes } = args;
  const hashed = (recordId: string): HashedRecord => ({ recordIdSha256: sha256Hex(recordId) });
  const stores: CertificateStore[] = plan.stores.map((s) => {
    const outcome = outcomes.get(s.storeId);
    const pendingIds = new Set(outcome?.manual ?? []);
    const why = findStore(args.dataMap, s.storeId)?.erasure;
    const explanation = why?.policy === 'retain' ? why.legalHold.explanation?.[args.language] : undefined;
    const entry: CertificateStore = {
      storeId: s.storeId,
      storeName: s.storeName,
      connector: s.connectorType,
      policy: s.policy,
      deleted: [],
      anonymised: [],
      retained: [],
      verification: !outcome?.manualStore
        ? 'verified_by_recollection'
        : outcome.staffConfirmed
          ? 'confirmed_by_staff'
          : 'manual_pending',
      pending: [...pendingIds].sort().map(hashed),
    };
    if (outcome?.staffConfirmed) entry.confirmedAt = outcome.staffConfirmed.at;
    if (outcome) entry.erasedAt = outcome.erasedAt;
    if (outcome?.instructions) entry.instructions = outcome.instructions;
    // Staff found nothing left to erase in their store: nothing of it is certified as erased.
    const nothingLeft = outcome?.staffConfirmed?.outcome === 'nothing_found';
    for (const r of s.records) {
      if (pendingIds.has(r.recordId) || nothingLeft) continue;
      switch (r.action) {
        case 'delete':
          entry.deleted.push({
            ...hashed(r.recordId),
            reason: r.reason,
            ...(r.legalHold ? { legalHoldEnded: r.legalHold.ended } : {}),
          });
          break;
        case 'anonymise':
          entry.anonymised.push({ ...hashed(r.recordId), fields: r.fields });
          break;
        case 'retain':
          entry.retained.push({
            ...hashed(r.recordId),
            legalHold: { name: r.legalHold.name, reference: r.legalHold.reference },
            retainUntil: r.retainUntil,
            anonymisedFields: r.anonymiseFields,
            retainedFields: r.retainedFields,
            ...(explanation ? { why: explanation } : {}),
          });
          break;
        case 'review':
          // Reviews are resolved by staff before approval; one left unresolved is pending work.
          entry.pending.push(hashed(r.recordId));
          break;
      }
    }
    return entry;
  });
  const lastErasure =
    [...outcomes.values()]
      .map((o) => o.erasedAt)
      .sort()
      .at(-1) ?? args.verifiedAt;
  const erasedOn = toCalendarDate(new Date(lastErasure).toISOString());
  if (!erasedOn) throw new ErasureStepError('the clock gave an invalid instant');
  const residualCopies = (args.residualCopies ?? RESIDUAL_COPIES).map((c) => ({
    ...c,
    expiresOn: addDays(erasedOn, c.days),
  }));
  return {
    format: CERTIFICATE_FORMAT,
    requestId: plan.requestId,
    subjectKey: args.subjectKey,
    issuedAt: args.verifiedAt,
    plannedOn: plan.plannedOn,
    verifiedAt: args.verifiedAt,
    searchedStores: plan.searchedStores,
    stores,
    counts: {
      deleted: stores.reduce((n, s) => n + s.deleted.length, 0),
      anonymised: stores.reduce((n, s) => n + s.anonymised.length, 0),
      retained: stores.reduce((n, s) => n + s.retained.length, 0),
      pending: stores.reduce((n, s) => n + s.pending.length, 0),
    },
    residualCopies,
    residualCopiesExpireBy:
      residualCopies
        .map((c) => c.expiresOn)
        .sort()
        .at(-1) ?? erasedOn,
  };
}

/** The completion_erasure variables, in the subject's language: store names, holds, dates; no record data. */
export function erasureReplyVars(
  certificate: ErasureCertificate,
  dataMap: DataMap,
  language: 'sv' | 'nb' | 'en',
): {
  erasedItems: string[];
  anonymisedItems: string[];
  retainedItems: RetainedItem[];
  backupExpiryDate: CalendarDate;
} {
  const nameOf = (storeId: string, fallback: string) =>
    findStore(dataMap, storeId)?.publicName?.[language] ?? fallback;
  const retainedItems: RetainedItem[] = [];
  for (const s of certificate.stores) {
    const byHold = new Map<string, RetainedItem>();
    for (const r of s.retained) {
      const legalBasis = `${r.legalHold.name}, ${r.legalHold.reference}`;
      const current = byHold.get(legalBasis);
      if (!current || current.until < r.retainUntil) {
        byHold.set(legalBasis, {
          description: nameOf(s.storeId, s.storeName),
          legalBasis,
          until: r.retainUntil,
        });
      }
    }
    retainedItems.push(...byHold.values());
  }
  return {
    erasedItems: certificate.stores
      .filter((s) => s.deleted.length > 0)
      .map((s) => nameOf(s.storeId, s.storeName)),
    anonymisedItems: certificate.stores
      .filter((s) => s.anonymised.length > 0)
      .map((s) => nameOf(s.storeId, s.storeName)),
    retainedItems,
    backupExpiryDate: certificate.residualCopiesExpireBy,
  };
}

export interface VerifyErasureDeps extends ErasureStepDeps, ConnectorDeps, SendReplyDeps {
  /** Ids of every request of a subject: their findings and packages go with the erasure. */
  requestsOfSubject?(subjectKey: string): Promise<string[]>;
}

/**
 * Workflow step: searches every planned store again and compares with the plan. Anything left
 * that the plan does not keep fails the step with ErasureIncompleteError (the workflow marks the
 * request failed and alerts staff; `erasure/<id>/leftovers.json` says where). Otherwise stores
 * the certificate and tells the subject, once.
 */
export async function verifyErasureStep(
  input: { requestId: string },
  deps: VerifyErasureDeps,
): Promise<{ certificateKey: string }> {
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  const plan = await readPlan(deps.objects, request.id);
  const subject = subjectOf(request);

  const outcomes = new Map<string, StoredEraseOutcome>();
  const checked: StoreErasurePlan[] = [];
  const recollected: StoreFindings[] = [];
  for (const storePlan of plan.stores) {
    const outcome = await readJson<StoredEraseOutcome>(
      deps.objects,
      artefactKeys.erasureOutcome(request.id, storePlan.storeId),
    );
    if (outcome) outcomes.set(storePlan.storeId, outcome);
    const store = findStore(deps.dataMap, storePlan.storeId);
    if (!store) throw new ErasureStepError(`store ${storePlan.storeId} is not in the data map`);
    // A store staff erase by hand cannot be searched again by us: it stays `manual_pending`.
    if (store.connector.type === 'manual') continue;
    checked.push(storePlan);
    const found = await deps.connectorFor(store).find(subject);
    recollected.push({
      storeId: store.id,
      records: found.map(({ recordId, fields, recordDate }) => ({
        recordId,
        fields,
        ...(recordDate === undefined ? {} : { recordDate }),
      })),
    });
  }
  const verifiedAt = deps.clock.now().toISOString();
  const leftovers = verifyErasure({ ...plan, stores: checked }, recollected);
  if (leftovers.length > 0) {
    await putJson(deps.objects, `erasure/${request.id}/leftovers.json`, {
      requestId: request.id,
      verifiedAt,
      leftovers,
    });
    await deps.requests.appendEvent(request.id, {
      at: verifiedAt,
      actor: 'system:workflow',
      action: 'erasure_incomplete',
      detail: {
        leftovers: leftovers.length,
        stores: [...new Set(leftovers.map((l) => l.storeId))].sort(),
        reasons: [...new Set(leftovers.map((l) => l.reason))].sort(),
      },
    });
    throw new ErasureIncompleteError(leftovers);
  }

  const certificate = buildCertificate({
    plan,
    outcomes,
    subjectKey: request.subjectKey,
    dataMap: deps.dataMap,
    language: request.language,
    verifiedAt,
  });
  const certificateKey = artefactKeys.certificate(request.id);
  await putJson(deps.objects, certificateKey, certificate);
  await sendReply(
    {
      requestId: request.id,
      template: 'completion_erasure',
      vars: erasureReplyVars(certificate, deps.dataMap, request.language),
      dedupeKey: 'certificate',
    },
    deps,
  );
  // The collected copies are personal data the erasure covers too: only the certificate's hashes stay.
  const findingsKeys = await deps.objects.list(artefactKeys.findingsPrefix(request.id));
  for (const key of findingsKeys) await deps.objects.delete(key);
  // So are our copies for the subject's other requests: an earlier access request's package too.
  const ownCopies = deps.requestsOfSubject
    ? await eraseOwnCopies(
        { requestId: request.id, subjectKey: request.subjectKey },
        {
          requestsOfSubject: deps.requestsOfSubject,
          objects: deps.objects,
          appendEvent: (id, event) => deps.requests.appendEvent(id, event),
          now: deps.clock.now(),
        },
      )
    : { requests: [], objectsDeleted: 0 };
  await deps.requests.appendEvent(request.id, {
    at: verifiedAt,
    actor: 'system:workflow',
    action: 'erasure_certified',
    detail: {
      certificateKey,
      ...certificate.counts,
      residualCopiesExpireBy: certificate.residualCopiesExpireBy,
      ownCopiesErased: { requests: ownCopies.requests, objects: ownCopies.objectsDeleted },
    },
  });
  return { certificateKey };
}
