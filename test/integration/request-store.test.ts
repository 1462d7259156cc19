import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { DynamoDbRequestStore } from '../../functions/adapters/dynamodb-request-store';
import { DynamoDbStoreOutcomes } from '../../functions/adapters/dynamodb-store-outcomes';
import type { StoreCollection } from '../../functions/core/collection/collect-store';
import type { DsrRequest } from '../../functions/core/request/request';
import { REQUESTS_TABLE } from '../../infra/table-definitions';
import { type DynamoDbFront, startDynamoDbFront } from '../../local/dynamodb-transactions';
import { createTable } from '../../local/stack';

/**
 * The Requests table on the local DynamoDB (dynalite behind its transaction front): a request, each
 * change of its status or clock and each store's collection outcome are written in one transaction
 * with their audit event, so the trail shows every step that happened and no step that did not.
 */
const TABLE_NAME = 'Requests';
let server: ReturnType<typeof dynalite>;
let front: DynamoDbFront;
let store: DynamoDbRequestStore;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  front = await startDynamoDbFront({
    dynaliteUrl: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port: 0,
    region: 'eu-north-1',
  });
  // Before the first dynamo() call: the client is built once, with the endpoint it sees then.
  process.env.DYNAMODB_ENDPOINT = front.url;
  process.env.AWS_REGION = 'eu-north-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  const admin = new DynamoDBClient({ endpoint: front.url });
  await createTable(admin, TABLE_NAME, REQUESTS_TABLE);
  admin.destroy();
  store = new DynamoDbRequestStore(TABLE_NAME);
});

afterAll(async () => {
  dynamo().destroy();
  await front?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

let requests = 0;
function newRequest(): DsrRequest {
  const now = new Date().toISOString();
  return {
    id: `PD-20261202-T${String(++requests).padStart(5, '0')}`,
    status: 'received',
    channel: 'email',
    types: ['access'],
    language: 'sv',
    subjectEmail: 'astrid@example.se',
    subjectKey: `subject-${requests}`,
    receivedAt: now,
    dueAt: '2027-01-02',
    version: 1,
  };
}
const received = () => ({ at: new Date().toISOString(), actor: 'intake', action: 'request_received' });
/** Larger than DynamoDB's 400 KB item limit: the event cannot be stored. */
const tooLarge = 'x'.repeat(420 * 1024);

describe('DynamoDbRequestStore', () => {
  it('stores a request with its first event once, however often the same input is delivered', async () => {
    const request = newRequest();
    await store.putRequest(request, received());
    await store.putRequest(request, received());
    expect(await store.getRequest(request.id)).toMatchObject({ id: request.id, status: 'received' });
    expect((await store.listEvents(request.id)).map((e) => e.action)).toEqual(['request_received']);
  });

  it('stores no request whose first event cannot be stored', async () => {
    const request = newRequest();
    await expect(store.putRequest(request, { ...received(), detail: { note: tooLarge } })).rejects.toThrow();
    expect(await store.getRequest(request.id)).toBeUndefined();
    expect(await store.listEvents(request.id)).toEqual([]);
  });

  it('moves a request and writes the step to the trail', async () => {
    const request = newRequest();
    await store.putRequest(request, received());
    const moved = await store.transition(request.id, {
      from: ['received'],
      to: 'awaiting_verification',
      actor: 'workflow',
      action: 'verification_started',
    });
    expect(moved).toMatchObject({ status: 'awaiting_verification', version: 2 });
    expect(await store.getRequest(request.id)).toMatchObject({ status: 'awaiting_verification', version: 2 });
    expect(await store.listEvents(request.id)).toEqual([
      expect.objectContaining({ action: 'request_received' }),
      expect.objectContaining({
        action: 'verification_started',
        fromStatus: 'received',
        toStatus: 'awaiting_verification',
      }),
    ]);
  });

  it('leaves a request where it was when the step cannot be written to the trail', async () => {
    const request = newRequest();
    await store.putRequest(request, received());
    await expect(
      store.transition(request.id, {
        from: ['received'],
        to: 'awaiting_verification',
        actor: 'workflow',
        action: 'verification_started',
        detail: { note: tooLarge },
      }),
    ).rejects.toThrow();
    expect(await store.getRequest(request.id)).toMatchObject({ status: 'received', version: 1 });
    expect((await store.listEvents(request.id)).map((e) => e.action)).toEqual(['request_received']);
  });

  it('decides again when another writer moved the request first', async () => {
    const request = newRequest();
    await store.putRequest(request, received());
    const change = {
      from: ['received' as const],
      to: 'awaiting_verification' as const,
      actor: 'workflow',
      action: 'verification_started',
    };
    const both = await Promise.allSettled([
      store.transition(request.id, change),
      store.transition(request.id, change),
    ]);
    expect(both.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual([
      'fulfilled',
      'fulfilled',
    ]);
    expect(await store.getRequest(request.id)).toMatchObject({ status: 'awaiting_verification', version: 2 });
    expect((await store.listEvents(request.id)).map((e) => e.action)).toEqual([
      'request_received',
      'verification_started',
    ]);
  });
});

describe('DynamoDbStoreOutcomes', () => {
  const outcomes = () => new DynamoDbStoreOutcomes(TABLE_NAME);
  const outcome = (at: string): StoreCollection => ({
    storeId: 'crm',
    phase: 'collect',
    status: 'found',
    recordCount: 2,
    findingsKey: 'findings/x/crm.json',
    at,
  });
  const collected = (at: string) => ({ at, actor: 'workflow', action: 'store_collected' });

  it("writes a store's outcome with its audit event", async () => {
    const request = newRequest();
    await store.putRequest(request, received());
    const at = new Date().toISOString();
    await outcomes().recordCollection(request.id, outcome(at), collected(at));
    expect(await store.storeOutcomes(request.id)).toEqual([{ storeId: 'crm', status: 'found' }]);
    expect((await store.listEvents(request.id)).map((e) => e.action)).toEqual([
      'request_received',
      'store_collected',
    ]);
  });

  it('writes no outcome whose audit event cannot be stored', async () => {
    const request = newRequest();
    await store.putRequest(request, received());
    const at = new Date().toISOString();
    await expect(
      outcomes().recordCollection(request.id, outcome(at), { ...collected(at), detail: { note: tooLarge } }),
    ).rejects.toThrow();
    expect(await store.storeOutcomes(request.id)).toEqual([]);
    expect((await store.listEvents(request.id)).map((e) => e.action)).toEqual(['request_received']);
  });
});
