import type { CalendarDate } from '../calendar/calendar-date';
import type { FoundRecord, RecordErasure, StoreErasurePlan } from '../erasure/erasure-plan';

/** Who we look for in a store: the verified address, plus what staff confirmed. */
export interface SubjectIdentifiers {
  email: string;
  phone?: string;
  name?: string;
  /** An IP address staff confirmed as the subject's, for stores keyed by address (web logs). */
  ip?: string;
}

/** A store staff search and erase by hand: the workflow creates a staff task with these instructions. */
export interface ManualStoreTask {
  storeId: string;
  instructions: string;
}

/**
 * Where exactly a found record lives, in logical names (the same in every environment), e.g.
 * `{ table: 'crm', key: 'CONTACT#c-00042|PROFILE' }` or `{ bucket: 'events', object: '...', line: 3 }`.
 */
export type RecordLocation = Record<string, string | number>;

/** A found record with its provenance inside the store. */
export interface LocatedRecord extends FoundRecord {
  location: RecordLocation;
}

/** A record of a retention sweep's plan: any subject's, found by where it is and the date it had. */
export type SweptRecord = RecordErasure & {
  location: RecordLocation;
  /** The record date the plan judged; a record whose date changed since (new activity) is left. */
  recordDate: string;
};

/** What erasing one store achieved, record by record. */
export interface EraseOutcome {
  storeId: string;
  deleted: string[];
  anonymised: string[];
  retained: string[];
  /** Records left for staff (manual stores, or records the connector could not change). */
  manual: string[];
  /**
   * A store that keeps object versions: how many old versions and delete markers of the objects
   * the erasure changed were deleted, so none still holds the erased data.
   */
  oldVersionsRemoved?: number;
}

/**
 * One company system behind one interface (ARCHITECTURE.md §7). Implementations are adapters
 * (`functions/adapters/connectors/`); both operations are idempotent and safe to retry.
 */
export interface Connector {
  /** Every record of the subject, found by an indexed lookup (cost independent of store size). */
  find(subject: SubjectIdentifiers): Promise<LocatedRecord[]>;
  /** Carries out this store's part of an approved erasure plan. */
  erase(subject: SubjectIdentifiers, plan: StoreErasurePlan): Promise<EraseOutcome>;
  /** Applies staff-confirmed corrections to one record, where the store supports updates. */
  rectify?(subject: SubjectIdentifiers, recordId: string, changes: Record<string, unknown>): Promise<void>;
  /**
   * Retention sweeps: every record dated before `before`, whoever it belongs to (a full read of
   * the store). Absent where the store cannot be listed by date.
   */
  listDatedBefore?(before: CalendarDate): Promise<LocatedRecord[]>;
  /**
   * Carries out a retention sweep's plan for this store. A record that changed since the plan
   * (its date moved, i.e. new activity) is left as it is and listed under `manual`.
   */
  eraseSwept?(storeId: string, records: readonly SweptRecord[]): Promise<EraseOutcome>;
  /**
   * Present when staff, not the connector, search and erase this store: `find` returns nothing
   * and `erase` lists every planned record under `manual`; the workflow opens a staff task.
   */
  readonly manualTask?: ManualStoreTask;
}

/** A store is unreachable or refused: retried by the workflow, then reported for that store only. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** Another writer changed an object while we rewrote it: retry from a fresh read. */
export class ConcurrentModificationError extends Error {
  override name = 'ConcurrentModificationError';
}
