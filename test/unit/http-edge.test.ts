import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpHandler } from '../../functions/adapters/http-edge';
import { staffApiHandler } from '../../functions/adapters/staff-route';
import { ValidationError } from '../../functions/core/errors';
import { lambdaContext } from '../../local/lambda-runtime';

type Result = APIGatewayProxyStructuredResultV2;

function event(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /things',
    rawPath: '/things',
    rawQueryString: '',
    headers: {},
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: '/things',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
      requestId: 'r-1',
      routeKey: 'POST /things',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
    ...overrides,
  };
}

const call = (handler: (e: never, c: Context) => Promise<Result>, e: APIGatewayProxyEventV2) =>
  handler(e as never, lambdaContext('HttpApi'));

const jsonBody = (result: Result) => JSON.parse(String(result.body));

describe('the HTTP edge', () => {
  it('answers a validation error as problem+json that names the fields', async () => {
    const handler = httpHandler({ name: 'test api', maxBodyBytes: 1024 }, async () => {
      throw new ValidationError('invalid input', { email: 'must be an e-mail address' });
    });
    const result = await call(handler, event());
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(jsonBody(result)).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'invalid input',
      errors: { email: 'must be an e-mail address' },
    });
  });

  it('answers an unexpected error with a bare 500 that repeats nothing of it', async () => {
    const handler = httpHandler({ name: 'test api', maxBodyBytes: 1024 }, async () => {
      throw new Error('lookup failed for anna@example.se');
    });
    const result = await call(handler, event());
    expect(result.statusCode).toBe(500);
    expect(jsonBody(result)).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
  });

  it('decodes a base64 body once and parses JSON by its content type', async () => {
    const handler = httpHandler({ name: 'test api', maxBodyBytes: 1024, parseBody: 'json' }, async (e) => ({
      statusCode: 200,
      body: JSON.stringify({ received: e.body }),
    }));
    const result = await call(
      handler,
      event({
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.from('{"types":["access"]}').toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(jsonBody(result)).toEqual({ received: { types: ['access'] } });
  });

  it('refuses a body past the limit with a 413 before parsing it', async () => {
    const handler = httpHandler({ name: 'test api', maxBodyBytes: 10, parseBody: 'json' }, async () => ({
      statusCode: 200,
    }));
    const result = await call(
      handler,
      event({ headers: { 'content-type': 'application/json' }, body: JSON.stringify('x'.repeat(20)) }),
    );
    expect(result.statusCode).toBe(413);
    expect(jsonBody(result).detail).toBe('The body is larger than 10 bytes.');
  });

  it("keeps an HTML page's own CSP and adds the security headers once, in lower case", async () => {
    const csp = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
    const handler = httpHandler({ name: 'test page', maxBodyBytes: 1024 }, async () => ({
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
        'referrer-policy': 'no-referrer',
      },
      body: '<p>ok</p>',
    }));
    const headers = (await call(handler, event())).headers ?? {};
    expect(headers['content-security-policy']).toBe(csp);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['strict-transport-security']).toMatch(/^max-age=/);
    expect(Object.keys(headers).filter((name) => name !== name.toLowerCase())).toEqual([]);
  });

  it('checks the staff role before it reads a body', async () => {
    const handler = staffApiHandler('test staff api', async () => ({ statusCode: 200 }));
    const result = await call(
      handler,
      event({ headers: { 'content-type': 'application/json' }, body: '{not json' }),
    );
    expect(result.statusCode).toBe(403);
    expect(jsonBody(result)).toMatchObject({ status: 403, detail: 'not signed in' });
  });

  it("gives a staff member's call its parsed body and the member", async () => {
    const handler = staffApiHandler('test staff api', async (e, staff) => ({
      statusCode: 200,
      body: JSON.stringify({ body: e.body, username: staff.username }),
    }));
    const signedIn = event({ headers: { 'content-type': 'application/json' }, body: '{"reason":"ok"}' });
    const withClaims = {
      ...signedIn,
      requestContext: {
        ...signedIn.requestContext,
        authorizer: {
          jwt: { claims: { username: 'privacy.officer', 'cognito:groups': '[privacy-staff]' }, scopes: [] },
        },
      },
    };
    const result = await call(handler, withClaims as APIGatewayProxyEventV2);
    expect(result.statusCode).toBe(200);
    expect(jsonBody(result)).toEqual({ body: { reason: 'ok' }, username: 'privacy.officer' });
  });
});
