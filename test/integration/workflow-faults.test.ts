import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { expectEveryRequestAnswered } from '../support/invariant';
import { startTestStack, type TestStack, waitFor } from '../support/stack';
import { CSRF, signIn } from '../support/staff';
import {
  completeTask,
  confirm,
  mailRequest,
  mailsTo,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

// Retries wait milliseconds here instead of the definition's backoff of seconds.
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ retryIntervals: { CollectStore: 20 } });
});

afterAll(async () => {
  if (stack) await expectEveryRequestAnswered(stack);
  await stack?.dispose();
});

async function storeItem(requestId: string, storeId: string) {
  const result = await dynamo().send(
    new GetCommand({
      TableName: stack.env.REQUESTS_TABLE,
      Key: { pk: `REQ#${requestId}`, sk: `STORE#${storeId}` },
      ConsistentRead: true,
    }),
  );
  return result.Item;
}

async function approvedAccessRequest(subject: string): Promise<string> {
  const id = await mailRequest(
    stack,
    subject,
    'Access request',
    'Please send me a copy of all personal data you hold about me.',
  );
  await confirm(await verificationLink(stack, subject));
  await waitForStatus(stack, id, 'awaiting_review');
  return id;
}

describe('a store that fails', () => {
  it('is retried: failing twice then answering, the request goes on and completes', async () => {
    const subject = 'astrid.lindqvist@example.se';
    const id = await approvedAccessRequest(subject);
    stack.demoStores.newsletter.failNextRequests(2);
    await completeTask(stack, id, 'review', { decision: 'approve' });
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
    const done = await waitForStatus(stack, id, 'completed');
    expect(done.statusReason).toBe('fulfilled');
    expect(await storeItem(id, 'newsletter')).toMatchObject({ status: 'found' });
  });

  it('for good: the request is failed, staff are alerted, other stores keep their results, and a retry completes it', async () => {
    const subject = 'ola.nordmann@example.no';
    const id = await approvedAccessRequest(subject);
    stack.demoStores.newsletter.failNextRequests(1_000);
    await completeTask(stack, id, 'review', { decision: 'approve' });
    const failed = await waitForStatus(stack, id, 'failed');
    expect(failed.statusReason).toBe('step_failed');
    expect(await storeItem(id, 'newsletter')).toMatchObject({
      status: 'failed',
      error: 'StoreUnavailableError',
    });
    expect(await storeItem(id, 'crm')).toMatchObject({ status: 'found' });
    const alert = await waitFor(
      async () => (await mailsTo(stack, 'privacy-staff@example.com')).find((m) => m.subject.includes(id)),
      'the staff alert',
    );
    expect(alert.body.text).not.toContain(subject);

    // The store is back; staff retry the request: a new execution resumes where it failed.
    stack.demoStores.newsletter.failNextRequests(0);
    const retriedAt = new Date().toISOString();
    // As staff do it, from the console or the command line.
    const cookie = await signIn(stack);
    const retry = await fetch(`${stack.urls.http}/api/requests/${id}/retry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...CSRF },
      body: '{}',
    });
    expect(retry.status).toBe(200);
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' }, retriedAt);
    const done = await waitForStatus(stack, id, 'completed');
    expect(done.statusReason).toBe('fulfilled');
    expect(await storeItem(id, 'newsletter')).toMatchObject({ status: 'found' });
  });
});
