import { NotFoundError } from './errors';
import { type Mailbox, replyAddressFor } from './mailbox';
import type { Clock, Mailer, RequestStore } from './ports';
import { type TemplateName, type TemplateVars, renderMessage } from './templates';

export interface SendReplyInput {
  requestId: string;
  template: TemplateName;
  /** Extra template variables from the workflow (e.g. a link, a reason). */
  vars?: TemplateVars;
  /** Distinguishes mails of one template that may go out more than once (e.g. a new link). */
  dedupeKey?: string;
}

export interface SendReplyDeps {
  requests: RequestStore;
  mailer: Mailer;
  clock: Clock;
  mailbox: Mailbox;
}

/**
 * Sends one templated mail to the request's subject in their language, at most once per
 * request, template and dedupe key: a retried step never mails the subject twice.
 */
export async function sendReply(input: SendReplyInput, deps: SendReplyDeps): Promise<{ sent: boolean }> {
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  const onceKey = `mail#${input.template}#${input.dedupeKey ?? 'once'}`;
  if (!(await deps.requests.claimOnce(request.id, onceKey))) return { sent: false };

  const message = renderMessage(input.template, request.language, {
    requestId: request.id,
    dueDate: request.dueAt,
    types: request.types,
    contactAddress: `${deps.mailbox.local}@${deps.mailbox.domain}`,
    ...input.vars,
  });
  const replyTo = replyAddressFor(deps.mailbox, request.id);
  const { messageId } = await deps.mailer.send({
    to: request.subjectEmail,
    ...message,
    replyTo,
    headers: {
      'X-Privacy-Desk-Request': request.id,
      // Our own mails must not trigger auto-replies from the subject's side (RFC 3834).
      'Auto-Submitted': 'auto-replied',
      ...(request.messageId ? { 'In-Reply-To': request.messageId, References: request.messageId } : {}),
    },
  });
  await deps.requests.appendEvent(request.id, {
    at: deps.clock.now().toISOString(),
    actor: 'system:workflow',
    action: 'mail_sent',
    detail: { template: input.template, sesMessageId: messageId },
  });
  return { sent: true };
}
