import type { AuditEvent, DsrRequest, Status } from './request/request';

/** What the domain needs from the request table; implemented by the DynamoDB adapter. */
export interface RequestStore {
  /**
   * Claims an inbound message id for a request. Returns the id of the request that already
   * claimed it, or undefined when this call claimed it.
   */
  claimMessage(messageKey: string, requestId: string): Promise<string | undefined>;
  /** Stores a new request; a second call with the same id leaves the first untouched. */
  putRequest(request: DsrRequest, event: AuditEvent): Promise<void>;
  getRequest(requestId: string): Promise<DsrRequest | undefined>;
  /**
   * Moves a request to `to` when its status is one of `from`; a request already at `to` is left as
   * it is (a retried step). Appends the audit event when the status changed.
   */
  transition(requestId: string, change: StatusChange): Promise<DsrRequest>;
  appendEvent(requestId: string, event: AuditEvent): Promise<void>;
  /** True the first time it is called for a request and key: guards side effects against retries. */
  claimOnce(requestId: string, key: string): Promise<boolean>;
  /** Gives a claim back when the side effect it guarded certainly did not happen (e.g. SES refused the mail). */
  releaseOnce?(requestId: string, key: string): Promise<void>;
  listEvents(requestId: string): Promise<AuditEvent[]>;
  /**
   * Ends the pause that began at `resume.pausedSince`, moving the due date; false when that pause
   * has already ended (staff resumed it, or another reply did). Appends the event when it ended it.
   */
  resumeClock?(requestId: string, resume: ClockResume, event: AuditEvent): Promise<boolean>;
  /** Remembers the id SES gave one of our outgoing mails, so a reply to that mail finds its request. */
  recordOutgoing(sesMessageId: string, requestId: string): Promise<void>;
  /** The request one of our outgoing mails belongs to, by the id SES gave it. */
  findOutgoing(sesMessageId: string): Promise<string | undefined>;
  /**
   * Like claimMessage, for a hash of a submission's content that counts as a duplicate only until
   * `expiresAt`: returns the request that holds an unexpired claim, or undefined when this call claimed it.
   */
  claimContent(
    contentKey: string,
    requestId: string,
    now: Date,
    expiresAt: Date,
  ): Promise<string | undefined>;
}

/** Counts attempts per key in a fixed window; false once the limit is reached. */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<boolean>;
  /** Whether the key's current window is full, without counting (a read only). */
  exhausted(key: string, limit: number, now: Date): Promise<boolean>;
}

/** The raw inbound objects (S3): what intake may do to them besides reading. */
export interface RawMailStore {
  /** Moves a raw mail out of the inbound prefix into quarantine; returns its new ref. Idempotent. */
  quarantine(rawRef: string): Promise<string>;
}

export interface ClockResume {
  pausedSince: string;
  dueAt: string;
  pausedDays: number;
}

export interface StatusChange {
  from: readonly Status[];
  to: Status;
  reason?: string;
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
}

/** Starts the workflow of a request; starting it twice for the same request is harmless. */
export interface WorkflowStarter {
  start(requestId: string, input: Record<string, unknown>): Promise<void>;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
