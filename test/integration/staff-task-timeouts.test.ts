import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, outbox, startTestStack, type TestStack, waitFor } from '../support/stack';
import { signIn, staffAction } from '../support/staff';
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
 * Staff work takes minutes, days or weeks: a human step must wait as long as Step Functions waits
 * (the interpreter alone would fail it after 60 s), and one that outlives its deliberate timeout
 * must show and alert, not vanish. The runtime's task clock is moved forward instead of waiting.
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

const TWO_MINUTES = 2 * 60_000;
const DAY = 86_400_000;

/** Staff search the file share by hand and find nothing, once the request waits for them. */
async function searchFileShare(id: string) {
  await taskItem(stack, id, 'manual:file-share');
  await waitForStatus(stack, id, 'awaiting_action');
  await staffAction(stack, cookie, id, 'complete-task', {
    taskId: 'manual:file-share',
    output: { outcome: 'nothing_found' },
  });
}

describe('staff tasks that take longer than a minute', () => {
  it('mail, acknowledgement, confirmation, two minutes of review, approval, two minutes on the file share: the package is mailed', async () => {
    const subject = 'astrid.lindqvist@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => m.subject.includes(id)),
      'the acknowledgement',
    );
    await confirm(await verificationLink(stack, subject));
    await waitForStatus(stack, id, 'awaiting_review');
    await taskItem(stack, id, 'review');

    stack.stepFunctions.advanceClock(TWO_MINUTES);
    await staffAction(stack, cookie, id, 'approve');
    await taskItem(stack, id, 'manual:file-share');
    stack.stepFunctions.advanceClock(TWO_MINUTES);
    await searchFileShare(id);

    await waitForStatus(stack, id, 'completed');
    expect(await executionStopped(stack, id)).toBe('SUCCEEDED');
    const packageMail = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /\/download\/PD-/.test(m.body.text ?? '')),
      'the package mail',
    );
    expect(packageMail.body.text).toContain(id);
  });

  it('a review left open past its 100-day timeout fails visibly, alerts staff, and completes after a retry', async () => {
    const subject = 'ola.nordmann@example.no';
    const id = await mailRequest(
      stack,
      subject,
      'Innsyn',
      'Hei, jeg ber om innsyn i alle personopplysninger om meg.',
    );
    await confirm(await verificationLink(stack, subject));
    await taskItem(stack, id, 'review');

    stack.stepFunctions.advanceClock(99 * DAY);
    // Still waiting after 99 days: nothing has timed out.
    await stack.stepFunctions.settled();
    expect((await waitForStatus(stack, id, 'awaiting_review')).status).toBe('awaiting_review');

    stack.stepFunctions.advanceClock(DAY + 1000);
    const failed = await waitForStatus(stack, id, 'failed');
    expect(failed.statusReason).toBe('task_timed_out');
    expect(statesEntered(stack, id)).toEqual(
      expect.arrayContaining(['Review', 'MarkTimedOut', 'AlertTimedOut']),
    );
    const alert = await waitFor(
      async () =>
        (await outbox(stack)).find(
          (m) => m.destination.to.includes(stack.env.STAFF_ADDRESS ?? '') && m.subject.includes(id),
        ),
      'the staff alert',
    );
    expect(alert.body.text).toMatch(/staff task passed its time limit/i);
    const timedOut = (await eventsOf(stack, id)).find((e) => e.toStatus === 'failed');
    expect(timedOut?.detail).toMatchObject({ error: 'States.Timeout' });

    const openedBefore = String((await taskItem(stack, id, 'review')).openedAt);
    await staffAction(stack, cookie, id, 'retry');
    await taskItem(stack, id, 'review', openedBefore);
    // The task is stored a moment before the request shows it waits for review: wait for both.
    await waitForStatus(stack, id, 'awaiting_review');
    await staffAction(stack, cookie, id, 'approve');
    await searchFileShare(id);
    await waitForStatus(stack, id, 'completed');
  });
});
