import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { s3 } from '../../functions/adapters/clients/s3';
import { handler } from '../../functions/retention-purge';
import { lambdaContext, runAsFunction } from '../../local/lambda-runtime';
import { eventsOf, startTestStack, type TestStack } from '../support/stack';
import {
  completeTask,
  confirm,
  mailRequest,
  requestItem,
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

const ELEVEN_YEARS_AGO = new Date(Date.now() - 11 * 365 * 24 * 60 * 60 * 1000);

async function itemsOf(requestId: string): Promise<Record<string, unknown>[]> {
  const result = await dynamo().send(
    new QueryCommand({
      TableName: stack.env.REQUESTS_TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `REQ#${requestId}` },
    }),
  );
  return result.Items ?? [];
}

async function artefactKeys(requestId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of ['findings/', 'packages/', 'erasure/']) {
    const page = await s3().send(
      new ListObjectsV2Command({ Bucket: stack.env.PACKAGES_BUCKET, Prefix: `${prefix}${requestId}/` }),
    );
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
  }
  return keys;
}

async function rawMailExists(rawRef: string): Promise<boolean> {
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(rawRef) ?? [];
  try {
    await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** Time passes: the request was received, due and closed eleven years ago. */
async function backdateClosure(requestId: string): Promise<void> {
  const dueAt = ELEVEN_YEARS_AGO.toISOString().slice(0, 10);
  await dynamo().send(
    new UpdateCommand({
      TableName: stack.env.REQUESTS_TABLE,
      Key: { pk: `REQ#${requestId}`, sk: 'META' },
      UpdateExpression: 'SET dueAt = :due, gsi1sk = :sk',
      ExpressionAttributeValues: { ':due': dueAt, ':sk': `${dueAt}#${requestId}` },
    }),
  );
  for (const event of await eventsOf(stack, requestId)) {
    await dynamo().send(
      new UpdateCommand({
        TableName: stack.env.REQUESTS_TABLE,
        Key: { pk: event.pk, sk: event.sk },
        UpdateExpression: 'SET #at = :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': ELEVEN_YEARS_AGO.toISOString() },
      }),
    );
  }
}

const runPurge = () =>
  runAsFunction('RetentionPurge', () =>
    handler({ source: 'aws.events' }, lambdaContext('RetentionPurge')),
  ) as Promise<{
    examined: number;
    purged: number;
    objectsDeleted: number;
    ownCopiesExpired: number;
  }>;

describe('the retention purge', () => {
  it('purges raw mail, artefacts and personal fields of a request closed past retention; keeps status and audit', async () => {
    // An access request that ran to the end: raw mail, findings and a package exist.
    const old = 'astrid.lindqvist@example.se';
    const oldId = await mailRequest(
      stack,
      old,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    await confirm(await verificationLink(stack, old));
    await completeTask(stack, oldId, 'review', { decision: 'approve' });
    await completeTask(stack, oldId, 'manual:file-share', { outcome: 'nothing_found' });
    await waitForStatus(stack, oldId, 'completed');
    // A request closed today, by staff rejection: kept for its ten years.
    const recent = 'kari.nordmann@example.no';
    const recentId = await mailRequest(
      stack,
      recent,
      'Innsyn',
      'Hei, jeg ønsker innsyn i hvilke personopplysninger dere har om meg.',
    );
    await confirm(await verificationLink(stack, recent));
    await completeTask(stack, recentId, 'review', { decision: 'reject', reason: 'manifestly_unfounded' });
    await waitForStatus(stack, recentId, 'rejected');

    const before = await requestItem(stack, oldId);
    const rawRef = String(before.rawRef);
    expect(await rawMailExists(rawRef)).toBe(true);
    expect((await artefactKeys(oldId)).length).toBeGreaterThan(0);
    const eventsBefore = await eventsOf(stack, oldId);
    await backdateClosure(oldId);

    const result = await runPurge();
    expect(result).toMatchObject({ purged: 1 });
    expect(result.objectsDeleted).toBeGreaterThan(1);

    const purged = await requestItem(stack, oldId);
    expect(purged).toMatchObject({
      id: oldId,
      status: 'completed',
      statusReason: 'fulfilled',
      gsi1pk: 'PURGED#completed',
    });
    expect(typeof purged.purgedAt).toBe('string');
    for (const field of [
      'subjectEmail',
      'subject',
      'senderEmail',
      'form',
      'messageId',
      'subjectKey',
      'gsi2pk',
      'rawRef',
    ]) {
      expect(purged, field).not.toHaveProperty(field);
    }
    expect(await rawMailExists(rawRef)).toBe(false);
    expect(await artefactKeys(oldId)).toEqual([]);

    // Every audit event is kept, plus the purge's own; none of the request's items names the subject.
    const eventsAfter = await eventsOf(stack, oldId);
    expect(eventsAfter).toHaveLength(eventsBefore.length + 1);
    expect(eventsAfter.map((e) => e.action)).toContain('personal_data_purged');
    const everything = JSON.stringify(await itemsOf(oldId)).toLowerCase();
    for (const personal of [old, 'astrid', 'lindqvist', 'registerutdrag', String(before.subjectKey)]) {
      expect(everything, personal).not.toContain(personal.toLowerCase());
    }

    // The recent request is untouched; a second run finds nothing left to do.
    expect(await requestItem(stack, recentId)).toMatchObject({ subjectEmail: recent, status: 'rejected' });
    expect(await runPurge()).toMatchObject({ purged: 0 });
  });

  it('Art. 5(1)(e): findings and the package of a closed access request go when its link expires, not with the record', async () => {
    const subject = 'ola.nordmann@example.no';
    const id = await mailRequest(
      stack,
      subject,
      'Innsyn',
      'Hei, jeg vil ha en kopi av personopplysningene mine.',
    );
    await confirm(await verificationLink(stack, subject));
    await completeTask(stack, id, 'review', { decision: 'approve' });
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
    await waitForStatus(stack, id, 'completed');
    expect((await artefactKeys(id)).filter((k) => k.startsWith('packages/')).length).toBeGreaterThan(0);

    // The link is still valid: nothing goes yet.
    await runPurge();
    expect((await artefactKeys(id)).length).toBeGreaterThan(0);

    // A week on, the link has expired: the daily run deletes our copies and keeps the record.
    const built = (await eventsOf(stack, id)).find((e) => e.action === 'access_package_built');
    await dynamo().send(
      new UpdateCommand({
        TableName: stack.env.REQUESTS_TABLE,
        Key: { pk: built?.pk, sk: built?.sk },
        UpdateExpression: 'SET detail.linkExpiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
      }),
    );
    const result = await runPurge();
    expect(result).toMatchObject({ purged: 0 });
    expect(result.ownCopiesExpired).toBeGreaterThanOrEqual(1);
    expect(await artefactKeys(id)).toEqual([]);
    const record = await requestItem(stack, id);
    expect(record).toMatchObject({ subjectEmail: subject, status: 'completed' });
    expect(typeof record.ownCopiesExpiredAt).toBe('string');
    const expired = (await eventsOf(stack, id)).find((e) => e.action === 'own_copies_expired');
    expect((expired?.detail as { objectsDeleted?: number } | undefined)?.objectsDeleted).toBeGreaterThan(0);
    // Marked once: the next run leaves it alone.
    await runPurge();
    expect((await eventsOf(stack, id)).filter((e) => e.action === 'own_copies_expired')).toHaveLength(1);
  });
});
