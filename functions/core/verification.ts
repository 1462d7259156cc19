import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WorkflowTask } from './workflow-tasks';

/**
 * Identity verification by control of the subject's own address (DESIGN.md §6): a single-use
 * random secret in a link mailed to that address. Only its hash is stored; links expire; wrong
 * guesses are counted and lock the link; a new link can be asked for, a few times, not too often.
 */
export const VERIFICATION_LIMITS = {
  linkTtlMs: 72 * 3600_000,
  maxFailedAttempts: 5,
  maxLinks: 4,
  minMsBetweenLinks: 5 * 60_000,
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
  | { ok: false; reason: 'no_pending_verification' | 'already_used' | 'expired' | 'locked' | 'wrong_secret' };

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
  if ((task.failedAttempts ?? 0) >= VERIFICATION_LIMITS.maxFailedAttempts)
    return { ok: false, reason: 'locked' };
  if (!secretMatches(task, secret)) return { ok: false, reason: 'wrong_secret' };
  // Only the holder of the secret learns that it was used or has expired.
  if (task.completedAt) return { ok: false, reason: 'already_used' };
  if (!task.linkExpiresAt || Date.parse(task.linkExpiresAt) <= now.getTime())
    return { ok: false, reason: 'expired' };
  return { ok: true };
}

export type NewLinkDecision =
  | { ok: true }
  | { ok: false; reason: 'no_pending_verification' | 'too_many_links' | 'too_soon' };

/** Whether the subject may get a fresh link now (the answer shown to them is the same either way). */
export function mayIssueNewLink(task: WorkflowTask | undefined, now: Date): NewLinkDecision {
  if (!task || task.completedAt) return { ok: false, reason: 'no_pending_verification' };
  if ((task.linksSent ?? 0) >= VERIFICATION_LIMITS.maxLinks) return { ok: false, reason: 'too_many_links' };
  const current = task.linkExpiresAt !== undefined && Date.parse(task.linkExpiresAt) > now.getTime();
  const locked = (task.failedAttempts ?? 0) >= VERIFICATION_LIMITS.maxFailedAttempts;
  // A working link is not replaced too often (inbox flooding); an expired or locked one at once.
  if (
    current &&
    !locked &&
    task.lastLinkAt &&
    now.getTime() - Date.parse(task.lastLinkAt) < VERIFICATION_LIMITS.minMsBetweenLinks
  ) {
    return { ok: false, reason: 'too_soon' };
  }
  return { ok: true };
}

export function verificationUrl(publicBaseUrl: string, requestId: string, secret: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(requestId)}?k=${encodeURIComponent(secret)}`;
}
