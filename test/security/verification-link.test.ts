import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFICATION_LIMITS } from '../../functions/core/verification';
import { eventsOf, startTestStack, type TestStack } from '../support/stack';
import {
  confirm,
  mailRequest,
  statesEntered,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/**
 * Attacks on the verification link: guessing the secret, replaying a used link, forwarding it
 * after use. Defences: wrong guesses lock the link, a locked link refuses even the right secret,
 * a used link is refused, and a refusal looks the same whatever its reason.
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

describe('guessing the verification secret', () => {
  it('refuses a verification link after five wrong guesses, even with the right secret, until a new link is sent', async () => {
    const subject = 'guess.target@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');

    for (let n = 0; n < VERIFICATION_LIMITS.maxFailedAttempts; n++) {
      expect((await confirm(withSecret(link, guess(n)))).status).toBe(403);
    }
    expect((await taskItem(stack, id, 'verification')).failedAttempts).toBe(
      VERIFICATION_LIMITS.maxFailedAttempts,
    );
    // The sixth try has the real secret: still refused, and the workflow has not moved.
    expect((await confirm(link)).status).toBe(403);
    expect((await taskItem(stack, id, 'verification')).completedAt).toBeUndefined();
    expect(statesEntered(stack, id)).not.toContain('Assess');
    const reasons = (await eventsOf(stack, id))
      .filter((e) => e.action === 'verification_link_refused')
      .map((e) => (e.detail as { reason: string }).reason);
    expect(reasons).toEqual([...Array(VERIFICATION_LIMITS.maxFailedAttempts).fill('wrong_secret'), 'locked']);

    // The subject asks for a new link: a locked link is replaced at once, and the new one works.
    expect((await fetch(new URL(`/verify/${id}/new-link`, link), { method: 'POST' })).status).toBe(200);
    const fresh = await verificationLink(stack, subject, 2);
    expect(fresh.searchParams.get('k')).not.toBe(link.searchParams.get('k'));
    expect((await confirm(link)).status).toBe(403);
    expect((await confirm(fresh)).status).toBe(200);
    await waitForStatus(stack, id, 'awaiting_review');
  });

  it('counts every wrong guess when they arrive all at once: twenty parallel guesses lock the link', async () => {
    const subject = 'parallel.target@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => confirm(withSecret(link, guess(n)))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(403));
    expect((await confirm(link)).status).toBe(403);
    expect((await taskItem(stack, id, 'verification')).completedAt).toBeUndefined();
  });

  it('answers a wrong secret, a used link and an unknown request alike (same status, same page)', async () => {
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

    const unknownId = id.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const unknown = await confirm(new URL(link.href.replace(id, unknownId)));
    expect(unknown.status).toBe(403);
    expect((await unknown.text()).replaceAll(unknownId, id)).toBe(usedBody);
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
