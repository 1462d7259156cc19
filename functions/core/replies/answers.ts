import type { AuditEvent } from '../request/request';
import type { TemplateName } from './template-packs';

/**
 * The mails that answer a request in writing. Every request that ends (completed, rejected,
 * cancelled) has sent one of them, or records why it could not (`answer_not_sent`).
 */
export const ANSWER_TEMPLATES: ReadonlySet<TemplateName> = new Set<TemplateName>([
  'completion_access',
  'completion_erasure',
  'completion_rectification',
  'completion_objection',
  'completion_restriction',
  'completion_no_data',
  'rejection',
  'cancellation',
]);

/** The audit action recording why a request's answer could not be mailed (e.g. no address). */
export const ANSWER_NOT_SENT = 'answer_not_sent';

export function isAnswered(events: readonly AuditEvent[]): boolean {
  return events.some(
    (e) =>
      e.action === ANSWER_NOT_SENT ||
      (e.action === 'mail_sent' && ANSWER_TEMPLATES.has(e.detail?.template as TemplateName)),
  );
}
