import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FORM_LIMITS } from '../../functions/core/intake/form-intake';
import { handler as httpApi } from '../../functions/http-api';
import { invokeAsLambda } from '../../local/lambda-runtime';
import { mime, startTestStack, type TestStack } from '../support/stack';
import { confirm, mailRequest, mailsTo, verificationLink, waitForStatus } from '../support/workflow';
import { deliverWithVerdicts, settle, spendLinks } from './support';

/**
 * Attack: an outsider makes a request impossible to verify, or blocks a person from the form, by
 * acting in that person's name (wrong guesses, new-link clicks, form posts naming them). Defence:
 * every such limit counts per source, never per victim (guessing and new links:
 * verification-link.test.ts); the form's per-address limit is per address and source; and a
 * reply from the subject's own address, passing the mail checks, brings a fresh link.
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
  const answer = await invokeAsLambda<{ statusCode: number }>(
    httpApi,
    {
      version: '2.0',
      routeKey: 'POST /requests',
      rawPath: '/requests',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, types: ['access'], relationship: 'customer', text }),
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/requests', sourceIp }, routeKey: 'POST /requests' },
    },
    'HttpApi',
  );
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

  it('sends a fresh link when the subject replies from their own address, never for a forged reply', async () => {
    const subject = 'reply.for.link@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina uppgifter.',
    );
    const first = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    // However many links went out before (a stranger at the button), the current one is spent.
    await spendLinks(stack, id);
    const replyTo = [stack.mailbox.replace('@', `+${id}@`)];
    const reply = (from: string) =>
      mime({ from, to: replyTo[0], subject: `Re: ${id}`, body: 'Länken fungerar inte.' });
    // A forged reply in the subject's name (DMARC failed) brings nothing.
    await deliverWithVerdicts(stack, reply(subject), subject, { spf: 'FAIL', dmarc: 'FAIL' }, replyTo);
    await settle(500);
    const linkMails = async () =>
      (await mailsTo(stack, subject)).filter((m) => /\/verify\//.test(m.body.text ?? ''));
    expect(await linkMails()).toHaveLength(1);
    // The subject's own reply does.
    await deliverWithVerdicts(
      stack,
      reply(subject),
      subject,
      { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
      replyTo,
    );
    const fresh = await verificationLink(stack, subject, 2);
    expect(fresh.searchParams.get('k')).not.toBe(first.searchParams.get('k'));
    expect((await confirm(fresh)).status).toBe(200);
    await waitForStatus(stack, id, 'awaiting_review');
  });
});
