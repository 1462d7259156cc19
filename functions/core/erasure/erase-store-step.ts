import type { EraseOutcome } from '../collection/connector';
import { findStore } from '../datamap';
import { NotFoundError } from '../errors';
import { artefactKeys, putJson, readJson } from '../request/artefacts';
import {
  type ConnectorDeps,
  type ErasureStepDeps,
  ErasureStepError,
  readPlan,
  subjectOf,
} from './erasure-steps';

/** The Erase step, store by store, and staff confirming a manual store's part. */

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
  await deps.erasureRecords.recordStoreErasure(request.id, store.id, status, {
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
  await deps.erasureRecords.recordStoreErasure(
    requestId,
    stored.storeId,
    {
      status: 'erased',
      at,
      deleted: result.deleted,
      anonymised: result.anonymised,
      retained: result.retained,
      pending: 0,
      outcomeKey,
    },
    {
      at,
      actor: 'staff',
      action: 'store_erased_by_staff',
      detail: { storeId: stored.storeId, outcome: confirmation.outcome, deleted: result.deleted },
    },
  );
  return result;
}
