import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import {
  completeTask,
  confirm,
  executionStopped,
  mailRequest,
  mailsTo,
  requestItem,
  statesEntered,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  if (stack) await expectEveryRequestAnswered(stack);
  await stack?.dispose();
});

const requestItemOf = (id: string) => requestItem(stack, id);

describe('the DSR workflow on the local stack', () => {
  it('happy path (access): verify by link, staff approve, the access work is done, the request completes', async () => {
    const subject = 'astrid.lindqvist@example.se'; // a known subject, present in every demo store
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');

    // Mail scanners open links: a GET shows a button and confirms nothing.
    const linkPage = await fetch(link);
    expect(linkPage.status).toBe(200);
    expect(await linkPage.text()).toContain('<form method="post"');
    expect((await taskItem(stack, id, 'verification')).completedAt).toBeUndefined();

    expect((await confirm(link)).status).toBe(200);
    await waitForStatus(stack, id, 'awaiting_review');
    await completeTask(stack, id, 'review', { decision: 'approve' });
    // The file share has no connector: staff search it by hand.
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
    const done = await waitForStatus(stack, id, 'completed');
    expect(await executionStopped(stack, id)).toBe('SUCCEEDED');

    expect(done.statusReason).toBe('fulfilled');
    expect(statesEntered(stack, id)).toEqual([
      'Route',
      'StopMarketing',
      'MarketingOnly',
      'Acknowledge',
      'OnBehalf',
      'VerifyIdentity',
      'Assess',
      'NeedsReview',
      'Review',
      'ReviewDecision',
      'Replan',
      'NeedsData',
      'MarkCollecting',
      'Collect',
      'AccessBranch',
      'BuildPackage',
      'PackageHeld',
      'RectificationBranch',
      'RestrictionBranch',
      'ConsentBranch',
      'ErasureBranch',
      'NotifyRecipients',
      'RecipientTasks',
      'TellSubjectRecipients',
      'Reply',
      'Close',
      'Done',
    ]);
    const actions = (await eventsOf(stack, id)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'request_received',
        'verification_requested',
        'identity_verified',
        'task_opened:review',
        'request_closed',
      ]),
    );
    // The acknowledgement, the verification link and the package link: each once, no attachment.
    const mails = await mailsTo(stack, subject);
    expect(mails).toHaveLength(3);
    const packageMail = mails[2];
    const download = packageMail?.body.text?.match(/https?:\/\/\S+\/download\/PD-\S+/)?.[0];
    expect(download).toBeDefined();
    const page = await fetch(String(download));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('access-package.json');
  });

  it('erasure: staff review the plan, stores are erased, re-collection proves it, accounting records stay under legal hold', async () => {
    const subject = 'ola.nordmann@example.no'; // in the CRM, the newsletter and billing
    const id = await mailRequest(
      stack,
      subject,
      'Sletting',
      'Hei, jeg vil at dere sletter alle personopplysninger om meg.',
    );
    await confirm(await verificationLink(stack, subject));
    await completeTask(stack, id, 'review', { decision: 'approve' });
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
    const planTask = await taskItem(stack, id, 'erasure_plan');
    expect(planTask.kind).toBe('erasure_plan');
    // The task is stored first, then the request shows what it waits for.
    await waitFor(
      async () => (await requestItemOf(id)).statusReason === 'erasure_plan' || undefined,
      'the request to wait for the erasure plan',
    );
    await completeTask(stack, id, 'erasure_plan', { decision: 'approve' });
    const done = await waitForStatus(stack, id, 'completed');
    expect(await executionStopped(stack, id)).toBe('SUCCEEDED');
    expect(done.statusReason).toBe('fulfilled');
    const states = statesEntered(stack, id);
    expect(states).toEqual(
      expect.arrayContaining([
        'Collect',
        'PlanErasure',
        'ApproveErasurePlan',
        'MarkExecuting',
        'Erase',
        'VerifyErasure',
        'Close',
      ]),
    );
    expect(states.indexOf('PlanErasure')).toBeLessThan(states.indexOf('Erase'));
    const confirmation = await waitFor(
      async () =>
        (await mailsTo(stack, subject)).find((m) => /Bokföringslagen|bokføring/i.test(m.body.text ?? '')),
      'the erasure confirmation naming the legal hold',
    );
    expect(confirmation.body.text).toContain(id);
  });

  it('refuses a replayed verification link and an expired one, and a new link works', async () => {
    const subject = 'nils.holm@example.se';
    const id = await mailRequest(stack, subject, 'Radera mig', 'Hej, radera alla mina uppgifter.');
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');

    // A guessed secret is refused, and leaves the task as it was.
    const guessed = new URL(link);
    guessed.searchParams.set('k', 'x'.repeat(43));
    const before = await taskItem(stack, id, 'verification');
    expect((await confirm(guessed)).status).toBe(403);
    expect((await taskItem(stack, id, 'verification')).version).toBe(before.version);

    // Time passes: the link is past its expiry.
    await dynamo().send(
      new UpdateCommand({
        TableName: stack.env.REQUESTS_TABLE,
        Key: { pk: `REQ#${id}`, sk: 'TASK#verification' },
        UpdateExpression: 'SET linkExpiresAt = :past',
        ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' },
      }),
    );
    expect((await confirm(link)).status).toBe(403);

    const newLink = await fetch(new URL(`/verify/${id}/new-link`, link), { method: 'POST' });
    expect(newLink.status).toBe(200);
    const fresh = await verificationLink(stack, subject, 2);
    expect(fresh.searchParams.get('k')).not.toBe(link.searchParams.get('k'));
    expect((await confirm(fresh)).status).toBe(200);
    await waitForStatus(stack, id, 'awaiting_review');

    // Forwarded after use, the link is refused.
    expect((await confirm(fresh)).status).toBe(403);
    const refusals = (await eventsOf(stack, id)).filter((e) => e.action === 'verification_link_refused');
    // The right secret refused is audited; the guess wrote nothing on the request.
    expect(refusals.map((e) => (e.detail as { reason: string }).reason)).toEqual(['expired', 'already_used']);
  });

  it('staff rejection: the request ends rejected with the reason, and the subject is told in their language', async () => {
    const subject = 'kari.nordmann@example.no';
    const id = await mailRequest(
      stack,
      subject,
      'Innsyn',
      'Hei, jeg ønsker innsyn i hvilke personopplysninger dere har om meg.',
    );
    await confirm(await verificationLink(stack, subject));
    await waitForStatus(stack, id, 'awaiting_review');
    await completeTask(stack, id, 'review', { decision: 'reject', reason: 'manifestly_unfounded' });
    const rejected = await waitForStatus(stack, id, 'rejected');
    expect(rejected.statusReason).toBe('manifestly_unfounded');
    const rejection = await waitFor(
      async () =>
        (await mailsTo(stack, subject)).find((m) => /Integritetsskyddsmyndigheten/.test(m.body.text ?? '')),
      'the rejection mail naming IMY',
    );
    expect(rejection.body.text).toContain(id);
    // Art. 77(1): IMY leads, the subject may also complain where they live.
    expect(rejection.body.text).toContain('Datatilsynet');
    await executionStopped(stack, id);
    expect(statesEntered(stack, id).slice(-5)).toEqual([
      'ReviewDecision',
      'Reject',
      'QuoteRejection',
      'SendRejection',
      'Rejected',
    ]);
  });

  it('auto-approves a verified withdrawal of consent (low risk) without staff review', async () => {
    const subject = 'per.dahl@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Återkallelse av samtycke',
      'Hej! Jag återkallar mitt samtycke till nyhetsbrevet.',
    );
    await confirm(await verificationLink(stack, subject));
    await waitFor(async () => statesEntered(stack, id).includes('ConsentBranch'), 'the consent branch');
    const states = statesEntered(stack, id);
    expect(states).not.toContain('Review');
    expect(states).toContain('NeedsReview');
  });
});
