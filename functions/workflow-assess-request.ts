import * as z from 'zod/mini';
import { DEMO_STORE_IDS } from '../config/datamap';
import { functionConfig, numberOr, optional, required } from './adapters/config';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { stepHandler } from './adapters/step-handler';
import { assessRequest, DEFAULT_REVIEW_POLICY } from './core/request/assess-request';
import { REQUEST_TYPES, type RequestType } from './core/request/request';

export const config = functionConfig({
  REQUESTS_TABLE: required(),
  /** Tuning the deploy leaves unset: request types approved without staff review (comma-separated). */
  AUTO_APPROVE_TYPES: optional(),
  MAX_REQUESTS_PER_MONTH: numberOr(DEFAULT_REVIEW_POLICY.maxRequestsPerMonth),
});

const inputSchema = z.object({ requestId: z.string() });

function autoApproveTypes(configured: string | undefined): RequestType[] {
  return (configured ?? DEFAULT_REVIEW_POLICY.autoApproveTypes.join(','))
    .split(',')
    .map((t) => t.trim())
    .filter((t): t is RequestType => (REQUEST_TYPES as readonly string[]).includes(t));
}

/** Workflow step: risk flags, staff review or not, and the branches and stores that follow. */
export const handler = stepHandler(inputSchema, async ({ requestId }) => {
  const { REQUESTS_TABLE, AUTO_APPROVE_TYPES, MAX_REQUESTS_PER_MONTH } = config();
  const requests = new DynamoDbRequestStore(REQUESTS_TABLE);
  return assessRequest(requestId, {
    requests,
    countRequestsSince: (subjectKey, since) => requests.countRequestsSince(subjectKey, since),
    storeIds: DEMO_STORE_IDS,
    policy: {
      autoApproveTypes: autoApproveTypes(AUTO_APPROVE_TYPES),
      maxRequestsPerMonth: MAX_REQUESTS_PER_MONTH,
    },
    now: new Date(),
  });
});
