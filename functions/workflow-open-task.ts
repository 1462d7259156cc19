import * as z from 'zod/mini';
import { functionConfig, required } from './adapters/config';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { DynamoDbTaskStore } from './adapters/dynamodb-task-store';
import { stepHandler } from './adapters/step-handler';
import { CONSENT_PURPOSES } from './core/consents/consents';
import { systemClock } from './core/ports';
import { openWorkflowTask } from './core/request/open-task';
import { STATUSES } from './core/request/request';
import { TASK_KINDS } from './core/request/workflow-tasks';

export const config = functionConfig({ REQUESTS_TABLE: required() });

const inputSchema = z.object({
  requestId: z.string(),
  taskToken: z.string(),
  taskId: z.string(),
  kind: z.enum(TASK_KINDS),
  status: z.enum(STATUSES),
  reason: z.optional(z.string()),
  instructions: z.optional(z.string()),
  subject: z.optional(z.string()),
  consentChoices: z.optional(
    z.object({
      withdraw: z.array(z.enum(CONSENT_PURPOSES)),
      objectTo: z.array(z.object({ id: z.string(), label: z.string() })),
    }),
  ),
});

/** Workflow step (callback): a task for staff (review, erasure plan, manual work). */
export const handler = stepHandler(inputSchema, async (input) => {
  const table = config().REQUESTS_TABLE;
  await openWorkflowTask(input, {
    requests: new DynamoDbRequestStore(table),
    tasks: new DynamoDbTaskStore(table),
    clock: systemClock,
  });
});
