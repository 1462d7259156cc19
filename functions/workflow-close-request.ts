import middy from '@middy/core';
import * as z from 'zod/mini';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { requireEnv } from './adapters/env';
import { parseStepInput } from './adapters/step-input';
import { type CloseReason, closeRequest } from './core/request/close-request';

const inputSchema = z.object({ requestId: z.string() });

/** Workflow step: completes the request with fulfilled, no_data_found or partially_fulfilled. */
export const handler = middy<unknown, { reason: CloseReason }>().handler(async (event) => {
  const { requestId } = parseStepInput(inputSchema, event);
  const requests = new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE'));
  return closeRequest(requestId, { requests, storeOutcomes: (id) => requests.storeOutcomes(id) });
});
