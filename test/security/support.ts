import { randomBytes } from 'node:crypto';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { s3 } from '../../functions/adapters/clients/s3';
import type { Verdicts } from '../../functions/core/request/request';
import { handler as intakeEmail } from '../../functions/intake-email';
import { invokeAsLambda } from '../../local/lambda-runtime';
import { sesEventFor } from '../../local/smtp-listener';
import { allRequests, eventsOf, type OutboxMail, outbox, type TestStack, waitFor } from '../support/stack';

/**
 * Helpers of the attack catalogue. Mail with SES verdicts the offline SMTP listener cannot give
 * (SPF, DKIM, DMARC) is delivered the way the receipt rule does on AWS: the raw MIME into the
 * inbound bucket (S3 action), then the intake function with the SES event (Lambda action).
 */
export async function deliverWithVerdicts(
  stack: TestStack,
  raw: string | Buffer,
  envelopeFrom: string,
  verdicts: Partial<Verdicts>,
  recipients: string[] = [stack.mailbox],
): Promise<string> {
  const deliveryId = randomBytes(16).toString('hex');
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
  await s3().send(
    new PutObjectCommand({
      Bucket: stack.env.INBOUND_BUCKET,
      Key: `${stack.env.INBOUND_PREFIX}${deliveryId}`,
      Body: bytes,
    }),
  );
  const event = sesEventFor(deliveryId, envelopeFrom, recipients, bytes);
  const receipt = event.Records[0]?.ses.receipt;
  if (!receipt) throw new Error('the SES event has no receipt');
  for (const [name, status] of Object.entries(verdicts)) {
    Object.assign(receipt, { [`${name}Verdict`]: { status } });
  }
  await invokeAsLambda(intakeEmail, event, 'IntakeEmail');
  return deliveryId;
}

/** The request whose stored raw mail is this delivery, once it exists. */
export async function requestOfDelivery(
  stack: TestStack,
  deliveryId: string,
): Promise<Record<string, unknown>> {
  return waitFor(
    async () => (await allRequests(stack)).find((r) => String(r.rawRef ?? '').endsWith(deliveryId)),
    `the request of delivery ${deliveryId}`,
  );
}

/** The risk flags the Assess step recorded for staff (audit trail), newest assessment last. */
export async function assessedFlags(stack: TestStack, requestId: string): Promise<string[]> {
  const assessed = await waitFor(async () => {
    const events = (await eventsOf(stack, requestId)).filter((e) => e.action === 'request_assessed');
    return events.length > 0 ? events : undefined;
  }, `the assessment of ${requestId}`);
  const last = assessed[assessed.length - 1] as { detail?: { flags?: string[] } } | undefined;
  return last?.detail?.flags ?? [];
}

/** Everything a mail carries that a reader sees: subject, text, html and header values. */
export function mailText(mail: OutboxMail): string {
  return [
    mail.subject,
    mail.body.text ?? '',
    mail.body.html ?? '',
    ...(mail.headers ?? []).map((h) => `${h.name}: ${h.value}`),
  ].join('\n');
}

export async function mailsOfRequest(stack: TestStack, requestId: string): Promise<OutboxMail[]> {
  return (await outbox(stack)).filter(
    (m) => m.subject.includes(requestId) || (m.body.text ?? '').includes(requestId),
  );
}

/** Object keys under a prefix of a bucket (packages, findings). */
export async function objectKeys(bucket: string, prefix: string): Promise<string[]> {
  const listed = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

/** Waits a while and returns the request's status: for "nothing happens" assertions. */
export async function settle(ms = 1500): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Many links already sent and the current one expired: what a stranger at the new-link button leaves. */
export async function spendLinks(stack: TestStack, requestId: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: stack.env.REQUESTS_TABLE,
      Key: { pk: `REQ#${requestId}`, sk: 'TASK#verification' },
      UpdateExpression: 'SET linksSent = :many, linkExpiresAt = :past',
      ExpressionAttributeValues: { ':many': 40, ':past': new Date(Date.now() - 1000).toISOString() },
    }),
  );
}
