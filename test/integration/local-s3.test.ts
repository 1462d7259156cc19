import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3VersioningLayer } from '../../local/s3-versioning';

// s3rver accepts only its own key pair.
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const BUCKET = 'whole-objects';
const client = (endpoint: string) =>
  new S3Client({ endpoint, region: 'eu-north-1', forcePathStyle: true, credentials: CREDENTIALS });

let dataDir: string;
let s3rver: S3rver;
let layer: S3VersioningLayer;
let s3: S3Client;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'privacy-desk-local-s3-'));
  s3rver = new S3rver({ port: 0, address: '127.0.0.1', directory: path.join(dataDir, 's3'), silent: true });
  const upstream = new URL(`http://127.0.0.1:${(await s3rver.run()).port}`);
  layer = new S3VersioningLayer({
    upstream,
    s3: client(upstream.origin),
    dir: path.join(dataDir, 'versions'),
  });
  s3 = client(await layer.listen(0, '127.0.0.1'));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  await layer?.close();
  await s3rver?.close();
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
});
