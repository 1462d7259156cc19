import { randomBytes } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * TransactWriteItems for the local DynamoDB stand-in, which has none. A thin HTTP layer in front of
 * dynalite, on the endpoint everything else uses, answers `TransactWriteItems` over the real
 * DynamoDB JSON protocol and passes every other request through unchanged.
 *
 * Atomicity and isolation come from a readers-writer lock: every passed-through request holds it
 * shared, a transaction holds it exclusive, so no other read or write sees a transaction half done.
 * Inside, each item is read first, then each operation runs as the single-item call it corresponds
 * to with its own condition; if any condition fails or dynalite refuses an operation, every item is
 * put back as it was read. Idempotency follows AWS: a ClientRequestToken that succeeded is
 * remembered for ten minutes.
 *
 * Not covered: TransactGetItems, ConsumedCapacity and ItemCollectionMetrics in the answer, number
 * key values that are equal but spelled differently ("1" and "1.0") counting as one item, and
 * signature checks on the requests this layer answers itself.
 */
export interface DynamoDbFront {
  url: string;
  close(): Promise<void>;
}

export async function startDynamoDbFront(options: {
  /** dynalite's own address. */
  dynaliteUrl: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  region: string;
}): Promise<DynamoDbFront> {
  const front = new TransactionFront(options.dynaliteUrl, options.region);
  const url = await front.listen(options.port, options.host);
  return { url, close: () => front.close() };
}

const TRANSACT_WRITE_TARGET = 'DynamoDB_20120810.TransactWriteItems';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const DYNAMODB_ERRORS = 'com.amazonaws.dynamodb.v20120810';
const MAX_ITEMS = 100;
const MAX_TOKEN_LENGTH = 36;
const TOKEN_LIFETIME_MS = 10 * 60_000;
const KINDS = ['Put', 'Update', 'Delete', 'ConditionCheck'] as const;
type Kind = (typeof KINDS)[number];

/** An attribute value as the JSON protocol carries it: binaries are base64 text. */
interface WireValue {
  S?: string;
  N?: string;
  B?: string;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  M?: Record<string, WireValue>;
  L?: WireValue[];
  NULL?: boolean;
  BOOL?: boolean;
}
type WireItem = Record<string, WireValue>;

interface WireOperation {
  TableName?: string;
  Item?: WireItem;
  Key?: WireItem;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: WireItem;
  ReturnValuesOnConditionCheckFailure?: string;
}

interface Operation {
  kind: Kind;
  table: string;
  key: WireItem;
  input: WireOperation;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

class DynamoDbError {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly message: string,
  ) {}

  answer(): Answer {
    return {
      status: this.status,
      body: { __type: this.type, ...(this.message ? { message: this.message } : {}) },
    };
  }
}

const validation = (message: string) =>
  new DynamoDbError(400, `${DYNAMODB_ERRORS}#ValidationException`, message);

/**
 * A readers-writer lock that grants in arrival order: a waiting writer holds back the readers that
 * come after it (so writers cannot starve), and the readers queued together before it enter together.
 */
class ReadWriteLock {
  private readers = 0;
  private writing = false;
  private readonly waiting: { exclusive: boolean; enter: () => void }[] = [];

  /** Resolves with the function that releases the lock. */
  shared(): Promise<() => void> {
    return this.acquire(false);
  }

  exclusive(): Promise<() => void> {
    return this.acquire(true);
  }

  private acquire(exclusive: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiting.push({ exclusive, enter: () => resolve(this.releaser(exclusive)) });
      this.grant();
    });
  }

  private releaser(exclusive: boolean): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) this.writing = false;
      else this.readers -= 1;
      this.grant();
    };
  }

  private grant(): void {
    for (let next = this.waiting[0]; next && !this.writing; next = this.waiting[0]) {
      if (next.exclusive) {
        if (this.readers > 0) return;
        this.writing = true;
      } else {
        this.readers += 1;
      }
      this.waiting.shift();
      next.enter();
    }
  }
}

class TransactionFront {
  private readonly lock = new ReadWriteLock();
  private readonly upstream: URL;
  private readonly agent = new Agent({ keepAlive: true });
  private readonly dynamo: DynamoDBClient;
  private readonly keySchemas = new Map<string, string[]>();
  /** Token → the request it carried and when it stops counting, for transactions that succeeded. */
  private readonly tokens = new Map<string, { request: string; expires: number }>();
  private server?: Server;

  constructor(dynaliteUrl: string, region: string) {
    this.upstream = new URL(dynaliteUrl);
    this.dynamo = new DynamoDBClient({
      endpoint: dynaliteUrl,
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      // A retried conditional write could fail its own condition: one attempt, and errors are answers.
      maxAttempts: 1,
    });
  }

  async listen(port: number, host: string): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (res.headersSent) return void res.destroy();
        send(res, {
          status: 500,
          body: { __type: `${DYNAMODB_ERRORS}#InternalServerError`, message: error.message },
        });
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server)
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    this.agent.destroy();
    this.dynamo.destroy();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    if (req.method === 'POST' && req.headers['x-amz-target'] === TRANSACT_WRITE_TARGET) {
      send(res, await this.transactWrite(body));
      return;
    }
    const release = await this.lock.shared();
    try {
      await this.forward(req, body, res);
    } finally {
      release();
    }
  }

  /** Passes a request to dynalite as it came and its answer back as dynalite gave it. */
  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent: this.agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          // dynalite has done its work once it answers; a client that went away only cuts the copy short.
          pipeline(answer, res).then(resolve, () => resolve());
        },
      );
      upstream.once('error', reject);
      upstream.end(body);
    });
  }

  private async transactWrite(body: Buffer): Promise<Answer> {
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      return serializationError();
    }
    if (!isRecord(request)) return serializationError();
    try {
      const operations = await this.operations(request);
      const token = request.ClientRequestToken;
      const release = await this.lock.exclusive();
      try {
        // Checked under the lock, so a retry that arrives during the first attempt waits for its outcome.
        const fingerprint = stableJson({ ...request, ClientRequestToken: undefined });
        if (typeof token === 'string') {
          const now = Date.now();
          for (const [known, { expires }] of this.tokens) if (expires <= now) this.tokens.delete(known);
          const seen = this.tokens.get(token);
          if (seen && seen.request !== fingerprint)
            return new DynamoDbError(
              400,
              `${DYNAMODB_ERRORS}#IdempotentParameterMismatchException`,
              'Request with the same client token has different parameters',
            ).answer();
          if (seen) return { status: 200, body: {} };
        }
        const answer = await this.run(operations);
        // Only a transaction that took effect is remembered: a cancelled one may be sent again and run.
        if (answer.status === 200 && typeof token === 'string')
          this.tokens.set(token, { request: fingerprint, expires: Date.now() + TOKEN_LIFETIME_MS });
        return answer;
      } finally {
        release();
      }
    } catch (error) {
      if (error instanceof DynamoDbError) return error.answer();
      throw error;
    }
  }

  /** The request's operations, checked as DynamoDB checks them before it runs any. */
  private async operations(request: Record<string, unknown>): Promise<Operation[]> {
    const items = request.TransactItems;
    if (items !== undefined && !Array.isArray(items)) throw serializationFailure();
    const problems: string[] = [];
    if (items === undefined)
      problems.push("Value null at 'transactItems' failed to satisfy constraint: Member must not be null");
    else if (items.length < 1)
      problems.push(
        "Value at 'TransactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    else if (items.length > MAX_ITEMS)
      problems.push(
        `Value at 'TransactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ITEMS}`,
      );
    const token = request.ClientRequestToken;
    if (token !== undefined && typeof token !== 'string') throw serializationFailure();
    if (token !== undefined && (token.length < 1 || token.length > MAX_TOKEN_LENGTH))
      problems.push(
        `Value at 'ClientRequestToken' failed to satisfy constraint: Member must have length ${token.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_TOKEN_LENGTH}`}`,
      );
    problems.push(
      ...enumProblem(request.ReturnConsumedCapacity, 'returnConsumedCapacity', ['INDEXES', 'TOTAL', 'NONE']),
      ...enumProblem(request.ReturnItemCollectionMetrics, 'returnItemCollectionMetrics', ['SIZE', 'NONE']),
    );
    if (items === undefined || problems.length > 0) throw validation(validationMessage(problems));

    const found: { kind: Kind; input: WireOperation }[] = [];
    for (const [index, item] of items.entries()) {
      if (!isRecord(item)) throw serializationFailure();
      const kinds = KINDS.filter((kind) => item[kind] !== undefined && item[kind] !== null);
      const kind = kinds[0];
      if (kinds.length !== 1 || kind === undefined)
        throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
      const input = item[kind];
      if (!isRecord(input)) throw serializationFailure();
      problems.push(...memberProblems(kind, input, index + 1));
      found.push({ kind, input: input as WireOperation });
    }
    if (problems.length > 0) throw validation(validationMessage(problems));

    const operations: Operation[] = [];
    const targets = new Set<string>();
    for (const { kind, input } of found) {
      const table = input.TableName ?? '';
      const key = kind === 'Put' ? await this.keyOf(table, input.Item ?? {}) : (input.Key ?? {});
      if (kind !== 'Put') await this.keySchema(table); // a missing table is refused before anything runs
      const target = stableJson({ table, key });
      if (targets.has(target))
        throw validation('Transaction request cannot include multiple operations on one item');
      targets.add(target);
      operations.push({ kind, table, key, input });
    }
    return operations;
  }

  /** The key attributes of an item to be put, by the table's key schema. */
  private async keyOf(table: string, item: WireItem): Promise<WireItem> {
    const key: WireItem = {};
    for (const name of await this.keySchema(table)) {
      const value = item[name];
      if (value === undefined)
        throw validation(`One or more parameter values were invalid: Missing the key ${name} in the item`);
      key[name] = value;
    }
    return key;
  }

  private async keySchema(table: string): Promise<string[]> {
    const known = this.keySchemas.get(table);
    if (known) return known;
    try {
      const { Table } = await this.dynamo.send(new DescribeTableCommand({ TableName: table }));
      const names = (Table?.KeySchema ?? []).flatMap((k) => (k.AttributeName ? [k.AttributeName] : []));
      this.keySchemas.set(table, names);
      return names;
    } catch (error) {
      // DynamoDB names no table here, unlike DescribeTable.
      if (error instanceof DynamoDBServiceException && error.name === 'ResourceNotFoundException')
        throw new DynamoDbError(
          400,
          `${DYNAMODB_ERRORS}#ResourceNotFoundException`,
          'Requested resource not found',
        );
      throw asDynamoDbError(error);
    }
  }

  /** Runs the operations under the exclusive lock: all take effect, or none does. */
  private async run(operations: Operation[]): Promise<Answer> {
    let snapshots: (Record<string, AttributeValue> | undefined)[];
    try {
      snapshots = await Promise.all(operations.map((op) => this.read(op.table, op.key)));
    } catch (error) {
      return asDynamoDbError(error).answer();
    }
    // Every operation runs, so every item's condition is known for the cancellation reasons.
    const failed: boolean[] = [];
    let refusal: DynamoDbError | undefined;
    for (const [index, op] of operations.entries()) {
      try {
        await this.apply(op, snapshots[index]);
        failed.push(false);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          failed.push(true);
        } else {
          refusal ??= asDynamoDbError(error);
          failed.push(false);
        }
      }
    }
    if (!refusal && !failed.includes(true)) return { status: 200, body: {} };

    for (const [index, op] of operations.entries()) {
      const before = snapshots[index];
      if (before) await this.dynamo.send(new PutItemCommand({ TableName: op.table, Item: before }));
      else await this.dynamo.send(new DeleteItemCommand({ TableName: op.table, Key: toSdkItem(op.key) }));
    }
    if (refusal) return refusal.answer();

    const reasons = operations.map((op, index) => {
      if (!failed[index]) return { Code: 'None' };
      const before = snapshots[index];
      return {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        ...(before && op.input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD'
          ? { Item: toWireItem(before) }
          : {}),
      };
    });
    return {
      status: 400,
      body: {
        __type: `${DYNAMODB_ERRORS}#TransactionCanceledException`,
        Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        CancellationReasons: reasons,
      },
    };
  }

  private async read(table: string, key: WireItem): Promise<Record<string, AttributeValue> | undefined> {
    const { Item } = await this.dynamo.send(
      new GetItemCommand({ TableName: table, Key: toSdkItem(key), ConsistentRead: true }),
    );
    return Item;
  }

  /** One operation as the single-item call it corresponds to, with its own condition. */
  private async apply(op: Operation, before: Record<string, AttributeValue> | undefined): Promise<void> {
    const { input } = op;
    const condition = {
      TableName: op.table,
      ConditionExpression: input.ConditionExpression,
      ExpressionAttributeNames: input.ExpressionAttributeNames,
      ExpressionAttributeValues:
        input.ExpressionAttributeValues && toSdkItem(input.ExpressionAttributeValues),
    };
    switch (op.kind) {
      case 'Put':
        await this.dynamo.send(new PutItemCommand({ ...condition, Item: toSdkItem(input.Item ?? {}) }));
        return;
      case 'Update':
        await this.dynamo.send(
          new UpdateItemCommand({
            ...condition,
            Key: toSdkItem(op.key),
            UpdateExpression: input.UpdateExpression,
          }),
        );
        return;
      case 'Delete':
        await this.dynamo.send(new DeleteItemCommand({ ...condition, Key: toSdkItem(op.key) }));
        return;
      case 'ConditionCheck':
        // dynalite evaluates conditions only on writes: write the item back unchanged (or its bare
        // key, removed again at once when the item did not exist) under the condition.
        await this.dynamo.send(new PutItemCommand({ ...condition, Item: before ?? toSdkItem(op.key) }));
        if (!before)
          await this.dynamo.send(new DeleteItemCommand({ TableName: op.table, Key: toSdkItem(op.key) }));
        return;
    }
  }
}

/** Required members by operation, as the service model lists them. */
const REQUIRED: Record<Kind, (keyof WireOperation)[]> = {
  Put: ['Item', 'TableName'],
  Update: ['Key', 'UpdateExpression', 'TableName'],
  Delete: ['Key', 'TableName'],
  ConditionCheck: ['Key', 'TableName', 'ConditionExpression'],
};

const STRING_MEMBERS = ['TableName', 'UpdateExpression', 'ConditionExpression'] as const;
const MAP_MEMBERS = ['Item', 'Key', 'ExpressionAttributeNames', 'ExpressionAttributeValues'] as const;

function memberProblems(kind: Kind, input: Record<string, unknown>, position: number): string[] {
  for (const name of STRING_MEMBERS)
    if (input[name] !== undefined && typeof input[name] !== 'string') throw serializationFailure();
  for (const name of MAP_MEMBERS)
    if (input[name] !== undefined && !isRecord(input[name])) throw serializationFailure();
  const at = (member: string) => `transactItems.${position}.member.${lowerFirst(kind)}.${lowerFirst(member)}`;
  const problems = REQUIRED[kind]
    .filter((member) => input[member] === undefined || input[member] === null)
    .map((member) => `Value null at '${at(member)}' failed to satisfy constraint: Member must not be null`);
  problems.push(
    ...enumProblem(input.ReturnValuesOnConditionCheckFailure, at('ReturnValuesOnConditionCheckFailure'), [
      'ALL_OLD',
      'NONE',
    ]),
  );
  return problems;
}

function enumProblem(value: unknown, at: string, allowed: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string' && allowed.includes(value)) return [];
  return [
    `Value '${String(value)}' at '${at}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
  ];
}

const validationMessage = (problems: string[]) =>
  `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`;

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const serializationFailure = () =>
  new DynamoDbError(400, 'com.amazon.coral.service#SerializationException', '');
const serializationError = () => serializationFailure().answer();

/** An error dynalite answered, as it answered it; anything else is not an answer and stays thrown. */
function asDynamoDbError(error: unknown): DynamoDbError {
  if (!(error instanceof DynamoDBServiceException)) throw error;
  // dynalite reports validation errors from Coral's validation namespace, as DynamoDB does for single-item calls.
  const namespace = error.name === 'ValidationException' ? 'com.amazon.coral.validate' : DYNAMODB_ERRORS;
  return new DynamoDbError(
    error.$metadata.httpStatusCode ?? 400,
    `${namespace}#${error.name}`,
    error.message,
  );
}

function toSdkValue(value: WireValue): AttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B, 'base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b, 'base64')) };
  if (value.M !== undefined) return { M: toSdkItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toSdkValue) };
  return value as AttributeValue;
}

function toSdkItem(item: WireItem): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, toSdkValue(value)]));
}

function toWireValue(value: AttributeValue): WireValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toWireItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toWireValue) };
  return value as WireValue;
}

function toWireItem(item: Record<string, AttributeValue>): WireItem {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, toWireValue(value)]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal requests and keys compare equal however they were spelled. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .sort()
            .map((k) => [k, inner[k]]),
        )
      : inner,
  );
}

function send(res: ServerResponse, answer: Answer): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomBytes(39).toString('base64url').toUpperCase().slice(0, 52),
  });
  res.end(body);
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
