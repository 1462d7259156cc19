import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/clients/s3';
import { allRequests, mime, sendMail, startTestStack, type TestStack, waitFor } from '../support/stack';
import { deliverWithVerdicts, requestOfDelivery } from './support';

/**
 * Attack: mail that can never be taken in (a ~410 KB Subject passes SMTP, then breaks the request
 * item on every intake retry, so the mail is neither answered nor seen). Defence: headers past
 * the limits are set aside: one triage item names the sender the mail server read, and the raw
 * mail stays for staff to read.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

function bucketAndKey(rawRef: string): { Bucket: string; Key: string } {
  const [, bucket = '', key = ''] = /^s3:\/\/([^/]+)\/(.+)$/.exec(rawRef) ?? [];
  return { Bucket: bucket, Key: key };
}

describe('mail that can never be taken in', () => {
  it('takes a 410 KB Subject in once, as a triage item with the sender SES read, and keeps the raw mail', async () => {
    const sender = 'big.subject@example.org';
    const raw = mime({ from: sender, subject: 'S'.repeat(410_000), body: 'Radera mig.' });
    const deliveryId = await deliverWithVerdicts(stack, raw, sender, {});
    const request = await requestOfDelivery(stack, deliveryId);
    expect(request.status).toBe('triage');
    expect(request.statusReason).toBe('oversized_headers');
    expect(request.subjectEmail).toBe(sender);
    expect(request.subject).toBeUndefined();
    await s3().send(new HeadObjectCommand(bucketAndKey(String(request.rawRef))));
    expect((await allRequests(stack)).filter((r) => r.subjectEmail === sender)).toHaveLength(1);
  });

  it('takes a mail with thousands of References over SMTP in as one triage item', async () => {
    const sender = 'many.references@example.org';
    const references = Array.from({ length: 3000 }, (_, n) => `<ref${n}@example.org>`).join('\r\n ');
    await sendMail(
      stack,
      mime({ from: sender, subject: 'Registerutdrag', body: 'Hej.', headers: [`References: ${references}`] }),
      { from: sender, to: [stack.mailbox] },
    );
    const request = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.subjectEmail === sender),
      'the triage item',
    );
    expect(request.statusReason).toBe('oversized_headers');
  });
});
