import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AttributeValue,
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  IdempotentParameterMismatchException,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbFront, startDynamoDbFront } from '../../local/dynamodb-transactions';
import { ensureTable } from '../../local/table-ready';

const REGION = 'eu-west-1';
const TABLE = 'transactions';

let server: Server;
let front: DynamoDbFront;
let dynamo: DynamoDBClient;

const key = (pk: string, sk = 'item'): Record<string, AttributeValue> => ({ pk: { S: pk }, sk: { S: sk } });
const item = (pk: string, attributes: Record<string, AttributeValue> = {}) => ({ ...key(pk), ...attributes });
const put = (pk: string, attributes: Record<string, AttributeValue> = {}) =>
  dynamo.send(new PutItemCommand({ TableName: TABLE, Item: item(pk, attributes) }));
const read = async (pk: string) =>
  (await dynamo.send(new GetItemCommand({ TableName: TABLE, Key: key(pk), ConsistentRead: true }))).Item;
const transact = (TransactItems: TransactWriteItem[], ClientRequestToken?: string) =>
  dynamo.send(new TransactWriteItemsCommand({ TransactItems, ClientRequestToken }));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the request should have been refused'),
    (error: unknown) => error as Error,
  );

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  front = await startDynamoDbFront({
    dynaliteUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    host: '127.0.0.1',
    port: 0,
    region: REGION,
  });
  dynamo = new DynamoDBClient({
    endpoint: front.url,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await ensureTable(dynamo, {
    TableName: TABLE,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  });
});

afterAll(async () => {
  dynamo?.destroy();
  await front?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('TransactWriteItems on the local DynamoDB stand-in', () => {
  it('applies a Put, an Update and a Delete together', async () => {
    await put('apply-update', { state: { S: 'received' } });
    await put('apply-delete');
    await transact([
      { Put: { TableName: TABLE, Item: item('apply-put', { state: { S: 'new' } }) } },
      {
        Update: {
          TableName: TABLE,
          Key: key('apply-update'),
          UpdateExpression: 'SET #state = :state',
          ConditionExpression: '#state = :was',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':state': { S: 'verified' }, ':was': { S: 'received' } },
        },
      },
      { Delete: { TableName: TABLE, Key: key('apply-delete'), ConditionExpression: 'attribute_exists(pk)' } },
    ]);
    expect(await read('apply-put')).toEqual(item('apply-put', { state: { S: 'new' } }));
    expect(await read('apply-update')).toEqual(item('apply-update', { state: { S: 'verified' } }));
    expect(await read('apply-delete')).toBeUndefined();
  });

  it('leaves every item as it was when a later condition fails, with reasons in item order', async () => {
    await put('cancel-first', { n: { N: '1' } });
    await put('cancel-second', { n: { N: '7' } });
    const error = await refusal(
      transact([
        {
          Update: {
            TableName: TABLE,
            Key: key('cancel-first'),
            UpdateExpression: 'SET n = :two',
            ExpressionAttributeValues: { ':two': { N: '2' } },
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: item('cancel-second'),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]),
    );
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
    );
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    expect(await read('cancel-first')).toEqual(item('cancel-first', { n: { N: '1' } }));
    expect(await read('cancel-second')).toEqual(item('cancel-second', { n: { N: '7' } }));
  });

  it('returns the item that failed its condition with ReturnValuesOnConditionCheckFailure ALL_OLD', async () => {
    const stored = item('all-old', { state: { S: 'closed' }, data: { B: Uint8Array.from([1, 2, 3]) } });
    await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: stored }));
    const error = await refusal(
      transact([
        {
          Delete: {
            TableName: TABLE,
            Key: key('all-old'),
            ConditionExpression: '#state = :open',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':open': { S: 'open' } },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ]),
    );
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: stored },
    ]);
    expect(await read('all-old')).toEqual(stored);
  });

  it('checks a condition on an absent item without leaving an item behind (document client)', async () => {
    const documents = DynamoDBDocumentClient.from(dynamo);
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: { pk: 'check-absent', sk: 'item' },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: TABLE, Item: { pk: 'check-put', sk: 'item', tags: new Set(['a', 'b']) } } },
        ],
      }),
    );
    expect(await read('check-absent')).toBeUndefined();
    expect(await read('check-put')).toEqual(item('check-put', { tags: { SS: ['a', 'b'] } }));

    const error = await refusal(
      transact([
        {
          ConditionCheck: {
            TableName: TABLE,
            Key: key('check-absent'),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        { Put: { TableName: TABLE, Item: item('check-not-put') } },
      ]),
    );
    expect((error as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'ConditionalCheckFailed',
      'None',
    ]);
    expect(await read('check-absent')).toBeUndefined();
    expect(await read('check-not-put')).toBeUndefined();
  });

  it('refuses two operations on one item', async () => {
    const error = await refusal(
      transact([
        { Put: { TableName: TABLE, Item: item('twice', { n: { N: '1' } }) } },
        {
          ConditionCheck: {
            TableName: TABLE,
            Key: key('twice'),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Transaction request cannot include multiple operations on one item');
    expect(await read('twice')).toBeUndefined();
  });

  it('refuses more than 100 operations', async () => {
    const items = Array.from({ length: 101 }, (_, i) => ({
      Put: { TableName: TABLE, Item: item(`many-${i}`) },
    }));
    const error = await refusal(transact(items));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/Member must have length less than or equal to 100$/);
    expect(await read('many-0')).toBeUndefined();
  });

  it('undoes the operations already applied when dynalite refuses a later one', async () => {
    const error = await refusal(
      transact([
        { Put: { TableName: TABLE, Item: item('refused-put') } },
        { Update: { TableName: TABLE, Key: key('refused-update'), UpdateExpression: 'SET = :nothing' } },
      ]),
    );
    expect(error.name).toBe('ValidationException');
    expect(await read('refused-put')).toBeUndefined();
    expect(await read('refused-update')).toBeUndefined();
  });

  it('applies a repeated ClientRequestToken once and refuses it with a different request', async () => {
    const token = 'audit-entry-0001';
    const increment: TransactWriteItem[] = [
      {
        Update: {
          TableName: TABLE,
          Key: key('idempotent'),
          UpdateExpression: 'ADD n :one',
          ExpressionAttributeValues: { ':one': { N: '1' } },
        },
      },
    ];
    await transact(increment, token);
    await transact(increment, token);
    expect(await read('idempotent')).toEqual(item('idempotent', { n: { N: '1' } }));

    const error = await refusal(
      transact([{ Put: { TableName: TABLE, Item: item('idempotent-other') } }], token),
    );
    expect(error).toBeInstanceOf(IdempotentParameterMismatchException);
    expect(await read('idempotent-other')).toBeUndefined();
    expect(await read('idempotent')).toEqual(item('idempotent', { n: { N: '1' } }));
  });

  it('never lets a read see a transaction half done', async () => {
    await put('move-from', { n: { N: '20' } });
    await put('move-to', { n: { N: '0' } });
    let moving = true;
    const sums: number[] = [];
    const reader = async () => {
      while (moving) {
        const { Responses } = await dynamo.send(
          new BatchGetItemCommand({
            RequestItems: { [TABLE]: { Keys: [key('move-from'), key('move-to')], ConsistentRead: true } },
          }),
        );
        sums.push((Responses?.[TABLE] ?? []).reduce((sum, found) => sum + Number(found.n?.N), 0));
      }
    };
    const move = () =>
      transact([
        {
          Update: {
            TableName: TABLE,
            Key: key('move-from'),
            UpdateExpression: 'SET n = n - :one',
            ConditionExpression: 'n >= :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
        {
          Update: {
            TableName: TABLE,
            Key: key('move-to'),
            UpdateExpression: 'SET n = n + :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ]);
    const readers = [reader(), reader()];
    await Promise.all(Array.from({ length: 20 }, move));
    moving = false;
    await Promise.all(readers);
    expect(sums.length).toBeGreaterThan(0);
    expect(new Set(sums)).toEqual(new Set([20]));
    expect((await read('move-from'))?.n).toEqual({ N: '0' });
    expect((await read('move-to'))?.n).toEqual({ N: '20' });
  });

  it('keeps ordinary writes made while cancelled transactions are undone', async () => {
    await put('counted', { n: { N: '0' } });
    const increment = { UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } };
    const cancelled = () =>
      refusal(
        transact([
          { Update: { TableName: TABLE, Key: key('counted'), ...increment } },
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: key('never'),
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
        ]),
      );
    const ordinary = () =>
      dynamo.send(new UpdateItemCommand({ TableName: TABLE, Key: key('counted'), ...increment }));
    // Sent together, so ordinary increments arrive while transactions are applied and undone.
    const errors = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? cancelled() : ordinary().then(() => undefined))),
    );
    for (const error of errors.filter(Boolean)) expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(errors.filter(Boolean)).toHaveLength(10);
    expect((await read('counted'))?.n).toEqual({ N: '10' });
  });

  it('passes ordinary GetItem, PutItem and Query through to dynalite', async () => {
    await put('ordinary', { state: { S: 'a' } });
    await dynamo.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...key('ordinary', 'second'), state: { S: 'b' } } }),
    );
    expect(await read('ordinary')).toEqual(item('ordinary', { state: { S: 'a' } }));
    const { Items } = await dynamo.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'ordinary' } },
      }),
    );
    expect(Items?.map((found) => found.sk?.S)).toEqual(['item', 'second']);
    const conditional = await refusal(
      dynamo.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: item('ordinary'),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    expect(conditional.name).toBe('ConditionalCheckFailedException');
  });
});
