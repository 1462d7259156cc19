import { describe, expect, it } from 'vitest';
import { REPLY_TEMPLATES } from '../../config/templates';
import { ConflictError, ValidationError } from '../../functions/core/errors';
import type { DsrRequest } from '../../functions/core/request/request';
import type { WorkflowTask } from '../../functions/core/request/workflow-tasks';
import { actionStateOf, allowedActions } from '../../functions/core/staff/action-policy';
import { manualTaskOutput } from '../../functions/core/staff/manual-tasks';
import { resumePointFor } from '../../functions/core/staff/retry-request';
import { ForbiddenError, requireStaff } from '../../functions/core/staff/staff-access';
import { performAction, type StaffActionDeps } from '../../functions/core/staff/staff-actions';
import { maskEmail, median, urgencyOf } from '../../functions/core/staff/staff-views';
import { groupsOf } from '../../functions/staff-api';
import { sampleRequest, sampleTask } from '../support/staff-samples';

const request = sampleRequest;
const task = sampleTask;

describe('what staff see', () => {
  it('masks the requester address to its first letter and domain', () => {
    expect(maskEmail('astrid.lindqvist@example.se')).toBe('a***@example.se');
    expect(maskEmail('')).toBe('');
  });

  it('calls a request due soon from five days before its due date, overdue after it, and paused while waiting', () => {
    expect(urgencyOf({ dueAt: '2026-12-02' }, '2026-11-27')).toBe('due_soon');
    expect(urgencyOf({ dueAt: '2026-12-02' }, '2026-11-26')).toBe('on_track');
    expect(urgencyOf({ dueAt: '2026-12-02' }, '2026-12-03')).toBe('overdue');
    expect(urgencyOf({ dueAt: '2026-12-02', pausedSince: '2026-11-20T00:00:00Z' }, '2026-12-03')).toBe(
      'paused',
    );
  });

  it('offers review decisions only while a review task is open, and retry only for failed requests', () => {
    const actions = (r: DsrRequest, tasks: WorkflowTask[]) =>
      allowedActions(actionStateOf(r, { tasks, today: '2026-11-20' }));
    expect(actions(request(), [task()])).toEqual(expect.arrayContaining(['approve', 'reject', 'reclassify']));
    expect(actions(request(), [task({ completedAt: 'x' })])).not.toContain('approve');
    expect(actions(request({ status: 'failed' }), [])).toEqual(['retry', 'cancel']);
    expect(actions(request({ status: 'completed' }), [])).toEqual([]);
  });

  it('takes the median of an even and an odd number of values', () => {
    expect(median([])).toBeNull();
    expect(median([9, 3, 5])).toBe(5);
    expect(median([10, 2, 4, 8])).toBe(6);
  });
});

describe('roles', () => {
  it('reads the groups claim as API Gateway passes it and as an array', () => {
    expect(groupsOf('[privacy-staff admins]')).toEqual(['privacy-staff', 'admins']);
    expect(groupsOf(['privacy-staff'])).toEqual(['privacy-staff']);
    expect(groupsOf(undefined)).toEqual([]);
  });

  it('refuses anyone outside the privacy-staff group', () => {
    expect(() => requireStaff({ username: 'helpdesk', groups: [] })).toThrow(ForbiddenError);
    expect(() => requireStaff(undefined)).toThrow(ForbiddenError);
    expect(requireStaff({ username: 'po', groups: ['privacy-staff'] }).username).toBe('po');
  });
});

describe('workflow contracts', () => {
  it('resumes a failed request at the step its status points to', () => {
    expect(resumePointFor('awaiting_verification', false)).toEqual({
      resumeFrom: 'VerifyIdentity',
      status: 'received',
    });
    expect(resumePointFor('awaiting_review', false)).toEqual({
      resumeFrom: 'Assess',
      status: 'awaiting_review',
    });
    expect(resumePointFor('awaiting_review', true)).toEqual({ resumeFrom: 'Replan', status: 'collecting' });
    expect(resumePointFor('executing', true)).toEqual({ resumeFrom: 'Replan', status: 'collecting' });
    expect(resumePointFor('replying', true)).toEqual({ resumeFrom: 'Reply', status: 'replying' });
  });

  it('gives each manual task the output its callback state expects', () => {
    expect(manualTaskOutput('manual:rectification', { correctedItems: [' CRM: phone ', ''] })).toEqual({
      correctedItems: ['CRM: phone'],
    });
    expect(manualTaskOutput('manual:restriction', { systems: ['crm'] })).toEqual({ systems: ['crm'] });
    expect(manualTaskOutput('manual:file-share', { outcome: 'nothing_found' })).toEqual({
      outcome: 'nothing_found',
    });
    expect(manualTaskOutput('manual:file-share', { outcome: 'done', note: ' two folders ' })).toEqual({
      outcome: 'done',
      note: 'two folders',
    });
    expect(() => manualTaskOutput('manual:file-share', { outcome: 'maybe' })).toThrow(ValidationError);
    expect(() => manualTaskOutput('manual:restriction', { systems: 'crm' })).toThrow(ValidationError);
  });

  it('Art. 15(4): a package check hands the release step the records staff withheld, none by default', () => {
    expect(manualTaskOutput('manual:package-review', { withheld: [' Customers/a.md ', ''] })).toEqual({
      withheld: ['Customers/a.md'],
    });
    expect(manualTaskOutput('manual:package-review', {})).toEqual({ withheld: [] });
    expect(() => manualTaskOutput('manual:package-review', { withheld: 'all' })).toThrow(ValidationError);
  });
});

describe('actions with in-memory ports', () => {
  const staff = { username: 'po', groups: ['privacy-staff'] };
  function deps(current: DsrRequest, tasks: WorkflowTask[] = []) {
    const sent: unknown[] = [];
    const d = {
      requests: {
        getRequest: async () => current,
        listEvents: async () => [],
        appendEvent: async () => undefined,
        transition: async () => current,
        claimOnce: async () => true,
        recordOutgoing: async () => undefined,
      },
      staff: { updateRequest: async (r: DsrRequest, changes: object) => ({ ...r, ...changes }) },
      tasks: {
        getTask: async (_: string, id: string) => tasks.find((t) => t.taskId === id),
        listTasks: async () => tasks,
        updateTask: async () => true,
      },
      completer: { succeed: async (_t: string, output: unknown) => void sent.push(output) },
      mailer: { send: async () => ({ messageId: 'm' }) },
      mailbox: { local: 'gdpr', domain: 'example.com' },
      templates: REPLY_TEMPLATES,
      clock: { now: () => new Date('2026-11-20T10:00:00Z') },
      defaultWorkflowConfig: {},
    } as unknown as StaffActionDeps;
    return { d, sent };
  }

  it('refuses a second extension and an extension after the first month', async () => {
    const extended = request({ extendedAt: '2026-11-10T00:00:00Z' } as Partial<DsrRequest>);
    await expect(
      performAction(extended.id, { action: 'extend', months: 1, reason: 'x' }, staff, deps(extended).d),
    ).rejects.toThrow(ConflictError);
    const old = request({ receivedAt: '2026-10-01T09:00:00Z', dueAt: '2026-11-02' });
    await expect(
      performAction(old.id, { action: 'extend', months: 1, reason: 'x' }, staff, deps(old).d),
    ).rejects.toThrow(/first month/);
  });

  it('extends from the unmoved one-month date', async () => {
    const current = request();
    const result = await performAction(
      current.id,
      { action: 'extend', months: 2, reason: 'Many systems' },
      staff,
      deps(current).d,
    );
    expect(result.dueAt).toBe('2027-02-02');
  });

  it('refuses to complete a task twice', async () => {
    const current = request();
    const { d } = deps(current, [task({ completedAt: '2026-11-20T09:00:00Z', completedBy: 'staff:other' })]);
    await expect(performAction(current.id, { action: 'approve' }, staff, d)).rejects.toThrow(
      /already completed by staff:other/,
    );
  });
});
