import { functionConfig, required } from './adapters/config';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { jsonResult } from './adapters/json-result';
import { S3MessageReader } from './adapters/s3-message-reader';
import { S3ObjectStore } from './adapters/s3-object-store';
import { staffApiHandler } from './adapters/staff-route';
import { NotFoundError } from './core/errors';
import { systemClock } from './core/ports';
import { actorOf } from './core/staff/staff-access';
import { requestFindings, requestMessages } from './core/staff/staff-views';

export const config = functionConfig({ PACKAGES_BUCKET: required(), REQUESTS_TABLE: required() });

const messages = new S3MessageReader();

/**
 * What staff read from a request's stored objects: its messages as text (original mail and
 * threaded replies) and the records the collection found. The only console function that parses
 * MIME or reads collected data, so neither the parser nor that access sits in the API's bundle.
 */
export const handler = staffApiHandler('staff messages', async (event, staff) => {
  const requestId = event.pathParameters.requestId ?? '';
  const requests = new DynamoDbRequestStore(config().REQUESTS_TABLE);
  const result =
    event.routeKey === 'GET /api/requests/{requestId}/findings'
      ? await requestFindings(requestId, actorOf(staff), {
          requests,
          findings: new S3ObjectStore(config().PACKAGES_BUCKET),
          clock: systemClock,
        })
      : await requestMessages(requestId, { requests, messages });
  if (!result) throw new NotFoundError('request not found');
  return jsonResult(200, result);
});
