import middy from '@middy/core';
import * as z from 'zod/mini';
import { ValidationError } from '../core/errors';
import { withLogKeys } from './log-keys';

/**
 * A workflow step's Lambda handler: the state machine's input checked against `schema` (a bad
 * input is a definition bug, so it fails loudly, naming the fields only), the logger given the
 * Lambda context and the request id as correlation key (never the event: it may carry personal
 * data), then `step` with the parsed input.
 */
export function stepHandler<Input, Output>(
  schema: z.ZodMiniType<Input>,
  step: (input: Input) => Promise<Output>,
) {
  return middy<unknown, Output>().handler(async (event, context) => {
    const input = parseStepInput(schema, event);
    const requestId = (input as { requestId?: unknown }).requestId;
    return withLogKeys(
      {
        function_name: context.functionName,
        function_request_id: context.awsRequestId,
        ...(typeof requestId === 'string' ? { requestId } : {}),
      },
      () => step(input),
    );
  });
}

function parseStepInput<T>(schema: z.ZodMiniType<T>, input: unknown): T {
  const result = z.safeParse(schema, input);
  if (!result.success) {
    throw new ValidationError(
      `invalid step input: ${result.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`,
    );
  }
  return result.data;
}
