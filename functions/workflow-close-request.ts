import * as z from 'zod/mini';
import { functionConfig, required } from './adapters/config';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { stepHandler } from './adapters/step-handler';
import { closeRequest } from './core/request/close-request';

export const config = functionConfig({ REQUESTS_TABLE: required() });

const inputSchema = z.object({ requestId: z.string() });

/** Workflow step: completes the request with fulfilled, no_data_found or partially_fulfilled. */
export const handler = stepHandler(inputSchema, async ({ requestId }) => {
  const requests = new DynamoDbRequestStore(config().REQUESTS_TABLE);
  return closeRequest(requestId, { requests, storeOutcomes: (id) => requests.storeOutcomes(id) });
});
