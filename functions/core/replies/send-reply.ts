import { ConfigurationError, MailNotSentError, NotFoundError } from '../errors';
import { type Mailbox, replyAddressFor } from '../intake/mailbox';
import type { Clock, Mailer, RequestStore } from '../ports';
import type { DsrRequest } from '../request/request';
import { ANSWER_NOT_SENT, ANSWER_TEMPLATES } from './answers';
import { refusalRecipient } from './refusals';
import type { TemplateName, TemplatePacks, TemplateVars } from './template-packs';
import { renderMessage } from './templates';

export interface SendReplyInput<N extends TemplateName = TemplateName> {
  requestId: string;
  template: N;
  /** Extra template variables from the workflow (e.g. a link, a reason). */
  vars?: TemplateVars;
  /** Distinguishes mails of one template that may go out more than once (e.g. a new link). */
  dedupeKey?: string;
  /** `staff` sends a staff template (no personal data) to the privacy staff instead of the subject. */
  recipient?: 'subject' | 'staff' | 'sender';
}

export interface SendReplyDeps<N extends TemplateName = TemplateName> {
  requests: RequestStore;
  mailer: Mailer;
  clock: Clock;
  mailbox: Mailbox;
  /** The language packs replies are written from (`config/templates/`), with at least the templates sent. */
  templates: TemplatePacks<N>;
  /** The privacy staff's address, needed for `recipient: 'staff'`. */
  staffAddress?: string;
}

/** A well-formed msg-id (RFC 5322 §3.6.4): only such a value from a sender's mail goes into our headers. */
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

/**
 * Sends one templated mail to the request's subject in their language, at most once per
 * request, template and dedupe key: a retried step never mails the subject twice.
 */
export async function sendReply<N extends TemplateName>(
  input: SendReplyInput<N>,
  deps: SendReplyDeps<N>,
): Promise<{ sent: boolean }> {
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  const onceKey = `mail#${input.template}#${input.dedupeKey ?? 'once'}`;

  if (input.recipient === 'staff') return sendToStaff(input, request.id, onceKey, deps);
  // `sender`: whoever wrote for someone else; they get notices, never the subject's data.
  const to =
    input.recipient === 'sender'
      ? request.senderEmail
      : input.template === 'rejection'
        ? refusalRecipient(request, input.vars?.rejectionReason)
        : request.subjectEmail;
  if (!to) {
    if (!ANSWER_TEMPLATES.has(input.template))
      throw new ConfigurationError(`request ${request.id} has no ${input.recipient ?? 'subject'} address`);
    // The answer cannot go out: the trail says why, so the request is not closed in silence.
    await deps.requests.appendEvent(request.id, {
      at: deps.clock.now().toISOString(),
      actor: 'system:workflow',
      action: ANSWER_NOT_SENT,
      detail: { template: input.template, reason: 'no_address' },
    });
    return { sent: false };
  }

  const marketingStopped = await marketingStoppedFor(request, input.template, deps);
  // Rendered before the once-claim: a mail that cannot be rendered fails the step with the claim
  // still free, so the retried step sends it instead of "succeeding" without a mail.
  const message = renderMessage(
    input.template,
    request.language,
    {
      requestId: request.id,
      dueDate: request.dueAt,
      types: request.types,
      contactAddress: `${deps.mailbox.local}@${deps.mailbox.domain}`,
      ...(marketingStopped ? { marketingStopped } : {}),
      ...input.vars,
    },
    deps.templates,
  );
  if (!(await deps.requests.claimOnce(request.id, onceKey))) return { sent: false };
  // A mail SES refused did not go out: the claim is given back, so the retried step sends it.
  const guarded: SendReplyDeps<N> = { ...deps, mailer: releasingClaim(deps, request.id, onceKey) };
  const replyTo = replyAddressFor(deps.mailbox, request.id);
  const { messageId } = await guarded.mailer.send({
    to,
    ...message,
    replyTo,
    headers: {
      'X-Privacy-Desk-Request': request.id,
      // Our own mails must not trigger auto-replies from the subject's side (RFC 3834).
      'Auto-Submitted': 'auto-replied',
      ...(request.messageId && MESSAGE_ID.test(request.messageId)
        ? { 'In-Reply-To': request.messageId, References: request.messageId }
        : {}),
    },
  });
  // A reply to this mail quotes its Message-ID (<sesMessageId@region.amazonses.com>): intake threads it.
  if (messageId) await deps.requests.recordOutgoing(messageId, request.id);
  await deps.requests.appendEvent(request.id, {
    at: deps.clock.now().toISOString(),
    actor: 'system:workflow',
    action: 'mail_sent',
    detail: { template: input.template, sesMessageId: messageId },
  });
  return { sent: true };
}

/**
 * A rejection or cancellation does not undo an objection to direct marketing honoured on receipt
 * (Art. 21(3)): the notice says it still stands.
 */
async function marketingStoppedFor(
  request: Pick<DsrRequest, 'id'>,
  template: TemplateName,
  deps: Pick<SendReplyDeps, 'requests'>,
): Promise<boolean> {
  if (template !== 'rejection' && template !== 'cancellation') return false;
  return (await deps.requests.listEvents(request.id)).some((e) => e.action === 'marketing_stopped');
}

/** Staff mails carry only the request id and reason codes; they go out in English. */
async function sendToStaff<N extends TemplateName>(
  input: SendReplyInput<N>,
  requestId: string,
  onceKey: string,
  deps: SendReplyDeps<N>,
): Promise<{ sent: boolean }> {
  if (!deps.staffAddress) throw new ConfigurationError('no staff address to send a staff mail to');
  const message = renderMessage(input.template, 'en', { requestId, ...input.vars }, deps.templates);
  if (!(await deps.requests.claimOnce(requestId, onceKey))) return { sent: false };
  const { messageId } = await releasingClaim(deps, requestId, onceKey).send({
    to: deps.staffAddress,
    ...message,
    headers: { 'X-Privacy-Desk-Request': requestId, 'Auto-Submitted': 'auto-generated' },
  });
  await deps.requests.appendEvent(requestId, {
    at: deps.clock.now().toISOString(),
    actor: 'system',
    action: 'staff_alerted',
    detail: { template: input.template, onceKey, sesMessageId: messageId },
  });
  return { sent: true };
}

/** The mailer, giving the once-claim back when SES refused the mail (it was not sent). */
function releasingClaim(
  deps: Pick<SendReplyDeps, 'mailer' | 'requests'>,
  requestId: string,
  onceKey: string,
): Mailer {
  return {
    send: async (mail) => {
      try {
        return await deps.mailer.send(mail);
      } catch (error) {
        if (error instanceof MailNotSentError) await deps.requests.releaseOnce?.(requestId, onceKey);
        throw error;
      }
    },
  };
}
