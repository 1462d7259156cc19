import * as z from 'zod/mini';
import { functionConfig, required } from './adapters/config';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { stepHandler } from './adapters/step-handler';
import { STATUSES } from './core/request/request';

export const config = functionConfig({ REQUESTS_TABLE: required() });

const inputSchema = z.object({
  requestId: z.string(),
  from: z.array(z.enum(STATUSES)),
  to: z.enum(STATUSES),
  reason: z.optional(z.string()),
  step: z.optional(z.string()),
  error: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

/** Workflow step: records a status transition (with its audit event) with a conditional write. */
export const handler = stepHandler(inputSchema, async (input) => {
  const request = await new DynamoDbRequestStore(config().REQUESTS_TABLE).transition(input.requestId, {
    from: input.from,
    to: input.to,
    reason: input.reason,
    actor: 'system:workflow',
    action: input.step ? `step:${input.step}` : 'status_changed',
    // Only the error's name: a Cause may quote input, and audit events are kept longer than PII.
    detail: input.error?.Error ? { error: input.error.Error } : undefined,
  });
  return { status: request.status };
});
