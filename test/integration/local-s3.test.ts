import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, S3RVER_CREDENTIALS, startLocalS3 } from '../../local/s3-versioning';

const REGION = 'eu-north-1';
const BUCKET = 'whole-objects';

let dataDir: string;
let localS3: LocalS3;
let s3: S3Client;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'privacy-desk-local-s3-'));
  localS3 = await startLocalS3({ dir: dataDir, host: '127.0.0.1', port: 0, region: REGION });
  s3 = new S3Client({
    endpoint: localS3.url,
    region: REGION,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  s3?.destroy();
  await localS3?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local S3 stand-in', () => {
  it('answers reads during writes of the same key with whole objects, as S3 does', async () => {
    // Large enough that s3rver writes a file in several chunks; several keys at once keep it busy.
    const version = (n: number) => JSON.stringify({ n, padding: 'x'.repeat(200_000) });
    const keys = ['a/plan.json', 'b/plan.json', 'c/plan.json'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: version(0) }));
    let writing = keys.length;
    const writer = async (Key: string) => {
      for (let n = 1; n <= 30; n++)
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: version(n) }));
      writing--;
    };
    const seen: number[] = [];
    const reader = async (Key: string) => {
      while (writing > 0) {
        const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
        const text = (await answer.Body?.transformToString()) ?? '';
        seen.push((JSON.parse(text) as { n: number }).n);
      }
    };
    await Promise.all(keys.flatMap((key) => [writer(key), reader(key), reader(key)]));
    expect(seen.length).toBeGreaterThan(keys.length);
    for (const n of seen) expect(n).toBeGreaterThanOrEqual(0);
  });

  it('answers a read right after a write with the object just written', async () => {
    const body = 'y'.repeat(2_000_000);
    for (let i = 0; i < 5; i++) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `fresh-${i}`, Body: body }));
      const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `fresh-${i}` }));
      expect((await answer.Body?.transformToString())?.length).toBe(body.length);
    }
  });

  it('leaves no server behind when its port is taken', async () => {
    const listeners = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const before = listeners();
    await expect(startLocalS3({ dir: dataDir, host: '127.0.0.1', port, region: REGION })).rejects.toThrow(
      /EADDRINUSE/,
    );
    // Node releases a closed server's handle a moment after its close callback.
    await expect.poll(listeners, { timeout: 2000 }).toBe(before);
    await new Promise((resolve) => taken.close(resolve));
  });
});
