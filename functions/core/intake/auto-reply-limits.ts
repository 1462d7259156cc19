import type { Clock, RateLimiter } from '../ports';
import type { Verdicts } from '../request/request';

/**
 * Caps on the mail intake sends by itself, so forged mail cannot turn the mailbox into a
 * backscatter source or bury staff in alerts: acknowledgements per recipient and day, none to a
 * sender whose SPF or DMARC verdict failed, and one staff alert per kind and hour (later ones in
 * that hour are folded: they wait in the triage queue, each with an audit event saying so).
 */
export const AUTO_REPLY_LIMITS = {
  acknowledgementsPerRecipient: 2,
  acknowledgementWindowSeconds: 24 * 3600,
  alertsPerKind: 1,
  alertWindowSeconds: 3600,
} as const;

export interface AutoReplyDeps {
  rateLimiter: RateLimiter;
  clock: Clock;
}

/** The mail server found the From forged: nothing automated goes back to it. */
export function senderChecksFailed(verdicts: Verdicts): boolean {
  return verdicts.spf === 'FAIL' || verdicts.dmarc === 'FAIL';
}

/** Counts one acknowledgement to this recipient (by subject key); false past the day's cap. */
export function withinAcknowledgementCap(subjectKey: string, deps: AutoReplyDeps): Promise<boolean> {
  const { acknowledgementsPerRecipient, acknowledgementWindowSeconds } = AUTO_REPLY_LIMITS;
  return deps.rateLimiter.hit(
    `ack#${subjectKey}`,
    acknowledgementsPerRecipient,
    acknowledgementWindowSeconds,
    deps.clock.now(),
  );
}

/** Counts one staff alert of this kind; false when this hour's alert already went out. */
export function withinAlertCap(kind: string, deps: AutoReplyDeps): Promise<boolean> {
  const { alertsPerKind, alertWindowSeconds } = AUTO_REPLY_LIMITS;
  return deps.rateLimiter.hit(`staff-alert#${kind}`, alertsPerKind, alertWindowSeconds, deps.clock.now());
}
