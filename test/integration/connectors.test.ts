import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { s3 } from '../../functions/adapters/clients/s3';
import {
  type ConnectorRegistry,
  createConnectorRegistry,
} from '../../functions/adapters/connectors/connector-registry';
import {
  indexEntriesFor,
  S3JsonlStoreConnector,
  serialiseIndex,
} from '../../functions/adapters/connectors/s3-jsonl-connector';
import type { FindingsDocument } from '../../functions/core/collection/collect-store';
import {
  ConcurrentModificationError,
  type LocatedRecord,
  StoreUnavailableError,
} from '../../functions/core/collection/connector';
import type { DataStore } from '../../functions/core/datamap';
import {
  ANONYMISED_VALUE,
  planErasure,
  type StoreFindings,
  verifyErasure,
} from '../../functions/core/erasure/erasure-plan';
import { ConflictError, ValidationError } from '../../functions/core/errors';
import type { DsrRequest } from '../../functions/core/request/request';
import { handler as collectStoreHandler } from '../../functions/workflow-collect-store';
import { REQUESTS_TABLE } from '../../infra/table-definitions';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { type DemoStores, startDemoStores } from '../../local/demo-stores';
import { type DynamoDbFront, startDynamoDbFront } from '../../local/dynamodb-transactions';
import { lambdaContext } from '../../local/lambda-runtime';
import { type LocalS3, S3RVER_CREDENTIALS, startLocalS3 } from '../../local/s3-versioning';
import { LocalSecretsManager } from '../../local/secrets-manager';

const REGION = 'eu-west-1';
const CREDENTIALS = S3RVER_CREDENTIALS;
const REQUESTS = 'connectors-test-requests';
const PACKAGES = 'connectors-test-packages';
const astrid = KNOWN_SUBJECTS.astrid;
const ola = KNOWN_SUBJECTS.ola;

let dataDir: string;
let dynamoServer: ReturnType<typeof dynalite>;
let dynamoFront: DynamoDbFront;
let localS3: LocalS3;
let demo: DemoStores;
let registry: ConnectorRegistry;
// The newsletter API's credential, read from Secrets Manager as on AWS.
const secretsManager = new LocalSecretsManager({});

const storeOf = (id: string): DataStore => {
  const store = DEMO_DATA_MAP.stores.find((s) => s.id === id);
  if (!store) throw new Error(`no store ${id}`);
  return store;
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'privacy-desk-connectors-'));
  dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => dynamoServer.listen(0, '127.0.0.1', resolve));
  // As in the local stack: transactions are answered by the front on dynalite.
  dynamoFront = await startDynamoDbFront({
    dynaliteUrl: `http://127.0.0.1:${(dynamoServer.address() as AddressInfo).port}`,
    host: '127.0.0.1',
    port: 0,
    region: REGION,
  });
  // As in the local stack: versions are kept by the layer in front of s3rver.
  localS3 = await startLocalS3({ dir: dataDir, host: '127.0.0.1', port: 0, region: REGION });
  // Before the first dynamo()/s3() call: the shared clients are built once, with these endpoints.
  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    DYNAMODB_ENDPOINT: dynamoFront.url,
    SECRETSMANAGER_ENDPOINT: await secretsManager.listen(0),
    S3_ENDPOINT: localS3.url,
    REQUESTS_TABLE: REQUESTS,
    PACKAGES_BUCKET: PACKAGES,
  });
  const adminDynamo = new DynamoDBClient({
    endpoint: process.env.DYNAMODB_ENDPOINT,
    region: REGION,
    credentials: CREDENTIALS,
  });
  const adminS3 = new S3Client({
    endpoint: process.env.S3_ENDPOINT,
    region: REGION,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  await adminDynamo.send(
    new CreateTableCommand({
      TableName: REQUESTS,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: REQUESTS_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: REQUESTS_TABLE.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: REQUESTS_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: REQUESTS_TABLE.sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
  await adminS3.send(new CreateBucketCommand({ Bucket: PACKAGES }));
  demo = await startDemoStores({ dataDir, dynamo: adminDynamo, s3: adminS3 });
  Object.assign(process.env, demo.env);
  for (const [id, value] of Object.entries(demo.secrets)) secretsManager.put(id, value);
  registry = createConnectorRegistry({ locations: demo.locations, dynamo: dynamo(), s3: s3() });
}, 60_000);

afterAll(async () => {
  await demo?.stop();
  await secretsManager.close();
  dynamo().destroy();
  s3().destroy();
  await dynamoFront?.close();
  await new Promise<void>((resolve) => dynamoServer?.close(() => resolve()));
  await localS3?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function findEverywhere(email: string): Promise<(StoreFindings & { records: LocatedRecord[] })[]> {
  const findings = [];
  for (const store of DEMO_DATA_MAP.stores) {
    findings.push({ storeId: store.id, records: await registry.connectorFor(store).find({ email }) });
  }
  return findings;
}

describe('demo stores', () => {
  it('seeds once: a second start over the same data folder reuses the data', async () => {
    expect(demo.seeded).toBe(true);
    const again = await startDemoStores({
      dataDir,
      dynamo: new DynamoDBClient({
        endpoint: process.env.DYNAMODB_ENDPOINT,
        region: REGION,
        credentials: CREDENTIALS,
      }),
      s3: new S3Client({
        endpoint: process.env.S3_ENDPOINT,
        region: REGION,
        forcePathStyle: true,
        credentials: CREDENTIALS,
      }),
    });
    try {
      expect(again.seeded).toBe(false);
      expect(again.locations.crm).toEqual(demo.locations.crm);
    } finally {
      await again.stop();
    }
  });
});

describe('find', () => {
  it('finds a known subject in every store that holds them, with provenance', async () => {
    const findings = await findEverywhere(astrid.email.toUpperCase());
    for (const storeId of astrid.stores) {
      const records = findings.find((f) => f.storeId === storeId)?.records ?? [];
      expect(records.length, storeId).toBeGreaterThan(0);
      const store = storeOf(storeId);
      const emailFields = store.identifiers.email ?? [];
      for (const record of records) {
        expect(
          emailFields.some((f) => record.fields[f] === astrid.email),
          `${storeId} ${record.recordId}`,
        ).toBe(true);
        expect(record.location).toBeDefined();
        expect(record.recordId).not.toBe('');
      }
    }
    const byStore = Object.fromEntries(findings.map((f) => [f.storeId, f.records]));
    expect(byStore.crm?.map((r) => r.recordId)).toContain('CONTACT#k-astrid|PROFILE');
    expect(byStore.crm?.[0]?.location).toMatchObject({ table: 'crm' });
    expect(byStore.crm).toHaveLength(3); // profile and two purchases
    expect(byStore.events).toHaveLength(2);
    expect(byStore.events?.[0]?.location).toMatchObject({
      bucket: 'events',
      object: expect.stringMatching(/^attendance\//),
    });
    expect(byStore['web-logs']?.every((r) => r.fields.userEmail === astrid.email)).toBe(true);
    expect(byStore.newsletter?.[0]?.location).toMatchObject({ api: 'newsletter' });
    expect(byStore.billing?.map((r) => r.recordDate).sort()).toEqual(['2018-11-05', '2025-03-14']);
    expect(byStore['file-share']).toEqual([]);
    expect(registry.connectorFor(storeOf('file-share')).manualTask?.instructions).toMatch(/shared drive/);
  });

  it('finds nothing for someone in no store', async () => {
    const findings = await findEverywhere(KNOWN_SUBJECTS.freja.email);
    expect(findings.flatMap((f) => f.records)).toEqual([]);
  });
});

describe('collect step', () => {
  const requestId = 'REQ-COLLECT-1';

  beforeAll(async () => {
    const request: DsrRequest = {
      id: requestId,
      status: 'collecting',
      channel: 'email',
      types: ['access'],
      language: 'nb',
      subjectEmail: ola.email,
      subjectKey: 'test-subject-key',
      receivedAt: '2026-05-01T08:00:00.000Z',
      dueAt: '2026-06-01',
      version: 1,
    };
    await dynamo().send(
      new PutCommand({ TableName: REQUESTS, Item: { pk: `REQ#${requestId}`, sk: 'META', ...request } }),
    );
  });

  const invoke = (event: unknown) => collectStoreHandler(event, lambdaContext('CollectStore'));
  const storeItem = async (storeId: string) =>
    (
      await dynamo().send(
        new GetCommand({ TableName: REQUESTS, Key: { pk: `REQ#${requestId}`, sk: `STORE#${storeId}` } }),
      )
    ).Item;

  it('writes the findings object and the STORE# item, and returns ids and counts only', async () => {
    const result = await invoke({ requestId, storeId: 'crm' });
    expect(result).toEqual({ storeId: 'crm', status: 'found', recordCount: 2 });

    const item = await storeItem('crm');
    expect(item).toMatchObject({
      storeId: 'crm',
      status: 'found',
      recordCount: 2,
      findingsKey: `findings/${requestId}/crm.json`,
      phase: 'collect',
    });
    const object = await s3().send(
      new GetObjectCommand({ Bucket: PACKAGES, Key: `findings/${requestId}/crm.json` }),
    );
    const document = JSON.parse(await (object.Body?.transformToString() ?? '')) as FindingsDocument;
    expect(document).toMatchObject({
      requestId,
      storeId: 'crm',
      status: 'found',
      provenance: { connector: 'dynamodb' },
    });
    expect(document.records.map((r) => r.fields.email)).toEqual([ola.email, ola.email]);

    const events = await dynamo().send(
      new QueryCommand({
        TableName: REQUESTS,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': `REQ#${requestId}`, ':e': 'EVENT#' },
      }),
    );
    const collected = (events.Items ?? []).filter((e) => e.action === 'store_collected');
    expect(collected[0]?.detail).toEqual({ storeId: 'crm', status: 'found', recordCount: 2 });
    expect(JSON.stringify(events.Items)).not.toContain(ola.email);
  });

  it('records none for a store without the subject, and a staff task for a manual store', async () => {
    expect(await invoke({ requestId, storeId: 'events' })).toEqual({
      storeId: 'events',
      status: 'none',
      recordCount: 0,
    });
    expect(await storeItem('events')).toMatchObject({ status: 'none', recordCount: 0 });

    expect(await invoke({ requestId, storeId: 'file-share' })).toEqual({
      storeId: 'file-share',
      status: 'manual_pending',
      recordCount: 0,
    });
    expect((await storeItem('file-share'))?.instructions).toMatch(/shared drive/);
  });

  it('collects from the http store and records failed for that store only after the retries', async () => {
    expect(await invoke({ requestId, storeId: 'newsletter' })).toEqual({
      storeId: 'newsletter',
      status: 'found',
      recordCount: 1,
    });
    const failed = await invoke({
      requestId,
      storeId: 'billing',
      failure: { Error: 'StoreUnavailableError', Cause: 'x' },
    });
    expect(failed).toEqual({ storeId: 'billing', status: 'failed', recordCount: 0 });
    expect(await storeItem('billing')).toMatchObject({ status: 'failed', error: 'StoreUnavailableError' });
    expect(await storeItem('crm')).toMatchObject({ status: 'found', recordCount: 2 });
  });
});

describe('rectify', () => {
  it('rewrites one JSON Lines record with the corrected field and leaves the others as they were', async () => {
    const events = registry.connectorFor(storeOf('events'));
    const [first, second] = await events.find({ email: astrid.email });
    if (!first || !second) throw new Error('astrid has two attendance records');
    await events.rectify?.({ email: astrid.email }, first.recordId, { name: 'Astrid Lind-Qvist' });
    const after = await events.find({ email: astrid.email });
    expect(after.find((r) => r.recordId === first.recordId)?.fields).toEqual({
      ...first.fields,
      name: 'Astrid Lind-Qvist',
    });
    expect(after.find((r) => r.recordId === second.recordId)?.fields).toEqual(second.fields);
    // Again with the same value: nothing changes (the workflow step may be retried).
    await events.rectify?.({ email: astrid.email }, first.recordId, { name: 'Astrid Lind-Qvist' });
    expect(await events.find({ email: astrid.email })).toEqual(after);
  });

  it("refuses to change an identifier in place, or a record that is not the subject's", async () => {
    const events = registry.connectorFor(storeOf('events'));
    const [record] = await events.find({ email: astrid.email });
    if (!record) throw new Error('astrid has attendance records');
    await expect(
      events.rectify?.({ email: astrid.email }, record.recordId, { email: 'someone.else@example.com' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      events.rectify?.({ email: ola.email }, record.recordId, { name: 'Ola' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('leaves stores without a stable record id to staff', () => {
    expect(registry.connectorFor(storeOf('web-logs')).rectify).toBeUndefined();
    expect(registry.connectorFor(storeOf('events')).rectify).toBeDefined();
  });
});

/** Every version and delete marker of exactly this key, as S3 lists them. */
async function versionsOf(client: S3Client, bucket: string, key: string) {
  const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
  return {
    versions: (page.Versions ?? []).filter((v) => v.Key === key),
    markers: (page.DeleteMarkers ?? []).filter((m) => m.Key === key),
  };
}

describe('erase in a store whose bucket keeps versions', () => {
  it('leaves no version of a changed object holding the subject, and counts the versions removed', async () => {
    const store = storeOf('web-logs');
    const bucket = demo.locations['web-logs']?.bucket ?? '';
    const client = s3();
    const records = await registry.connectorFor(store).find({ email: astrid.email });
    const objects = [...new Set(records.map((r) => String(r.location.object)))].sort();
    expect(objects.length).toBeGreaterThan(0);

    // Another write to one of her objects: now two versions of it hold her lines.
    const first = objects[0] ?? '';
    const body = await (
      await client.send(new GetObjectCommand({ Bucket: bucket, Key: first }))
    ).Body?.transformToString();
    const visitor = {
      ts: '2026-04-20T09:00:00.000Z',
      ip: '198.51.100.7',
      method: 'GET',
      path: '/',
      status: 200,
    };
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: first, Body: `${body}${JSON.stringify(visitor)}\n` }),
    );
    const before = new Map<string, string[]>();
    for (const key of objects) {
      const { versions } = await versionsOf(client, bucket, key);
      before.set(
        key,
        versions.map((v) => v.VersionId ?? ''),
      );
    }
    expect(before.get(first)).toHaveLength(2);
    const older = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: first, VersionId: before.get(first)?.[1] }),
    );
    expect(await older.Body?.transformToString()).toContain(astrid.email);

    const plan = planErasure(DEMO_DATA_MAP, [{ storeId: 'web-logs', records }], '2026-05-10');
    const storePlan = plan.stores.find((s) => s.storeId === 'web-logs');
    if (!storePlan) throw new Error('no plan for web-logs');
    const outcome = await registry.connectorFor(store).erase({ email: astrid.email }, storePlan);
    expect(outcome.deleted.sort()).toEqual(records.map((r) => r.recordId).sort());

    for (const key of objects) {
      const { versions, markers } = await versionsOf(client, bucket, key);
      expect(markers, key).toEqual([]);
      // Every version that existed before the erasure is gone; at most the rewritten one is left.
      expect(versions.length, key).toBeLessThanOrEqual(1);
      for (const id of before.get(key) ?? []) expect(versions.map((v) => v.VersionId)).not.toContain(id);
      for (const v of versions) {
        const kept = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: v.VersionId }),
        );
        expect(await kept.Body?.transformToString(), key).not.toContain(astrid.email);
      }
    }
    // The other visitor's line stays.
    const now = await client.send(new GetObjectCommand({ Bucket: bucket, Key: first }));
    expect(await now.Body?.transformToString()).toContain('198.51.100.7');
    const previous = [...before.values()].flat().length;
    expect(outcome.oldVersionsRemoved).toBeGreaterThanOrEqual(previous);
    expect(await registry.connectorFor(store).find({ email: astrid.email })).toEqual([]);
  });
});

describe('erase', () => {
  it('deletes, anonymises and retains per the plan; finding again shows only legal-hold records', async () => {
    const findings = await findEverywhere(astrid.email);
    const plan = planErasure(DEMO_DATA_MAP, findings, '2026-05-10');
    expect(plan.counts.review).toBe(0);

    for (const storePlan of plan.stores) {
      const outcome = await registry
        .connectorFor(storeOf(storePlan.storeId))
        .erase({ email: astrid.email }, storePlan);
      const expected = storePlan.records.map((r) => r.recordId).sort();
      const done = [...outcome.deleted, ...outcome.anonymised, ...outcome.retained].sort();
      expect(done, storePlan.storeId).toEqual(expected);
      expect(outcome.manual).toEqual([]);
    }

    const again = await findEverywhere(astrid.email);
    const left = again.filter((f) => f.records.length > 0);
    expect(left.map((f) => f.storeId)).toEqual(['billing']);
    const invoices = left[0]?.records ?? [];
    // The 2018 invoice's hold ended on 2025-12-31 and was deleted; the 2025 one is kept to 2032.
    expect(invoices.map((r) => r.recordDate)).toEqual(['2025-03-14']);
    expect(invoices[0]?.fields).toMatchObject({
      contactEmail: astrid.email,
      contactPhone: ANONYMISED_VALUE,
      notes: ANONYMISED_VALUE,
      amount: expect.any(Number),
    });
    expect(verifyErasure(plan, again)).toEqual([]);

    // Anonymised, not deleted: the candidate record stays for statistics, without the person.
    const candidateId = findings.find((f) => f.storeId === 'recruitment')?.records[0]?.recordId;
    const candidate = await dynamo().send(
      new GetCommand({ TableName: demo.locations.recruitment?.table, Key: { candidateId } }),
    );
    expect(candidate.Item).toMatchObject({ firstName: ANONYMISED_VALUE, cvSummary: ANONYMISED_VALUE });
    expect(candidate.Item?.email).toBeUndefined();
    expect(candidate.Item?.appliedRole).toEqual(expect.any(String));

    // Everyone else is untouched.
    const olaNow = await findEverywhere(ola.email);
    expect(olaNow.filter((f) => f.records.length > 0).map((f) => f.storeId)).toEqual([
      'crm',
      'newsletter',
      'billing',
    ]);
  });

  it('is idempotent: erasing again with the same plan changes nothing and reports the same', async () => {
    const store = storeOf('crm');
    const plan = planErasure(
      DEMO_DATA_MAP,
      [{ storeId: 'crm', records: [{ recordId: 'CONTACT#k-astrid|PROFILE', fields: {} }] }],
      '2026-05-10',
    );
    const storePlan = plan.stores[0];
    if (!storePlan) throw new Error('no plan');
    const outcome = await registry.connectorFor(store).erase({ email: astrid.email }, storePlan);
    expect(outcome.deleted).toEqual(['CONTACT#k-astrid|PROFILE']);
  });
});

describe('concurrent writers', () => {
  it('detects a write between read and rewrite, and retries from a fresh read', async () => {
    const store = storeOf('events');
    const bucket = demo.locations.events?.bucket as string;
    const key = 'attendance/evt-concurrency-test.jsonl';
    const line = (recordId: string, email: string) =>
      JSON.stringify({
        recordId,
        eventId: 'evt-concurrency-test',
        eventDate: '2026-04-01',
        email,
        name: 'X',
        status: 'attended',
      });
    const lines = [
      line('c-1', 'tove.test@example.se'),
      line('c-2', 'other.one@example.se'),
      line('c-3', 'tove.test@example.se'),
    ];
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${lines.join('\n')}\n` }));
    for (const [indexKey, objects] of indexEntriesFor(store, [
      { key, lines: lines.map((l) => JSON.parse(l)) },
    ])) {
      await s3().send(new PutObjectCommand({ Bucket: bucket, Key: indexKey, Body: serialiseIndex(objects) }));
    }

    const attempts: number[] = [];
    const connector = new S3JsonlStoreConnector({
      store,
      bucketName: bucket,
      client: s3(),
      // Another writer appends a registration after our read and before our write, once.
      beforeWrite: async (objectKey, attempt) => {
        if (objectKey !== key) return;
        attempts.push(attempt);
        if (attempt === 1) {
          const body = await (
            await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }))
          ).Body?.transformToString();
          await s3().send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: key,
              Body: `${body}${line('c-4', 'late.comer@example.se')}\n`,
            }),
          );
        }
      },
    });
    const subject = { email: 'tove.test@example.se' };
    const found = await connector.find(subject);
    expect(found.map((r) => r.recordId)).toEqual(['c-1', 'c-3']);
    const plan = planErasure(DEMO_DATA_MAP, [{ storeId: 'events', records: found }], '2026-05-10').stores[0];
    if (!plan) throw new Error('no plan');

    const outcome = await connector.erase(subject, plan);
    expect(attempts).toEqual([1, 2]);
    expect(outcome.deleted.sort()).toEqual(['c-1', 'c-3']);
    const after = await (
      await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body?.transformToString();
    expect(after).toContain('late.comer@example.se'); // the concurrent write survived
    expect(after).toContain('other.one@example.se');
    expect(after).not.toContain('tove.test@example.se');
    expect(await connector.find(subject)).toEqual([]);
  });

  it('gives up with ConcurrentModificationError when the object keeps changing', async () => {
    const store = storeOf('events');
    const bucket = demo.locations.events?.bucket as string;
    const key = 'attendance/evt-busy.jsonl';
    const body = `${JSON.stringify({ recordId: 'b-1', email: 'busy.bee@example.se', eventDate: '2026-04-02' })}\n`;
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    for (const [indexKey, objects] of indexEntriesFor(store, [{ key, lines: [JSON.parse(body)] }])) {
      await s3().send(new PutObjectCommand({ Bucket: bucket, Key: indexKey, Body: serialiseIndex(objects) }));
    }
    let writes = 0;
    const connector = new S3JsonlStoreConnector({
      store,
      bucketName: bucket,
      client: s3(),
      maxAttempts: 3,
      beforeWrite: async () => {
        writes++;
        await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${body}{"n":${writes}}\n` }));
      },
    });
    const subject = { email: 'busy.bee@example.se' };
    const plan = planErasure(
      DEMO_DATA_MAP,
      [{ storeId: 'events', records: await connector.find(subject) }],
      '2026-05-10',
    ).stores[0];
    if (!plan) throw new Error('no plan');
    await expect(connector.erase(subject, plan)).rejects.toBeInstanceOf(ConcurrentModificationError);
    expect(writes).toBe(3);
  });
});

describe('a store that is down', () => {
  it('reports StoreUnavailableError when the newsletter API does not answer', async () => {
    const connector = registry.connectorFor(storeOf('newsletter'));
    expect(await connector.find({ email: ola.email })).toHaveLength(1);
    await demo.newsletter.close();
    await expect(connector.find({ email: ola.email })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(
      collectStoreHandler(
        { requestId: 'REQ-COLLECT-1', storeId: 'newsletter' },
        lambdaContext('CollectStore'),
      ),
    ).rejects.toMatchObject({ name: 'StoreUnavailableError' });
  });

  it('reports StoreUnavailableError when the credential is refused', async () => {
    await demo.newsletter.listen(0);
    secretsManager.put('stale-newsletter-token', 'Bearer wrong');
    const connector = createConnectorRegistry({
      locations: {
        newsletter: {
          baseUrl: `${demo.newsletter.url}/api/v1`,
          authHeaderSecret: 'stale-newsletter-token',
        },
      },
      dynamo: dynamo(),
      s3: s3(),
    }).connectorFor(storeOf('newsletter'));
    await expect(connector.find({ email: ola.email })).rejects.toThrow(/answered 401/);
  });
});
