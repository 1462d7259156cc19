import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as staffApi } from '../../functions/staff-api';
import { handler as staffMessages } from '../../functions/staff-messages';
import { invokeAsLambda } from '../../local/lambda-runtime';
import { startTestStack, type TestStack } from '../support/stack';
import { mailRequest, verificationLink } from '../support/workflow';
import {
  type FuzzCase,
  lastingItems,
  mayWrite,
  ROUTE_NAMES,
  type RouteName,
  routeCases,
  send,
} from './fuzz-support';

/**
 * Property-based fuzzing of every public route, and of the staff API without sign-in: whatever
 * comes in, the answer is never a 5xx, it comes (no hang), and nothing lasting is written for a
 * caller who is not authenticated. A failure prints fast-check's seed and path; replay it with
 * `FUZZ_SEED=<seed> npx vitest run test/security/fuzz-routes.test.ts`. Longer runs: bench/fuzz.ts.
 */
let stack: TestStack;
let cases: ReturnType<typeof routeCases>;

beforeAll(async () => {
  stack = await startTestStack();
  // One real request waiting for verification, so generated ids sometimes name one that exists.
  const subject = 'fuzz.subject@example.se';
  const id = await mailRequest(
    stack,
    subject,
    'Registerutdrag',
    'Hej, jag vill ha en kopia av mina uppgifter.',
  );
  await verificationLink(stack, subject);
  cases = routeCases([id]);
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

/** The stored item count once the workflows have settled and two reads a moment apart agree. */
async function quietItemCount(): Promise<number> {
  await stack.stepFunctions.settled();
  let count = await lastingItems(stack);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const again = await lastingItems(stack);
    if (again === count) return count;
    count = again;
  }
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const options = (): fc.Parameters<unknown> => ({
  numRuns: RUNS,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});

describe('fuzzing the public routes', () => {
  it.each(ROUTE_NAMES as RouteName[])(
    '%s: never a 5xx, always an answer, no lasting write without authentication',
    async (route) => {
      await fc.assert(
        fc.asyncProperty(cases[route] as fc.Arbitrary<FuzzCase>, async (fuzz) => {
          // A workflow started earlier (the set-up's request, an accepted form post) writes on its
          // own: count only once the store has gone quiet.
          const before = await quietItemCount();
          const answer = await send(stack, fuzz);
          expect(answer.status, `${fuzz.method} ${fuzz.target}`).toBeLessThan(500);
          if (!mayWrite(fuzz, answer)) expect(await lastingItems(stack)).toBe(before);
        }),
        options(),
      );
    },
  );

  it('the staff handlers themselves refuse an event without an authorizer, whatever its route', async () => {
    const routeKeys = [
      'GET /api/me',
      'GET /api/requests',
      'GET /api/requests/{requestId}',
      'POST /api/requests/{requestId}/{action}',
      'GET /api/requests/{requestId}/messages',
      'GET /api/requests/{requestId}/findings',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routeKeys),
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.option(fc.json(), { nil: undefined }),
        async (routeKey, requestId, action, body) => {
          const before = await lastingItems(stack);
          const event = {
            version: '2.0',
            routeKey,
            rawPath: '/api',
            rawQueryString: '',
            headers: { 'x-privacy-desk-csrf': '1' },
            pathParameters: { requestId, action },
            ...(body !== undefined ? { body } : {}),
            isBase64Encoded: false,
            requestContext: {
              http: { method: routeKey.split(' ')[0], path: '/api', sourceIp: '203.0.113.1' },
            },
          };
          const handler =
            routeKey.endsWith('messages') || routeKey.endsWith('findings') ? staffMessages : staffApi;
          const answer = await invokeAsLambda<{ statusCode: number }>(
            handler,
            event,
            handler === staffApi ? 'StaffApi' : 'StaffMessages',
          );
          expect([401, 403]).toContain(answer.statusCode);
          expect(await lastingItems(stack)).toBe(before);
        },
      ),
      options(),
    );
  });
});
