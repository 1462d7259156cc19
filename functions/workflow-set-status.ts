import middy from '@middy/core';
import * as z from 'zod/mini';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { requireEnv } from './adapters/env';
import { parseStepInput } from './adapters/step-input';
import { STATUSES } from './core/request/request';

const inputSchema = z.object({
  requestId: z.string(),
  from: z.array(z.enum(STATUSES)),
  to: z.enum(STATUSES),
  reason: z.optional(z.string()),
  step: z.optional(z.string()),
  error: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

/** Workflow step: records a status transition (with its audit event) with a conditional write. */
export const handler = middy<unknown, { status: string }>().handler(async (event) => {
  const input = parseStepInput(inputSchema, event);
  const request = await new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE')).transition(input.requestId, {
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
