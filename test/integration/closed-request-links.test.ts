import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import { signIn, staffAction } from '../support/staff';
import {
  confirm,
  mailRequest,
  mailsTo,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/** After cancel or close, a verification link says so and changes nothing; no new link goes out. */
let stack: TestStack;
let cookie: string;

beforeAll(async () => {
  stack = await startTestStack();
  cookie = await signIn(stack);
});

afterAll(async () => {
  await expectEveryRequestAnswered(stack, cookie);
  await stack?.dispose();
});

describe('verification links of a closed request', () => {
  it('after cancel: the link answers that the request is closed, writes nothing, and no new link is mailed', async () => {
    const subject = 'nils.ek@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina uppgifter.',
    );
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    await staffAction(stack, cookie, id, 'cancel');
    await waitForStatus(stack, id, 'cancelled');
    const eventsBefore = (await eventsOf(stack, id)).length;

    const page = await fetch(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This request is closed');
    const confirmed = await confirm(link);
    expect(confirmed.status).toBe(410);
    expect(await confirmed.text()).toContain('This request is closed');
    const asked = await fetch(new URL(`/verify/${id}/new-link`, link), { method: 'POST' });
    expect(asked.status).toBe(200);

    expect((await taskItem(stack, id, 'verification')).completedAt).toBeUndefined();
    const events = await eventsOf(stack, id);
    expect(events).toHaveLength(eventsBefore);
    expect(events.map((e) => e.action)).not.toContain('identity_verified');
    const links = (await mailsTo(stack, subject)).filter((m) => /\/verify\/PD-/.test(m.body.text ?? ''));
    expect(links).toHaveLength(1);
  });

  it('after completion: an old link answers that the request is closed, and a wrong secret learns nothing', async () => {
    const subject = 'per.dahl@example.se';
    const id = await mailRequest(
      stack,
      subject,
      // A subject that says what the body asks, so the verdict is acted on alone (a bare
      // "Samtycke" leaves it just under the triage threshold, and staff would decide).
      'Återkallar samtycke',
      'Jag återkallar mitt samtycke till nyhetsbrevet.',
    );
    const link = await verificationLink(stack, subject);
    await confirm(link);
    await waitFor(async () => (await waitForStatus(stack, id, 'completed')) || undefined, 'completion');
    const eventsBefore = (await eventsOf(stack, id)).length;
    const again = await confirm(link);
    expect(again.status).toBe(410);
    const wrong = new URL(link);
    wrong.searchParams.set('k', 'not-the-secret');
    const guessed = await confirm(wrong);
    expect(guessed.status).toBe(403);
    expect(await guessed.text()).not.toContain('closed');
    expect(await eventsOf(stack, id)).toHaveLength(eventsBefore);
  });
});
