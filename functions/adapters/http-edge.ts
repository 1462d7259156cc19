import middy, { type MiddlewareObj } from '@middy/core';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import httpUrlEncodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { ForbiddenError } from '../core/staff/staff-access';
import { withLogKeys } from './log-keys';
import { errorFields, log } from './logger';

type Result = APIGatewayProxyStructuredResultV2;

/** A body larger than its route takes: answered with a 413 before anything parses it. */
export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`The body is larger than ${maxBytes} bytes.`);
  }
}

/** An RFC 9457 problem: what went wrong, for a client to show (4xx) or nothing more than a 500. */
export interface Problem {
  status: number;
  detail?: string;
  /** Per-field messages of an invalid input (an extension member). */
  errors?: Record<string, string>;
  headers?: Record<string, string>;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A problem+json answer: never cached (it may name a request), never sniffed as another type. */
export function problemResult(problem: Problem): Result {
  const status = problem.status;
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...problem.headers,
    },
    body: JSON.stringify({
      type: 'about:blank',
      title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
      status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(problem.errors ? { errors: problem.errors } : {}),
    }),
  };
}

/** The error classes every API answers alike; an API maps its own with `ownErrors`. */
function knownProblem(error: unknown): Problem | undefined {
  if (error instanceof ValidationError)
    return {
      status: 400,
      detail: error.message,
      ...(Object.keys(error.fields).length > 0 ? { errors: error.fields } : {}),
    };
  if (error instanceof ForbiddenError) return { status: 403, detail: error.message };
  if (error instanceof NotFoundError) return { status: 404, detail: error.message };
  if (error instanceof ConflictError) return { status: 409, detail: error.message };
  if (error instanceof PayloadTooLargeError) return { status: 413, detail: error.message };
  // middy's own errors (a body parser's 415): 4xx with a message meant for the client.
  const http = error as { statusCode?: unknown; expose?: unknown; message?: unknown };
  if (typeof http.statusCode === 'number' && http.statusCode < 500 && http.expose === true)
    return { status: http.statusCode, detail: String(http.message) };
  return undefined;
}

/**
 * The one place errors become answers: a 4xx shows its message (written for the client), anything
 * else is a bare 500 whose log line names the route and the error's class only, never its message
 * (messages may quote input).
 */
function problemErrorHandler<Event extends APIGatewayProxyEventV2>(
  options: Pick<HttpEdgeOptions<Event>, 'name' | 'ownErrors' | 'errorPage'>,
): MiddlewareObj<Event, Result> {
  const name = options.name;
  const ownErrors = options.ownErrors ?? (() => undefined);
  return {
    onError: async (request) => {
      const page = options.errorPage?.(request.error, request.event as unknown as HttpEvent<Event>);
      if (page) {
        log.info(`${name} refused`, { routeKey: request.event.routeKey, ...errorFields(request.error) });
        request.response = page;
        return;
      }
      const problem = ownErrors(request.error) ?? knownProblem(request.error);
      const routeKey = request.event.routeKey;
      if (problem && problem.status < 500) {
        log.info(`${name} refused`, { routeKey, status: problem.status, ...errorFields(request.error) });
        request.response = problemResult(problem);
        return;
      }
      log.error(`${name} failed`, {
        routeKey,
        status: problem?.status ?? 500,
        ...errorFields(request.error),
      });
      request.response = problemResult(problem ?? { status: 500 });
    },
  };
}

/** Refuses a body past `maxBytes` before any parser reads it, and decodes a base64 body once. */
function bodyLimit(maxBytes: number): MiddlewareObj<APIGatewayProxyEventV2, Result> {
  return {
    before: async ({ event }) => {
      if (event.body === undefined) return;
      const bytes = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
      if (bytes.length > maxBytes) throw new PayloadTooLargeError(maxBytes);
      if (event.isBase64Encoded) {
        event.body = bytes.toString('utf8');
        event.isBase64Encoded = false;
      }
    },
  };
}

/**
 * middy's security headers come with capitalised names; a handler's own (an HTML page's CSP, a
 * JSON answer's cache-control) are lower case and win. One lower-case set leaves the answer.
 */
function lowerCaseHeaders(response: Result | null | undefined): void {
  if (!response || typeof response !== 'object' || !response.headers) return;
  const headers: Record<string, string | number | boolean> = {};
  const entries = Object.entries(response.headers);
  for (const [key, value] of entries) if (key === key.toLowerCase()) headers[key] = value;
  for (const [key, value] of entries) {
    const lower = key.toLowerCase();
    if (value !== undefined && !(lower in headers)) headers[lower] = value;
  }
  response.headers = headers;
}

const lowerCaseResponseHeaders: MiddlewareObj<APIGatewayProxyEventV2, Result> = {
  after: async (request) => lowerCaseHeaders(request.response),
  onError: async (request) => lowerCaseHeaders(request.response),
};

export interface HttpEdgeOptions<Event extends APIGatewayProxyEventV2, Guarded = undefined> {
  /** Names the function in log lines. */
  readonly name: string;
  /** The largest body the routes take (a 413 above it). */
  readonly maxBodyBytes: number;
  /**
   * Bodies parsed by content type before the handler: `json` turns an `application/json` body
   * into a value, `form` an urlencoded one into an object of fields (repeated names as arrays),
   * `json-or-form` both; without it the handler gets the text. Other content types reach the
   * handler as text, for it to refuse.
   */
  readonly parseBody?: 'json' | 'form' | 'json-or-form';
  /**
   * Runs before the body is read (the staff role check): a refusal never parses a body. What it
   * returns (the staff member) is handed to the handler, so nothing is checked twice.
   */
  readonly guard?: (event: Event) => Guarded;
  /** An API's own error classes as problems; the rest are mapped alike for every API. */
  readonly ownErrors?: (error: unknown) => Problem | undefined;
  /** An HTML page's own answer to an error (a page, not problem+json), when it has one. */
  readonly errorPage?: (error: unknown, event: HttpEvent<Event>) => Result | undefined;
}

/** The event after the edge: headers lower case, path and query parameters objects, body parsed. */
export type HttpEvent<Event extends APIGatewayProxyEventV2 = APIGatewayProxyEventV2> = Omit<
  Event,
  'body' | 'pathParameters' | 'queryStringParameters'
> & {
  body?: unknown;
  pathParameters: Record<string, string | undefined>;
  queryStringParameters: Record<string, string | undefined>;
};

/**
 * An HTTP API handler at the edge (middy's HTTP chain): event and headers normalised, the body
 * limited and parsed by content type, security headers on every answer (an HTML page keeps its
 * own CSP), and errors answered as RFC 9457 problem+json in one place.
 */
export function httpHandler<
  Event extends APIGatewayProxyEventV2 = APIGatewayProxyEventV2,
  Guarded = undefined,
>(
  options: HttpEdgeOptions<Event, Guarded>,
  handler: (event: HttpEvent<Event>, context: Context, guarded: Guarded) => Promise<Result>,
) {
  const chain = middy<Event, Result>()
    .use(lowerCaseResponseHeaders)
    .use(
      httpSecurityHeaders({
        // HTML pages set their own CSP (the form posts to itself, pages carry inline styles).
        contentSecurityPolicy: false,
        reportTo: false,
        xssProtection: false,
      }),
    )
    .use(problemErrorHandler(options))
    .use(httpEventNormalizer())
    .use(httpHeaderNormalizer());
  const guard = options.guard;
  const guardedOf = new WeakMap<object, Guarded>();
  // A before middleware that returns a value answers early: the guard's result is kept, not returned.
  if (guard)
    chain.use({
      before: async ({ event }) => {
        guardedOf.set(event, guard(event));
      },
    });
  chain.use(bodyLimit(options.maxBodyBytes));
  const parse = options.parseBody ?? '';
  if (parse.includes('json')) chain.use(httpJsonBodyParser({ disableContentTypeError: true }));
  if (parse.includes('form')) chain.use(httpUrlEncodeBodyParser({ disableContentTypeError: true }));
  return chain.handler((event, context) =>
    withLogKeys({ function_name: context.functionName, function_request_id: context.awsRequestId }, () =>
      handler(event as unknown as HttpEvent<Event>, context, guardedOf.get(event) as Guarded),
    ),
  );
}
