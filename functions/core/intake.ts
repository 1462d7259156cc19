import { createHash } from 'node:crypto';
import { classifyMail } from './classify-mail';
import { dueDateFor } from './deadlines';
import type { Classification, InboundMail } from './inbound-mail';
import { type Mailbox, matchMailbox } from './mailbox';
import type { Clock, RequestStore, WorkflowStarter } from './ports';
import type { DsrRequest, Verdicts } from './request';
import { newRequestId } from './request-id';
import { normaliseEmail, subjectKeyOf } from './subject-key';

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
  /** The parsed mail, or undefined when the bytes are not a mail at all. */
  mail: InboundMail | undefined;
}

export interface IntakeDeps {
  requests: RequestStore;
  workflow: WorkflowStarter;
  clock: Clock;
  mailbox: Mailbox;
  subjectKeySecret: string;
}

export type IntakeOutcome =
  | { kind: 'started'; requestId: string }
  | { kind: 'triage'; requestId: string; reason: string }
  | { kind: 'duplicate'; requestId: string }
  | { kind: 'threaded'; requestId: string }
  | { kind: 'ignored'; reason: string };

export function messageKeyOf(delivery: MailDelivery): string {
  const id = delivery.mail?.messageId?.trim() || `delivery:${delivery.deliveryId}`;
  return createHash('sha256').update(id).digest('hex');
}

/** Why a mail must go to a person instead of the automated workflow, if it must. */
function triageReason(delivery: MailDelivery, classification: Classification | undefined): string | undefined {
  const mail = delivery.mail;
  if (!mail) return 'unparseable_mime';
  if (delivery.verdicts.virus === 'FAIL') return 'virus_detected';
  if (!mail.from?.address) return 'no_sender';
  if (mail.text.trim() === '' && mail.subject.trim() === '') return 'empty_message';
  if (delivery.verdicts.spam === 'FAIL') return 'spam_suspected';
  if (!classification) return 'unclassified';
  if (classification.category === 'security') return 'security_report';
  if (classification.category === 'question') return 'question';
  if (classification.category !== 'request' || classification.types.length === 0) return 'unclear';
  return undefined;
}

/**
 * Turns one delivered mail into at most one request. Idempotent: a second delivery of the same
 * message (SES retries, the sender sending twice with one Message-ID) finds the first request.
 */
export async function intakeMail(delivery: MailDelivery, deps: IntakeDeps): Promise<IntakeOutcome> {
  const addressed = delivery.recipients.map((r) => matchMailbox(deps.mailbox, r)).filter((m) => m !== undefined);
  if (addressed.length === 0) return { kind: 'ignored', reason: 'not_addressed_to_mailbox' };

  const mail = delivery.mail;
  const classification = mail ? classifyMail(mail) : undefined;
  if (classification && (classification.category === 'automated' || classification.category === 'marketing')) {
    return { kind: 'ignored', reason: classification.category };
  }

  const requestId = newRequestId(deps.clock.now());
  const claimedBy = await deps.requests.claimMessage(messageKeyOf(delivery), requestId);
  const id = claimedBy ?? requestId;
  if (claimedBy) {
    const existing = await deps.requests.getRequest(claimedBy);
    // A claim without its request means an earlier delivery stopped half-way: finish it.
    if (existing) return { kind: 'duplicate', requestId: claimedBy };
  }

  const reason = triageReason(delivery, classification);
  const subjectEmail = normaliseEmail(classification?.subjectEmail ?? mail?.from?.address ?? '');
  const request: DsrRequest = {
    id,
    status: reason ? 'triage' : 'received',
    ...(reason ? { statusReason: reason } : {}),
    channel: 'email',
    types: classification?.types ?? [],
    language: classification?.replyLanguage ?? 'en',
    subjectEmail,
    subjectKey: subjectKeyOf(subjectEmail, deps.subjectKeySecret),
    receivedAt: delivery.receivedAt,
    dueAt: dueDateFor(delivery.receivedAt),
    rawRef: delivery.rawRef,
    ...(mail?.messageId ? { messageId: mail.messageId } : {}),
    ...(mail ? { subject: mail.subject } : {}),
    verdicts: delivery.verdicts,
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
      ...(classification
        ? { category: classification.category, confidence: classification.confidence, language: classification.language }
        : {}),
    },
  });
  if (reason) return { kind: 'triage', requestId: id, reason };
  await deps.workflow.start(id, { requestId: id });
  return { kind: 'started', requestId: id };
}
