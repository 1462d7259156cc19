import { NotFoundError } from './errors';
import type { Clock, RequestStore } from './ports';
import { TERMINAL_STATUSES } from './request';
import { type SendReplyDeps, sendReply } from './send-reply';
import {
  checkLink,
  mayIssueNewLink,
  newLinkSecret,
  secretMatches,
  VERIFICATION_LIMITS,
  verificationUrl,
} from './verification';
import {
  TaskAlreadyCompletedError,
  type TaskCompleter,
  type TaskStore,
  type WorkflowTask,
} from './workflow-tasks';

/** What mailing a link needs; confirming one also completes the workflow's task. */
export interface VerificationMailDeps extends SendReplyDeps {
  requests: RequestStore;
  tasks: TaskStore;
  clock: Clock;
  publicBaseUrl: string;
}

export interface VerifyIdentityDeps extends VerificationMailDeps {
  completer: TaskCompleter;
}

async function mailLink(
  task: WorkflowTask,
  deps: VerificationMailDeps,
  template: 'verification' | 'verification_reminder',
) {
  const { secret, secretHash } = newLinkSecret();
  const now = deps.clock.now();
  const linkExpiresAt = new Date(now.getTime() + VERIFICATION_LIMITS.linkTtlMs).toISOString();
  const linksSent = (task.linksSent ?? 0) + 1;
  const stored = await deps.tasks.updateTask(task, {
    secretHash,
    linkExpiresAt,
    linksSent,
    lastLinkAt: now.toISOString(),
    failedAttempts: 0,
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
    failedAttempts: 0,
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

export type ConfirmOutcome = 'verified' | 'invalid' | 'closed';

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

/** The subject clicked "confirm" on the link page: completes the callback when the link holds. */
export async function confirmLink(
  requestId: string,
  secret: string,
  deps: VerifyIdentityDeps,
): Promise<ConfirmOutcome> {
  // After cancel or close a link confirms nothing: no verified mark, no event, no callback.
  const closed = await closedLinkAnswer(requestId, secret, deps);
  if (closed) return closed;
  const now = deps.clock.now();
  // Guesses that arrive at once race for the task's version: a write that lost is judged again
  // on fresh state, so every wrong guess is counted before it is answered and the lock holds.
  for (let round = 0; round < MAX_CONFLICT_ROUNDS; round++) {
    const task = await deps.tasks.getTask(requestId, 'verification');
    const check = checkLink(task, secret, now);
    if (task && !check.ok && check.reason === 'wrong_secret') {
      if (!(await deps.tasks.updateTask(task, { failedAttempts: (task.failedAttempts ?? 0) + 1 }))) continue;
    }
    if (!task || !check.ok) {
      await deps.requests
        .appendEvent(requestId, {
          at: now.toISOString(),
          actor: 'subject',
          action: 'verification_link_refused',
          detail: { reason: check.ok ? 'unknown' : check.reason },
        })
        .catch(() => undefined); // an unknown request id has no audit trail to write to
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
export async function requestNewLink(requestId: string, deps: VerifyIdentityDeps): Promise<void> {
  if (await isClosedRequest(requestId, deps)) return;
  const task = await deps.tasks.getTask(requestId, 'verification');
  const decision = mayIssueNewLink(task, deps.clock.now());
  if (!task || !decision.ok) return;
  await mailLink(task, deps, 'verification_reminder');
}
