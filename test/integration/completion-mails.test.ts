import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import { signIn, staffAction } from '../support/staff';
import {
  completeTask,
  confirm,
  executionStopped,
  mailRequest,
  mailsTo,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/** Completions with nothing to list still answer the requester: the template has words for it. */
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

async function throughReviewAndFileShare(id: string, subject: string) {
  await confirm(await verificationLink(stack, subject));
  await waitForStatus(stack, id, 'awaiting_review');
  await staffAction(stack, cookie, id, 'approve');
  await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
}

const mailsSent = async (id: string) =>
  (await eventsOf(stack, id))
    .filter((e) => e.action === 'mail_sent')
    .map((e) => (e.detail as { template: string }).template);

describe('completion mails with nothing to list', () => {
  it('an erasure where nothing was deleted is completed and the requester is told so', async () => {
    const subject = 'mikko.virtanen@example.fi'; // only in recruitment, where candidates are kept or anonymised
    const id = await mailRequest(
      stack,
      subject,
      'Erasure',
      'Please erase all personal data you hold about me.',
    );
    await throughReviewAndFileShare(id, subject);
    await taskItem(stack, id, 'erasure_plan');
    await waitForStatus(stack, id, 'awaiting_action');
    await staffAction(stack, cookie, id, 'approve-erasure-plan');
    const done = await waitForStatus(stack, id, 'completed');
    expect(done.status).toBe('completed');
    expect(await executionStopped(stack, id)).toBe('SUCCEEDED');
    const answer = await waitFor(
      async () =>
        (await mailsTo(stack, subject)).find((m) =>
          /erasure request has been completed|erased/i.test(m.subject),
        ),
      'the erasure answer',
    );
    expect(answer.body.text).toContain(id);
    expect(answer.body.text).not.toMatch(/We have erased the following data/);
    expect(await mailsSent(id)).toContain('completion_erasure');
  });

  it('a rectification with no corrected items is completed and the requester is told nothing needed correcting, and where to complain', async () => {
    const subject = 'astrid.lindqvist@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Rättelse',
      // Staff find the name already right: a concrete ask, as the classifier acts on alone.
      'Hej, jag begär rättelse av mitt efternamn, det ska stavas Lindqvist.',
    );
    await throughReviewAndFileShare(id, subject);
    await taskItem(stack, id, 'manual:rectification');
    await waitForStatus(stack, id, 'awaiting_action');
    await staffAction(stack, cookie, id, 'complete-task', {
      taskId: 'manual:rectification',
      output: { correctedItems: [] },
    });
    await waitForStatus(stack, id, 'completed');
    const answer = await waitFor(
      async () =>
        (await mailsTo(stack, subject)).find((m) => /Svar på din begäran om rättelse/.test(m.subject)),
      'the rectification answer',
    );
    expect(answer.body.text).toMatch(/inte hittat något som behövde rättas/);
    expect(answer.body.text).toContain('imy.se');
    expect(await mailsSent(id)).toContain('completion_rectification');
  });
});
