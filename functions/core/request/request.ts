/** The request model shared by intake, workflow and console (ARCHITECTURE.md §4). */

import type { ConsentScope } from '../consents/consent-scope';

export const REQUEST_TYPES = [
  'access',
  'portability',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'withdraw_consent',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const STATUSES = [
  'received',
  'triage',
  'awaiting_verification',
  'awaiting_review',
  'collecting',
  'awaiting_action',
  'executing',
  'replying',
  'completed',
  'rejected',
  'cancelled',
  'failed',
] as const;
export type Status = (typeof STATUSES)[number];

export const TERMINAL_STATUSES: readonly Status[] = ['completed', 'rejected', 'cancelled'];

/** Statuses of a request whose workflow is under way. */
export const ACTIVE_STATUSES: readonly Status[] = [
  'received',
  'awaiting_verification',
  'awaiting_review',
  'collecting',
  'awaiting_action',
  'executing',
  'replying',
];

export type Channel = 'email' | 'form';
export type ReplyLanguage = 'sv' | 'nb' | 'en';

/** SES receipt verdicts, kept as evidence. GRAY where nothing could be checked (e.g. locally). */
export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';
export interface Verdicts {
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
  spam: Verdict;
  virus: Verdict;
}

export interface DsrRequest {
  id: string;
  status: Status;
  /** Why the request has its status: e.g. `fulfilled`, `unverified`, `empty_message`. */
  statusReason?: string;
  channel: Channel;
  types: RequestType[];
  language: ReplyLanguage;
  /** The data subject's address: personal data, stored only as an attribute. */
  subjectEmail: string;
  subjectKey: string;
  receivedAt: string;
  dueAt: string;
  /** Raw input kept for staff and evidence, e.g. `s3://bucket/inbound/abc`. */
  rawRef?: string;
  messageId?: string;
  subject?: string;
  verdicts?: Verdicts;
  /** The sender's address when it differs from the subject's (on-behalf requests). */
  senderEmail?: string;
  /** Further From addresses of the mail beside the sender's: flagged for staff, never mailed. */
  otherFromAddresses?: string[];
  /** The mail asks on behalf of someone else: a mandate is needed. */
  onBehalf?: boolean;
  /** The earlier request this one follows from (e.g. a reply to a closed case asking for more). */
  relatedTo?: string;
  /** Staff revoked the access package's download link at this moment: links of earlier packages fail. */
  packageLinkRevokedAt?: string;
  /** While the clock is paused (waiting for the subject), since when. */
  pausedSince?: string;
  /** Whole days the clock stood still in earlier pauses: the due date counts them. */
  pausedDays?: number;
  /** Months the deadline was extended by (Art. 12(3)), if it was. */
  extensionMonths?: number;
  /** When staff extended the deadline: it is extended once at most. */
  extendedAt?: string;
  /** What an objection or withdrawal is about, read from the requester's words at intake. */
  consentScope?: ConsentScope;
  version: number;
}

/** An append-only audit entry: who did what, and the status before and after. */
export interface AuditEvent {
  at: string;
  actor: string;
  action: string;
  fromStatus?: Status;
  toStatus?: Status;
  detail?: Record<string, unknown>;
}
