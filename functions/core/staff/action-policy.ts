import { mayRevokePackageLink } from '../access-package/package-link';
import type { CalendarDate } from '../calendar/calendar-date';
import { dueDateFor } from '../calendar/deadlines';
import type { CompanyDaysOff } from '../calendar/swedish-calendar';
import { ConflictError } from '../errors';
import type { AttentionItem } from '../request/attention';
import { type DsrRequest, type Status, TERMINAL_STATUSES } from '../request/request';
import type { TaskKind, WorkflowTask } from '../request/workflow-tasks';
import { isSubjectUnnamed } from './name-subject';
import type { StaffActionName } from './staff-action-input';

/**
 * Which staff actions a request allows in its current state: one table that both the console's
 * offered actions (`staff-views.ts`) and the core's check when an action arrives
 * (`staff-actions.ts`) read, so the console never offers what the core then refuses. What an
 * action's payload must hold (a reason, a known request type) is checked by the action itself.
 */

/** What the rules read of a request and of the records beside it. */
export interface ActionState {
  id: string;
  status: Status;
  /** The clock stands still while staff wait for the requester's answer. */
  paused: boolean;
  /** The deadline was extended (Art. 12(3) allows it once). */
  extended: boolean;
  /** Today in Stockholm. */
  today: CalendarDate;
  /** The end of the first month: an extension must be decided by then (Art. 12(3)). */
  firstMonthEnds: CalendarDate;
  /** A representative wrote without the subject's address: staff must name the subject first. */
  subjectUnnamed: boolean;
  /** The request's workflow tasks, completed ones included. */
  tasks: readonly Pick<WorkflowTask, 'kind' | 'completedAt' | 'completedBy'>[];
  /** Replies from the requester staff have not marked handled. */
  repliesWaiting: boolean;
  /** One of them asks for something beyond the request (a request of its own). */
  replyAsksForMore: boolean;
  /** An access package's download link is out and still works. */
  packageLinkOut: boolean;
}

/** Undefined when the action is allowed, else why not (the refusal's message). */
type Rule = (state: ActionState) => string | undefined;

/** Statuses in which the request still changes before staff approve it (types, the review). */
const BEFORE_APPROVAL: readonly Status[] = ['triage', 'received', 'awaiting_verification', 'awaiting_review'];
/** Statuses in which a question to the requester makes sense: before approval, or while staff work. */
const QUESTIONS_ASKED: readonly Status[] = [
  'triage',
  'awaiting_verification',
  'awaiting_review',
  'collecting',
  'awaiting_action',
];

const closed = (s: ActionState) => TERMINAL_STATUSES.includes(s.status);

/** Undefined while a task of the kind waits; else whether a colleague was faster or there is none. */
function missingTask(s: ActionState, kind: TaskKind): string | undefined {
  const tasks = s.tasks.filter((t) => t.kind === kind);
  if (tasks.some((t) => !t.completedAt)) return undefined;
  const done = tasks.find((t) => t.completedAt);
  return done
    ? `this task was already completed by ${done.completedBy ?? 'someone'}`
    : `request ${s.id} has no open task for this action`;
}
const statusRefusal = (s: ActionState, what: string) => `cannot ${what}: request ${s.id} is ${s.status}`;

/** The review decision: a triage item becomes a request, or the workflow's review task is decided. */
function reviewDecision(s: ActionState, what: string, unnamedAllowed: boolean): string | undefined {
  if (s.status === 'triage') {
    return s.subjectUnnamed && !unnamedAllowed
      ? 'name the person the request is for first: it was made on their behalf'
      : undefined;
  }
  if (s.status !== 'awaiting_review') return statusRefusal(s, what);
  return missingTask(s, 'review');
}

/** A decision on a task the workflow waits for while the request awaits staff action. */
function taskDecision(s: ActionState, kind: TaskKind, what: string): string | undefined {
  if (s.status !== 'awaiting_action') return statusRefusal(s, what);
  return missingTask(s, kind);
}

export const ACTION_POLICY: Record<StaffActionName, Rule> = {
  'name-subject': (s) =>
    s.status === 'triage' && s.subjectUnnamed
      ? undefined
      : `request ${s.id} is not waiting for its subject to be named`,
  approve: (s) => reviewDecision(s, 'approve', false),
  reject: (s) => reviewDecision(s, 'reject', true),
  reclassify: (s) =>
    BEFORE_APPROVAL.includes(s.status) ? undefined : statusRefusal(s, 'reclassify (only before approval)'),
  'approve-erasure-plan': (s) => taskDecision(s, 'erasure_plan', 'decide on the erasure plan'),
  'reject-erasure-plan': (s) => taskDecision(s, 'erasure_plan', 'decide on the erasure plan'),
  'complete-task': (s) => taskDecision(s, 'manual', 'complete a task'),
  'more-info': (s) =>
    QUESTIONS_ASKED.includes(s.status) ? undefined : statusRefusal(s, 'ask for more information'),
  resume: (s) => (s.paused && !closed(s) ? undefined : `request ${s.id} is not waiting for the subject`),
  extend: (s) => {
    if (closed(s) || s.status === 'failed') return statusRefusal(s, 'extend');
    if (s.extended) return 'the deadline was already extended once';
    if (s.today > s.firstMonthEnds)
      return `an extension must be decided and told within the first month (by ${s.firstMonthEnds})`;
    return undefined;
  },
  retry: (s) => (s.status === 'failed' ? undefined : statusRefusal(s, 'retry')),
  cancel: (s) => (closed(s) ? `request ${s.id} is already ${s.status}` : undefined),
  'resolve-attention': (s) =>
    s.repliesWaiting ? undefined : `request ${s.id} has no reply waiting for staff`,
  'open-related': (s) =>
    s.replyAsksForMore ? undefined : `request ${s.id} has no reply asking for more waiting`,
  'revoke-link': (s) =>
    s.packageLinkOut ? undefined : `request ${s.id} has no working package link to revoke`,
};

/** The actions in the table's order: the order the console shows them in. */
// Pure: a bundle that only reads the console's views keeps none of the rules it does not call.
export const STAFF_ACTION_NAMES = /* @__PURE__ */ Object.keys(ACTION_POLICY) as StaffActionName[];

export function isStaffActionName(name: string): name is StaffActionName {
  return Object.hasOwn(ACTION_POLICY, name);
}

/** The actions a request in this state allows: what the console offers. */
export function allowedActions(state: ActionState): StaffActionName[] {
  return STAFF_ACTION_NAMES.filter((action) => ACTION_POLICY[action](state) === undefined);
}

/** Refuses an action the state does not allow, with the table's reason (a 409 at the edge). */
export function requireAllowed(action: StaffActionName, state: ActionState): void {
  const refusal = ACTION_POLICY[action](state);
  if (refusal !== undefined) throw new ConflictError(refusal);
}

/** The records beside a request the rules read; each may be left out when not at hand. */
export interface ActionFacts {
  tasks: readonly WorkflowTask[];
  /** Today in Stockholm. */
  today: CalendarDate;
  daysOff?: CompanyDaysOff;
  replies?: readonly Pick<AttentionItem, 'kind' | 'types' | 'resolvedAt'>[];
  events?: readonly { action: string }[];
}

export function actionStateOf(request: DsrRequest, facts: ActionFacts): ActionState {
  const waiting = (facts.replies ?? []).filter((r) => !r.resolvedAt);
  return {
    id: request.id,
    status: request.status,
    paused: Boolean(request.pausedSince),
    extended: Boolean(request.extendedAt),
    today: facts.today,
    firstMonthEnds: dueDateFor(request.receivedAt, facts.daysOff),
    subjectUnnamed: isSubjectUnnamed(request),
    tasks: facts.tasks,
    repliesWaiting: waiting.length > 0,
    replyAsksForMore: waiting.some((r) => r.kind === 'asked_for_more' && (r.types?.length ?? 0) > 0),
    packageLinkOut: mayRevokePackageLink(request, facts.events ?? []),
  };
}
