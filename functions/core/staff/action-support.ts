import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { needsExplanation } from '../replies/refusals';
import { REJECTION_REASONS, type RejectionReason } from '../replies/template-packs';
import type { AuditEvent, DsrRequest, Status } from '../request/request';
import { TaskAlreadyCompletedError, type WorkflowTask } from '../request/workflow-tasks';
import type { ActionResult, StaffActionDeps } from './staff-actions';

/**
 * What the staff actions share: loading the request, the answer, audit events, staff's notes,
 * completing a callback task.
 */

export type StaffRequest = DsrRequest & { extensionReason?: string; retryCount?: number };

export const result = (r: DsrRequest): ActionResult => ({
  requestId: r.id,
  status: r.status,
  ...(r.statusReason ? { statusReason: r.statusReason } : {}),
  dueAt: r.dueAt,
  ...(r.pausedSince ? { pausedSince: r.pausedSince } : {}),
});

export async function load(
  requestId: string,
  deps: Pick<StaffActionDeps, 'requests'>,
): Promise<StaffRequest> {
  const request = await deps.requests.getRequest(requestId);
  if (!request) throw new NotFoundError(`request ${requestId} not found`);
  return request;
}

/** Staff's free text on a decision: kept in the trail, quoted to the requester only when staff choose. */
export interface StaffNote {
  text: string;
  quoted: boolean;
}

export function staffNote(text: string | undefined, quote: boolean | undefined): StaffNote | undefined {
  const trimmed = text?.trim();
  return trimmed ? { text: trimmed, quoted: quote === true } : undefined;
}

export const noteDetail = (note: StaffNote | undefined) =>
  note ? { note: note.text, quoted: note.quoted } : {};

export function event(actor: string, action: string, at: Date, detail?: Record<string, unknown>): AuditEvent {
  return { at: at.toISOString(), actor, action, ...(detail ? { detail } : {}) };
}

/**
 * Completes a callback task once: the conditional `completedAt` write lets only one click through,
 * then Step Functions gets the decision. The status change is best effort: the workflow moves the
 * request on by itself and may already have done so.
 */
export async function completeTask(
  request: StaffRequest,
  task: WorkflowTask | undefined,
  output: Record<string, unknown>,
  actor: string,
  decision: {
    action: string;
    detail?: Record<string, unknown>;
    next?: { from: Status; to: Status; reason?: string };
  },
  deps: StaffActionDeps,
): Promise<ActionResult> {
  if (!task) throw new ConflictError(`request ${request.id} has no open task for this action`);
  if (task.completedAt)
    throw new ConflictError(`this task was already completed by ${task.completedBy ?? 'someone'}`);
  const now = deps.clock.now();
  if (!(await deps.tasks.updateTask(task, { completedAt: now.toISOString(), completedBy: actor }))) {
    throw new ConflictError('someone else completed this task at the same moment');
  }
  try {
    await deps.completer.succeed(task.taskToken, output);
  } catch (error) {
    if (error instanceof TaskAlreadyCompletedError) {
      throw new ConflictError('the workflow no longer waits for this task: retry or cancel the request', {
        cause: error,
      });
    }
    throw error;
  }
  await deps.requests.appendEvent(
    request.id,
    event(actor, decision.action, now, { taskId: task.taskId, ...decision.detail }),
  );
  // Other tasks still open (parallel store tasks): the request keeps waiting for staff.
  const othersOpen = (await deps.tasks.listTasks(request.id)).some(
    (t) => t.taskId !== task.taskId && t.kind !== 'verification' && !t.completedAt,
  );
  if (decision.next && !othersOpen) {
    try {
      const next = decision.next;
      return result(
        await deps.requests.transition(request.id, {
          from: [next.from],
          to: next.to,
          reason: next.reason,
          actor,
          action: decision.action,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error; // the workflow was faster
    }
  }
  return result(await load(request.id, deps));
}

/** A known reason; one on the merits only with staff's explanation, which the trail keeps (Art. 12(4), (5)). */
export function rejectionReason(reason: string, note: StaffNote | undefined): RejectionReason {
  if (!(REJECTION_REASONS as readonly string[]).includes(reason)) {
    throw new ValidationError(`reason must be one of ${REJECTION_REASONS.join(', ')}`, { reason: 'invalid' });
  }
  if (needsExplanation(reason as RejectionReason) && !note) {
    throw new ValidationError(`a refusal as ${reason} needs your explanation in detail`, {
      detail: 'required',
    });
  }
  if (note && note.text.length > MAX_DETAIL) {
    throw new ValidationError(`the explanation must be at most ${MAX_DETAIL} characters`, {
      detail: 'invalid',
    });
  }
  return reason as RejectionReason;
}

export const MAX_DETAIL = 2000;
