/**
 * Time to find one subject with the dynamodb connector (GSI query + consistent reads) at growing
 * store sizes, against a full-scan baseline in the same run, on an in-memory dynalite. The
 * indexed lookup must stay flat while the scan grows with the table. Prints a table only.
 *
 *   npx tsx bench/find-subject.ts [sizes=10000,100000,1000000] [loadBudgetSeconds=300]
 *
 * Loading stops when the budget is spent; the last size is then measured where loading stopped,
 * and the note says so.
 */
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { DEMO_DATA_MAP } from '../config/datamap';
import { DynamodbStoreConnector } from '../functions/adapters/connectors/dynamodb-connector';
import type { DataStore } from '../functions/core/datamap';
import { batchWrite } from '../local/demo-stores';

const [sizesArg, budgetArg] = process.argv.slice(2);
const SIZES = (sizesArg ?? '10000,100000,1000000').split(',').map(Number);
const LOAD_BUDGET_MS = Number(budgetArg ?? 300) * 1000;
const TABLE = 'bench-recruitment';
const SUBJECT = 'astrid.lindqvist@example.se';
const SUBJECT_RECORDS = 3;
const INDEXED_RUNS = 30;

const store = DEMO_DATA_MAP.stores.find((s) => s.id === 'recruitment') as DataStore;
if (store?.connector.type !== 'dynamodb')
  throw new Error('the recruitment store must use the dynamodb connector');
const { primaryKey, indexName, keyAttribute } = store.connector;

function candidate(n: number, email: string) {
  return {
    [primaryKey.partition]: `cand-${String(n).padStart(8, '0')}`,
    [keyAttribute]: email,
    firstName: 'Test',
    lastName: `Person ${n}`,
    appliedRole: 'Backend developer',
    appliedAt: '2026-01-15',
    cvSummary: 'Backend developer with 7 years of experience in Kotlin, AWS.',
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main() {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const raw = new DynamoDBClient({
    endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const client = DynamoDBDocumentClient.from(raw);
  await raw.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: primaryKey.partition, AttributeType: 'S' },
        { AttributeName: keyAttribute, AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: primaryKey.partition, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: indexName,
          KeySchema: [{ AttributeName: keyAttribute, KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
  const connector = new DynamodbStoreConnector({ store, tableName: TABLE, client });

  // The subject's records first; everyone else gets one record each.
  await batchWrite(
    client,
    TABLE,
    Array.from({ length: SUBJECT_RECORDS }, (_, i) => candidate(i, SUBJECT)),
  );
  let loaded = SUBJECT_RECORDS;
  const loadStarted = performance.now();
  const rows: { target: number; records: number; indexed: number; scan: number; loadSeconds: number }[] = [];
  let note = '';

  for (const target of SIZES) {
    const chunk = 10_000;
    while (loaded < target) {
      if (performance.now() - loadStarted > LOAD_BUDGET_MS) {
        note = `loading stopped at ${loaded.toLocaleString('en')} records after the ${LOAD_BUDGET_MS / 1000} s budget (${Math.round(loaded / ((performance.now() - loadStarted) / 1000))} records/s into dynalite on ${availableParallelism()} cores)`;
        break;
      }
      const count = Math.min(chunk, target - loaded);
      const start = loaded;
      await batchWrite(
        client,
        TABLE,
        Array.from({ length: count }, (_, i) => candidate(start + i, `person-${start + i}@example.se`)),
        16,
      );
      loaded += count;
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    for (let i = 0; i < 3; i++) await connector.find({ email: SUBJECT }); // warm-up, outside the figures
    const indexedTimes: number[] = [];
    for (let i = 0; i < INDEXED_RUNS; i++) {
      const t = performance.now();
      const found = await connector.find({ email: SUBJECT });
      indexedTimes.push(performance.now() - t);
      if (found.length !== SUBJECT_RECORDS) throw new Error(`indexed lookup found ${found.length}`);
    }

    // Baseline: what a store without an index costs, a full scan filtered on the address.
    const scanRuns = loaded <= 20_000 ? 3 : 1;
    const scanTimes: number[] = [];
    for (let i = 0; i < scanRuns; i++) {
      const t = performance.now();
      let found = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: TABLE,
            FilterExpression: '#k = :v',
            ExpressionAttributeNames: { '#k': keyAttribute },
            ExpressionAttributeValues: { ':v': SUBJECT },
            ExclusiveStartKey: startKey,
          }),
        );
        found += page.Items?.length ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      scanTimes.push(performance.now() - t);
      if (found !== SUBJECT_RECORDS) throw new Error(`scan found ${found}`);
    }
    rows.push({
      target,
      records: loaded,
      indexed: median(indexedTimes),
      scan: median(scanTimes),
      loadSeconds,
    });
    process.stderr.write(`measured at ${loaded} records\n`);
    if (note) break;
  }

  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(
    `find one subject (${SUBJECT_RECORDS} records) — dynamodb connector vs full scan, in-memory dynalite`,
  );
  console.log(
    `node ${process.version}, ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    line(['records in store', 'indexed find (median of 30)', 'full scan (median)', 'scan / indexed']),
  );
  console.log(line(['---:', '---:', '---:', '---:']));
  for (const row of rows) {
    console.log(
      line([
        row.records.toLocaleString('en'),
        `${row.indexed.toFixed(2)} ms`,
        `${row.scan.toFixed(0)} ms`,
        `${(row.scan / row.indexed).toFixed(0)}x`,
      ]),
    );
  }
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last && rows.length > 1) {
    console.log(
      `indexed: ${(last.indexed / first.indexed).toFixed(2)}x from ${first.records.toLocaleString('en')} to ${last.records.toLocaleString('en')} records (flat); scan: ${(last.scan / first.scan).toFixed(1)}x`,
    );
  }
  if (note)
    console.log(
      `note: ${note}; sizes not reached: ${SIZES.filter((s) => s > (last?.records ?? 0)).join(', ')}`,
    );
  raw.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

await main();
