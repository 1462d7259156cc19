import { createHash } from 'node:crypto';
import { addDays } from '../calendar/calendar-date';
import { dueDateFor } from '../calendar/deadlines';
import { resumeClockOnReply } from '../calendar/request-clock';
import type { CompanyDaysOff } from '../calendar/swedish-calendar';
import { consentScopeOfMail } from '../consents/consent-scope';
import { openReportedIncident, type ReportedIncidentDeps } from '../incidents/incident-intake';
import type { IncidentTextPacks } from '../incidents/incident-notices';
import type { Clock, Mailer, RateLimiter, RawMailStore, RequestStore, WorkflowStarter } from '../ports';
import { sendReply } from '../replies/send-reply';
import type { TemplateName, TemplatePacks } from '../replies/template-packs';
import type { AttentionStore } from '../request/attention';
import {
  type DsrRequest,
  type ReplyLanguage,
  type RequestType,
  TERMINAL_STATUSES,
  type Verdicts,
} from '../request/request';
import { newRequestId } from '../request/request-id';
import { requestSignalOf } from '../request/request-signal';
import { normaliseEmail, subjectKeyOf } from '../request/subject-key';
import type { TaskStore } from '../request/workflow-tasks';
import { renewLinkOnReply, type VerificationTemplate } from '../verification/verify-identity';
import { senderChecksFailed, withinAcknowledgementCap, withinAlertCap } from './auto-reply-limits';
import { classifyMail, needsTriage } from './classify/classify-mail';
import { automatedByHeaders, bulkByHeaders } from './classify/classify-signals';
import { type FoldedAlertKind, type FoldedAlertStore, groupFoldedAlerts } from './folded-alerts';
import type { Classification, InboundMail } from './inbound-mail';
import { type Mailbox, matchMailbox } from './mailbox';
import { IGNORED_MAIL_DAYS, type IgnoredMailStore, mailIdOf } from './not-a-request';
import { isFromRequester } from './thread-sender';

/** One delivery of a raw mail, as the receipt rule (or the local SMTP listener) hands it over. */
export interface MailDelivery {
  /** The transport's id for this delivery (the SES message id); also the raw object's name. */
  deliveryId: string;
  rawRef: string;
  rawSize: number;
  /** Envelope recipients the receipt rule matched. */
  recipients: string[];
  verdicts: Verdicts;
  receivedAt: string;
  /** The parsed mail, or undefined when the bytes are not a mail at all or cannot be kept. */
  mail: InboundMail | undefined;
  /** Why a parsed mail was set aside (its headers are past the limits): staff read the raw mail. */
  unreadable?: 'oversized_headers';
  /**
   * The sender as the mail server read it. Only used when the mail itself names none (it could
   * not be parsed, or its From was lost): staff then still know whom to answer.
   */
  reportedSender?: string;
}

/** The mails intake sends itself (a reply renews a verification link); every other mail is the workflow's. */
export type IntakeMailTemplate =
  | Extract<TemplateName, 'staff_alert' | 'triage_acknowledgement'>
  | VerificationTemplate;

export interface IntakeDeps {
  requests: RequestStore;
  workflow: WorkflowStarter;
  clock: Clock;
  mailbox: Mailbox;
  subjectKeySecret: string;
  /** Moves raw mail with a virus verdict into quarantine. */
  raw: RawMailStore;
  /** Staff alerts and triage acknowledgements. */
  mailer: Mailer;
  /** The language packs of those mails (`config/templates/`). */
  templates: TemplatePacks<IntakeMailTemplate>;
  /** Where staff alerts go, e.g. privacy-staff@example.com. */
  staffAddress: string;
  /** Alerts held back past the hourly cap, listed until the staff digest names them. */
  foldedAlerts: FoldedAlertStore;
  /** Counts new requests per subject: mail forged in a victim's name must not flood their inbox. */
  rateLimiter: RateLimiter;
  limits: MailLimits;
  /** Mail that does not become a request, listed for staff with the reason. */
  ignored: IgnoredMailStore;
  /** Replies staff must read: questions, thanks, asks for more. */
  attention: AttentionStore;
  /** A reply from the requester while the request waits for verification brings a fresh link. */
  verification?: { tasks: TaskStore; publicBaseUrl: string };
  /** The company's own days off, beyond the public holidays every deadline already skips. */
  daysOff?: CompanyDaysOff;
  /** A security report opens a breach incident (incident-intake.ts). */
  incidents?: Pick<ReportedIncidentDeps, 'incidents'> & { incidentTexts: IncidentTextPacks };
}

/** New mail requests per subject address and window; beyond it they wait for staff, unanswered. */
export interface MailLimits {
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_MAIL_LIMITS: MailLimits = { perAddress: 3, windowSeconds: 3600 };

export type IntakeOutcome =
  | { kind: 'started'; requestId: string }
  | { kind: 'triage'; requestId: string; reason: string }
  | { kind: 'duplicate'; requestId: string }
  | { kind: 'threaded'; requestId: string }
  | { kind: 'ignored'; reason: string; mailId: string };

/**
 * What identifies a redelivery: the Message-ID, the sender and the content together. A Message-ID
 * is chosen by whoever sends the mail, so another sender (or the same one with other content)
 * reusing it is a new mail, never a duplicate that would make a genuine request vanish.
 */
export function messageKeyOf(delivery: MailDelivery): string {
  const mail = delivery.mail;
  const messageId = mail?.messageId?.trim();
  if (!mail || !messageId) {
    return createHash('sha256').update(`delivery:${delivery.deliveryId}`).digest('hex');
  }
  const sender = mail.from?.address ? normaliseEmail(mail.from.address) : '';
  const attachments = mail.attachments.map((a) => `${a.filename ?? ''}:${a.contentType}:${a.size}`);
  const content = createHash('sha256')
    .update(JSON.stringify([mail.subject, mail.text, attachments]))
    .digest('hex');
  return createHash('sha256')
    .update(JSON.stringify([messageId, sender, content]))
    .digest('hex');
}

/** Why a mail must go to a person instead of the automated workflow, if it must. */
function triageReason(
  delivery: MailDelivery,
  classification: Classification | undefined,
  askedInOwnWords = false,
): string | undefined {
  const mail = delivery.mail;
  if (delivery.verdicts.virus === 'FAIL') return 'virus_detected';
  if (delivery.unreadable) return delivery.unreadable;
  if (!mail) return 'unparseable_mime';
  if (!mail.from?.address) return 'no_sender';
  if (mail.text.trim() === '' && mail.subject.trim() === '') return 'empty_message';
  if (delivery.verdicts.spam === 'FAIL') return 'spam_suspected';
  if (!classification) return 'unclassified';
  if (classification.category === 'security') return 'security_report';
  if (classification.category === 'question') return 'question';
  if (classification.category !== 'request' || classification.types.length === 0) return 'unclear';
  // Too unsure to act on: staff decide, with the classifier's best guess on the request.
  // A reply whose own words name a right is judged on those words, not on our quoted mail.
  if (!askedInOwnWords && needsTriage(classification)) return 'low_confidence';
  return undefined;
}

/**
 * Turns one delivered mail into at most one request, or attaches it to the request it answers.
 * Idempotent: a second delivery of the same message (SES retries, the sender sending twice with
 * one Message-ID) finds the first request, and finishes whatever the first delivery left undone.
 */
export async function intakeMail(delivery: MailDelivery, deps: IntakeDeps): Promise<IntakeOutcome> {
  const addressed = delivery.recipients
    .map((r) => matchMailbox(deps.mailbox, r))
    .filter((m) => m !== undefined);
  const mail = delivery.mail;
  const virus = delivery.verdicts.virus === 'FAIL';
  const classification = mail ? classifyMail(mail) : undefined;
  const signal = mail ? requestSignalOf(mail) : undefined;
  const messageKey = messageKeyOf(delivery);
  const seen = { language: classification?.replyLanguage ?? 'en', types: signal?.types ?? [] } as const;
  if (addressed.length === 0) {
    return listIgnored('not_addressed_to_mailbox', delivery, messageKey, seen, deps);
  }

  // Machine or bulk mail is not a request, unless a person's own words in it ask for a right: the
  // classifier's verdict on content ("newsletter", "Out of office?") never drops a request.
  // Infected mail is kept out of the inbound prefix whatever it looks like; staff decide.
  let asked: RequestType[] = classification?.types ?? [];
  let overruled: string | undefined;
  if (
    !virus &&
    classification &&
    (classification.category === 'automated' || classification.category === 'marketing') &&
    !needsTriage(classification)
  ) {
    if (!signal || signal.machineSent || signal.types.length === 0) {
      return listIgnored(classification.category, delivery, messageKey, seen, deps);
    }
    asked = signal.types;
    overruled = classification.category;
  }
  const rawRef = virus ? await deps.raw.quarantine(delivery.rawRef) : delivery.rawRef;

  let relatedTo: string | undefined;
  if (!virus) {
    const thread = await threadOf(delivery, addressed, deps);
    if (thread) {
      // In a reply our own subject says nothing about what the requester wants now.
      const inReply = signal?.fromText ?? [];
      // A reply to a closed case that asks for something is a new request; anything else is correspondence.
      if (!(TERMINAL_STATUSES.includes(thread.request.status) && inReply.length > 0)) {
        return attachToThread(delivery, thread, messageKey, inReply, deps);
      }
      relatedTo = thread.request.id;
      asked = inReply;
    }
  }
  const verdict: Classification | undefined = classification && {
    ...classification,
    ...(overruled || relatedTo ? { category: 'request' } : {}),
    types: asked,
  };

  const requestId = newRequestId(deps.clock.now());
  const claimedBy = await deps.requests.claimMessage(messageKey, requestId);
  const id = claimedBy ?? requestId;
  if (claimedBy) {
    const existing = await deps.requests.getRequest(claimedBy);
    // A claim without its request means an earlier delivery stopped half-way: finish it.
    if (existing) {
      await noteRelated(existing, deps);
      await followUp(existing, delivery, deps);
      return { kind: 'duplicate', requestId: claimedBy };
    }
  }

  const serverSender = mail?.from?.address ? undefined : delivery.reportedSender;
  const subjectEmail = normaliseEmail(
    classification?.subjectEmail ?? mail?.from?.address ?? serverSender ?? '',
  );
  const subjectKey = subjectKeyOf(subjectEmail, deps.subjectKeySecret);
  const senderEmail = mail?.from?.address ? normaliseEmail(mail.from.address) : undefined;
  // "On behalf of" someone whose address the mail does not give: held until staff name them.
  const subjectUnnamed = classification?.onBehalf === true && (!senderEmail || senderEmail === subjectEmail);
  const reason =
    triageReason(delivery, verdict, relatedTo !== undefined) ??
    (subjectUnnamed ? 'subject_not_named' : undefined) ??
    ((await withinMailLimit(subjectKey, deps)) ? undefined : 'too_many_requests');
  const consentScope = consentScopeOfMail(asked, mail);
  const request: DsrRequest = {
    id,
    status: reason ? 'triage' : 'received',
    ...(reason ? { statusReason: reason } : {}),
    channel: 'email',
    types: asked,
    language: classification?.replyLanguage ?? 'en',
    subjectEmail,
    subjectKey,
    receivedAt: delivery.receivedAt,
    dueAt: dueDateFor(delivery.receivedAt, deps.daysOff),
    rawRef,
    ...(mail?.messageId ? { messageId: mail.messageId } : {}),
    ...(mail ? { subject: mail.subject } : {}),
    verdicts: delivery.verdicts,
    // Someone asking about another person: staff check the mandate, the subject is contacted directly.
    ...(classification?.onBehalf ? { onBehalf: true } : {}),
    ...(senderEmail && senderEmail !== subjectEmail ? { senderEmail } : {}),
    ...(relatedTo ? { relatedTo } : {}),
    ...(consentScope ? { consentScope } : {}),
    ...(mail?.otherFrom ? { otherFromAddresses: mail.otherFrom.map((a) => normaliseEmail(a.address)) } : {}),
    version: 1,
  };
  await deps.requests.putRequest(request, {
    at: deps.clock.now().toISOString(),
    actor: 'system:intake',
    action: 'request_received',
    toStatus: request.status,
    detail: {
      channel: 'email',
      rawSize: delivery.rawSize,
      ...(reason ? { reason } : {}),
      ...(serverSender ? { senderFrom: 'mail_server' } : {}),
      ...(virus ? { quarantinedFrom: delivery.rawRef } : {}),
      ...(classification
        ? {
            category: overruled ? 'request' : classification.category,
            confidence: classification.confidence,
            language: classification.language,
          }
        : {}),
      // The classifier called it machine or bulk mail, but its text asks for a right.
      ...(overruled ? { classifiedAs: overruled } : {}),
      ...(relatedTo ? { relatedTo } : {}),
    },
  });
  await noteRelated(request, deps);
  await followUp(request, delivery, deps);
  if (reason) return { kind: 'triage', requestId: id, reason };
  return { kind: 'started', requestId: id };
}

/** Whether one more request may start (and mail) for this subject in the current window. */
async function withinMailLimit(subjectKey: string, deps: IntakeDeps): Promise<boolean> {
  const { perAddress, windowSeconds } = deps.limits;
  return deps.rateLimiter.hit(`mail-address#${subjectKey}`, perAddress, windowSeconds, deps.clock.now());
}

/** Triage reasons that page the privacy staff, and the alert each sends. */
const STAFF_ALERTS: Readonly<Record<string, FoldedAlertKind>> = {
  virus_detected: 'virus',
  security_report: 'security',
};
/** Triage reasons whose sender is told that a person will read the mail. */
const ACKNOWLEDGED_TRIAGE: ReadonlySet<string> = new Set([
  'question',
  'unclear',
  'low_confidence',
  'subject_not_named',
]);

/**
 * What follows a stored request: its workflow, or for triage a staff alert or an acknowledgement.
 * Runs again on a repeated delivery; each step is idempotent (execution name, once-keys).
 */
async function followUp(request: DsrRequest, delivery: MailDelivery, deps: IntakeDeps): Promise<void> {
  if (request.status === 'received') {
    // Only a flag, never an address: the definition branches on it to notify the requester.
    await deps.workflow.start(request.id, {
      requestId: request.id,
      ...(request.onBehalf && request.senderEmail ? { onBehalf: true } : {}),
    });
    return;
  }
  if (request.status !== 'triage' || !request.statusReason) return;
  const alertKind = STAFF_ALERTS[request.statusReason];
  if (alertKind && (await withinAlertCap(alertKind, deps))) {
    // A new hour's alert also names those of its kind folded since the last digest: during a
    // sustained flood staff see each held-back report within the hour, not only the next morning.
    const undigested = await deps.foldedAlerts.listUndigested();
    const foldedAlerts = groupFoldedAlerts(undigested.filter((a) => a.alertKind === alertKind));
    await sendReply(
      {
        requestId: request.id,
        template: 'staff_alert',
        vars: {
          alertKind,
          alertReason: request.statusReason,
          ...(foldedAlerts.length ? { foldedAlerts } : {}),
        },
        dedupeKey: alertKind,
        recipient: 'staff',
      },
      deps,
    );
  } else if (alertKind) {
    const at = deps.clock.now().toISOString();
    await deps.foldedAlerts.record({ requestId: request.id, alertKind, foldedAt: at });
    await deps.requests.appendEvent(request.id, {
      at,
      actor: 'system:intake',
      action: 'staff_alert_folded',
      detail: { alertKind },
    });
  }
  if (request.statusReason === 'security_report' && deps.incidents) {
    const acknowledge =
      mayAutoReply(delivery, request, deps.mailbox) &&
      (await withinAcknowledgementCap(request.subjectKey, deps));
    await openReportedIncident(request, acknowledge, { ...deps, ...deps.incidents });
  }
  if (
    ACKNOWLEDGED_TRIAGE.has(request.statusReason) &&
    mayAutoReply(delivery, request, deps.mailbox) &&
    (await withinAcknowledgementCap(request.subjectKey, deps))
  ) {
    await sendReply({ requestId: request.id, template: 'triage_acknowledgement' }, deps);
  }
}

/**
 * Whether an automated acknowledgement may go to this mail's sender: never to machines, lists or
 * suspected spam (no loops, no backscatter), and only when the request is the sender's own.
 */
export function mayAutoReply(delivery: MailDelivery, request: DsrRequest, mailbox: Mailbox): boolean {
  const mail = delivery.mail;
  const sender = mail?.from?.address ? normaliseEmail(mail.from.address) : undefined;
  if (!mail || !sender) return false;
  if (automatedByHeaders(mail.headers, sender) || bulkByHeaders(mail.headers)) return false;
  if (delivery.verdicts.spam === 'FAIL' || delivery.verdicts.virus === 'FAIL') return false;
  if (senderChecksFailed(delivery.verdicts)) return false;
  if (/^(no-?reply|do-?not-?reply|mailer-daemon|postmaster)@/i.test(sender)) return false;
  if (sender.endsWith(`@${mailbox.domain}`) && sender.startsWith(`${mailbox.local}`)) return false;
  return sender === request.subjectEmail;
}

interface Thread {
  request: DsrRequest;
  via: 'reply_address' | 'in_reply_to';
}

/** The domain SES gives the Message-ID of every mail it sends: `<id@region.amazonses.com>`. */
const SES_MESSAGE_ID = /^<?([^<>@\s]+)@[a-z0-9-]+\.amazonses\.com>?$/i;
/** References of a long thread: the newest are the ones that point at us. */
const MAX_REFERENCES = 10;

/** The SES message ids among a mail's In-Reply-To and References, newest first. */
export function sesMessageIdsOf(mail: { inReplyTo?: string; references: readonly string[] }): string[] {
  const ids = [...(mail.inReplyTo ? mail.inReplyTo.split(/\s+/) : []), ...[...mail.references].reverse()];
  const found = ids
    .map((id) => SES_MESSAGE_ID.exec(id.trim())?.[1])
    .filter((id): id is string => id !== undefined);
  return [...new Set(found)].slice(0, MAX_REFERENCES);
}

/** The request a mail answers: by the gdpr+<id>@ address it went to, or by the mail it replies to. */
async function threadOf(
  delivery: MailDelivery,
  addressed: readonly { requestId?: string }[],
  deps: IntakeDeps,
): Promise<Thread | undefined> {
  for (const { requestId } of addressed) {
    if (!requestId) continue;
    const request = await deps.requests.getRequest(requestId);
    if (request) return { request, via: 'reply_address' };
  }
  if (!delivery.mail) return undefined;
  for (const sesId of sesMessageIdsOf(delivery.mail)) {
    const requestId = await deps.requests.findOutgoing(sesId);
    const request = requestId ? await deps.requests.getRequest(requestId) : undefined;
    if (request) return { request, via: 'in_reply_to' };
  }
  return undefined;
}

/** The representative who wrote on the subject's behalf answers for them, under the same mail checks. */
function fromRepresentative(delivery: MailDelivery, request: DsrRequest): boolean {
  if (!request.senderEmail) return false;
  return isFromRequester(delivery.mail, delivery.verdicts, { subjectEmail: request.senderEmail });
}

/**
 * A reply is correspondence on its request: an audit event with references only, no content, and
 * an item in front of staff, so a question is answered and a wish for more is never lost. Types are
 * never changed here: staff decide what a request for more becomes.
 */
async function attachToThread(
  delivery: MailDelivery,
  thread: Thread,
  messageKey: string,
  asked: readonly RequestType[],
  deps: IntakeDeps,
): Promise<IntakeOutcome> {
  const { request } = thread;
  const fromRequester = isFromRequester(delivery.mail, delivery.verdicts, request);
  const claimedBy = await deps.requests.claimMessage(messageKey, request.id);
  if (claimedBy && claimedBy !== request.id) return { kind: 'duplicate', requestId: claimedBy };
  if (claimedBy) {
    // Claimed by an earlier delivery: done, unless it stopped before recording the mail.
    const events = await deps.requests.listEvents(request.id);
    if (events.some((e) => e.action === 'mail_received' && e.detail?.messageKey === messageKey)) {
      return { kind: 'duplicate', requestId: request.id };
    }
  }
  // A stranger's mail is shown to staff, but asks for nothing on the requester's behalf.
  const more = fromRequester ? asked.filter((t) => !request.types.includes(t)) : [];
  await deps.attention.raise({
    requestId: request.id,
    attentionId: mailIdOf(messageKey),
    kind: more.length > 0 ? 'asked_for_more' : 'reply',
    ...(more.length > 0 ? { types: more } : {}),
    at: delivery.receivedAt,
    requestStatus: request.status,
    rawRef: delivery.rawRef,
    verdicts: delivery.verdicts,
  });
  await deps.requests.appendEvent(request.id, {
    at: deps.clock.now().toISOString(),
    actor: 'system:intake',
    action: 'mail_received',
    detail: {
      via: thread.via,
      rawRef: delivery.rawRef,
      messageKey,
      deliveryId: delivery.deliveryId,
      rawSize: delivery.rawSize,
      // Only the requester's own mail counts as theirs; anyone can write to gdpr+<id>@.
      fromRequester,
      // Staff see at a glance that the subject answered while the request waits for them.
      requestStatus: request.status,
      ...(request.statusReason ? { requestStatusReason: request.statusReason } : {}),
      attention: mailIdOf(messageKey),
      ...(more.length > 0 ? { askedForMore: more } : {}),
    },
  });
  // The answer we were waiting for restarts the clock (Art. 12(3)): no staff click needed.
  if (fromRequester || fromRepresentative(delivery, request)) {
    await resumeClockOnReply(request, deps.clock.now(), deps.requests, deps.daysOff);
  }
  if (fromRequester && request.status === 'awaiting_verification' && deps.verification) {
    await renewLinkOnReply(request.id, { ...deps, ...deps.verification });
  }
  return { kind: 'threaded', requestId: request.id };
}

/** The earlier request's trail names the request that follows from it; once, whatever the retries. */
async function noteRelated(request: DsrRequest, deps: IntakeDeps): Promise<void> {
  if (!request.relatedTo) return;
  const events = await deps.requests.listEvents(request.relatedTo);
  const noted = events.some(
    (e) => e.action === 'related_request_opened' && e.detail?.requestId === request.id,
  );
  if (noted) return;
  await deps.requests.appendEvent(request.relatedTo, {
    at: deps.clock.now().toISOString(),
    actor: 'system:intake',
    action: 'related_request_opened',
    detail: { requestId: request.id, types: request.types, via: 'reply' },
  });
}

/** Lists a mail that is not a request for staff, with the reason; a redelivery lists nothing new. */
async function listIgnored(
  reason: string,
  delivery: MailDelivery,
  messageKey: string,
  seen: { language: ReplyLanguage; types: readonly RequestType[] },
  deps: IntakeDeps,
): Promise<IntakeOutcome> {
  const mail = delivery.mail;
  const sender = mail?.from?.address ? normaliseEmail(mail.from.address) : undefined;
  const mailId = mailIdOf(messageKey);
  await deps.ignored.record(
    {
      mailId,
      reason,
      receivedAt: delivery.receivedAt,
      rawRef: delivery.rawRef,
      ...(sender ? { senderEmail: sender, subjectKey: subjectKeyOf(sender, deps.subjectKeySecret) } : {}),
      ...(mail ? { subject: mail.subject } : {}),
      language: seen.language,
      types: [...seen.types],
      verdicts: delivery.verdicts,
      ...(mail?.messageId ? { messageId: mail.messageId } : {}),
    },
    new Date(addDays(delivery.receivedAt.slice(0, 10), IGNORED_MAIL_DAYS)),
  );
  return { kind: 'ignored', reason, mailId };
}
