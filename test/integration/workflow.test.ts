import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/adapters/clients';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import {
  completeTask,
  executionStopped,
  confirm,
  mailRequest,
  mailsTo,
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
  await stack?.dispose();
});

describe('the DSR workflow on the local stack', () => {
  it('happy path (access): verify by link, staff approve, the access work is done, the request completes', async () => {
    const subject = 'ingrid.berg@example.se';
    const id = await mailRequest(stack, subject, 'Registerutdrag', 'Hej, jag vill ha en kopia av mina personuppgifter.');
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');

    // Mail scanners open links: a GET shows a button and confirms nothing.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    expect((await taskItem(stack, id, 'verification')).completedAt).toBeUndefined();

    expect((await confirm(link)).status).toBe(200);
    await waitForStatus(stack, id, 'awaiting_review');
    await completeTask(stack, id, 'review', { decision: 'approve' });
    await waitForStatus(stack, id, 'awaiting_action');
    await completeTask(stack, id, 'manual:access', { outcome: 'done' });
    const done = await waitForStatus(stack, id, 'completed');
    expect(await executionStopped(stack, id)).toBe('SUCCEEDED');

    expect(done.statusReason).toBe('fulfilled');
    expect(statesEntered(stack, id)).toEqual([
      'Route',
      'Acknowledge',
      'VerifyIdentity',
      'Assess',
      'NeedsReview',
      'Review',
      'ReviewDecision',
      'Replan',
      'NeedsData',
      'AccessBranch',
      'BuildPackage',
      'RectificationBranch',
      'RestrictionBranch',
      'ConsentBranch',
      'ErasureBranch',
      'Reply',
      'Close',
      'Done',
    ]);
    const actions = (await eventsOf(stack, id)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['request_received', 'verification_requested', 'identity_verified', 'task_opened:review', 'request_closed']),
    );
    const templates = (await mailsTo(stack, subject)).map((m) => m.subject);
    expect(templates.length).toBe(2); // the acknowledgement and the verification link, nothing twice
  });

  it('refuses a replayed verification link and an expired one, and a new link works', async () => {
    const subject = 'nils.holm@example.se';
    const id = await mailRequest(stack, subject, 'Radera mig', 'Hej, radera alla mina uppgifter.');
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');

    // A guessed secret is refused and counted.
    const guessed = new URL(link);
    guessed.searchParams.set('k', 'x'.repeat(43));
    expect((await confirm(guessed)).status).toBe(403);
    expect((await taskItem(stack, id, 'verification')).failedAttempts).toBe(1);

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
    expect(refusals.map((e) => (e.detail as { reason: string }).reason)).toEqual(['wrong_secret', 'expired', 'already_used']);
  });

  it('staff rejection: the request ends rejected with the reason, and the subject is told in their language', async () => {
    const subject = 'kari.nordmann@example.no';
    const id = await mailRequest(stack, subject, 'Innsyn', 'Hei, jeg ønsker innsyn i hvilke personopplysninger dere har om meg.');
    await confirm(await verificationLink(stack, subject));
    await waitForStatus(stack, id, 'awaiting_review');
    await completeTask(stack, id, 'review', { decision: 'reject', reason: 'manifestly_unfounded' });
    const rejected = await waitForStatus(stack, id, 'rejected');
    expect(rejected.statusReason).toBe('manifestly_unfounded');
    const rejection = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /Datatilsynet/.test(m.body.text ?? '')),
      'the rejection mail naming Datatilsynet',
    );
    expect(rejection.body.text).toContain(id);
    await executionStopped(stack, id);
    expect(statesEntered(stack, id).slice(-4)).toEqual(['ReviewDecision', 'Reject', 'SendRejection', 'Rejected']);
  });

  it('auto-approves a verified newsletter objection (low risk) without staff review', async () => {
    const subject = 'per.dahl@example.se';
    const id = await mailRequest(stack, subject, 'Avregistrera', 'Hej, jag vill avregistrera mig från ert nyhetsbrev. Sluta skicka utskick.');
    await confirm(await verificationLink(stack, subject));
    await waitFor(async () => statesEntered(stack, id).includes('ConsentBranch'), 'the consent branch');
    const states = statesEntered(stack, id);
    expect(states).not.toContain('Review');
    expect(states).toContain('NeedsReview');
  });
});

