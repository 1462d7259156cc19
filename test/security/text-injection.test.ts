import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { mailRequest, verificationLink } from '../support/workflow';

/**
 * Attack: text injection on the company's own page (`/verify/<any text>` showed that text next
 * to the Confirm button, e.g. "Call +46 8 123 45 67 to confirm"). Defence: the page shows only a
 * well-formed id of a request that exists; anything else gets a page that repeats nothing.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

const page = async (path: string) => {
  const answer = await fetch(new URL(path, stack.urls.http));
  return { status: answer.status, text: await answer.text() };
};

describe('text injection on the verification page', () => {
  it.each([
    'Your account is suspended. Call +46 8 123 45 67 to confirm',
    'PD-20261201-ABCDEF',
    'pd-20261201-abcdef',
  ])('does not show "%s" on the page, and offers no Confirm button', async (text) => {
    const shown = await page(`/verify/${encodeURIComponent(text)}?k=anything`);
    expect(shown.status).toBe(404);
    expect(shown.text).not.toContain(text);
    expect(shown.text).not.toContain('+46');
    expect(shown.text).not.toMatch(/<button/);
  });

  it('shows the id of a request that exists, with its Confirm button', async () => {
    const subject = 'real.link@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina uppgifter.',
    );
    const link = await verificationLink(stack, subject);
    const shown = await page(`${link.pathname}${link.search}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain(id);
    expect(shown.text).toMatch(/<button type="submit">/);
  });
});
