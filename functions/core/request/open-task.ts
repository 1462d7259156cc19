import type { ConsentChoices } from '../consents/objection-balancing';
import type { Clock, RequestStore } from '../ports';
import { ACTIVE_STATUSES, type Status } from './request';
import type { TaskKind, TaskStore } from './workflow-tasks';

export interface OpenTaskInput {
  requestId: string;
  taskToken: string;
  taskId: string;
  kind: TaskKind;
  /** The status the request waits in, with its reason (e.g. awaiting_action / erasure_plan). */
  status: Status;
  reason?: string;
  /** What staff must do, without personal data. */
  instructions?: string;
  subject?: string;
  consentChoices?: ConsentChoices;
}

/**
 * Workflow step (callback) for work done by people: stores the task token where the console and
 * the command line find it, and shows the request as waiting. Staff complete it with SendTaskSuccess.
 */
export async function openWorkflowTask(
  input: OpenTaskInput,
  deps: { requests: RequestStore; tasks: TaskStore; clock: Clock },
) {
  await deps.tasks.openTask({
    requestId: input.requestId,
    taskId: input.taskId,
    kind: input.kind,
    taskToken: input.taskToken,
    openedAt: deps.clock.now().toISOString(),
    ...(input.instructions ? { instructions: input.instructions } : {}),
    ...(input.subject ? { subject: input.subject } : {}),
    ...(input.consentChoices ? { consentChoices: input.consentChoices } : {}),
    version: 1,
  });
  await deps.requests.transition(input.requestId, {
    from: ACTIVE_STATUSES,
    to: input.status,
    reason: input.reason,
    actor: 'system:workflow',
    action: `task_opened:${input.taskId}`,
  });
}
