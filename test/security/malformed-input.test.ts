import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Attack: malformed input aimed at a server error (broken percent-encoding in a path, a body of
 * megabytes, consent evidence past DynamoDB's item limit). Defence: every public route answers a
 * 4xx with a message that says what is wrong.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.dispose();
});

const url = (path: string) => new URL(path, stack.urls.http);

describe('server errors on bad input', () => {
  it.each(['/verify/%', '/verify/%zz', '/download/%E0%A4%A', '/download/PD-1/%ZZ'])(
    'answers the malformed path %s with a 400 that says why',
    async (path) => {
      const answer = await fetch(url(path));
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { message: string }).message).toMatch(/percent-encoded/);
    },
  );

  it('answers a 2 MB form body with a 413 and a clear message, for the form and for JSON', async () => {
    const details = 'x'.repeat(2_000_000);
    const form = await fetch(url('/requests'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: 'big.body@example.se',
        relationship: 'self',
        types: 'access',
        text: details,
      }).toString(),
    });
    expect(form.status).toBe(413);
    expect(((await form.json()) as { detail: string }).detail).toMatch(/too large/);
    const json = await fetch(url('/requests'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'big.body@example.se',
        relationship: 'self',
        types: ['access'],
        text: details,
      }),
    });
    expect(json.status).toBe(413);
  });

  it('answers consent evidence past the item limit with a 4xx and a clear message', async () => {
    const post = (evidence: Record<string, string>, key: string) =>
      fetch(url('/consents'), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': 'local-demo-consent-api-key',
          'idempotency-key': key,
        },
        body: JSON.stringify({
          email: 'evidence.flood@example.se',
          purpose: 'newsletter',
          channel: 'web_form',
          textVersion: 'v1',
          evidence,
        }),
      });
    // 250 entries of 1,900 characters: about 475 KB, more than one DynamoDB item holds.
    const huge = Object.fromEntries(Array.from({ length: 250 }, (_, n) => [`field${n}`, 'e'.repeat(1900)]));
    const tooLarge = await post(huge, 'evidence-huge');
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { detail: string }).detail).toMatch(/larger than/);
    // Small entries, but too many of them: a validation answer naming the field.
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, n) => [`f${n}`, 'e']));
    const tooMany = await post(many, 'evidence-many');
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(await tooMany.json())).toMatch(/evidence.*at most 20 entries/);
  });
});
