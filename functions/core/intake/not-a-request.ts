import { dueDateFor } from '../calendar/deadlines';
import type { CompanyDaysOff } from '../calendar/swedish-calendar';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Clock, RequestStore, WorkflowStarter } from '../ports';
import {
  type DsrRequest,
  REQUEST_TYPES,
  type ReplyLanguage,
  type RequestType,
  type Verdicts,
} from '../request/request';
import { newRequestId } from '../request/request-id';
import { maskEmail } from '../staff/staff-views';

/**
 * Mail intake did not turn into a request (marketing, auto-replies, bounces, mail to another
 * address): kept in a list for staff with the reason, so nothing is dropped unseen, and turned into
 * a request with one staff action when intake got it wrong.
 */
export interface IgnoredMail {
  /** Derived from the mail's dedupe key: a redelivery lands on the same entry. */
  mailId: string;
  /** Why intake did not make it a request: `marketing`, `automated`, `not_addressed_to_mailbox`. */
  reason: string;
  receivedAt: string;
  rawRef: string;
  /** The sender: personal data, kept only as an attribute, shown to staff. */
  senderEmail?: string;
  /** The subject's HMAC key, computed at intake (staff functions do not hold the key secret). */
  subjectKey?: string;
  subject?: string;
  language: ReplyLanguage;
  /** Rights its text names (a newsletter footer says "unsubscribe"): staff see why it might matter. */
  types: RequestType[];
  verdicts: Verdicts;
  messageId?: string;
  takenInAs?: string;
  takenInBy?: string;
  takenInAt?: string;
}

export interface IgnoredMailStore {
  /** Lists a mail; listing the same mail again changes nothing. */
  record(mail: IgnoredMail, expiresAt: Date): Promise<void>;
  /** Listed mail, newest first. */
  list(): Promise<IgnoredMail[]>;
  get(mailId: string): Promise<IgnoredMail | undefined>;
  /**
   * Marks a mail taken in as `requestId` unless it already was: returns the request it was taken in
   * as before, or undefined when this call marked it.
   */
  markTakenIn(mailId: string, requestId: string, actor: string, at: Date): Promise<string | undefined>;
}

/** How long a listed mail stays: long past the deadline a request in it would have had. */
export const IGNORED_MAIL_DAYS = 180;

export const mailIdOf = (messageKey: string) => messageKey.slice(0, 16);

/** A listed mail as the staff list shows it: the sender masked, as in the queue. */
export function ignoredMailView(mail: IgnoredMail) {
  return {
    mailId: mail.mailId,
    reason: mail.reason,
    receivedAt: mail.receivedAt,
    sender: maskEmail(mail.senderEmail ?? ''),
    subject: mail.subject ?? '',
    types: mail.types,
    ...(mail.takenInAs
      ? { takenInAs: mail.takenInAs, takenInBy: mail.takenInBy, takenInAt: mail.takenInAt }
      : {}),
  };
}

export interface TakeInDeps {
  ignored: IgnoredMailStore;
  requests: RequestStore;
  workflow: WorkflowStarter;
  clock: Clock;
  defaultWorkflowConfig: Record<string, unknown>;
  /** The company's own days off, beyond the public holidays every deadline already skips. */
  daysOff?: CompanyDaysOff;
}

/**
 * Turns a listed mail into a request with the types staff chose: its deadline runs from the mail's
 * receipt, and its workflow acknowledges it and asks the sender to confirm, as for any mail.
 */
export async function takeInIgnoredMail(
  mailId: string,
  types: readonly RequestType[],
  actor: string,
  deps: TakeInDeps,
): Promise<{ requestId: string; status: DsrRequest['status']; dueAt: string }> {
  const unique = REQUEST_TYPES.filter((t) => types.includes(t));
  if (unique.length === 0) {
    throw new ValidationError(`choose the request types: some of ${REQUEST_TYPES.join(', ')}`, {
      types: 'required',
    });
  }
  const mail = await deps.ignored.get(mailId);
  if (!mail) throw new NotFoundError(`no listed mail ${mailId}`);
  if (!mail.senderEmail || !mail.subjectKey) {
    throw new ConflictError('this mail names no sender to answer: it cannot become a request');
  }
  const now = deps.clock.now();
  const fresh = newRequestId(now);
  const earlier = await deps.ignored.markTakenIn(mailId, fresh, actor, now);
  const requestId = earlier ?? fresh;
  if (earlier && (await deps.requests.getRequest(earlier))) {
    throw new ConflictError(`this mail is already request ${earlier}`);
  }
  // Marked first, stored second: a retry after a failure in between finishes the same request.
  const request: DsrRequest = {
    id: requestId,
    status: 'received',
    channel: 'email',
    types: unique,
    language: mail.language,
    subjectEmail: mail.senderEmail,
    subjectKey: mail.subjectKey,
    receivedAt: mail.receivedAt,
    dueAt: dueDateFor(mail.receivedAt, deps.daysOff),
    rawRef: mail.rawRef,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.subject !== undefined ? { subject: mail.subject } : {}),
    verdicts: mail.verdicts,
    version: 1,
  };
  await deps.requests.putRequest(request, {
    at: now.toISOString(),
    actor,
    action: 'request_received',
    toStatus: 'received',
    detail: { channel: 'email', takenInFrom: 'not_a_request', mailId, ignoredAs: mail.reason, types: unique },
  });
  await deps.workflow.start(requestId, { requestId, config: deps.defaultWorkflowConfig });
  return { requestId, status: 'received', dueAt: request.dueAt };
}
