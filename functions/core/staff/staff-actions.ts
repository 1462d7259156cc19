import { revokePackageLink } from '../access-package/package-link';
import { localDateOf } from '../calendar/calendar-date';
import { dueDateAfter, dueDateFor } from '../calendar/deadlines';
import { mayPauseClock, resumedClock } from '../calendar/request-clock';
import type { CompanyDaysOff } from '../calendar/swedish-calendar';
import type { ConsentLedger } from '../consents/consents';
import type { DataMap } from '../datamap';
import { ConflictError, ValidationError } from '../errors';
import type { RequestStore, WorkflowStarter } from '../ports';
import type { CorrectionsStore } from '../rectification/apply-corrections';
import { type SendReplyDeps, sendReply } from '../replies/send-reply';
import type { ObjectStore } from '../request/artefacts';
import type { AttentionStore } from '../request/attention';
import { type DsrRequest, REQUEST_TYPES, type RequestType, type Status } from '../request/request';
import { newRequestId } from '../request/request-id';
import type { TaskCompleter, TaskStore } from '../request/workflow-tasks';
import { type ActionState, actionStateOf, requireAllowed } from './action-policy';
import {
  completeTask,
  event,
  load,
  noteDetail,
  rejectionReason,
  result,
  type StaffNote,
  type StaffRequest,
  staffNote,
} from './action-support';
import { completeManualTask } from './manual-tasks';
import { nameSubject, type SubjectNaming } from './name-subject';
import { executionNameOf, retry } from './retry-request';
import { actorOf, type StaffMember } from './staff-access';
import type { StaffAction, StaffActionName } from './staff-action-input';
import type { ExecutionControl, StaffStore } from './staff-ports';

/**
 * What privacy staff do to a request. Each action checks the request's state, writes with a
 * condition (a double click or a colleague acting at the same moment gets a ConflictError),
 * leaves an audit event naming the staff member, and answers with the request's new status.
 */

export interface StaffActionDeps extends SendReplyDeps {
  requests: RequestStore;
  staff: StaffStore;
  tasks: TaskStore;
  completer: TaskCompleter;
  workflow: WorkflowStarter;
  executions: ExecutionControl;
  /** Workflow settings a retry passes on when the original execution's input is gone. */
  defaultWorkflowConfig: Record<string, unknown>;
  /** The consent ledger, read for the request page. */
  consents?: Pick<ConsentLedger, 'current' | 'history'>;
  /** Where confirmed corrections wait for the workflow, and the data map they name stores of. */
  corrections?: { store: CorrectionsStore; dataMap: DataMap };
  /** Replies waiting for staff to read them. */
  attention?: AttentionStore;
  /** The company's own days off, beyond the public holidays every deadline already skips. */
  daysOff?: CompanyDaysOff;
  /** Turns an address staff name into its subject key (a representative's request). */
  subjectKeys?: SubjectNaming['subjectKeys'];
  /** Where what staff found in a manual store is kept for the package (`manual-findings.ts`). */
  manualFindings?: Pick<ObjectStore, 'put'>;
}

export interface ActionResult {
  requestId: string;
  status: Status;
  statusReason?: string;
  dueAt: string;
  pausedSince?: string;
  /** A request this action opened, following this one. */
  openedRequestId?: string;
}

export async function performAction(
  requestId: string,
  input: StaffAction,
  staff: StaffMember,
  deps: StaffActionDeps,
): Promise<ActionResult> {
  const request = await load(requestId, deps);
  requireAllowed(input.action, await actionStateFor(request, input.action, deps));
  const actor = actorOf(staff);
  switch (input.action) {
    case 'approve':
      return approve(request, actor, deps);
    case 'reject':
      return reject(request, input.reason, staffNote(input.detail, input.quote), actor, deps);
    case 'reclassify':
      return reclassify(request, input.types, actor, deps);
    case 'more-info':
      return askForMoreInfo(request, input.question, actor, deps);
    case 'resume':
      return result(await resumeClock(request, actor, deps));
    case 'extend':
      return extend(request, input.months, input.reason, actor, deps);
    case 'approve-erasure-plan':
      return decideErasurePlan(request, { decision: 'approve' }, actor, deps);
    case 'reject-erasure-plan':
      return decideErasurePlan(
        request,
        { decision: 'reject', reason: input.reason, note: staffNote(input.detail, input.quote) },
        actor,
        deps,
      );
    case 'complete-task':
      return completeManualTask(request, input.taskId, input.output, actor, deps);
    case 'retry':
      return retry(request, actor, deps);
    case 'cancel':
      return cancel(request, staffNote(input.reason, input.quote), actor, deps);
    case 'resolve-attention':
      return resolveAttention(request, input.attentionId, actor, deps);
    case 'open-related':
      return openRelated(request, input.attentionId, actor, deps);
    case 'name-subject':
      return result(await nameSubject(request, input.email, actor, deps));
    case 'revoke-link':
      return result(await revokePackageLink(request, input.reason, actor, deps));
  }
}

/** The request's state as the action policy reads it; replies and events only for the actions that need them. */
async function actionStateFor(
  request: StaffRequest,
  action: StaffActionName,
  deps: StaffActionDeps,
): Promise<ActionState> {
  const needsReplies = action === 'resolve-attention' || action === 'open-related';
  const [tasks, replies, events] = await Promise.all([
    deps.tasks.listTasks(request.id),
    needsReplies ? deps.attention?.listFor(request.id) : undefined,
    action === 'revoke-link' ? deps.requests.listEvents(request.id) : undefined,
  ]);
  return actionStateOf(request, {
    tasks,
    today: localDateOf(deps.clock.now()),
    daysOff: deps.daysOff,
    ...(replies ? { replies } : {}),
    ...(events ? { events } : {}),
  });
}

/**
 * What a reply asked for beyond its request becomes a request of its own, following the first:
 * its deadline runs from the reply's receipt, its workflow acknowledges it. The reply is then handled.
 */
async function openRelated(
  request: StaffRequest,
  attentionId: string,
  actor: string,
  deps: StaffActionDeps,
): Promise<ActionResult> {
  if (!deps.attention) throw new ConflictError('replies cannot be handled here');
  const item = (await deps.attention.listFor(request.id)).find((a) => a.attentionId === attentionId);
  if (!item || item.resolvedAt) throw new ConflictError(`request ${request.id} has no such reply waiting`);
  if (item.kind !== 'asked_for_more' || !item.types?.length) {
    throw new ConflictError('this reply asks for nothing beyond its request');
  }
  const now = deps.clock.now();
  const fresh = newRequestId(now);
  // Recorded first: a retry after a failure further on finishes the same request, never a second.
  const id = (await deps.attention.markOpened(request.id, attentionId, fresh)) ?? fresh;
  const opened: DsrRequest = {
    id,
    status: 'received',
    channel: request.channel,
    types: REQUEST_TYPES.filter((t) => item.types?.includes(t)),
    language: request.language,
    subjectEmail: request.subjectEmail,
    subjectKey: request.subjectKey,
    receivedAt: item.at,
    dueAt: dueDateFor(item.at, deps.daysOff),
    ...(item.rawRef ? { rawRef: item.rawRef } : {}),
    ...(item.verdicts ? { verdicts: item.verdicts } : {}),
    relatedTo: request.id,
    version: 1,
  };
  await deps.requests.putRequest(opened, {
    ...event(actor, 'request_received', now, {
      channel: opened.channel,
      relatedTo: request.id,
      openedFrom: 'reply',
      attentionId,
    }),
    toStatus: 'received',
  });
  await deps.workflow.start(id, { requestId: id, config: deps.defaultWorkflowConfig });
  if (await deps.attention.resolve(request.id, attentionId, actor, now)) {
    await deps.requests.appendEvent(
      request.id,
      event(actor, 'related_request_opened', now, { requestId: id, types: opened.types, via: 'staff' }),
    );
  }
  return { ...result(request), openedRequestId: id };
}

/** Marks a requester's reply handled (one, or all of the request's): it leaves the queue. */
async function resolveAttention(
  request: StaffRequest,
  attentionId: string | undefined,
  actor: string,
  deps: StaffActionDeps,
): Promise<ActionResult> {
  if (!deps.attention) throw new ConflictError('replies cannot be marked handled here');
  const open = (await deps.attention.listFor(request.id)).filter(
    (a) => !a.resolvedAt && (!attentionId || a.attentionId === attentionId),
  );
  if (open.length === 0) throw new ConflictError(`request ${request.id} has no reply waiting for staff`);
  const now = deps.clock.now();
  for (const item of open) {
    if (!(await deps.attention.resolve(request.id, item.attentionId, actor, now))) continue;
    await deps.requests.appendEvent(
      request.id,
      event(actor, 'attention_resolved', now, {
        attentionId: item.attentionId,
        kind: item.kind,
        ...(item.types ? { types: item.types } : {}),
      }),
    );
  }
  return result(request);
}

/** A paused clock restarts: the due date moves by the whole days it stood still. */
async function resumeClock(
  request: StaffRequest,
  actor: string,
  deps: StaffActionDeps,
): Promise<StaffRequest> {
  const now = deps.clock.now();
  const { dueAt, pausedDays, thisPause } = resumedClock(request, now, deps.daysOff);
  return deps.staff.updateRequest(
    request,
    { pausedSince: null, dueAt, pausedDays },
    event(actor, 'clock_resumed', now, { pausedDays: thisPause, previousDueAt: request.dueAt, dueAt }),
  );
}

async function approve(request: StaffRequest, actor: string, deps: StaffActionDeps): Promise<ActionResult> {
  const current = request.pausedSince ? await resumeClock(request, actor, deps) : request;
  if (current.status === 'triage') {
    // A triage item becomes a request: its workflow starts now.
    if (current.types.length === 0)
      throw new ValidationError('reclassify the request first: it has no request type', {
        types: 'required',
      });
    const started = await deps.requests.transition(current.id, {
      from: ['triage'],
      to: 'received',
      actor,
      action: 'triage_accepted',
      detail: { types: current.types },
    });
    await deps.workflow.start(current.id, { requestId: current.id, config: deps.defaultWorkflowConfig });
    return result(started);
  }
  const task = await deps.tasks.getTask(current.id, 'review');
  return completeTask(
    current,
    task,
    { decision: 'approve' },
    actor,
    {
      action: 'review_approved',
      detail: { types: current.types },
      next: { from: 'awaiting_review', to: 'collecting' },
    },
    deps,
  );
}

async function reject(
  request: StaffRequest,
  reasonInput: string,
  note: StaffNote | undefined,
  actor: string,
  deps: StaffActionDeps,
): Promise<ActionResult> {
  const reason = rejectionReason(reasonInput, note);
  if (request.status === 'triage') {
    // No workflow runs for a triage item: it is closed here, and the sender told why (Art. 12(4)).
    const rejected = await deps.requests.transition(request.id, {
      from: ['triage'],
      to: 'rejected',
      reason,
      actor,
      action: 'triage_rejected',
      detail: { reason, ...noteDetail(note) },
    });
    await sendReply(
      {
        requestId: request.id,
        template: 'rejection',
        vars: { rejectionReason: reason, ...(note?.quoted ? { rejectionDetail: note.text } : {}) },
      },
      deps,
    );
    return result(rejected);
  }
  const task = await deps.tasks.getTask(request.id, 'review');
  return completeTask(
    request,
    task,
    // The workflow mails the notice; it quotes `detail` only when it is there.
    { decision: 'reject', reason, ...(note?.quoted ? { detail: note.text } : {}) },
    actor,
    {
      action: 'review_rejected',
      detail: { reason, ...noteDetail(note) },
      next: { from: 'awaiting_review', to: 'rejected', reason },
    },
    deps,
  );
}

async function reclassify(request: StaffRequest, types: RequestType[], actor: string, deps: StaffActionDeps) {
  const unique = [...new Set(types)];
  if (unique.length === 0 || unique.some((t) => !REQUEST_TYPES.includes(t))) {
    throw new ValidationError(`types must be some of ${REQUEST_TYPES.join(', ')}`, { types: 'invalid' });
  }
  // Access first, then the rest in the workflow's order (ARCHITECTURE.md §1).
  const ordered = REQUEST_TYPES.filter((t) => unique.includes(t));
  const updated = await deps.staff.updateRequest(
    request,
    { types: ordered },
    event(actor, 'reclassified', deps.clock.now(), { from: request.types, to: ordered }),
  );
  return result(updated);
}

const MAX_QUESTION = 2000;

async function askForMoreInfo(request: StaffRequest, question: string, actor: string, deps: StaffActionDeps) {
  const text = question.trim();
  if (!text || text.length > MAX_QUESTION) {
    throw new ValidationError(`the question must be 1 to ${MAX_QUESTION} characters`, {
      question: 'invalid',
    });
  }
  const now = deps.clock.now();
  const asked = ((request as StaffRequest & { questionsAsked?: number }).questionsAsked ?? 0) + 1;
  // Only a question needed to identify the person or understand the request stops the clock
  // (Art. 12(6)); once staff approved the request, the answer is awaited on the running clock.
  const pauses = !request.pausedSince && mayPauseClock(request);
  const updated = await deps.staff.updateRequest(
    request,
    { ...(pauses ? { pausedSince: now.toISOString() } : {}), questionsAsked: asked },
    event(actor, 'more_info_requested', now, { question: asked, clockPaused: pauses }),
  );
  await sendReply(
    {
      requestId: request.id,
      template: 'needs_more_info',
      vars: { question: text },
      dedupeKey: `question-${asked}`,
    },
    deps,
  );
  return result(updated);
}

const MAX_REASON = 1000;

async function extend(
  request: StaffRequest,
  months: 1 | 2,
  reasonInput: string,
  actor: string,
  deps: StaffActionDeps,
) {
  if (months !== 1 && months !== 2)
    throw new ValidationError('an extension is one or two months', { months: 'invalid' });
  const reason = reasonInput.trim();
  if (!reason || reason.length > MAX_REASON) {
    throw new ValidationError(`a reason of 1 to ${MAX_REASON} characters is required`, { reason: 'invalid' });
  }
  const now = deps.clock.now();
  // Days the clock stood still so far stay added, counted from the unmoved date: one roll-over only.
  const dueAt = dueDateAfter(
    request.receivedAt,
    { extensionMonths: months, pausedDays: request.pausedDays },
    deps.daysOff,
  );
  const updated = await deps.staff.updateRequest(
    request,
    { dueAt, extendedAt: now.toISOString(), extensionMonths: months, extensionReason: reason },
    event(actor, 'deadline_extended', now, { months, previousDueAt: request.dueAt, dueAt }),
  );
  await sendReply(
    {
      requestId: request.id,
      template: 'extension',
      vars: { previousDueDate: request.dueAt, extensionReason: reason },
      dedupeKey: 'extension',
    },
    deps,
  );
  return result(updated);
}

async function decideErasurePlan(
  request: StaffRequest,
  output: { decision: 'approve' } | { decision: 'reject'; reason: string; note?: StaffNote | undefined },
  actor: string,
  deps: StaffActionDeps,
): Promise<ActionResult> {
  const task = await deps.tasks.getTask(request.id, 'erasure_plan');
  if (output.decision === 'reject') {
    const { note } = output;
    const reason = rejectionReason(output.reason, note);
    return completeTask(
      request,
      task,
      // The workflow mails the notice; it quotes `detail` only when it is there.
      { decision: 'reject', reason, ...(note?.quoted ? { detail: note.text } : {}) },
      actor,
      {
        action: 'erasure_plan_rejected',
        detail: { reason, ...noteDetail(note) },
        next: { from: 'awaiting_action', to: 'rejected', reason },
      },
      deps,
    );
  }
  return completeTask(
    request,
    task,
    { decision: 'approve' },
    actor,
    {
      action: 'erasure_plan_approved',
      next: { from: 'awaiting_action', to: 'executing' },
    },
    deps,
  );
}

/**
 * Stops the workflow and closes the request; the requester is told it was closed, why when staff
 * choose to quote their reason, and where to complain (Art. 12(4)).
 */
async function cancel(
  request: StaffRequest,
  note: StaffNote | undefined,
  actor: string,
  deps: StaffActionDeps,
) {
  if (request.status !== 'triage') await deps.executions.stop(executionNameOf(request), 'cancelled by staff');
  const updated = await deps.requests.transition(request.id, {
    from: [request.status],
    to: 'cancelled',
    reason: 'cancelled_by_staff',
    actor,
    action: 'cancelled',
    ...(note ? { detail: noteDetail(note) } : {}),
  });
  await sendReply(
    {
      requestId: request.id,
      template: 'cancellation',
      vars: note?.quoted ? { rejectionDetail: note.text } : {},
    },
    deps,
  );
  return result(updated);
}
