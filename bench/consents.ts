/**
 * Consent ledger throughput against an in-memory dynalite on a free port: writes/second (each
 * write is 3-5 DynamoDB calls: state read, idempotency claim, history append, state put) and
 * reads/second for `current` and `history`. Prints numbers only.
 *
 *   npx tsx bench/consents.ts [writes=2000] [reads=2000] [concurrency=16]
 */
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { dynamo } from '../functions/adapters/clients/dynamodb';
import { DynamoDbConsentStore } from '../functions/adapters/dynamodb-consent-store';
import { CONSENT_PURPOSES, type ConsentChange } from '../functions/core/consents/consents';
import { subjectKeyOf } from '../functions/core/request/subject-key';
import { CONSENTS_TABLE } from '../infra/table-definitions';
import { percentile } from './percentile';

const [writes = 2000, reads = 2000, concurrency = 16] = process.argv.slice(2).map(Number);
const SUBJECTS = 500;
const TABLE_NAME = 'Consents';

async function startDynamo(): Promise<{ close: () => Promise<void> }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${port}`;
  process.env.AWS_REGION ??= 'eu-north-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const admin = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  await admin.send(
    new CreateTableCommand({
      TableName: TABLE_NAME,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: CONSENTS_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: CONSENTS_TABLE.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: CONSENTS_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: CONSENTS_TABLE.sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
  admin.destroy();
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Runs `total` jobs with at most `limit` in flight; returns per-job latencies in ms. */
async function pool(
  total: number,
  limit: number,
  job: (index: number) => Promise<unknown>,
): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const started = performance.now();
      await job(index);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, total) }, worker));
  return latencies;
}

async function measure(
  label: string,
  total: number,
  job: (index: number) => Promise<unknown>,
): Promise<void> {
  const started = performance.now();
  const latencies = await pool(total, concurrency, job);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const line = [
    label.padEnd(28),
    `${(total / seconds).toFixed(0).padStart(6)} /s`,
    `p50 ${percentile(latencies, 50).toFixed(1)} ms`,
    `p95 ${percentile(latencies, 95).toFixed(1)} ms`,
    `p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    `(${total} in ${seconds.toFixed(2)} s)`,
  ];
  console.log(line.join('  '));
}

const local = await startDynamo();
const store = new DynamoDbConsentStore(TABLE_NAME);
const subjects = Array.from({ length: SUBJECTS }, (_, index) =>
  subjectKeyOf(`bench-${index}@example.com`, 'bench-secret'),
);
const base = Date.parse('2026-01-01T00:00:00.000Z');

function changeFor(index: number, idempotent: boolean): ConsentChange {
  const purpose = CONSENT_PURPOSES[Math.floor(index / SUBJECTS) % CONSENT_PURPOSES.length] ?? 'newsletter';
  const at = new Date(base + index * 1000).toISOString();
  const common = { purpose, at, ...(idempotent ? { idempotencyKey: `bench-${index}` } : {}) };
  return index % 3 === 2
    ? { ...common, kind: 'withdrawn', channel: 'link' }
    : {
        ...common,
        kind: 'given',
        channel: 'form',
        textVersion: `${purpose}-v1`,
        evidence: { form: `f-${index}` },
      };
}

const subjectOf = (index: number) => subjects[index % SUBJECTS] ?? '';

console.log(
  `consent ledger on dynalite (in memory), concurrency ${concurrency}, ${SUBJECTS} subjects, ` +
    `Node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(1)}`,
);
// Warm-up on a separate subject: JIT, connection pool and dynalite's first writes stay out of the figures.
const warmUpSubject = subjectKeyOf('bench-warm-up@example.com', 'bench-secret');
await pool(200, concurrency, (index) => store.record(warmUpSubject, changeFor(index * SUBJECTS, false)));
await measure('write (no idempotency key)', writes, (index) =>
  store.record(subjectOf(index), changeFor(index, false)),
);
await measure('write (idempotency key)', writes, (index) =>
  store.record(subjectOf(index + 1), changeFor(writes + index, true)),
);
await measure('read current (all purposes)', reads, (index) => store.current(subjectOf(index)));
await measure('read history (one purpose)', reads, (index) => store.history(subjectOf(index), 'newsletter'));
// Optimistic concurrency under contention: several writers at once on one subject and purpose
// (a subject clicking links in several mails while a mailed withdrawal is processed).
const hotWriters = 4;
const hotSubject = subjectKeyOf('bench-hot@example.com', 'bench-secret');
const hotStarted = performance.now();
await pool(200, hotWriters, (index) =>
  store.record(hotSubject, { ...changeFor(index, false), purpose: 'event_invitations' }),
);
const hotSeconds = (performance.now() - hotStarted) / 1000;
const hotState = (await store.current(hotSubject)).event_invitations;
const hotHistory = await store.history(hotSubject, 'event_invitations');
console.log(
  `${'write (one purpose, 4 at once)'.padEnd(28)}  ${(200 / hotSeconds).toFixed(0).padStart(6)} /s  ` +
    `state version ${hotState.version}, history ${hotHistory.length} (equal when consistent)`,
);

dynamo().destroy();
await local.close();
