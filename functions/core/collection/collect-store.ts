import type { DataMap, DataStore } from '../datamap';
import { findStore } from '../datamap';
import { NotFoundError, ValidationError } from '../errors';
import type { Clock, RequestStore } from '../ports';
import type { AuditEvent } from '../request/request';
import type { Connector, LocatedRecord } from './connector';
import { type ManualFindings, manualFindingsKey, manualRecords } from './manual-findings';

/**
 * Workflow step "collect", one store (ARCHITECTURE.md §1, §3): find the subject's records in the store,
 * keep them in S3 (the workflow passes keys, never data), record the outcome as the request's
 * `STORE#<storeId>` item and in the audit trail. One store failing never touches another's item.
 */

export const STORE_COLLECTION_STATUSES = ['found', 'none', 'manual_pending', 'failed'] as const;
export type StoreCollectionStatus = (typeof STORE_COLLECTION_STATUSES)[number];

/** `collect` for the request's first search; `verify` for the search again after erasure. */
export type CollectPhase = 'collect' | 'verify';

export interface CollectStoreInput {
  requestId: string;
  storeId: string;
  /** Default `collect`. */
  phase?: CollectPhase;
  /**
   * Set by the state machine's Catch after the retries: records `failed` for this store without
   * searching it again. Only the error's name is kept (a Cause may quote personal data).
   */
  failure?: { Error?: string; Cause?: string };
  /** Set after staff searched a manual store by hand: records what they found instead of searching. */
  manualOutcome?: { outcome: 'done' | 'nothing_found' };
}

export interface CollectStoreResult {
  storeId: string;
  status: StoreCollectionStatus;
  recordCount: number;
}

/** The `STORE#<storeId>` item's collection fields. */
export interface StoreCollection {
  storeId: string;
  phase: CollectPhase;
  status: StoreCollectionStatus;
  recordCount: number;
  /** The findings object, e.g. `findings/<requestId>/<storeId>.json`. */
  findingsKey?: string;
  /** With `manual_pending`: what staff are to do. */
  instructions?: string;
  /** With `failed`: the error's name. */
  error?: string;
  at: string;
}

/** What the findings object holds: `StoreFindings` plus where and when it was found. */
export interface FindingsDocument {
  format: typeof FINDINGS_FORMAT;
  requestId: string;
  storeId: string;
  phase: CollectPhase;
  status: StoreCollectionStatus;
  collectedAt: string;
  provenance: { storeId: string; system: string; owner: string; connector: string };
  /** With `manual_pending`: the staff task. */
  manualTask?: { instructions: string };
  records: LocatedRecord[];
}

export const FINDINGS_FORMAT = 'privacy-desk/store-findings@1';

export interface CollectStorePorts {
  requests: Pick<RequestStore, 'getRequest'>;
  /** Writes a store's outcome and its audit event together: both or neither. */
  outcomes: {
    recordCollection(requestId: string, outcome: StoreCollection, event: AuditEvent): Promise<void>;
  };
  findings: {
    put(key: string, document: FindingsDocument): Promise<void>;
    /** What staff attached to a manual store's task (`manual-findings.ts`), if anything. */
    getText(key: string): Promise<string | undefined>;
  };
  connectorFor(storeId: string): Connector;
  dataMap: DataMap;
  clock: Clock;
}

export function findingsKey(requestId: string, storeId: string, phase: CollectPhase = 'collect'): string {
  return phase === 'collect'
    ? `findings/${requestId}/${storeId}.json`
    : `findings/${requestId}/${phase}/${storeId}.json`;
}

export async function collectStore(
  input: CollectStoreInput,
  ports: CollectStorePorts,
): Promise<CollectStoreResult> {
  const store = findStore(ports.dataMap, input.storeId);
  if (!store)
    throw new ValidationError(`store ${input.storeId} is not in the data map`, { storeId: 'unknown' });
  const phase = input.phase ?? 'collect';
  const at = () => ports.clock.now().toISOString();

  if (input.failure) {
    const outcome: StoreCollection = {
      storeId: store.id,
      phase,
      status: 'failed',
      recordCount: 0,
      error: input.failure.Error ?? 'Unknown',
      at: at(),
    };
    await ports.outcomes.recordCollection(input.requestId, outcome, auditEvent(outcome));
    return { storeId: store.id, status: 'failed', recordCount: 0 };
  }

  if (input.manualOutcome) {
    // What staff found becomes the store's records, so the package and the erasure plan see it.
    const attached =
      input.manualOutcome.outcome === 'done'
        ? await ports.findings.getText(manualFindingsKey(input.requestId, store.id))
        : undefined;
    const records = attached ? manualRecords(JSON.parse(attached) as ManualFindings) : [];
    const status = input.manualOutcome.outcome === 'nothing_found' ? 'none' : 'found';
    return saveFindings(ports, input.requestId, store, phase, status, records, { at: at(), actor: 'staff' });
  }

  const request = await ports.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);

  const connector = ports.connectorFor(store.id);
  const records = await connector.find({ email: request.subjectEmail });
  const status: StoreCollectionStatus = connector.manualTask
    ? 'manual_pending'
    : records.length > 0
      ? 'found'
      : 'none';
  return saveFindings(ports, input.requestId, store, phase, status, records, {
    at: at(),
    ...(connector.manualTask ? { instructions: connector.manualTask.instructions } : {}),
  });
}

/**
 * Writes a store's findings, then the outcome that points at them with its audit event (an item
 * pointing at a missing object would mislead the next step).
 */
async function saveFindings(
  ports: CollectStorePorts,
  requestId: string,
  store: DataStore,
  phase: CollectPhase,
  status: StoreCollectionStatus,
  records: LocatedRecord[],
  options: { at: string; actor?: string; instructions?: string },
): Promise<CollectStoreResult> {
  const key = findingsKey(requestId, store.id, phase);
  const document: FindingsDocument = {
    format: FINDINGS_FORMAT,
    requestId,
    storeId: store.id,
    phase,
    status,
    collectedAt: options.at,
    provenance: {
      storeId: store.id,
      system: store.name,
      owner: store.owner,
      connector: store.connector.type,
    },
    records,
  };
  if (options.instructions) document.manualTask = { instructions: options.instructions };
  await ports.findings.put(key, document);

  const outcome: StoreCollection = {
    storeId: store.id,
    phase,
    status,
    recordCount: records.length,
    findingsKey: key,
    at: options.at,
  };
  if (options.instructions) outcome.instructions = options.instructions;
  const event = auditEvent(outcome);
  await ports.outcomes.recordCollection(
    requestId,
    outcome,
    options.actor ? { ...event, actor: options.actor } : event,
  );
  return { storeId: store.id, status, recordCount: records.length };
}

function auditEvent(outcome: StoreCollection) {
  return {
    at: outcome.at,
    actor: 'system:workflow',
    action: outcome.phase === 'collect' ? 'store_collected' : 'store_rechecked',
    detail: {
      storeId: outcome.storeId,
      status: outcome.status,
      recordCount: outcome.recordCount,
      ...(outcome.error ? { error: outcome.error } : {}),
    },
  };
}
