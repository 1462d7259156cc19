import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { s3 } from '../../functions/adapters/clients/s3';
import { DynamoDbRequestStore } from '../../functions/adapters/dynamodb-request-store';
import { DynamoDbTaskStore } from '../../functions/adapters/dynamodb-task-store';
import type { DsrRequest } from '../../functions/core/request/request';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
import { handler as buildPackage } from '../../functions/workflow-build-package';
import { handler as collectStore } from '../../functions/workflow-collect-store';
import type { FunctionName } from '../../infra/function-catalog';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { invokeAsLambda } from '../../local/lambda-runtime';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, outbox, startTestStack, type TestStack } from '../support/stack';

/**
 * Art. 15(4): the file share is marked review-before-release in the demo data map (its documents
 * name other people). A package that includes its records is held until staff have checked it.
 */

const astrid = KNOWN_SUBJECTS.astrid;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);

afterAll(async () => {
  if (stack) await expectEveryRequestAnswered(stack);
  await stack?.dispose();
});

const functionOf = new Map<unknown, FunctionName>([
  [buildPackage, 'BuildPackage'],
  [collectStore, 'CollectStore'],
]);
const invoke = <T>(handler: unknown, event: unknown) =>
  invokeAsLambda<T>(handler, event, functionOf.get(handler) ?? ('unknown' as FunctionName));

/** A verified access request collected from every store, with what staff found on the file share. */
async function collectedWithFileShareRecords(id: string) {
  const table = stack.env.REQUESTS_TABLE ?? '';
  const requests = new DynamoDbRequestStore(table);
  const tasks = new DynamoDbTaskStore(table);
  const now = new Date().toISOString();
  const request: DsrRequest = {
    id,
    status: 'collecting',
    channel: 'email',
    types: ['access'],
    language: 'en',
    subjectEmail: astrid.email,
    subjectKey: subjectKeyOf(astrid.email, stack.secrets.subjectKey),
    receivedAt: now,
    dueAt: '2026-12-28',
    version: 1,
  };
  await requests.putRequest(request, { at: now, actor: 'test', action: 'request_received' });
  const verification = {
    requestId: id,
    taskId: 'verification',
    kind: 'verification' as const,
    taskToken: `token-${id}`,
    openedAt: now,
    version: 1,
  };
  await tasks.openTask(verification);
  await tasks.updateTask(verification, { completedAt: now, completedBy: 'subject' });
  for (const store of DEMO_DATA_MAP.stores) await invoke(collectStore, { requestId: id, storeId: store.id });
  // What staff attach to the file share's manual task: two documents, one mostly about someone else.
  const findings = {
    storeId: 'file-share',
    status: 'found',
    records: [
      {
        recordId: 'Tenders/2026/fjallbacka-offer.docx',
        recordDate: '2026-03-02',
        fields: { path: 'Tenders/2026/fjallbacka-offer.docx', mentions: 'Astrid Lindqvist, contact person' },
      },
      {
        recordId: 'Customers/fjallbacka/meeting-2026-04-11.md',
        recordDate: '2026-04-11',
        fields: { path: 'Customers/fjallbacka/meeting-2026-04-11.md', mentions: 'Notes on a colleague' },
      },
    ],
  };
  await s3().send(
    new PutObjectCommand({
      Bucket: stack.env.PACKAGES_BUCKET,
      Key: `findings/${id}/file-share.json`,
      Body: JSON.stringify(findings),
      ContentType: 'application/json',
    }),
  );
}

const packageMails = async (id: string) =>
  (await outbox(stack)).filter(
    (m) => m.destination.to.includes(astrid.email) && (m.body.text ?? '').includes(`/download/${id}?t=`),
  );

async function packageJson(id: string) {
  const object = await s3().send(
    new GetObjectCommand({ Bucket: stack.env.PACKAGES_BUCKET, Key: `packages/${id}/access-package.json` }),
  );
  return JSON.parse((await object.Body?.transformToString('utf8')) ?? '{}') as {
    stores: { storeId: string; records: { recordId: string }[] }[];
    withheld: { storeId: string; records: number; reason: string }[];
  };
}

describe('a package with records of a review-before-release store', () => {
  const id = 'PD-20261125-REVW01';

  it('Art. 15(4): waits for a staff check; nothing is built or mailed before it', async () => {
    await collectedWithFileShareRecords(id);
    const result = await invoke<Record<string, unknown>>(buildPackage, { requestId: id });

    expect(result.heldForReview).toEqual(['file-share']);
    expect(String(result.reviewInstructions)).toContain('Shared drive: tender and meeting documents');
    expect(JSON.stringify(result)).not.toContain(astrid.email);
    expect(await packageMails(id)).toEqual([]);
    await expect(
      s3().send(
        new GetObjectCommand({ Bucket: stack.env.PACKAGES_BUCKET, Key: `packages/${id}/manifest.json` }),
      ),
    ).rejects.toThrow();
    const held = (await eventsOf(stack, id)).filter((e) => e.action === 'access_package_held');
    expect(held.map((e) => e.detail)).toEqual([{ stores: ['file-share'] }]);
  });

  it('Art. 15(4), 12(4): once released, leaves without the records staff withheld, and says why', async () => {
    const result = await invoke<Record<string, unknown>>(buildPackage, {
      requestId: id,
      release: { withheld: ['Customers/fjallbacka/meeting-2026-04-11.md'] },
    });

    expect(result.heldForReview).toBeUndefined();
    expect(await packageMails(id)).toHaveLength(1);
    const pkg = await packageJson(id);
    expect(pkg.stores.find((s) => s.storeId === 'file-share')?.records.map((r) => r.recordId)).toEqual([
      'Tenders/2026/fjallbacka-offer.docx',
    ]);
    expect(pkg.withheld).toEqual([
      {
        storeId: 'file-share',
        name: 'Documents on our file server',
        records: 1,
        reason: expect.stringContaining('Art. 15(4)'),
      },
    ]);
    const built = (await eventsOf(stack, id)).filter((e) => e.action === 'access_package_built');
    expect(built.map((e) => e.detail)).toEqual([expect.objectContaining({ reviewed: true, withheld: 1 })]);
  });
});

describe('a package without such records', () => {
  it('Art. 15(4): leaves at once, as before', async () => {
    const id = 'PD-20261125-REVW02';
    await collectedWithFileShareRecords(id);
    await s3().send(
      new PutObjectCommand({
        Bucket: stack.env.PACKAGES_BUCKET,
        Key: `findings/${id}/file-share.json`,
        Body: JSON.stringify({ storeId: 'file-share', status: 'none', records: [] }),
        ContentType: 'application/json',
      }),
    );
    const result = await invoke<Record<string, unknown>>(buildPackage, { requestId: id });
    expect(result.heldForReview).toBeUndefined();
    expect(await packageMails(id)).toHaveLength(1);
  });
});
