import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WorkflowTask } from '../request/workflow-tasks';

/**
 * Identity verification by control of the subject's own address (ARCHITECTURE.md §6): a single-use
 * random secret in a link mailed to that address. Only its hash is stored; links expire. Guessing
 * is limited per source, never per request: a stranger's wrong guesses must not lock the subject
 * out (a 256-bit secret is not guessed anyway). Every new link goes to the subject's own address,
 * so asking for one never leaves them without a working link; it only slows down when asked often.
 */
export const VERIFICATION_LIMITS = {
  linkTtlMs: 72 * 3600_000,
  /** Attempts (confirm or new link) per source address and window, whatever the request. */
  attemptsPerSource: 10,
  sourceWindowSeconds: 3600,
  /** Links sent at the short interval; after them, a working link is replaced at most hourly. */
  linksAtShortInterval: 4,
  minMsBetweenLinks: 5 * 60_000,
  minMsBetweenLinksAfterMany: 3600_000,
} as const;

export function newLinkSecret(): { secret: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export type LinkCheck =
  | { ok: true }
  | { ok: false; reason: 'no_pending_verification' | 'already_used' | 'expired' | 'wrong_secret' };

/** Whether a presented secret is the task's current one (compared in constant time). */
export function secretMatches(task: WorkflowTask | undefined, secret: string): boolean {
  if (!task?.secretHash) return false;
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(task.secretHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Whether a presented secret confirms the pending verification task, and if not, why. */
export function checkLink(task: WorkflowTask | undefined, secret: string, now: Date): LinkCheck {
  if (!task?.secretHash) return { ok: false, reason: 'no_pending_verification' };
  if (!secretMatches(task, secret)) return { ok: false, reason: 'wrong_secret' };
  // Only the holder of the secret learns that it was used or has expired.
  if (task.completedAt) return { ok: false, reason: 'already_used' };
  if (!task.linkExpiresAt || Date.parse(task.linkExpiresAt) <= now.getTime())
    return { ok: false, reason: 'expired' };
  return { ok: true };
}

export type NewLinkDecision = { ok: true } | { ok: false; reason: 'no_pending_verification' | 'too_soon' };

/** Whether the subject may get a fresh link now (the answer shown to them is the same either way). */
export function mayIssueNewLink(task: WorkflowTask | undefined, now: Date): NewLinkDecision {
  if (!task || task.completedAt) return { ok: false, reason: 'no_pending_verification' };
  const current = task.linkExpiresAt !== undefined && Date.parse(task.linkExpiresAt) > now.getTime();
  // An expired link is replaced at once; a working one not too often (inbox flooding).
  const gap =
    (task.linksSent ?? 0) < VERIFICATION_LIMITS.linksAtShortInterval
      ? VERIFICATION_LIMITS.minMsBetweenLinks
      : VERIFICATION_LIMITS.minMsBetweenLinksAfterMany;
  if (current && task.lastLinkAt && now.getTime() - Date.parse(task.lastLinkAt) < gap) {
    return { ok: false, reason: 'too_soon' };
  }
  return { ok: true };
}

export function verificationUrl(publicBaseUrl: string, requestId: string, secret: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(requestId)}?k=${encodeURIComponent(secret)}`;
}
