import type { Connector, SubjectIdentifiers } from '../collection/connector';
import type { DataMap, DataStore } from '../datamap';
import type { Clock, RequestStore } from '../ports';
import { artefactKeys, type ObjectStore, readJson } from '../request/artefacts';
import type { AuditEvent, DsrRequest } from '../request/request';
import type { StoreErasureStatus } from './erase-store-step';
import type { ErasureLeftover, ErasurePlan } from './erasure-plan';
import type { ErasurePlanSummary } from './plan-erasure-step';

/**
 * The erasure branch's workflow steps (ARCHITECTURE.md §1): plan from the findings, erase store by
 * store after staff approve, collect again to prove it, then certify and tell the subject.
 * Personal data stays in S3 (plan, outcomes, certificate hold record ids; the certificate only
 * their hashes); DynamoDB items, audit events and step outputs carry ids, counts and dates.
 */

/**
 * What the console reads from the Requests table: `ERASURE_PLAN` and the `STORE#<id>` erasure
 * outcome, each written together with its audit event (both or neither).
 */
export interface ErasureRecords {
  putPlanSummary(requestId: string, summary: ErasurePlanSummary, event: AuditEvent): Promise<void>;
  recordStoreErasure(
    requestId: string,
    storeId: string,
    erasure: StoreErasureStatus,
    event: AuditEvent,
  ): Promise<void>;
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

/** `erasure/<requestId>/plan.json`: the plan plus which stores were searched. */
export interface StoredErasurePlan extends ErasurePlan {
  requestId: string;
  /** Every store the collect step searched, with or without findings. */
  searchedStores: string[];
}

/** The stored plan of a request: the erase and verify steps act on it. */
export async function readPlan(objects: ObjectStore, requestId: string): Promise<StoredErasurePlan> {
  const plan = await readJson<StoredErasurePlan>(objects, artefactKeys.erasurePlan(requestId));
  if (!plan) throw new ErasureStepError(`request ${requestId} has no erasure plan`);
  return plan;
}
