import { addDays, type CalendarDate, daysUntil, localDateOf } from '../calendar/calendar-date';
import { DUE_SOON_DAYS } from '../calendar/deadline-digest';
import type { CompanyDaysOff } from '../calendar/swedish-calendar';
import {
  type ConsentLedger,
  type ConsentState,
  isSubjectKey,
  type RecordedConsentChange,
} from '../consents/consents';
import { threadedMailLabel } from '../intake/thread-sender';
import type { Clock, RequestStore } from '../ports';
import { type ObjectStore, readAllFindings, type StoredFindings } from '../request/artefacts';
import { type AttentionItem, type AttentionStore, attentionText } from '../request/attention';
import {
  type AuditEvent,
  type Channel,
  type DsrRequest,
  REQUEST_TYPES,
  type RequestType,
  STATUSES,
  type Status,
  TERMINAL_STATUSES,
} from '../request/request';
import type { TaskStore, WorkflowTask } from '../request/workflow-tasks';
import { actionStateOf, allowedActions } from './action-policy';
import type { StaffActionName } from './staff-action-input';
import type { MessageReader, StaffStore, StoredMessage } from './staff-ports';

/** Read models of the staff console: the queue, one request, the dashboard. Pure but for the ports. */

export const OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));

/** `astrid.lindqvist@example.se` → `a***@example.se`: enough to tell requests apart in a list. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return address ? '***' : '';
  return `${address[0]}***${address.slice(at)}`;
}

export type Urgency = 'overdue' | 'due_soon' | 'on_track' | 'paused';

export function urgencyOf(request: Pick<DsrRequest, 'dueAt' | 'pausedSince'>, today: CalendarDate): Urgency {
  if (request.pausedSince) return 'paused';
  const left = daysUntil(request.dueAt, today);
  if (left < 0) return 'overdue';
  if (left <= DUE_SOON_DAYS) return 'due_soon';
  return 'on_track';
}

export interface QueueItem {
  id: string;
  status: Status;
  statusReason?: string;
  types: RequestType[];
  language: string;
  channel: Channel;
  receivedAt: string;
  dueAt: CalendarDate;
  daysLeft: number;
  urgency: Urgency;
  subject: string;
  paused: boolean;
  /** While paused: whole days since the question that stopped the clock. */
  daysWaiting?: number;
  extended: boolean;
  /** What the requester wrote that staff must read, e.g. "the requester asked for more: erasure". */
  attention: string[];
  /** The request this one follows from. */
  relatedTo?: string;
}

function queueItem(
  request: DsrRequest,
  today: CalendarDate,
  attention: readonly AttentionItem[] = [],
): QueueItem {
  return {
    id: request.id,
    status: request.status,
    ...(request.statusReason ? { statusReason: request.statusReason } : {}),
    types: request.types ?? [],
    language: request.language,
    channel: request.channel,
    receivedAt: request.receivedAt,
    dueAt: request.dueAt,
    daysLeft: daysUntil(request.dueAt, today),
    urgency: urgencyOf(request, today),
    subject: maskEmail(request.subjectEmail ?? ''),
    paused: Boolean(request.pausedSince),
    ...(request.pausedSince ? { daysWaiting: daysUntil(today, localDateOf(request.pausedSince)) } : {}),
    extended: Boolean(request.extendedAt),
    attention: attention.map(attentionText),
    ...(request.relatedTo ? { relatedTo: request.relatedTo } : {}),
  };
}

export interface ViewDeps {
  requests: {
    getRequest(id: string): Promise<DsrRequest | undefined>;
    listEvents(id: string): Promise<AuditEvent[]>;
  };
  staff: StaffStore;
  tasks: TaskStore;
  messages: MessageReader;
  clock: Clock;
  /** The consent ledger, so staff see the subject's consents and their history. */
  consents?: Pick<ConsentLedger, 'current' | 'history'>;
  /** Replies staff must read: they bring a request into the queue, a closed one too. */
  attention?: Pick<AttentionStore, 'listOpen' | 'listFor'>;
  /** The company's own days off: whether an extension is still possible depends on them. */
  daysOff?: CompanyDaysOff;
}

async function requestsIn(statuses: readonly Status[], deps: Pick<ViewDeps, 'staff'>): Promise<DsrRequest[]> {
  return (await Promise.all(statuses.map((s) => deps.staff.listByStatus(s)))).flat();
}

/**
 * Open requests, most urgent first (by due date, then by receipt), and closed ones a requester
 * wrote to since: a question on a closed case needs an answer too.
 */
export async function listQueue(
  deps: Pick<ViewDeps, 'staff' | 'clock' | 'requests' | 'attention'>,
): Promise<QueueItem[]> {
  const today = localDateOf(deps.clock.now());
  const [open, attention] = await Promise.all([
    requestsIn(OPEN_STATUSES, deps),
    deps.attention?.listOpen() ?? Promise.resolve([]),
  ]);
  const byRequest = new Map<string, AttentionItem[]>();
  for (const item of attention)
    byRequest.set(item.requestId, [...(byRequest.get(item.requestId) ?? []), item]);
  const listed = new Set(open.map((r) => r.id));
  const closed = await Promise.all(
    [...byRequest.keys()].filter((id) => !listed.has(id)).map((id) => deps.requests.getRequest(id)),
  );
  return [...open, ...closed.filter((r) => r !== undefined)]
    .map((r) => queueItem(r, today, byRequest.get(r.id)))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.receivedAt.localeCompare(b.receivedAt));
}

/** A task as staff see it: never its token or secret hash. */
export interface TaskView {
  taskId: string;
  kind: WorkflowTask['kind'];
  openedAt: string;
  instructions?: string;
  /** The store or branch the task belongs to (a package check: the held stores, comma-separated). */
  subject?: string;
  /** The consent task: what staff choose from. */
  consentChoices?: WorkflowTask['consentChoices'];
  completedAt?: string;
  completedBy?: string;
  linksSent?: number;
  linkExpiresAt?: string;
}

function taskView(task: WorkflowTask): TaskView {
  return {
    taskId: task.taskId,
    kind: task.kind,
    openedAt: task.openedAt,
    ...(task.instructions ? { instructions: task.instructions } : {}),
    ...(task.subject ? { subject: task.subject } : {}),
    ...(task.consentChoices ? { consentChoices: task.consentChoices } : {}),
    ...(task.completedAt ? { completedAt: task.completedAt } : {}),
    ...(task.completedBy ? { completedBy: task.completedBy } : {}),
    ...(task.linksSent !== undefined ? { linksSent: task.linksSent } : {}),
    ...(task.linkExpiresAt ? { linkExpiresAt: task.linkExpiresAt } : {}),
  };
}

export interface Correspondence {
  at: string;
  direction: 'in' | 'out';
  /** Outgoing: the template; incoming: a plain label (the text comes with the messages). */
  title: string;
}

export interface RequestDetail {
  request: Omit<DsrRequest, 'subjectKey'> & { daysLeft: number; urgency: Urgency };
  classification?: { category?: unknown; confidence?: unknown; language?: unknown };
  verification: {
    verifiedAt?: string;
    method?: unknown;
    linksSent?: number;
    linkExpiresAt?: string;
  };
  timeline: AuditEvent[];
  correspondence: Correspondence[];
  stores: Record<string, unknown>[];
  erasurePlan?: Record<string, unknown>;
  /** The subject's consents: purposes with a state other than none, and every change in order. */
  consents?: { states: ConsentState[]; history: RecordedConsentChange[] };
  tasks: TaskView[];
  /** Replies staff have not marked handled yet, each with what it asks. */
  attention: (AttentionItem & { text: string })[];
  /** The actions the request's state allows (`action-policy.ts`), which the API checks again. */
  actions: StaffActionName[];
}

/** How many threaded replies the detail page parses (the rest stay in the timeline). */
const MAX_THREADED = 10;

export async function requestDetail(
  requestId: string,
  deps: Omit<ViewDeps, 'messages'>,
): Promise<RequestDetail | undefined> {
  const request = await deps.requests.getRequest(requestId);
  if (!request) return undefined;
  const today = localDateOf(deps.clock.now());
  // A purged request has no subject key left, so nothing links it to the ledger any more.
  const ledger = isSubjectKey(request.subjectKey) ? deps.consents : undefined;
  const [events, tasks, stores, erasurePlan, consentStates, consentHistory, attention] = await Promise.all([
    deps.requests.listEvents(requestId),
    deps.tasks.listTasks(requestId),
    deps.staff.listStoreResults(requestId),
    deps.staff.getErasurePlan(requestId),
    ledger?.current(request.subjectKey),
    ledger?.history(request.subjectKey),
    deps.attention?.listFor(requestId) ?? Promise.resolve([]),
  ]);
  const unresolved = attention.filter((a) => !a.resolvedAt);
  const timeline = [...events].sort((a, b) => a.at.localeCompare(b.at));
  const received = timeline.find((e) => e.action === 'request_received');
  const verified = timeline.find((e) => e.action === 'identity_verified');
  const verificationTask = tasks.find((t) => t.kind === 'verification');
  const correspondence = correspondenceOf(timeline);
  const { subjectKey: _key, ...visible } = request;
  return {
    request: { ...visible, daysLeft: daysUntil(request.dueAt, today), urgency: urgencyOf(request, today) },
    ...(received?.detail && 'category' in received.detail
      ? {
          classification: {
            category: received.detail.category,
            confidence: received.detail.confidence,
            language: received.detail.language,
          },
        }
      : {}),
    verification: {
      ...(verified ? { verifiedAt: verified.at, method: verified.detail?.method } : {}),
      ...(verificationTask?.linksSent !== undefined ? { linksSent: verificationTask.linksSent } : {}),
      ...(verificationTask?.linkExpiresAt ? { linkExpiresAt: verificationTask.linkExpiresAt } : {}),
    },
    timeline,
    correspondence,
    stores,
    ...(erasurePlan ? { erasurePlan } : {}),
    ...(consentStates && consentHistory
      ? {
          consents: {
            states: Object.values(consentStates).filter((state) => state.status !== 'none'),
            history: consentHistory,
          },
        }
      : {}),
    tasks: tasks.map(taskView),
    attention: unresolved.map((a) => ({ ...a, text: attentionText(a) })),
    actions: allowedActions(
      actionStateOf(request, { tasks, today, daysOff: deps.daysOff, replies: attention, events: timeline }),
    ),
  };
}

function correspondenceOf(timeline: AuditEvent[]): Correspondence[] {
  const entries: Correspondence[] = [];
  for (const event of timeline) {
    if (event.action === 'mail_sent' && event.actor !== 'system') {
      entries.push({ at: event.at, direction: 'out', title: String(event.detail?.template ?? 'mail') });
    } else if (event.action === 'mail_received') {
      entries.push({ at: event.at, direction: 'in', title: threadedMailLabel(event.detail) });
    }
  }
  return entries;
}

export interface RequestMessages {
  message?: StoredMessage;
  /** Threaded replies, oldest first (the first ten are read). */
  replies: { at: string; message: StoredMessage }[];
}

/**
 * The original message and the threaded replies as text, read from their raw objects. Its own
 * function on AWS, so only it carries the MIME parser.
 */
export async function requestMessages(
  requestId: string,
  deps: { requests: ViewDeps['requests']; messages: MessageReader },
): Promise<RequestMessages | undefined> {
  const request = await deps.requests.getRequest(requestId);
  if (!request) return undefined;
  const events = (await deps.requests.listEvents(requestId)).sort((a, b) => a.at.localeCompare(b.at));
  const refs = events
    .filter((e) => e.action === 'mail_received' && typeof e.detail?.rawRef === 'string')
    .slice(0, MAX_THREADED)
    .map((e) => ({ at: e.at, rawRef: String(e.detail?.rawRef) }));
  const [message, ...replies] = await Promise.all([
    request.rawRef ? deps.messages.read(request.rawRef).catch(() => undefined) : Promise.resolve(undefined),
    ...refs.map((r) => deps.messages.read(r.rawRef).catch(() => undefined)),
  ]);
  return {
    ...(message ? { message } : {}),
    replies: refs.flatMap((r, i) => {
      const reply = replies[i];
      return reply ? [{ at: r.at, message: reply }] : [];
    }),
  };
}

/**
 * The records the collection found, store by store, with their fields: what staff read to confirm
 * the corrections of a rectification. Personal data shown to staff, so each viewing is audited.
 */
export async function requestFindings(
  requestId: string,
  actor: string,
  deps: { requests: Pick<RequestStore, 'getRequest' | 'appendEvent'>; findings: ObjectStore; clock: Clock },
): Promise<{ stores: StoredFindings[] } | undefined> {
  const request = await deps.requests.getRequest(requestId);
  if (!request) return undefined;
  const stores = (await readAllFindings(deps.findings, requestId)).filter((f) => f.records.length > 0);
  await deps.requests.appendEvent(requestId, {
    at: deps.clock.now().toISOString(),
    actor,
    action: 'findings_viewed',
    detail: { stores: stores.map((f) => f.storeId) },
  });
  return { stores };
}

export interface Dashboard {
  today: CalendarDate;
  open: number;
  dueSoon: number;
  overdue: number;
  paused: number;
  /** The paused requests, longest waiting first: what they wait for is the requester's answer. */
  waiting: { id: string; daysWaiting: number }[];
  completedThisMonth: number;
  /** Median calendar days from receipt to completion, over requests completed this month. */
  medianDaysToComplete: number | null;
  byStatus: Partial<Record<Status, number>>;
  byType: Partial<Record<RequestType, number>>;
  byChannel: Partial<Record<Channel, number>>;
}

/** When a completed request was completed: its `completedAt`, else its last completion event. */
async function completedAtOf(
  request: DsrRequest,
  deps: Pick<ViewDeps, 'requests'>,
): Promise<string | undefined> {
  const stored = (request as DsrRequest & { completedAt?: string; closedAt?: string }).completedAt;
  if (stored) return stored;
  const events = await deps.requests.listEvents(request.id);
  return events
    .filter((e) => e.toStatus === 'completed')
    .map((e) => e.at)
    .sort()
    .pop();
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function dashboard(deps: Pick<ViewDeps, 'staff' | 'clock' | 'requests'>): Promise<Dashboard> {
  const today = localDateOf(deps.clock.now());
  const monthStart = `${today.slice(0, 7)}-01`;
  const open = await requestsIn(OPEN_STATUSES, deps);
  // Requests completed this month were due at most three months (an extension) after a receipt
  // that is rarely older than that: the index's due-date order bounds what is read.
  const horizon = addDays(monthStart, -120);
  const completed = (await deps.staff.listByStatus('completed')).filter((r) => r.dueAt >= horizon);
  const completedThisMonth: number[] = [];
  for (const request of completed) {
    const at = await completedAtOf(request, deps);
    if (at && localDateOf(at) >= monthStart) {
      completedThisMonth.push(daysUntil(localDateOf(at), localDateOf(request.receivedAt)));
    }
  }
  const count = <K extends string>(keys: (r: DsrRequest) => readonly K[]) => {
    const counts: Partial<Record<K, number>> = {};
    for (const r of open) for (const k of keys(r)) counts[k] = (counts[k] ?? 0) + 1;
    return counts;
  };
  const urgencies = open.map((r) => urgencyOf(r, today));
  return {
    today,
    open: open.length,
    dueSoon: urgencies.filter((u) => u === 'due_soon').length,
    overdue: urgencies.filter((u) => u === 'overdue').length,
    paused: urgencies.filter((u) => u === 'paused').length,
    waiting: open
      .filter((r) => r.pausedSince)
      .map((r) => ({ id: r.id, daysWaiting: daysUntil(today, localDateOf(String(r.pausedSince))) }))
      .sort((a, b) => b.daysWaiting - a.daysWaiting),
    completedThisMonth: completedThisMonth.length,
    medianDaysToComplete: median(completedThisMonth),
    byStatus: count((r) => [r.status]),
    byType: count((r) => (r.types ?? []).filter((t) => REQUEST_TYPES.includes(t))),
    byChannel: count((r) => [r.channel]),
  };
}
