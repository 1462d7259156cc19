import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FORM_LIMITS } from '../../functions/core/form-intake';
import { handler as httpApi } from '../../functions/http-api';
import { invokeAsLambda } from '../../local/lambda-runtime';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Attack: an outsider makes a request impossible to verify, or blocks a person from the form, by
 * acting in that person's name (wrong guesses, new-link clicks, form posts naming them). Defence:
 * every such limit counts per source, never per victim (guessing and new links:
 * verification-link.test.ts); the form's per-address limit is per address and source.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ env: { FORM_LIMIT_PER_ADDRESS: String(DEFAULT_FORM_LIMITS.perAddress) } });
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

async function postFormFrom(sourceIp: string, email: string, text: string): Promise<number> {
  const answer = await invokeAsLambda<{ statusCode: number }>(httpApi, {
    version: '2.0',
    routeKey: 'POST /requests',
    rawPath: '/requests',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, types: ['access'], relationship: 'customer', text }),
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/requests', sourceIp }, routeKey: 'POST /requests' },
  });
  return answer.statusCode;
}

describe('making a request impossible to verify', () => {
  it("does not block a person from the form after a stranger's posts in their name", async () => {
    const victim = 'blocked.victim@example.se';
    const stranger = '203.0.113.50';
    for (let n = 0; n < DEFAULT_FORM_LIMITS.perAddress; n++) {
      expect(await postFormFrom(stranger, victim, `stranger post ${n}`)).toBe(202);
    }
    expect(await postFormFrom(stranger, victim, 'one too many')).toBe(429);
    // The person themselves, from their own connection, is not held back.
    expect(await postFormFrom('198.51.100.60', victim, 'Jag vill ha en kopia av mina uppgifter.')).toBe(202);
  });
});
