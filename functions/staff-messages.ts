import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { functionConfig, required } from './adapters/config';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { jsonResult } from './adapters/json-result';
import { errorFields, log } from './adapters/logger';
import { S3MessageReader } from './adapters/s3-message-reader';
import { S3ObjectStore } from './adapters/s3-object-store';
import { staffOf } from './adapters/staff-claims';
import { systemClock } from './core/ports';
import { actorOf, ForbiddenError, requireStaff } from './core/staff/staff-access';
import { requestFindings, requestMessages } from './core/staff/staff-views';

type Result = APIGatewayProxyStructuredResultV2;

export const config = functionConfig({ PACKAGES_BUCKET: required(), REQUESTS_TABLE: required() });

const messages = new S3MessageReader();

/**
 * What staff read from a request's stored objects: its messages as text (original mail and
 * threaded replies) and the records the collection found. The only console function that parses
 * MIME or reads collected data, so neither the parser nor that access sits in the API's bundle.
 */
export const handler = middy<APIGatewayProxyEventV2WithJWTAuthorizer, Result>().handler(async (event) => {
  try {
    const staff = requireStaff(staffOf(event));
    const requestId = event.pathParameters?.requestId ?? '';
    const requests = new DynamoDbRequestStore(config().REQUESTS_TABLE);
    const result =
      event.routeKey === 'GET /api/requests/{requestId}/findings'
        ? await requestFindings(requestId, actorOf(staff), {
            requests,
            findings: new S3ObjectStore(config().PACKAGES_BUCKET),
            clock: systemClock,
          })
        : await requestMessages(requestId, { requests, messages });
    return result ? jsonResult(200, result) : jsonResult(404, { message: 'request not found' });
  } catch (error) {
    if (error instanceof ForbiddenError) return jsonResult(403, { message: error.message });
    log.error('staff messages failed', errorFields(error));
    return jsonResult(500, { message: 'Internal Server Error' });
  }
});
