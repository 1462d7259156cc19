import type { Status } from '../request/request';
import { event, result, type StaffRequest } from './action-support';
import type { ActionResult, StaffActionDeps } from './staff-actions';

/**
 * A failed request runs again: from the step its status says it failed in, under a new execution
 * name.
 */

/** Where a retried request resumes; the workflow's first state routes on it. */
export type ResumeFrom = 'VerifyIdentity' | 'Assess' | 'Replan' | 'Reply';

/** The step to resume a failed request at, from the status it had when the step failed. */
export function resumePointFor(
  failedFrom: Status | undefined,
  reviewDone: boolean,
): { resumeFrom: ResumeFrom; status: Status } {
  switch (failedFrom) {
    case undefined:
    case 'received':
    case 'awaiting_verification':
      return { resumeFrom: 'VerifyIdentity', status: 'received' };
    case 'awaiting_review':
      return reviewDone
        ? { resumeFrom: 'Replan', status: 'collecting' }
        : { resumeFrom: 'Assess', status: 'awaiting_review' };
    case 'replying':
      return { resumeFrom: 'Reply', status: 'replying' };
    default:
      return { resumeFrom: 'Replan', status: 'collecting' };
  }
}

export const executionNameOf = (request: StaffRequest) =>
  request.retryCount ? `${request.id}-retry-${request.retryCount}` : request.id;

export async function retry(
  request: StaffRequest,
  actor: string,
  deps: StaffActionDeps,
): Promise<ActionResult> {
  const events = await deps.requests.listEvents(request.id);
  const failure = events
    .filter((e) => e.toStatus === 'failed')
    .sort((a, b) => a.at.localeCompare(b.at))
    .pop();
  const review = await deps.tasks.getTask(request.id, 'review');
  const point = resumePointFor(failure?.fromStatus, Boolean(review?.completedAt));
  const attempt = (request.retryCount ?? 0) + 1;
  const name = `${request.id}-retry-${attempt}`;
  const original = await deps.executions.inputOf(executionNameOf(request)).catch(() => undefined);
  const config = (original?.config as Record<string, unknown> | undefined) ?? deps.defaultWorkflowConfig;
  const updated = await deps.staff.updateRequest(
    request,
    { status: point.status, statusReason: null, retryCount: attempt },
    {
      ...event(actor, 'retry_started', deps.clock.now(), {
        resumeFrom: point.resumeFrom,
        execution: name,
        ...(failure?.detail?.error ? { failedWith: failure.detail.error } : {}),
      }),
      fromStatus: 'failed',
      toStatus: point.status,
    },
  );
  await deps.executions.start(name, { requestId: request.id, resumeFrom: point.resumeFrom, config });
  return result(updated);
}
