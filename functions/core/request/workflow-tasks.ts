import type { ConsentChoices } from '../consents/objection-balancing';

/**
 * Callback tasks: a workflow step that waits for a person (the subject clicking a link, staff
 * deciding) keeps its task token here as a `TASK#<kind>` item, so the same SendTaskSuccess /
 * SendTaskFailure contract works on AWS and locally, and a waiting request survives restarts.
 */
export const TASK_KINDS = ['verification', 'review', 'erasure_plan', 'manual'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface WorkflowTask {
  requestId: string;
  /** Unique within the request, the item's sort key `TASK#<taskId>`: e.g. `review`, `manual:file-share`. */
  taskId: string;
  kind: TaskKind;
  taskToken: string;
  openedAt: string;
  /** Verification: SHA-256 of the link secret (the secret itself is only in the mail). */
  secretHash?: string;
  /** Verification: when the current link stops working (ISO instant). */
  linkExpiresAt?: string;
  linksSent?: number;
  lastLinkAt?: string;
  /** Manual tasks: what staff must do (no personal data), e.g. a store's instructions. */
  instructions?: string;
  /** Manual tasks: the data map store or the branch the task belongs to. */
  subject?: string;
  /** The consent task: the consents and purposes staff choose from. */
  consentChoices?: ConsentChoices;
  completedAt?: string;
  completedBy?: string;
  version: number;
}

export interface TaskStore {
  /** Opens (or re-opens for a new token) the task of a kind; returns false when this token is already stored. */
  openTask(task: WorkflowTask): Promise<boolean>;
  getTask(requestId: string, taskId: string): Promise<WorkflowTask | undefined>;
  listTasks(requestId: string): Promise<WorkflowTask[]>;
  /** Writes `changes` when the stored version is `expectedVersion`; false when someone else won. */
  updateTask(task: WorkflowTask, changes: Partial<WorkflowTask>): Promise<boolean>;
}

/** Completes callback tasks: Step Functions' SendTaskSuccess / SendTaskFailure. */
export interface TaskCompleter {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

export class TaskAlreadyCompletedError extends Error {
  override name = 'TaskAlreadyCompletedError';
}
