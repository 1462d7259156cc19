import { NotFoundError } from '../errors';
import type { Clock, RateLimiter, RequestStore } from '../ports';
import { type SendReplyDeps, sendReply } from '../replies/send-reply';
import type { TemplateName } from '../replies/template-packs';
import { TERMINAL_STATUSES } from '../request/request';
import {
  TaskAlreadyCompletedError,
  type TaskCompleter,
  type TaskStore,
  type WorkflowTask,
} from '../request/workflow-tasks';
import {
  checkLink,
  mayIssueNewLink,
  newLinkSecret,
  secretMatches,
  VERIFICATION_LIMITS,
  verificationUrl,
} from './verification';

/** What mailing a link needs; confirming one also completes the workflow's task. */
/** The mails the verification steps send. */
export type VerificationTemplate = Extract<TemplateName, 'verification' | 'verification_reminder'>;

export interface VerificationMailDeps extends SendReplyDeps<VerificationTemplate> {
  requests: RequestStore;
  tasks: TaskStore;
  clock: Clock;
  publicBaseUrl: string;
}

export interface VerifyIdentityDeps extends VerificationMailDeps {
  completer: TaskCompleter;
  /** Counts attempts per source (TTL'd counters): guessing is limited where it comes from. */
  rateLimiter: RateLimiter;
}

/** Who is asking, as a key: a keyed hash of the source address, never the address itself. */
export interface LinkAttempt {
  requestId: string;
  sourceKey: string;
}

const sourceCounter = (attempt: LinkAttempt) => `verify-source#${attempt.sourceKey}`;

/** A source past its attempts gets a 429, whatever the request or secret. */
function sourceExhausted(attempt: LinkAttempt, now: Date, deps: VerifyIdentityDeps): Promise<boolean> {
  return deps.rateLimiter.exhausted(sourceCounter(attempt), VERIFICATION_LIMITS.attemptsPerSource, now);
}

/** Counts one attempt of the source; false when its window was already full. */
function countAttempt(attempt: LinkAttempt, now: Date, deps: VerifyIdentityDeps): Promise<boolean> {
  const { attemptsPerSource, sourceWindowSeconds } = VERIFICATION_LIMITS;
  return deps.rateLimiter.hit(sourceCounter(attempt), attemptsPerSource, sourceWindowSeconds, now);
}

async function mailLink(task: WorkflowTask, deps: VerificationMailDeps, template: VerificationTemplate) {
  const { secret, secretHash } = newLinkSecret();
  const now = deps.clock.now();
  const linkExpiresAt = new Date(now.getTime() + VERIFICATION_LIMITS.linkTtlMs).toISOString();
  const linksSent = (task.linksSent ?? 0) + 1;
  const stored = await deps.tasks.updateTask(task, {
    secretHash,
    linkExpiresAt,
    linksSent,
    lastLinkAt: now.toISOString(),
  });
  if (!stored) return false;
  await sendReply(
    {
      requestId: task.requestId,
      template,
      vars: { verificationUrl: verificationUrl(deps.publicBaseUrl, task.requestId, secret), linkExpiresAt },
      dedupeKey: `link-${linksSent}`,
    },
    deps,
  );
  return true;
}

/**
 * Workflow step (callback): opens the verification task with the step's token and mails a
 * single-use link to the subject's own address. Safe to retry: a link goes out once per token.
 */
export async function startVerification(
  input: { requestId: string; taskToken: string },
  deps: VerificationMailDeps,
) {
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  await deps.tasks.openTask({
    requestId: request.id,
    taskId: 'verification',
    kind: 'verification',
    taskToken: input.taskToken,
    openedAt: deps.clock.now().toISOString(),
    linksSent: 0,
    version: 1,
  });
  const task = await deps.tasks.getTask(request.id, 'verification');
  if (!task || task.taskToken !== input.taskToken)
    throw new Error('verification task was replaced meanwhile');
  await deps.requests.transition(request.id, {
    from: ['received'],
    to: 'awaiting_verification',
    actor: 'system:workflow',
    action: 'verification_requested',
  });
  if ((task.linksSent ?? 0) === 0) await mailLink(task, deps, 'verification');
}

export type ConfirmOutcome = 'verified' | 'invalid' | 'closed' | 'rate_limited';

async function isClosedRequest(requestId: string, deps: Pick<VerificationMailDeps, 'requests'>) {
  const request = await deps.requests.getRequest(requestId);
  return request !== undefined && TERMINAL_STATUSES.includes(request.status);
}

/**
 * A link of a request that has ended (completed, rejected, cancelled): `closed` to the holder of
 * its secret, `invalid` to anyone else, so the page tells no stranger how a request stands.
 * Undefined while the request is open. Reads only: a closed request's trail is not written to.
 */
export async function closedLinkAnswer(
  requestId: string,
  secret: string,
  deps: Pick<VerificationMailDeps, 'requests' | 'tasks'>,
): Promise<'closed' | 'invalid' | undefined> {
  if (!(await isClosedRequest(requestId, deps))) return undefined;
  return secretMatches(await deps.tasks.getTask(requestId, 'verification'), secret) ? 'closed' : 'invalid';
}

/**
 * The subject clicked "confirm" on the link page: completes the callback when the link holds.
 * Writes nothing for a request without a pending verification; a wrong secret writes only the
 * source's attempt counter, never anything on the request, so a stranger can neither lock it nor
 * fill its audit trail. A right secret that no longer works (used, expired) is audited.
 */
export async function confirmLink(
  attempt: LinkAttempt,
  secret: string,
  deps: VerifyIdentityDeps,
): Promise<ConfirmOutcome> {
  // After cancel or close a link confirms nothing: no verified mark, no event, no callback.
  const closed = await closedLinkAnswer(attempt.requestId, secret, deps);
  if (closed) return closed;
  const now = deps.clock.now();
  const pending = await deps.tasks.getTask(attempt.requestId, 'verification');
  if (!pending) return 'invalid';
  if (await sourceExhausted(attempt, now, deps)) return 'rate_limited';
  // Confirmations that arrive at once race for the task's version: the loser is judged again
  // on fresh state, where the link is already used.
  for (let round = 0; round < MAX_CONFLICT_ROUNDS; round++) {
    const task = round === 0 ? pending : await deps.tasks.getTask(attempt.requestId, 'verification');
    const check = checkLink(task, secret, now);
    if (!task || !check.ok) {
      // Only wrong guesses count: a source that clicks its own links is never slowed down.
      if (!check.ok && check.reason === 'wrong_secret' && !(await countAttempt(attempt, now, deps)))
        return 'rate_limited';
      // The holder of the right secret (a used or expired link) is audited; a guess never is.
      if (!check.ok && (check.reason === 'expired' || check.reason === 'already_used')) {
        await deps.requests.appendEvent(attempt.requestId, {
          at: now.toISOString(),
          actor: 'subject',
          action: 'verification_link_refused',
          detail: { reason: check.reason },
        });
      }
      return 'invalid';
    }
    // Single use: only the write that marks it completed may go on.
    if (!(await deps.tasks.updateTask(task, { completedAt: now.toISOString(), completedBy: 'subject' })))
      continue;
    return completeVerification(task, now, deps);
  }
  return 'invalid';
}

/** How often one confirmation is judged again after losing a write to a concurrent one. */
const MAX_CONFLICT_ROUNDS = 10;

async function completeVerification(
  task: WorkflowTask,
  now: Date,
  deps: VerifyIdentityDeps,
): Promise<ConfirmOutcome> {
  const { requestId } = task;
  try {
    await deps.completer.succeed(task.taskToken, {
      verified: true,
      method: 'email_link',
      verifiedAt: now.toISOString(),
    });
  } catch (error) {
    if (error instanceof TaskAlreadyCompletedError) return 'invalid';
    throw error;
  }
  await deps.requests.appendEvent(requestId, {
    at: now.toISOString(),
    actor: 'subject',
    action: 'identity_verified',
    detail: { method: 'email_link' },
  });
  return 'verified';
}

/** The subject asked for a new link. The answer does not say whether one was sent. */
export async function requestNewLink(
  attempt: LinkAttempt,
  deps: VerifyIdentityDeps,
): Promise<'answered' | 'rate_limited'> {
  if (await isClosedRequest(attempt.requestId, deps)) return 'answered';
  const now = deps.clock.now();
  const task = await deps.tasks.getTask(attempt.requestId, 'verification');
  if (!task) return 'answered';
  if (!(await countAttempt(attempt, now, deps))) return 'rate_limited';
  if (mayIssueNewLink(task, now).ok) await mailLink(task, deps, 'verification_reminder');
  return 'answered';
}

/**
 * The subject wrote to us from their own address (a reply that passed the mail checks): a fresh
 * link, whatever a stranger did with the link pages, unless a working one went out just now.
 */
export async function renewLinkOnReply(requestId: string, deps: VerificationMailDeps): Promise<boolean> {
  const task = await deps.tasks.getTask(requestId, 'verification');
  if (!task || !mayIssueNewLink(task, deps.clock.now()).ok) return false;
  return mailLink(task, deps, 'verification_reminder');
}
