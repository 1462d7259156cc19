import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { VERIFICATION_LIMITS } from '../../functions/core/verification/verification';
import { handler as verifyLink } from '../../functions/verify-link';
import { invokeAsLambda } from '../../local/lambda-runtime';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import {
  confirm,
  mailRequest,
  statesEntered,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';
import { spendLinks } from './support';

/**
 * Attacks on the verification link: guessing the secret, locking the subject out by guessing,
 * replaying a used link, forwarding it after use. Defences: guesses are counted per source (a
 * spent source is refused even the right secret), nothing is written on the request for a wrong
 * guess, a used link is refused, and a refusal looks the same whatever its reason.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

function withSecret(link: URL, secret: string): URL {
  const guessed = new URL(link);
  guessed.searchParams.set('k', secret);
  return guessed;
}

const guess = (n: number) => `${String(n).padStart(2, '0')}${'A'.repeat(41)}`;

/** The confirm button pressed from another source address than this test's own. */
async function confirmFrom(sourceIp: string, link: URL): Promise<number> {
  return (await answerFrom(sourceIp, link)).statusCode;
}

async function answerFrom(
  sourceIp: string,
  link: URL,
): Promise<{ statusCode: number; headers: Record<string, string> }> {
  const requestId = decodeURIComponent(link.pathname.split('/')[2] ?? '');
  const body = new URLSearchParams({ k: link.searchParams.get('k') ?? '' }).toString();
  return invokeAsLambda(
    verifyLink,
    {
      version: '2.0',
      routeKey: 'POST /verify/{requestId}',
      rawPath: link.pathname,
      rawQueryString: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      pathParameters: { requestId },
      body,
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: link.pathname, sourceIp },
        routeKey: 'POST /verify/{requestId}',
      },
    },
    'VerifyLink',
  );
}

async function rateItems(): Promise<Record<string, unknown>[]> {
  const scanned = await dynamo().send(new ScanCommand({ TableName: stack.env.REQUESTS_TABLE }));
  return (scanned.Items ?? []).filter((item) => String(item.pk).startsWith('RATE#verify-source#'));
}

describe('guessing the verification secret', () => {
  it("limits guessing per source, not per request: an outsider's wrong guesses never lock the subject out", async () => {
    const subject = 'guess.target@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    const taskBefore = await taskItem(stack, id, 'verification');
    // The link mail's audit event is written just after SES takes the mail: count from after it.
    const eventsBefore = await waitFor(async () => {
      const events = await eventsOf(stack, id);
      const mailed = events.some(
        (e) =>
          e.action === 'mail_sent' &&
          (e.detail as { template?: string } | undefined)?.template === 'verification',
      );
      return mailed && events.length;
    }, 'the verification mail in the trail');

    const outsider = '203.0.113.9';
    for (let n = 0; n < VERIFICATION_LIMITS.attemptsPerSource; n++) {
      expect(await confirmFrom(outsider, withSecret(link, guess(n)))).toBe(403);
    }
    // The source is spent: even the right secret from it waits, and says so.
    const spent = await answerFrom(outsider, link);
    expect(spent.statusCode).toBe(429);
    expect(spent.headers['retry-after']).toBe('3600');
    // Nothing was written on the request: no counter to lock it, no audit items to flood it.
    const taskAfter = await taskItem(stack, id, 'verification');
    expect(taskAfter.version).toBe(taskBefore.version);
    expect(taskAfter.completedAt).toBeUndefined();
    expect((await eventsOf(stack, id)).length).toBe(eventsBefore);
    expect(statesEntered(stack, id)).not.toContain('Assess');
    // The counter is the source's, and it expires (the table's TTL attribute).
    const [counter] = await rateItems();
    expect(Number(counter?.expiresAt)).toBeGreaterThan(Date.now() / 1000);
    expect(Number(counter?.expiresAt)).toBeLessThanOrEqual(
      Date.now() / 1000 + VERIFICATION_LIMITS.sourceWindowSeconds + 1,
    );

    // The subject, from their own address, confirms with the link they were sent.
    expect(await confirmFrom('198.51.100.7', link)).toBe(200);
    await waitForStatus(stack, id, 'awaiting_review');
  });

  it('counts parallel guesses of one source exactly: twenty at once get ten refusals and ten 429s', async () => {
    const subject = 'parallel.target@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    const source = '203.0.113.20';
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => confirmFrom(source, withSecret(link, guess(n)))),
    );
    expect(answers.filter((s) => s === 403)).toHaveLength(VERIFICATION_LIMITS.attemptsPerSource);
    expect(answers.filter((s) => s === 429)).toHaveLength(20 - VERIFICATION_LIMITS.attemptsPerSource);
    expect(await confirmFrom(source, link)).toBe(429);
    expect((await taskItem(stack, id, 'verification')).completedAt).toBeUndefined();
    expect(await confirmFrom('203.0.113.21', link)).toBe(200);
  });

  it('always lets the subject get a fresh link: asking often only slows it down, never stops it', async () => {
    const subject = 'fresh.target@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina uppgifter.',
    );
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    // Past the links sent at the short interval, with the current one expired: a new one goes out.
    await spendLinks(stack, id);
    expect((await fetch(new URL(`/verify/${id}/new-link`, link), { method: 'POST' })).status).toBe(200);
    const fresh = await verificationLink(stack, subject, 2);
    expect(fresh.searchParams.get('k')).not.toBe(link.searchParams.get('k'));
    expect(await confirmFrom('198.51.100.8', fresh)).toBe(200);
  });

  it('answers a wrong secret and a used link alike (same status, same page)', async () => {
    const subject = 'replay.target@example.se';
    const id = await mailRequest(stack, subject, 'Radera mig', 'Hej, radera alla mina uppgifter.');
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    expect((await confirm(link)).status).toBe(200);
    await waitForStatus(stack, id, 'awaiting_review');

    const used = await confirm(link); // replayed, or forwarded after use
    const wrong = await confirm(withSecret(link, guess(99)));
    const usedBody = await used.text();
    const wrongBody = await wrong.text();
    expect(used.status).toBe(403);
    expect(wrong.status).toBe(403);
    expect(usedBody).toBe(wrongBody);

    // An id that names no request: a 404 that repeats nothing of the address.
    const unknownId = id.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const unknown = await confirm(new URL(link.href.replace(id, unknownId)));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain(unknownId);
  });

  it('refuses a forwarded link after use from another client, and a GET never confirms', async () => {
    const subject = 'forward.target@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    const link = await verificationLink(stack, subject);
    // A mail scanner or the recipient of a forward opens the link: a page, no confirmation.
    expect((await fetch(link, { headers: { 'user-agent': 'ForwardedTo/1.0' } })).status).toBe(200);
    expect((await taskItem(stack, id, 'verification')).completedAt).toBeUndefined();
    expect((await confirm(link)).status).toBe(200);
    const forwarded = await fetch(new URL(link.pathname, link), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'ForwardedTo/1.0' },
      body: new URLSearchParams({ k: link.searchParams.get('k') ?? '' }).toString(),
    });
    expect(forwarded.status).toBe(403);
    const verified = (await eventsOf(stack, id)).filter((e) => e.action === 'identity_verified');
    expect(verified).toHaveLength(1);
  });
});
