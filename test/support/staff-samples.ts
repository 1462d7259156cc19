import type { DsrRequest } from '../../functions/core/request/request';
import type { WorkflowTask } from '../../functions/core/request/workflow-tasks';

const SAMPLE_REQUEST_ID = 'PD-20261125-AAAAAA';

/** A request as staff views and actions read it: the fields a test does not set are filled in. */
export const sampleRequest = (fields: Partial<DsrRequest> = {}): DsrRequest => ({
  id: SAMPLE_REQUEST_ID,
  status: 'awaiting_review',
  channel: 'email',
  types: ['access'],
  language: 'sv',
  subjectEmail: 'astrid.lindqvist@example.se',
  subjectKey: 'k',
  receivedAt: '2026-11-02T09:00:00Z',
  dueAt: '2026-12-02',
  version: 1,
  ...fields,
});

/** An open staff task of the sample request (its review, unless the test says otherwise). */
export const sampleTask = (fields: Partial<WorkflowTask> = {}): WorkflowTask => ({
  requestId: SAMPLE_REQUEST_ID,
  taskId: 'review',
  kind: 'review',
  taskToken: 't',
  openedAt: '2026-11-03T09:00:00Z',
  version: 1,
  ...fields,
});
