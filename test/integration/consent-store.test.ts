import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import {
  ConsentStoreError,
  DynamoDbConsentStore,
  IdempotencyKeyReusedError,
} from '../../functions/adapters/dynamodb-consent-store';
import { type ConsentChange, ObjectionInForceError } from '../../functions/core/consents/consents';
import { ValidationError } from '../../functions/core/errors';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
import { CONSENTS_TABLE } from '../../infra/table-definitions';

const TABLE_NAME = 'Consents';
const SUBJECT_KEY_SECRET = 'integration-subject-key-secret-0123456789';
let server: ReturnType<typeof dynalite>;
let store: DynamoDbConsentStore;

/** A fresh subject per test, so tests never see each other's ledger. */
let subjects = 0;
const newSubject = () => subjectKeyOf(`subject-${++subjects}@example.com`, SUBJECT_KEY_SECRET);

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Before the first dynamo() call: the client is built once, with the endpoint it sees then.
  process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${port}`;
  process.env.AWS_REGION = 'eu-north-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';

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
  store = new DynamoDbConsentStore(TABLE_NAME);
});

afterAll(async () => {
  dynamo().destroy();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const at = (minute: number) => new Date(Date.UTC(2026, 3, 1, 9, minute)).toISOString();

const give = (minute: number, extra: Partial<ConsentChange> = {}): ConsentChange => ({
  purpose: 'newsletter',
  kind: 'given',
  at: at(minute),
  channel: 'form',
  textVersion: 'newsletter-sv-2026-01',
  evidence: { formSubmissionId: `form-${minute}` },
  ...extra,
});

describe('DynamoDbConsentStore', () => {
  it('records give, withdraw and object in order, and the state follows', async () => {
    const subject = newSubject();
    await store.record(subject, give(0));
    await store.record(subject, { purpose: 'newsletter', kind: 'withdrawn', at: at(10), channel: 'link' });
    const { state } = await store.record(subject, {
      purpose: 'newsletter',
      kind: 'objected',
      at: at(20),
      channel: 'mail',
      requestId: 'req-1',
    });

    expect(state).toMatchObject({ status: 'objected', since: at(20), version: 3, lastChangeAt: at(20) });
    const history = await store.history(subject, 'newsletter');
    expect(history.map((change) => [change.kind, change.at, change.channel])).toEqual([
      ['given', at(0), 'form'],
      ['withdrawn', at(10), 'link'],
      ['objected', at(20), 'mail'],
    ]);
    expect(history[2]?.requestId).toBe('req-1');

    const current = await store.current(subject);
    expect(current.newsletter).toEqual(state);
    expect(current.event_invitations).toEqual({ purpose: 'event_invitations', status: 'none', version: 0 });
  });

  it('ends two concurrent withdrawals in one consistent state with both in the history', async () => {
    const subject = newSubject();
    await store.record(subject, give(0));
    const withdrawal = (minute: number, channel: ConsentChange['channel']): ConsentChange => ({
      purpose: 'newsletter',
      kind: 'withdrawn',
      at: at(minute),
      channel,
    });

    const results = await Promise.all([
      store.record(subject, withdrawal(5, 'link')),
      store.record(subject, withdrawal(6, 'mail')),
    ]);

    const history = await store.history(subject, 'newsletter');
    expect(history.map((change) => change.kind)).toEqual(['given', 'withdrawn', 'withdrawn']);
    const { newsletter } = await store.current(subject);
    // Withdrawn since the first withdrawal, every change counted exactly once.
    expect(newsletter).toMatchObject({ status: 'withdrawn', since: at(5), version: 3, lastChangeAt: at(6) });
    expect(Math.max(...results.map((result) => result.state.version))).toBe(3);
  });

  it('keeps every change of a burst of concurrent writers to one purpose', async () => {
    const subject = newSubject();
    const changes: ConsentChange[] = Array.from({ length: 8 }, (_, index) =>
      index % 2 === 0
        ? give(index)
        : { purpose: 'newsletter', kind: 'withdrawn', at: at(index), channel: 'link' },
    );
    await Promise.all(changes.map((change) => store.record(subject, change)));

    expect(await store.history(subject, 'newsletter')).toHaveLength(8);
    const { newsletter } = await store.current(subject);
    expect(newsletter).toMatchObject({ status: 'withdrawn', since: at(7), version: 8, lastChangeAt: at(7) });
  });

  it('records a change once when the same idempotency key comes twice', async () => {
    const subject = newSubject();
    const change = give(0, { idempotencyKey: 'form-submission-7f3a' });
    const first = await store.record(subject, change);
    // A retry a moment later: the caller's clock has moved on, the change is the same.
    const second = await store.record(subject, { ...change, at: at(1) });

    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.change.at).toBe(at(0));
    expect(second.state).toEqual(first.state);
    expect(await store.history(subject)).toHaveLength(1);
  });

  it('records a change once when concurrent retries share an idempotency key', async () => {
    const subject = newSubject();
    const change = give(0, { idempotencyKey: 'lambda-retry-1' });
    const results = await Promise.all([store.record(subject, change), store.record(subject, change)]);

    expect(results.filter((result) => result.duplicate)).toHaveLength(1);
    expect(await store.history(subject)).toHaveLength(1);
    expect((await store.current(subject)).newsletter).toMatchObject({ status: 'given', version: 1 });
  });

  it('completes an interrupted write when the call is retried with its idempotency key', async () => {
    const subject = newSubject();
    // A client that loses the connection on the state write, after the history append.
    const dropsStateWrite = {
      send: (command: unknown) => {
        if (command instanceof PutCommand && String(command.input.Item?.sk).startsWith('PURPOSE#')) {
          return Promise.reject(new Error('socket hang up'));
        }
        return dynamo().send(command as QueryCommand);
      },
    } as unknown as DynamoDBDocumentClient;
    const interrupted = new DynamoDbConsentStore(TABLE_NAME, { client: dropsStateWrite });
    const change = give(0, { idempotencyKey: 'interrupted-1' });

    await expect(interrupted.record(subject, change)).rejects.toThrow(ConsentStoreError);
    expect((await store.current(subject)).newsletter.status).toBe('none');

    const retried = await store.record(subject, change);
    expect(retried).toMatchObject({ duplicate: true, state: { status: 'given', version: 1 } });
    expect(await store.history(subject)).toHaveLength(1);
  });

  it('refuses an idempotency key reused for a different change', async () => {
    const subject = newSubject();
    await store.record(subject, give(0, { idempotencyKey: 'key-1' }));
    await expect(
      store.record(subject, {
        purpose: 'newsletter',
        kind: 'withdrawn',
        at: at(1),
        channel: 'link',
        idempotencyKey: 'key-1',
      }),
    ).rejects.toThrow(IdempotencyKeyReusedError);
  });

  it('refuses a purpose not in the list, writing nothing', async () => {
    const subject = newSubject();
    const unknown = { ...give(0), purpose: 'telemarketing' } as unknown as ConsentChange;
    await expect(store.record(subject, unknown)).rejects.toThrow(ValidationError);
    await expect(store.record(subject, unknown)).rejects.toThrow(/purpose must be one of: newsletter/);
    expect(await store.history(subject)).toEqual([]);
  });

  it('refuses a raw address in place of the subject key', async () => {
    await expect(store.record('anna@example.com', give(0))).rejects.toThrow(ValidationError);
  });

  it('refuses consent entered by staff after an objection, writing nothing', async () => {
    const subject = newSubject();
    await store.record(subject, {
      purpose: 'event_invitations',
      kind: 'objected',
      at: at(0),
      channel: 'mail',
    });
    await expect(
      store.record(subject, {
        ...give(5),
        purpose: 'event_invitations',
        channel: 'staff',
        evidence: { ticket: 'T-9' },
      }),
    ).rejects.toThrow(ObjectionInForceError);
    expect(await store.history(subject, 'event_invitations')).toHaveLength(1);

    const { state } = await store.record(subject, { ...give(6), purpose: 'event_invitations' });
    expect(state).toMatchObject({ status: 'given', since: at(6), version: 2 });
  });

  it('re-derives the state when a change arrives out of time order', async () => {
    const subject = newSubject();
    await store.record(subject, give(0));
    await store.record(subject, { purpose: 'newsletter', kind: 'withdrawn', at: at(30), channel: 'link' });
    // A mailed withdrawal, processed late, that the subject sent before the link click.
    const { state } = await store.record(subject, {
      purpose: 'newsletter',
      kind: 'withdrawn',
      at: at(10),
      channel: 'mail',
    });
    expect(state).toMatchObject({ status: 'withdrawn', since: at(10), version: 3, lastChangeAt: at(30) });
  });

  it('keeps purposes apart and lists the whole history in time order', async () => {
    const subject = newSubject();
    await store.record(subject, { ...give(3), purpose: 'crm_contact_storage', textVersion: 'crm-sv-1' });
    await store.record(subject, give(1));
    await store.record(subject, {
      purpose: 'candidate_data_retention',
      kind: 'withdrawn',
      at: at(2),
      channel: 'staff',
    });

    const history = await store.history(subject);
    expect(history.map((change) => change.purpose)).toEqual([
      'newsletter',
      'candidate_data_retention',
      'crm_contact_storage',
    ]);
    const current = await store.current(subject);
    expect(current.newsletter.status).toBe('given');
    expect(current.crm_contact_storage.status).toBe('given');
    expect(current.candidate_data_retention).toMatchObject({ status: 'none', version: 1 });
  });

  it('keeps only the subject key in keys, never an address', async () => {
    const subject = newSubject();
    await store.record(subject, give(0, { idempotencyKey: 'idem-anna@example.com' }));
    const { Items = [] } = await dynamo().send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `SUBJ#${subject}` },
      }),
    );
    expect(Items.map((item) => item.sk)).toEqual([
      expect.stringMatching(/^HIST#newsletter#2026-04-01T09:00:00\.000Z#[0-9a-f]{24}$/),
      expect.stringMatching(/^IDEM#[0-9a-f]{64}$/),
      'PURPOSE#newsletter',
    ]);
    for (const item of Items) expect(`${item.pk}${item.sk}`).not.toContain('@');
  });
});
