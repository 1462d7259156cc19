import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbRequestStore } from '../../functions/adapters/dynamodb-request-store';
import { FaultProxy, SES_THROTTLED } from '../support/fault-proxy';
import { allRequests, eventsOf, mime, startTestStack, type TestStack, waitFor } from '../support/stack';
import { mailRequest, mailsTo, verificationLink, waitForStatus } from '../support/workflow';

/**
 * Faults on the local stack, injected at the wire: SES throttling and dropped DynamoDB connections
 * through fault proxies, concurrent conditional writes, and the whole stack stopped mid-workflow.
 * In each case the request must go on, with no request or audit event lost and no mail twice.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'privacy-desk-faults-'));
const ses = new FaultProxy();
const dynamodb = new FaultProxy();
let stack: TestStack;
let proxyEnv: Record<string, string>;

// Step Functions retries after milliseconds here instead of the definition's seconds.
const retryIntervals = { Acknowledge: 100, CollectStore: 3_000, MarkCollecting: 100 };
const _portOf = (url: string) => Number(new URL(url).port);

beforeAll(async () => {
  proxyEnv = { SES_ENDPOINT: await ses.listen(), DYNAMODB_ENDPOINT: await dynamodb.listen() };
  stack = await startTestStack({ dataDir, env: proxyEnv, retryIntervals });
  ses.target = stack.urls.ses;
  dynamodb.target = stack.urls.dynamodb;
});

afterAll(async () => {
  await stack?.dispose();
  await ses.close();
  await dynamodb.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const acknowledgements = async (address: string) =>
  (await mailsTo(stack, address)).filter(
    (m) => !/\/verify\//.test(m.body.text ?? '') && m.body.text?.includes('PD-'),
  );
const actionsOf = async (id: string) => (await eventsOf(stack, id)).map((e) => String(e.action));
const count = (list: string[], item: string) => list.filter((x) => x === item).length;

describe('SES throttling', () => {
  it('retries the acknowledgement step until SES takes the mail, and the subject gets it exactly once', async () => {
    const subject = 'throttled.subject@example.org';
    // More throttled answers than the SDK's own three attempts: the step itself fails and is retried.
    ses.inject({
      match: (c) => c.method === 'POST' && c.url.includes('/outbound-emails'),
      fault: SES_THROTTLED,
      times: 4,
    });
    const id = await mailRequest(
      stack,
      subject,
      'Access request',
      'Please send me a copy of all personal data you hold about me.',
    );
    await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    expect(ses.injected).toHaveLength(4);
    const history = stack.stepFunctions.listExecutions().find((e) => e.name === id)?.history ?? [];
    expect(history.filter((h) => h.state === 'Acknowledge' && h.type === 'StateEntered')).toHaveLength(1);
    expect(await acknowledgements(subject)).toHaveLength(1);
    // The acknowledgement and the verification link; each is recorded just after SES takes it.
    await waitFor(
      async () => count(await actionsOf(id), 'mail_sent') >= 2 || undefined,
      'two mail_sent events',
    );
    expect(count(await actionsOf(id), 'mail_sent')).toBe(2);
  });
});

describe('conditional-write conflicts', () => {
  it('the same mail delivered five times at once makes one request, one workflow and one acknowledgement', async () => {
    const subject = 'concurrent.delivery@example.org';
    const raw = mime({
      from: subject,
      subject: 'Access request',
      body: 'Please send me a copy of all personal data you hold about me.',
    });
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: stack.smtpPort,
          secure: false,
          ignoreTLS: true,
        });
        try {
          await transport.sendMail({ envelope: { from: subject, to: [stack.mailbox] }, raw });
        } finally {
          transport.close();
        }
      }),
    );
    const request = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.subjectEmail === subject),
      'the request',
    );
    const id = String(request.id);
    await verificationLink(stack, subject);
    await stack.smtp.drain();
    await stack.stepFunctions.settled();
    expect((await allRequests(stack)).filter((r) => r.subjectEmail === subject)).toHaveLength(1);
    expect(stack.stepFunctions.listExecutions().filter((e) => e.name.startsWith(id))).toHaveLength(1);
    expect(await acknowledgements(subject)).toHaveLength(1);
    expect(count(await actionsOf(id), 'request_received')).toBe(1);
  });

  it('two staff decisions at the same moment: one wins, the other gets a conflict, one audit event', async () => {
    const subject = 'two.staff@example.org';
    const id = await mailRequest(
      stack,
      subject,
      'Access request',
      'Please send me a copy of all personal data you hold about me.',
    );
    await waitForStatus(stack, id, 'awaiting_verification');
    const store = new DynamoDbRequestStore(stack.env.REQUESTS_TABLE ?? '');
    const decide = (to: 'cancelled' | 'rejected', actor: string) =>
      store.transition(id, {
        from: ['awaiting_verification'],
        to,
        actor,
        action: `staff_${to}`,
        reason: 'test',
      });
    const outcomes = await Promise.allSettled([
      decide('cancelled', 'staff:anna'),
      decide('rejected', 'staff:bo'),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const failure = outcomes.find((o) => o.status === 'rejected');
    expect((failure as PromiseRejectedResult).reason.name).toBe('ConflictError');
    const decisions = (await eventsOf(stack, id)).filter((e) => String(e.action).startsWith('staff_'));
    expect(decisions).toHaveLength(1);
    const winner = decisions[0]?.toStatus;
    expect((await store.getRequest(id))?.status).toBe(winner);
  });
});

describe('a Lambda crash mid-step', () => {
  it('a step whose DynamoDB connection drops is retried, and the mail it guards goes out once', async () => {
    const subject = 'crash.mid.step@example.org';
    // The acknowledgement step's claim write never arrives, three times: the SDK gives up, the handler throws.
    dynamodb.inject({
      match: (c) => c.target.endsWith('.PutItem') && c.body.includes('ONCE#mail#acknowledgement'),
      fault: { kind: 'drop' },
      times: 3,
    });
    const id = await mailRequest(
      stack,
      subject,
      'Access request',
      'Please send me a copy of all personal data you hold about me.',
    );
    await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    expect(dynamodb.injected.filter((i) => i.startsWith('drop'))).toHaveLength(3);
    expect(await acknowledgements(subject)).toHaveLength(1);
    const execution = stack.stepFunctions.listExecutions().find((e) => e.name === id);
    expect(execution?.status).toBe('RUNNING');
    // The audit event follows the send: wait for both, then make sure no third one comes.
    await waitFor(async () => count(await actionsOf(id), 'mail_sent') === 2, 'both mail_sent events');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(count(await actionsOf(id), 'mail_sent')).toBe(2);
  });
});
