import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { requireEnv } from './adapters/env';
import { errorFields, log } from './adapters/logger';
import { S3MessageReader } from './adapters/s3-message-reader';
import { staffOf } from './adapters/staff-claims';
import { ForbiddenError, requireStaff } from './core/staff-actions';
import { requestMessages } from './core/staff-views';

type Result = APIGatewayProxyStructuredResultV2;

const json = (statusCode: number, body: unknown): Result => ({
  statusCode,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  },
  body: JSON.stringify(body),
});

const messages = new S3MessageReader();

/**
 * The messages of a request as text (original mail and threaded replies): the only console
 * function that parses MIME, so the MIME parser stays out of the API's bundle.
 */
export const handler = middy<APIGatewayProxyEventV2WithJWTAuthorizer, Result>().handler(async (event) => {
  try {
    requireStaff(staffOf(event));
    const requestId = event.pathParameters?.requestId ?? '';
    const result = await requestMessages(requestId, {
      requests: new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE')),
      messages,
    });
    return result ? json(200, result) : json(404, { message: 'request not found' });
  } catch (error) {
    if (error instanceof ForbiddenError) return json(403, { message: error.message });
    log.error('staff messages failed', errorFields(error));
    return json(500, { message: 'Internal Server Error' });
  }
});
