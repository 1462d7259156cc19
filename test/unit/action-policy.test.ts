import { describe, expect, it } from 'vitest';
import { REPLY_TEMPLATES } from '../../config/templates';
import { ConflictError } from '../../functions/core/errors';
import type { AttentionItem } from '../../functions/core/request/attention';
import type { AuditEvent, DsrRequest } from '../../functions/core/request/request';
import type { WorkflowTask } from '../../functions/core/request/workflow-tasks';
import { STAFF_ACTION_NAMES } from '../../functions/core/staff/action-policy';
import type { StaffAction, StaffActionName } from '../../functions/core/staff/staff-action-input';
import { performAction, type StaffActionDeps } from '../../functions/core/staff/staff-actions';
import { requestDetail } from '../../functions/core/staff/staff-views';
import { sampleRequest, sampleTask } from '../support/staff-samples';

/**
 * The console offers what the request's state allows, and the core accepts exactly that: for every
 * sample request below, each action the request page offers goes through `performAction`, and
 * each action it does not offer is refused with a conflict.
 */

const NOW = new Date('2026-11-20T10:00:00Z');
const ID = 'PD-20261102-AAAAAA';

interface Sample {
  name: string;
  request: Partial<DsrRequest>;
  tasks?: Partial<WorkflowTask>[];
  replies?: Partial<AttentionItem>[];
  events?: Partial<AuditEvent>[];
}

const reviewTask = { taskId: 'review', kind: 'review' } as const;
const packageBuilt = { action: 'access_package_built' };

const SAMPLES: Sample[] = [
  { name: 'triage', request: { status: 'triage' } },
  { name: 'triage, subject not named', request: { status: 'triage', onBehalf: true } },
  { name: 'triage, paused', request: { status: 'triage', pausedSince: '2026-11-10T09:00:00Z' } },
  { name: 'received', request: { status: 'received' } },
  {
    name: 'awaiting verification',
    request: { status: 'awaiting_verification' },
    tasks: [{ taskId: 'verification', kind: 'verification' }],
  },
  {
    name: 'awaiting verification, paused',
    request: { status: 'awaiting_verification', pausedSince: '2026-11-10T09:00:00Z' },
  },
  { name: 'awaiting review', request: { status: 'awaiting_review' }, tasks: [reviewTask] },
  {
    name: 'awaiting review, a colleague decided',
    request: { status: 'awaiting_review' },
    tasks: [{ ...reviewTask, completedAt: '2026-11-20T09:00:00Z', completedBy: 'staff:other' }],
  },
  {
    name: 'awaiting review, paused and extended',
    request: {
      status: 'awaiting_review',
      pausedSince: '2026-11-10T09:00:00Z',
      extendedAt: '2026-11-05T09:00:00Z',
    },
    tasks: [reviewTask],
  },
  {
    name: 'awaiting review, a reply waiting',
    request: { status: 'awaiting_review' },
    tasks: [reviewTask],
    replies: [{ attentionId: 'a1', kind: 'reply' }],
  },
  { name: 'collecting', request: { status: 'collecting' } },
  {
    name: 'collecting, first month over',
    request: { status: 'collecting', receivedAt: '2026-10-01T09:00:00Z', dueAt: '2026-11-02' },
  },
  {
    name: 'awaiting the erasure plan decision',
    request: { status: 'awaiting_action', types: ['erasure'] },
    tasks: [{ taskId: 'erasure_plan', kind: 'erasure_plan' }],
  },
  {
    name: 'awaiting a manual task',
    request: { status: 'awaiting_action', types: ['restriction'] },
    tasks: [{ taskId: 'manual:restriction', kind: 'manual' }],
  },
  { name: 'executing', request: { status: 'executing' } },
  { name: 'replying, package sent', request: { status: 'replying' }, events: [packageBuilt] },
  {
    name: 'completed, a reply asks for more',
    request: { status: 'completed' },
    events: [packageBuilt],
    replies: [{ attentionId: 'a1', kind: 'asked_for_more', types: ['erasure'] }],
  },
  {
    name: 'completed, link revoked',
    request: { status: 'completed', packageLinkRevokedAt: '2026-11-19T09:00:00Z' },
    events: [packageBuilt],
  },
  { name: 'rejected', request: { status: 'rejected' } },
  { name: 'cancelled', request: { status: 'cancelled' } },
  { name: 'failed', request: { status: 'failed' } },
  { name: 'failed, paused', request: { status: 'failed', pausedSince: '2026-11-10T09:00:00Z' } },
];

const requestOf = (sample: Sample): DsrRequest =>
  sampleRequest({ id: ID, status: 'received', ...sample.request });

const tasksOf = (sample: Sample): WorkflowTask[] =>
  (sample.tasks ?? []).map((t) => sampleTask({ requestId: ID, taskToken: 'token', ...t }));

const repliesOf = (sample: Sample): AttentionItem[] =>
  (sample.replies ?? []).map((r) => ({
    requestId: ID,
    attentionId: 'a1',
    kind: 'reply',
    at: '2026-11-15T09:00:00Z',
    requestStatus: requestOf(sample).status,
    ...r,
  }));

const eventsOf = (sample: Sample): AuditEvent[] =>
  (sample.events ?? []).map((e) => ({ at: '2026-11-10T09:00:00Z', actor: 'system', action: 'x', ...e }));

/** In-memory ports that let every action run to its end. */
function portsFor(sample: Sample) {
  const request = requestOf(sample);
  const tasks = tasksOf(sample);
  const replies = repliesOf(sample);
  const events = eventsOf(sample);
  return {
    requests: {
      getRequest: async () => request,
      listEvents: async () => events,
      appendEvent: async () => undefined,
      putRequest: async () => undefined,
      transition: async (_id: string, t: { to: DsrRequest['status'] }) => ({ ...request, status: t.to }),
      claimOnce: async () => true,
      releaseOnce: async () => undefined,
      recordOutgoing: async () => undefined,
    },
    staff: {
      updateRequest: async (r: DsrRequest, changes: object) => ({ ...r, ...changes }),
      listStoreResults: async () => [],
      getErasurePlan: async () => undefined,
    },
    tasks: {
      getTask: async (_: string, id: string) => tasks.find((t) => t.taskId === id),
      listTasks: async () => tasks,
      updateTask: async () => true,
    },
    attention: {
      listFor: async () => replies,
      listOpen: async () => replies.filter((r) => !r.resolvedAt),
      resolve: async () => true,
      markOpened: async () => undefined,
    },
    completer: { succeed: async () => undefined, fail: async () => undefined },
    workflow: { start: async () => undefined },
    executions: { start: async () => undefined, stop: async () => undefined, inputOf: async () => undefined },
    subjectKeys: async () => 'key',
    mailer: { send: async () => ({ messageId: 'm' }) },
    mailbox: { local: 'gdpr', domain: 'example.com' },
    templates: REPLY_TEMPLATES,
    clock: { now: () => NOW },
    defaultWorkflowConfig: {},
  } as unknown as StaffActionDeps & Parameters<typeof requestDetail>[1];
}

function payloadOf(action: StaffActionName, sample: Sample): StaffAction {
  const note = { detail: 'Explained to the requester', quote: true };
  const payloads: { [A in StaffActionName]: Extract<StaffAction, { action: A }> } = {
    'name-subject': { action: 'name-subject', email: 'subject@example.com' },
    approve: { action: 'approve' },
    reject: { action: 'reject', reason: 'manifestly_unfounded', ...note },
    reclassify: { action: 'reclassify', types: ['access'] },
    'approve-erasure-plan': { action: 'approve-erasure-plan' },
    'reject-erasure-plan': { action: 'reject-erasure-plan', reason: 'erasure_exemption', ...note },
    'complete-task': {
      action: 'complete-task',
      taskId: tasksOf(sample).find((t) => t.kind === 'manual')?.taskId ?? 'manual:restriction',
      output: { systems: ['crm'] },
    },
    'more-info': { action: 'more-info', question: 'Which customer number do you have?' },
    resume: { action: 'resume' },
    extend: { action: 'extend', months: 1, reason: 'Many systems to search' },
    retry: { action: 'retry' },
    cancel: { action: 'cancel' },
    'resolve-attention': { action: 'resolve-attention' },
    'open-related': { action: 'open-related', attentionId: 'a1' },
    'revoke-link': { action: 'revoke-link' },
  };
  return payloads[action];
}

const staff = { username: 'po', groups: ['privacy-staff'] };

describe('the action policy', () => {
  it.each(SAMPLES)('accepts what the console offers and refuses the rest: $name', async (sample) => {
    const detail = await requestDetail(ID, portsFor(sample));
    const offered = detail?.actions ?? [];
    for (const action of STAFF_ACTION_NAMES) {
      const attempt = performAction(ID, payloadOf(action, sample), staff, portsFor(sample));
      if (offered.includes(action)) await expect(attempt, action).resolves.toMatchObject({ requestId: ID });
      else await expect(attempt, action).rejects.toThrow(ConflictError);
    }
  });

  it('offers an extension once, within the first month, and asks questions only where the clock allows', async () => {
    const actionsOf = async (sample: Sample) => (await requestDetail(ID, portsFor(sample)))?.actions ?? [];
    const [paused, late, executing] = await Promise.all(
      ['awaiting review, paused and extended', 'collecting, first month over', 'executing'].map((name) =>
        actionsOf(SAMPLES.find((s) => s.name === name) as Sample),
      ),
    );
    expect(paused).toEqual(expect.arrayContaining(['resume', 'more-info']));
    expect(paused).not.toContain('extend');
    expect(late).not.toContain('extend');
    expect(executing).not.toContain('more-info');
  });
});
