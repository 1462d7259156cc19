import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import { seedRequest, signIn, staffAction } from '../support/staff';
import {
  confirm,
  executionStopped,
  mailRequest,
  mailsTo,
  statesEntered,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/**
 * Rejections and cancellations are decisions not to act: the requester is told what was decided,
 * why, and that they may complain and go to court (Art. 12(4)), in their language. Staff's own
 * words stay in the trail and reach the requester only when staff choose to quote them.
 */
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

const noteOf = async (id: string, action: string) =>
  (await eventsOf(stack, id)).find((e) => e.action === action)?.detail as Record<string, unknown> | undefined;

describe('rejection and cancellation notices', () => {
  it('a triage item rejected as manifestly unfounded mails the sender the decision, the reason, IMY and the courts', async () => {
    const subject = 'sven.berg@example.se';
    const item = await seedRequest(stack, {
      status: 'triage',
      language: 'sv',
      subjectEmail: subject,
      types: [],
    });
    await staffAction(stack, cookie, item.id, 'reject', {
      reason: 'manifestly_unfounded',
      detail: 'Samma fråga har besvarats tre gånger i november.',
    });
    const notice = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => m.subject.includes(item.id)),
      'the rejection notice',
    );
    expect(notice.body.text).toMatch(/uppenbart ogrundad|ogrundad/);
    expect(notice.body.text).toContain('Integritetsskyddsmyndigheten');
    expect(notice.body.text).toMatch(/domstol/);
    // Not quoted: staff did not choose to; the trail keeps it.
    expect(notice.body.text).not.toContain('tre gånger');
    expect(await noteOf(item.id, 'triage_rejected')).toMatchObject({
      note: 'Samma fråga har besvarats tre gånger i november.',
      quoted: false,
    });
  });

  it('a review rejection quotes staff’s reason in the notice when staff choose to', async () => {
    const subject = 'oscar.wild@example.org';
    const id = await mailRequest(stack, subject, 'My data', 'Please send me a copy of all my personal data.');
    await confirm(await verificationLink(stack, subject));
    await waitForStatus(stack, id, 'awaiting_review');
    await taskItem(stack, id, 'review');
    await staffAction(stack, cookie, id, 'reject', {
      reason: 'manifestly_unfounded',
      detail: 'We answered the same request on 2 November and nothing has changed since.',
      quote: true,
    });
    await waitForStatus(stack, id, 'rejected');
    expect(await executionStopped(stack, id)).toBe('SUCCEEDED');
    expect(statesEntered(stack, id)).toContain('SendQuotedRejection');
    const notice = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /decision/i.test(m.subject)),
      'the rejection notice',
    );
    expect(notice.body.text).toContain('> We answered the same request on 2 November');
    expect(notice.body.text).toContain('Integritetsskyddsmyndigheten, IMY');
    expect(notice.body.text).toMatch(/court/);
  });

  it('a cancelled request mails the requester that it was closed, with the quoted reason, IMY and the courts', async () => {
    const subject = 'lena.holm@example.se';
    const id = await mailRequest(stack, subject, 'Radering', 'Hej, radera alla mina personuppgifter.');
    await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    await staffAction(stack, cookie, id, 'cancel', {
      reason: 'Du har skrivit att du drar tillbaka begäran.',
      quote: true,
    });
    await waitForStatus(stack, id, 'cancelled');
    const notice = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /avslutats/.test(m.subject)),
      'the cancellation notice',
    );
    expect(notice.body.text).toContain('> Du har skrivit att du drar tillbaka begäran.');
    expect(notice.body.text).toContain('Integritetsskyddsmyndigheten (IMY)');
    expect(notice.body.text).toMatch(/domstol/);
    expect(await noteOf(id, 'cancelled')).toMatchObject({ quoted: true });
  });
});
