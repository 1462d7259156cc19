/**
 * A retention sweep over N demo records per store (default 100,000), half of them past their
 * rule, on in-process stand-ins (dynalite, s3rver): how long listing, planning, carrying out and
 * verifying take per store, through the same connectors and pure planning the sweep function uses.
 * Prints a table only.
 *
 *   npx tsx bench/retention-sweep.ts [records=100000] [stores=crm,billing,web-logs]
 *
 * `crm` is a DynamoDB store whose old records are deleted, `billing` one whose old invoices are
 * kept under the Bokföringslagen hold (their phone and notes anonymised) or deleted past it,
 * `web-logs` JSON Lines in S3 (a day per object, a subject index). s3rver keeps no object
 * versions, so the web logs are swept here as an unversioned bucket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { DEMO_DATA_MAP } from '../config/datamap';
import { createConnectorRegistry } from '../functions/adapters/connectors/connector-registry';
import { indexEntriesFor, serialiseIndex } from '../functions/adapters/connectors/s3-jsonl-connector';
import { toCalendarDate } from '../functions/core/calendar/calendar-date';
import type { DataMap, DataStore } from '../functions/core/datamap';
import {
  listedBefore,
  pastRetentionOn,
  planSweep,
  verifySweep,
} from '../functions/core/retention/retention-sweep';
import { batchWrite } from '../local/demo-stores';

const [recordsArg, storesArg] = process.argv.slice(2);
const RECORDS = Number(recordsArg ?? 100_000);
const STORES = (storesArg ?? 'crm,billing,web-logs').split(',');
const CONCURRENCY = 8;

const NOW = new Date();
const TODAY = toCalendarDate(NOW.toISOString()) as string;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString().slice(0, 10);

// s3rver keeps no versions: the web logs are swept as an unversioned bucket here.
const MAP: DataMap = {
  ...DEMO_DATA_MAP,
  stores: DEMO_DATA_MAP.stores.map((s) =>
    s.connector.type === 's3-jsonl' ? { ...s, connector: { ...s.connector, versioned: false } } : s,
  ),
};
const storeOf = (id: string) => MAP.stores.find((s) => s.id === id) as DataStore;

/** Half the records past the store's rule, half within it. */
function records(storeId: string, n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const old = i % 2 === 0;
    const email = `person${i % (n / 4)}@example.org`;
    if (storeId === 'crm')
      out.push({
        pk: `CONTACT#c-${i}`,
        sk: 'PROFILE',
        email,
        company: 'Bench AB',
        activityDate: daysAgo(old ? 1200 + (i % 400) : i % 900),
      });
    else if (storeId === 'billing') {
      // Old ones: nine years (past the hold) or eight with payment the next year (held).
      const year = NOW.getUTCFullYear() - (old ? (i % 4 === 0 ? 9 : 8) : 2);
      out.push({
        invoiceId: `INV-${i}`,
        invoiceDate: `${year}-12-${String(1 + (i % 28)).padStart(2, '0')}`,
        ...(old && i % 4 !== 0 ? { paidDate: `${year + 1}-01-20` } : {}),
        contactEmail: email,
        contactPhone: '070-1740600',
        contactName: 'Bench Person',
        amount: 1000,
        notes: 'n',
      });
    } else if (storeId === 'web-logs')
      out.push({
        ts: `${daysAgo(old ? 100 + (i % 200) : i % 80)}T12:00:00.000Z`,
        ip: `198.51.100.${i % 250}`,
        method: 'GET',
        path: '/',
        status: 200,
        userAgent: 'bench',
        userEmail: email,
      });
  }
  return out;
}

async function pool<T>(items: readonly T[], job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await job(items[next++] as T);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function seconds<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-sweep-'));
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const raw = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials,
  });
  const dynamo = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const s3rver = new S3rver({ port: 0, address: '127.0.0.1', directory: dir, silent: true });
  const address = await s3rver.run();
  const s3 = new S3Client({
    endpoint: `http://127.0.0.1:${address.port}`,
    region: 'eu-west-1',
    forcePathStyle: true,
    credentials,
  });

  const locations: Record<string, { table?: string; bucket?: string }> = {};
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(
    `retention sweep, ${RECORDS.toLocaleString('en')} records per store (half past their rule), node ${process.version}, ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    line([
      'store',
      'connector',
      'records',
      'planned',
      'deleted / held',
      'leftovers',
      'list s',
      'plan s',
      'carry out s',
      'verify s',
      'sweep s',
      'changes/s',
      'load s',
    ]),
  );
  console.log(line(['---', '---', ...Array.from({ length: 11 }, () => '---:')]));
  for (const storeId of STORES) {
    const store = storeOf(storeId);
    const data = records(storeId, RECORDS);
    const [, loadSeconds] = await seconds(async () => {
      if (store.connector.type === 'dynamodb') {
        const { primaryKey, indexName, keyAttribute } = store.connector;
        const table = `bench-${storeId}`;
        await raw.send(
          new CreateTableCommand({
            TableName: table,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [
              ...new Set([primaryKey.partition, ...(primaryKey.sort ? [primaryKey.sort] : []), keyAttribute]),
            ].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
            KeySchema: [
              { AttributeName: primaryKey.partition, KeyType: 'HASH' },
              ...(primaryKey.sort ? [{ AttributeName: primaryKey.sort, KeyType: 'RANGE' as const }] : []),
            ],
            GlobalSecondaryIndexes: [
              {
                IndexName: indexName,
                KeySchema: [{ AttributeName: keyAttribute, KeyType: 'HASH' }],
                Projection: { ProjectionType: 'KEYS_ONLY' },
              },
            ],
          }),
        );
        await batchWrite(dynamo, table, data);
        locations[storeId] = { table };
      } else if (store.connector.type === 's3-jsonl') {
        const bucket = `bench-${storeId}`;
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        const byDay = new Map<string, Record<string, unknown>[]>();
        for (const line of data) {
          const key = `${store.connector.prefix}${String(line.ts).slice(0, 10)}.jsonl`;
          byDay.set(key, [...(byDay.get(key) ?? []), line]);
        }
        const objects = [...byDay].map(([key, lines]) => ({ key, lines }));
        await pool(objects, async (o) => {
          await s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: o.key,
              Body: `${o.lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
            }),
          );
        });
        await pool([...indexEntriesFor(store, objects)], async ([key, keys]) => {
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: serialiseIndex(keys) }));
        });
        locations[storeId] = { bucket };
      }
    });
    const registry = createConnectorRegistry({ locations, dynamo, s3 });
    const connector = registry.connectorFor(store);
    const before = listedBefore(store.retention.rule, TODAY) as string;
    const [listed, listSeconds] = await seconds(
      async () => (await connector.listDatedBefore?.(before)) ?? [],
    );
    const [plan, planSeconds] = await seconds(async () =>
      planSweep({ ...MAP, stores: [store] }, [{ storeId, records: listed }], {
        sweepId: 'RS-BENCH',
        now: NOW,
        today: TODAY,
      }),
    );
    const storePlan = plan.stores[0];
    const [outcome, eraseSeconds] = await seconds(async () =>
      connector.eraseSwept?.(storeId, storePlan?.records ?? []),
    );
    const [leftovers, verifySeconds] = await seconds(async () => {
      const again = (await connector.listDatedBefore?.(before)) ?? [];
      return verifySweep(plan, MAP, [
        { storeId, records: pastRetentionOn(store.retention.rule, again, plan.plannedOn) },
      ]);
    });
    const changed =
      (outcome?.deleted.length ?? 0) + (outcome?.anonymised.length ?? 0) + (outcome?.retained.length ?? 0);
    const total = listSeconds + planSeconds + eraseSeconds + verifySeconds;
    console.log(
      line([
        storeId,
        store.connector.type,
        RECORDS.toLocaleString('en'),
        (storePlan?.records.length ?? 0).toLocaleString('en'),
        `${outcome?.deleted.length ?? 0} / ${outcome?.retained.length ?? 0}`,
        `${(leftovers.get(storeId) ?? []).length}`,
        listSeconds.toFixed(1),
        planSeconds.toFixed(2),
        eraseSeconds.toFixed(1),
        verifySeconds.toFixed(1),
        total.toFixed(1),
        Math.round(changed / eraseSeconds).toLocaleString('en'),
        loadSeconds.toFixed(0),
      ]),
    );
  }
  await s3rver.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
}

await main();
