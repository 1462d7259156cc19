import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEMO_DATA_MAP } from '../config/datamap';
import type { StoreLocations } from '../functions/adapters/connectors/connector-registry';
import { DATA_STORES_ENV } from '../functions/adapters/connectors/connector-registry';
import { indexEntriesFor, serialiseIndex } from '../functions/adapters/connectors/s3-jsonl-connector';
import type { DataMap, DataStore } from '../functions/core/datamap';
import { normaliseEmail } from '../functions/core/request/subject-key';
import { DEMO_NAME_PREFIX, DEMO_NEWSLETTER_SECRET_NAME } from '../infra/demo-deployment';
import { type DemoRecords, generateDemoData, type SubscriberItem } from './demo-data';
import { ensureTable } from './table-ready';

/**
 * The company systems of the demo data map, running locally (ARCHITECTURE.md §8): a DynamoDB table per
 * `dynamodb` store (with the GSI the map names), a bucket of JSON Lines objects and their subject
 * index per `s3-jsonl` store, and a small SaaS-style newsletter API for the `http` store. They are
 * seeded with `generateDemoData({ people: 200, seed: 42 })` on first start; a marker file under
 * the data folder makes later starts reuse what is there (including erasures done since).
 */
export interface DemoStoresOptions {
  dataDir: string;
  /** Clients pointed at the local DynamoDB and S3 stand-ins. */
  dynamo: DynamoDBClient;
  s3: S3Client;
  /** 0 picks a free port; default `PD_NEWSLETTER_PORT` or 0. */
  newsletterPort?: number;
  dataMap?: DataMap;
  people?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface DemoStores {
  /** What `DATA_STORES_JSON` carries: where each demo store is. */
  locations: StoreLocations;
  /** Environment for the handlers: `DATA_STORES_JSON`. */
  env: Record<string, string>;
  /** Secret id → value, for the local Secrets Manager: the newsletter API's auth header. */
  secrets: Record<string, string>;
  newsletter: DemoNewsletterService;
  /** True when this start seeded the stores (false when it reused earlier data). */
  seeded: boolean;
  stop(): Promise<void>;
}

/** The secret holding the demo newsletter API's auth header, by name, as a deployment names its own. */
const NEWSLETTER_AUTH_SECRET = DEMO_NEWSLETTER_SECRET_NAME;
const HOST = '127.0.0.1';
const BATCH = 25;
const CONCURRENCY = 8;

export async function startDemoStores(options: DemoStoresOptions): Promise<DemoStores> {
  const map = options.dataMap ?? DEMO_DATA_MAP;
  const log = options.log ?? (() => undefined);
  const dir = path.join(options.dataDir, 'demo-stores');
  mkdirSync(dir, { recursive: true });
  const marker = path.join(dir, 'seeded.json');
  const seeded = !existsSync(marker);
  const data = seeded
    ? generateDemoData({ people: options.people ?? 200, seed: options.seed ?? 42 }).records
    : undefined;

  const locations: StoreLocations = {};
  const documents = DynamoDBDocumentClient.from(options.dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  let newsletterStore: DataStore | undefined;
  for (const store of map.stores) {
    const connector = store.connector;
    if (connector.type === 'dynamodb') {
      const table = `${DEMO_NAME_PREFIX}${connector.table}`;
      await createDemoTable(options.dynamo, table, store);
      locations[store.id] = { table };
      if (data) await batchWrite(documents, table, recordsOf(data, store.id));
    } else if (connector.type === 's3-jsonl') {
      const bucket = `${DEMO_NAME_PREFIX}${connector.bucket}`;
      await options.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: Error) => {
        if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
      });
      // A store the map says keeps versions gets a bucket that does, before anything is written.
      if (connector.versioned)
        await options.s3.send(
          new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
        );
      locations[store.id] = { bucket };
      if (data) await seedJsonl(options.s3, bucket, store, recordsOf(data, store.id));
    } else if (connector.type === 'http') {
      newsletterStore = store;
    }
  }

  const newsletter = new DemoNewsletterService(path.join(dir, 'newsletter.json'), tokenOf(dir));
  if (data) newsletter.replaceAll(data.newsletter);
  const port = options.newsletterPort ?? Number(process.env.PD_NEWSLETTER_PORT ?? 0);
  await newsletter.listen(port);
  if (newsletterStore) {
    locations[newsletterStore.id] = {
      baseUrl: `${newsletter.url}/api/v1`,
      authHeaderSecret: NEWSLETTER_AUTH_SECRET,
    };
  }

  if (seeded) {
    writeFileSync(
      marker,
      JSON.stringify({
        people: options.people ?? 200,
        seed: options.seed ?? 42,
        at: new Date().toISOString(),
      }),
    );
    log('seeded the demo stores');
  }
  return {
    locations,
    env: { [DATA_STORES_ENV]: JSON.stringify(locations) },
    secrets: { [NEWSLETTER_AUTH_SECRET]: newsletter.authHeader },
    newsletter,
    seeded,
    stop: () => newsletter.close(),
  };
}

function recordsOf(data: DemoRecords, storeId: string): Record<string, unknown>[] {
  return ((data as unknown as Record<string, Record<string, unknown>[] | undefined>)[storeId] ?? []).map(
    (r) => ({ ...r }),
  );
}

/** The table a `dynamodb` store of the map needs: its primary key and its subject index. */
async function createDemoTable(client: DynamoDBClient, name: string, store: DataStore): Promise<void> {
  if (store.connector.type !== 'dynamodb') return;
  const { primaryKey, indexName, keyAttribute } = store.connector;
  const attributes = new Set([
    primaryKey.partition,
    ...(primaryKey.sort ? [primaryKey.sort] : []),
    keyAttribute,
  ]);
  await ensureTable(client, {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: primaryKey.partition, KeyType: 'HASH' },
      ...(primaryKey.sort ? [{ AttributeName: primaryKey.sort, KeyType: 'RANGE' as const }] : []),
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: indexName,
        KeySchema: [{ AttributeName: keyAttribute, KeyType: 'HASH' }],
        // Keys only: the connector reads the items themselves with a consistent read.
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  });
}

/** BatchWriteItem in chunks of 25, a few in flight, unprocessed items written again. */
export async function batchWrite(
  client: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  concurrency = CONCURRENCY,
): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH) chunks.push(items.slice(i, i + BATCH));
  await pool(chunks, concurrency, async (chunk) => {
    let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  });
}

async function pool<T>(items: readonly T[], limit: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await job(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Data objects grouped the way the systems write them (per event, per day), then the index. */
async function seedJsonl(s3: S3Client, bucket: string, store: DataStore, lines: Record<string, unknown>[]) {
  if (store.connector.type !== 's3-jsonl') return;
  const { prefix, indexPrefix } = store.connector;
  const groupOf = (line: Record<string, unknown>) =>
    typeof line.eventId === 'string'
      ? line.eventId
      : String(line.ts ?? line[store.recordDateField ?? ''] ?? 'all').slice(0, 10);
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const line of lines) {
    const key = `${prefix}${groupOf(line)}.jsonl`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const objects = [...groups].map(([key, groupLines]) => ({ key, lines: groupLines }));
  // Data first, then the index that points at it: the order writers keep (see the connector).
  await pool(objects, CONCURRENCY, async ({ key, lines: groupLines }) => {
    const body = `${groupLines.map((l) => JSON.stringify(l)).join('\n')}\n`;
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/x-ndjson' }),
    );
  });
  if (!indexPrefix) return;
  const entries = [...indexEntriesFor(store, objects)];
  await pool(entries, CONCURRENCY, async ([key, objectKeys]) => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: serialiseIndex(objectKeys),
        ContentType: 'application/json',
      }),
    );
  });
}

function tokenOf(dir: string): string {
  const file = path.join(dir, 'newsletter-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(24).toString('hex');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

/**
 * A stand-in for a newsletter SaaS: `GET /api/v1/subscribers?email=` and
 * `DELETE /api/v1/subscribers/{id}`, bearer token required, data kept in one JSON file.
 */
export class DemoNewsletterService {
  private subscribers = new Map<string, SubscriberItem>();
  private server: Server | undefined;
  url = '';

  constructor(
    private readonly file: string,
    private readonly token: string,
  ) {
    if (existsSync(file)) {
      for (const s of JSON.parse(readFileSync(file, 'utf8')) as SubscriberItem[])
        this.subscribers.set(s.id, s);
    }
  }

  get authHeader(): string {
    return `Bearer ${this.token}`;
  }

  replaceAll(subscribers: readonly SubscriberItem[]): void {
    this.subscribers = new Map(subscribers.map((s) => [s.id, s]));
    this.save();
  }

  async listen(port: number): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, HOST, resolve);
    });
    this.url = `http://${HOST}:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Stops answering (tests use it to play a store that is down). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private failuresToInject = 0;

  /** Fault injection for tests: the next `count` calls answer 503, as a SaaS API under load does. */
  failNextRequests(count: number): void {
    this.failuresToInject = count;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (this.failuresToInject > 0) {
      this.failuresToInject -= 1;
      send(503, { error: 'service unavailable' });
      return;
    }
    if (req.headers.authorization !== this.authHeader) {
      send(401, { error: 'unauthorized' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/api/v1/subscribers') {
      const email = normaliseEmail(url.searchParams.get('email') ?? '');
      if (!email) {
        send(400, { error: 'email is required' });
        return;
      }
      const data = [...this.subscribers.values()].filter((s) => normaliseEmail(s.email) === email);
      send(200, { data, total: data.length });
      return;
    }
    const match = /^\/api\/v1\/subscribers\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && match?.[1]) {
      const id = decodeURIComponent(match[1]);
      if (!this.subscribers.delete(id)) {
        send(404, { error: 'not found' });
        return;
      }
      this.save();
      send(204);
      return;
    }
    send(404, { error: 'not found' });
  }

  private save(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify([...this.subscribers.values()]));
    renameSync(tmp, this.file);
  }
}
