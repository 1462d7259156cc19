import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { ForbiddenError, requireStaff, type StaffMember } from '../core/staff/staff-access';
import { jsonResult } from './json-result';
import { errorFields, log } from './logger';
import { staffOf } from './staff-claims';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

/**
 * The edge every staff API shares: the staff role is required, a base64 body is decoded, and
 * errors become answers (4xx with their message, anything else a bare 500 with a log line that
 * names the route and the error's class only). `moreErrors` maps an API's own error classes.
 */
export function staffApiHandler(
  apiName: string,
  route: (event: Event, staff: StaffMember) => Promise<Result>,
  moreErrors: (error: unknown) => Result | undefined = () => undefined,
) {
  return middy<Event, Result>().handler(async (event) => {
    try {
      const staff = requireStaff(staffOf(event));
      if (event.isBase64Encoded && event.body)
        event.body = Buffer.from(event.body, 'base64').toString('utf8');
      return await route(event, staff);
    } catch (error) {
      if (error instanceof ValidationError)
        return jsonResult(400, { message: error.message, fields: error.fields });
      if (error instanceof ForbiddenError) return jsonResult(403, { message: error.message });
      if (error instanceof NotFoundError) return jsonResult(404, { message: error.message });
      if (error instanceof ConflictError) return jsonResult(409, { message: error.message });
      const own = moreErrors(error);
      if (own) return own;
      log.error(`${apiName} failed`, { routeKey: event.routeKey, ...errorFields(error) });
      return jsonResult(500, { message: 'Internal Server Error' });
    }
  });
}

/**
 * A staff API's JSON body checked against its schema: a ValidationError (a 400 naming each
 * field) when it is not JSON or not what the schema takes. `what` names the action in the message.
 */
export function parseJsonBody<T>(schema: z.ZodMiniType<T>, body: string | undefined, what?: string): T {
  let raw: unknown = {};
  try {
    raw = body ? JSON.parse(body) : {};
  } catch (error) {
    throw new ValidationError('the body must be JSON', {}, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = Object.fromEntries(
      parsed.error.issues.map((i) => [i.path.join('.') || 'body', i.message]),
    );
    throw new ValidationError(what ? `invalid ${what} input` : 'invalid input', fields);
  }
  return parsed.data;
}
