import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as deadlineWatch } from '../../functions/deadline-watch';
import { lambdaContext } from '../../local/lambda-runtime';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, mime, outbox, sendMail, startTestStack, type TestStack, waitFor } from '../support/stack';
import { seedRequest, signIn, staffAction } from '../support/staff';
import {
  completeTask,
  confirm,
  mailRequest,
  mailsTo,
  requestItem,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/**
 * The clock pauses only while we wait for what we need to identify the person or understand the
 * request (Art. 12(3), 12(6)); the requester's reply restarts it by itself; a pause never hides a
 * request, and after fourteen days the requester is reminded and staff are told.
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

const get = async (path: string) =>
  (await (await fetch(`${stack.urls.http}${path}`, { headers: { cookie } })).json()) as Record<
    string,
    unknown
  >;

describe('the request clock', () => {
  it('a question at review pauses the clock, and the requester’s reply resumes it without a staff click', async () => {
    const subject = 'maja.strand@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Mina uppgifter',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    await confirm(await verificationLink(stack, subject));
    await waitForStatus(stack, id, 'awaiting_review');
    const dueBefore = String((await requestItem(stack, id)).dueAt);

    await staffAction(stack, cookie, id, 'more-info', { question: 'Vilket kundnummer hade du?' });
    expect((await requestItem(stack, id)).pausedSince).toBeDefined();
    const question = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /kundnummer/.test(m.body.text ?? '')),
      'the question',
    );

    // The requester answers the question mail, to its reply address.
    await sendMail(
      stack,
      mime({
        from: subject,
        to: question.replyTo[0],
        subject: `Re: ${question.subject}`,
        body: 'Kundnummer 4711.',
      }),
      { from: subject, to: [question.replyTo[0] ?? ''] },
    );
    const resumed = await waitFor(async () => {
      const item = await requestItem(stack, id);
      return item.pausedSince === undefined ? item : undefined;
    }, 'the clock to run again');
    expect(resumed.dueAt).toBe(dueBefore); // answered the same day: no day stood still
    // The trail entry is written just after the request item: wait for it rather than read once.
    const event = await waitFor(
      async () => (await eventsOf(stack, id)).find((e) => e.action === 'clock_resumed'),
      'the clock_resumed event',
    );
    expect(event).toMatchObject({ actor: 'subject', detail: { by: 'reply', pausedDays: 0 } });
  });

  it('a question after approval is mailed but does not stop the clock', async () => {
    const subject = 'olle.vik@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Kopia',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    await confirm(await verificationLink(stack, subject));
    await waitForStatus(stack, id, 'awaiting_review');
    await staffAction(stack, cookie, id, 'approve');
    await taskItem(stack, id, 'manual:file-share');
    await waitForStatus(stack, id, 'awaiting_action');
    await staffAction(stack, cookie, id, 'more-info', {
      question: 'Hade du ett konto i vår gamla webbutik?',
    });
    expect((await requestItem(stack, id)).pausedSince).toBeUndefined();
    const asked = (await eventsOf(stack, id)).find((e) => e.action === 'more_info_requested');
    expect(asked?.detail).toMatchObject({ clockPaused: false });
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
    await waitForStatus(stack, id, 'completed');
  });

  it('a request paused for fifteen days stays in the digest, the queue and the dashboard with its wait, and the requester is reminded once', async () => {
    const pausedSince = new Date(Date.now() - 15 * 86_400_000).toISOString();
    const subject = 'eva.lund@example.se';
    const paused = await seedRequest(stack, {
      status: 'awaiting_review',
      subjectEmail: subject,
      pausedSince,
    });

    await deadlineWatch({ source: 'aws.events' }, lambdaContext('DeadlineWatch'));
    const digest = await waitFor(
      async () =>
        (await outbox(stack)).find(
          (m) => m.destination.to.includes(stack.env.STAFF_ADDRESS ?? '') && m.body.text?.includes(paused.id),
        ),
      'the digest naming the paused request',
    );
    expect(digest.body.text).toContain(
      `${paused.id} (awaiting_review) – waiting 15 days, requester reminded`,
    );
    const reminder = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /Påminnelse/.test(m.subject)),
      'the reminder to the requester',
    );
    expect(reminder.body.text).toContain(paused.id);
    expect(reminder.body.text).toContain('står still');

    // The next morning's run reminds staff again, the requester not: once per pause.
    await deadlineWatch({ source: 'aws.events' }, lambdaContext('DeadlineWatch'));
    expect((await mailsTo(stack, subject)).filter((m) => /Påminnelse/.test(m.subject))).toHaveLength(1);

    const queue = (await get('/api/requests')) as { requests: { id: string; daysWaiting?: number }[] };
    expect(queue.requests.find((r) => r.id === paused.id)?.daysWaiting).toBe(15);
    const dashboard = (await get('/api/dashboard')) as { waiting: { id: string; daysWaiting: number }[] };
    expect(dashboard.waiting).toContainEqual({ id: paused.id, daysWaiting: 15 });
  });
});
