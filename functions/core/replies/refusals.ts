import type { DsrRequest } from '../request/request';
import type { RejectionReason } from './template-packs';

/**
 * Refusals on the merits (Art. 12(4), 12(5)): a decision not to act states its reason, and the
 * grounds that weigh the case rather than its form need staff's own explanation in the trail, since
 * the controller must be able to show why it refused.
 */

/** Grounds weighed on the case itself: staff must say why. */
export const MERIT_REASONS: ReadonlySet<RejectionReason> = new Set([
  'manifestly_unfounded',
  'excessive',
  'erasure_exemption',
  'data_accurate',
  'compelling_grounds',
]);

export const needsExplanation = (reason: RejectionReason): boolean => MERIT_REASONS.has(reason);

/**
 * Who is told of a refusal: one for lack of authorisation answers the representative who asked, not
 * the person they named (who asked for nothing); every other refusal answers the subject.
 */
export function refusalRecipient(
  request: Pick<DsrRequest, 'subjectEmail' | 'senderEmail'>,
  reason: unknown,
): string {
  return reason === 'third_party_unauthorised' && request.senderEmail
    ? request.senderEmail
    : request.subjectEmail;
}
