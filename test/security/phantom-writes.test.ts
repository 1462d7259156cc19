import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { REQUESTS_TABLE } from '../../infra/table-definitions';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Attack: writes for things that do not exist (a POST to a made-up verification id stored an
 * audit item, so anyone could fill the table). Defence: nothing unauthenticated writes unless the
 * request exists and the secret checks out; the only other writes are rate-limit counters, which
 * carry an expiry the table's TTL removes.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.dispose();
});

async function itemCount(): Promise<number> {
  const scanned = await dynamo().send(
    new ScanCommand({ TableName: stack.env.REQUESTS_TABLE, Select: 'COUNT' }),
  );
  return scanned.Count ?? 0;
}

const post = (path: string, body = 'k=AAAA') =>
  fetch(new URL(path, stack.urls.http), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });

describe('writes for things that do not exist', () => {
  it('writes nothing for a verification POST to a made-up, well-formed or malformed id', async () => {
    const before = await itemCount();
    for (const id of ['PD-20261201-ABCDEF', 'PD-20261201-ZZZZZZ', 'not-a-request', 'x'.repeat(300)]) {
      expect((await post(`/verify/${id}`)).status).toBe(404);
      expect((await post(`/verify/${id}/new-link`)).status).toBe(404);
    }
    expect(await itemCount()).toBe(before);
  });

  it('writes nothing for a download with a made-up id or token', async () => {
    const before = await itemCount();
    for (const path of [
      '/download/PD-20261201-ABCDEF?t=x',
      '/download/PD-20261201-ABCDEF/summary.html?t=x',
    ]) {
      expect((await fetch(new URL(path, stack.urls.http))).status).toBe(403);
    }
    expect(await itemCount()).toBe(before);
  });

  it('keeps rate-limit counters (expiresAt) in a table whose TTL attribute removes them', () => {
    expect(REQUESTS_TABLE.timeToLiveAttribute).toBe('expiresAt');
  });
});
