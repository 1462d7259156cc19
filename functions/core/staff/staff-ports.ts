import type { AuditEvent, DsrRequest, Status } from '../request/request';

/** What the staff console reads and writes besides the request store's status transitions. */
export interface StaffStore {
  /** Requests in one status, ordered by due date (the byStatus index). */
  listByStatus(status: Status): Promise<DsrRequest[]>;
  /** `STORE#<storeId>` items: per-store collection / erasure outcomes. */
  listStoreResults(requestId: string): Promise<Record<string, unknown>[]>;
  /** The `ERASURE_PLAN` item, when the workflow has planned an erasure. */
  getErasurePlan(requestId: string): Promise<Record<string, unknown> | undefined>;
  /**
   * Writes `changes` (null removes an attribute) when the stored version is still `request.version`,
   * then appends `event`. Throws ConflictError when someone else changed the request meanwhile.
   */
  updateRequest(request: DsrRequest, changes: RequestChanges, event: AuditEvent): Promise<DsrRequest>;
}

export type RequestChanges = {
  [K in keyof DsrRequest]?: DsrRequest[K] | null;
} & Record<string, unknown>;

/** Executions of the request workflow beyond the first start: retries and cancellation. */
export interface ExecutionControl {
  start(name: string, input: Record<string, unknown>): Promise<void>;
  /** Stops an execution; one that is gone or already finished is left alone. */
  stop(name: string, cause: string): Promise<void>;
  /** The input an execution was started with, when it exists. */
  inputOf(name: string): Promise<Record<string, unknown> | undefined>;
}

/** The original message of a request, or a threaded reply, read from its raw object. */
export interface StoredMessage {
  from?: string;
  to: string[];
  subject: string;
  date?: string;
  text: string;
  attachments: { filename?: string; contentType: string; size: number }[];
  /** The text was cut at the reader's limit. */
  truncated: boolean;
}

export interface MessageReader {
  read(rawRef: string): Promise<StoredMessage | undefined>;
}
