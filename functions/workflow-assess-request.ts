import middy from '@middy/core';
import * as z from 'zod/mini';
import { DEMO_STORE_IDS } from '../config/datamap';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { numberEnv, optionalEnv, requireEnv } from './adapters/env';
import { parseStepInput } from './adapters/step-input';
import { type Assessment, assessRequest, DEFAULT_REVIEW_POLICY } from './core/request/assess-request';
import { REQUEST_TYPES, type RequestType } from './core/request/request';

const inputSchema = z.object({ requestId: z.string() });

function autoApproveTypes(): RequestType[] {
  const configured = optionalEnv('AUTO_APPROVE_TYPES', DEFAULT_REVIEW_POLICY.autoApproveTypes.join(','));
  return configured
    .split(',')
    .map((t) => t.trim())
    .filter((t): t is RequestType => (REQUEST_TYPES as readonly string[]).includes(t));
}

/** Workflow step: risk flags, staff review or not, and the branches and stores that follow. */
export const handler = middy<unknown, Assessment>().handler(async (event) => {
  const { requestId } = parseStepInput(inputSchema, event);
  const requests = new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE'));
  return assessRequest(requestId, {
    requests,
    countRequestsSince: (subjectKey, since) => requests.countRequestsSince(subjectKey, since),
    storeIds: DEMO_STORE_IDS,
    policy: {
      autoApproveTypes: autoApproveTypes(),
      maxRequestsPerMonth: numberEnv('MAX_REQUESTS_PER_MONTH', DEFAULT_REVIEW_POLICY.maxRequestsPerMonth),
    },
    now: new Date(),
  });
});
