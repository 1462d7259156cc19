import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { ValidationError } from '../core/errors';
import { requireStaff, type StaffMember } from '../core/staff/staff-access';
import { type HttpEvent, httpHandler, type Problem } from './http-edge';
import { staffOf } from './staff-claims';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

/** Far above any staff action's input (the longest is a few free-text fields). */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * The edge every staff API shares: the staff role is required before the body is read, a JSON
 * body arrives parsed, and errors are answered by the HTTP edge as problem+json. `ownErrors`
 * maps an API's own error classes.
 */
export function staffApiHandler(
  apiName: string,
  route: (event: HttpEvent<Event>, staff: StaffMember) => Promise<Result>,
  ownErrors?: (error: unknown) => Problem | undefined,
) {
  return httpHandler<Event, StaffMember>(
    {
      name: apiName,
      maxBodyBytes: MAX_BODY_BYTES,
      parseBody: 'json',
      guard: (event) => requireStaff(staffOf(event)),
      ...(ownErrors ? { ownErrors } : {}),
    },
    (event, _context, staff) => route(event, staff),
  );
}

/**
 * A staff API's JSON body (parsed by the edge) checked against its schema: a ValidationError (a
 * 400 naming each field) when it is not JSON or not what the schema takes. No body is `{}`.
 * `what` names the action in the message.
 */
export function parseJsonBody<T>(schema: z.ZodMiniType<T>, body: unknown, what?: string): T {
  if (typeof body === 'string' && body !== '') throw new ValidationError('the body must be JSON');
  const parsed = schema.safeParse(body === undefined || body === '' ? {} : body);
  if (!parsed.success) {
    const fields = Object.fromEntries(
      parsed.error.issues.map((i) => [i.path.join('.') || 'body', i.message]),
    );
    throw new ValidationError(what ? `invalid ${what} input` : 'invalid input', fields);
  }
  return parsed.data;
}
