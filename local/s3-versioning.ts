import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/**
 * Bucket versioning for the local S3 stand-in, which has none (s3rver answers `?versioning` with
 * NotImplemented and keeps one copy per key). A thin HTTP layer in front of s3rver, on the S3
 * endpoint the handlers use, answers over the real S3 REST API:
 * PutBucketVersioning / GetBucketVersioning, ListObjectVersions, GetObject / HeadObject with
 * `versionId`, and DeleteObject with `versionId`. For a bucket with versioning enabled it keeps
 * the version a PutObject or DeleteObject replaces (and adds a delete marker for a delete), so
 * old versions exist as they would on AWS. The current version always lives in s3rver; old
 * versions and markers are kept beside it, under `<dir>/<bucket>.json`.
 *
 * Everything else passes through to s3rver byte for byte (its signature check included). Not
 * covered: multipart uploads and CopyObject into a versioned bucket (nothing here writes that
 * way), MaxKeys paging of the version listing (every version is listed at once), and signature
 * checks on the requests this layer answers itself.
 */
interface StoredVersion {
  versionId: string;
  deleteMarker: boolean;
  lastModified: string;
  /** Absent for the latest object version, whose bytes are s3rver's current object. */
  body?: string;
  etag?: string;
  size?: number;
  contentType?: string;
}

interface BucketVersions {
  status?: 'Enabled' | 'Suspended';
  /** Key → versions, newest first. A key s3rver holds but that is missing here has one version, "null". */
  keys: Record<string, StoredVersion[]>;
}

export class S3VersioningLayer {
  private readonly buckets = new Map<string, BucketVersions>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private server?: Server;

  constructor(
    private readonly options: {
      /** s3rver's own address. */
      upstream: URL;
      /** A client pointed at s3rver directly (reads and restores current objects). */
      s3: S3Client;
      dir: string;
    },
  ) {
    mkdirSync(options.dir, { recursive: true });
  }

  async listen(port: number, host: string): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/xml' });
        res.end(errorXml('InternalError', error.message));
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, () => resolve());
    });
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const query = url.searchParams;
    const body = await readAll(req);
    const method = req.method ?? 'GET';

    if (bucket && !key) {
      if (query.has('versioning') && method === 'PUT') return this.putVersioning(bucket, body, res);
      if (query.has('versioning') && method === 'GET') return this.getVersioning(bucket, res);
      if (query.has('versions') && method === 'GET')
        return this.listVersions(bucket, query.get('prefix') ?? '', res);
      return this.forward(req, body, res);
    }
    if (!bucket || !key) return this.forward(req, body, res);

    const versionId = query.get('versionId');
    if (versionId !== null) {
      if (method === 'GET' || method === 'HEAD')
        return this.locked(bucket, key, () =>
          this.getVersion(bucket, key, versionId, method === 'HEAD', res),
        );
      if (method === 'DELETE')
        return this.locked(bucket, key, () => this.deleteVersion(bucket, key, versionId, res));
    }
    const status = this.bucket(bucket).status;
    const writesObject =
      (method === 'PUT' && !['uploadId', 'tagging', 'acl'].some((q) => query.has(q))) ||
      (method === 'DELETE' && !query.has('tagging'));
    if (status && writesObject)
      return this.locked(bucket, key, () => this.replaceCurrent(req, body, res, bucket, key, status));
    // S3 answers a read with a whole object, the one before a concurrent write or the one after.
    // s3rver rewrites the object's file in place, so a read during a write could see part of it.
    return this.locked(bucket, key, () => this.forward(req, body, res));
  }

  private putVersioning(bucket: string, body: Buffer, res: ServerResponse): void {
    const status = /<Status>\s*(Enabled|Suspended)\s*<\/Status>/.exec(body.toString('utf8'))?.[1];
    if (!status) {
      res.writeHead(400, { 'content-type': 'application/xml' });
      res.end(errorXml('MalformedXML', 'The XML you provided was not well-formed'));
      return;
    }
    this.bucket(bucket).status = status as 'Enabled' | 'Suspended';
    this.save(bucket);
    res.writeHead(200).end();
  }

  private getVersioning(bucket: string, res: ServerResponse): void {
    const status = this.bucket(bucket).status;
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${status ? `<Status>${status}</Status>` : ''}</VersioningConfiguration>`,
    );
  }

  /** Every version and delete marker of the keys under the prefix, by key, newest first. */
  private async listVersions(bucket: string, prefix: string, res: ServerResponse): Promise<void> {
    const current = await this.currentObjects(bucket, prefix);
    const state = this.bucket(bucket);
    const keys = new Set([...current.keys(), ...Object.keys(state.keys).filter((k) => k.startsWith(prefix))]);
    const entries: string[] = [];
    for (const key of [...keys].sort()) {
      const versions = this.versionsOf(bucket, key, current.get(key));
      versions.forEach((v, i) => {
        const latest = i === 0;
        const live = latest && !v.deleteMarker ? current.get(key) : undefined;
        const common = `<Key>${xml(key)}</Key><VersionId>${xml(v.versionId)}</VersionId><IsLatest>${latest}</IsLatest><LastModified>${live?.lastModified ?? v.lastModified}</LastModified>`;
        entries.push(
          v.deleteMarker
            ? `<DeleteMarker>${common}</DeleteMarker>`
            : `<Version>${common}<ETag>${xml(live?.etag ?? v.etag ?? '')}</ETag><Size>${live?.size ?? v.size ?? 0}</Size><StorageClass>STANDARD</StorageClass></Version>`,
        );
      });
    }
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${entries.join('')}</ListVersionsResult>`,
    );
  }

  private async getVersion(
    bucket: string,
    key: string,
    versionId: string,
    headOnly: boolean,
    res: ServerResponse,
  ): Promise<void> {
    const current = await this.readCurrent(bucket, key);
    const versions = this.versionsOf(bucket, key, current);
    const index = versions.findIndex((v) => v.versionId === versionId);
    const version = versions[index];
    if (!version) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end(headOnly ? '' : errorXml('NoSuchVersion', 'The specified version does not exist.'));
      return;
    }
    if (version.deleteMarker) {
      res.writeHead(405, {
        'content-type': 'application/xml',
        'x-amz-delete-marker': 'true',
        'x-amz-version-id': versionId,
      });
      res.end(headOnly ? '' : errorXml('MethodNotAllowed', 'The specified method is not allowed.'));
      return;
    }
    const bytes = index === 0 && current ? current.body : Buffer.from(version.body ?? '', 'base64');
    res.writeHead(200, {
      'content-type': (index === 0 ? current?.contentType : version.contentType) ?? 'binary/octet-stream',
      'content-length': String(bytes.length),
      etag: (index === 0 ? current?.etag : version.etag) ?? '',
      'last-modified': new Date(
        (index === 0 ? current?.lastModified : version.lastModified) ?? Date.now(),
      ).toUTCString(),
      'x-amz-version-id': versionId,
    });
    res.end(headOnly ? undefined : bytes);
  }

  /** Removes one version; when it was the latest, the next newest becomes current again, as on S3. */
  private async deleteVersion(bucket: string, key: string, versionId: string, res: ServerResponse) {
    const current = await this.readCurrent(bucket, key);
    const versions = this.versionsOf(bucket, key, current);
    const index = versions.findIndex((v) => v.versionId === versionId);
    const removed = versions[index];
    if (removed) {
      versions.splice(index, 1);
      if (index === 0) {
        if (!removed.deleteMarker)
          await this.options.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
        const next = versions[0];
        if (next && !next.deleteMarker) {
          await this.options.s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: key,
              Body: Buffer.from(next.body ?? '', 'base64'),
              ContentType: next.contentType,
            }),
          );
          delete next.body;
        }
      }
      this.setVersions(bucket, key, versions);
    }
    res.writeHead(204, {
      'x-amz-version-id': versionId,
      ...(removed?.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}),
    });
    res.end();
  }

  /** A PutObject or DeleteObject on a versioned bucket: the replaced version is kept. */
  private async replaceCurrent(
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
    bucket: string,
    key: string,
    status: 'Enabled' | 'Suspended',
  ): Promise<void> {
    const current = await this.readCurrent(bucket, key);
    const versions = this.versionsOf(bucket, key, current);
    const answer = await this.send(req, body);
    if (answer.status >= 300) return reply(res, answer);
    const latest = versions[0];
    if (latest && !latest.deleteMarker && current) {
      Object.assign(latest, {
        body: current.body.toString('base64'),
        etag: current.etag,
        size: current.body.length,
        contentType: current.contentType,
        lastModified: current.lastModified,
      });
    }
    // With versioning suspended a write replaces the "null" version instead of adding one.
    const kept = status === 'Suspended' ? versions.filter((v) => v.versionId !== 'null') : versions;
    const versionId = status === 'Suspended' ? 'null' : randomBytes(16).toString('hex');
    const deletes = req.method === 'DELETE';
    kept.unshift({ versionId, deleteMarker: deletes, lastModified: new Date().toISOString() });
    this.setVersions(bucket, key, kept);
    answer.headers['x-amz-version-id'] = versionId;
    if (deletes) answer.headers['x-amz-delete-marker'] = 'true';
    reply(res, answer);
  }

  private versionsOf(
    bucket: string,
    key: string,
    current: { lastModified: string } | undefined,
  ): StoredVersion[] {
    const known = this.bucket(bucket).keys[key];
    if (known) return known.map((v) => ({ ...v }));
    return current ? [{ versionId: 'null', deleteMarker: false, lastModified: current.lastModified }] : [];
  }

  private setVersions(bucket: string, key: string, versions: StoredVersion[]): void {
    const state = this.bucket(bucket);
    if (versions.length > 0) state.keys[key] = versions;
    else delete state.keys[key];
    this.save(bucket);
  }

  private async readCurrent(bucket: string, key: string) {
    try {
      const object = await this.options.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      return {
        body,
        etag: object.ETag ?? `"${createHash('md5').update(body).digest('hex')}"`,
        contentType: object.ContentType,
        lastModified: (object.LastModified ?? new Date()).toISOString(),
      };
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  private async currentObjects(bucket: string, prefix: string) {
    const objects = new Map<string, { etag: string; size: number; lastModified: string }>();
    let token: string | undefined;
    do {
      const page = await this.options.s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? [])
        if (o.Key)
          objects.set(o.Key, {
            etag: o.ETag ?? '',
            size: o.Size ?? 0,
            lastModified: (o.LastModified ?? new Date()).toISOString(),
          });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  private bucket(name: string): BucketVersions {
    let state = this.buckets.get(name);
    if (!state) {
      const file = this.fileOf(name);
      state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BucketVersions) : { keys: {} };
      this.buckets.set(name, state);
    }
    return state;
  }

  private save(bucket: string): void {
    writeFileSync(this.fileOf(bucket), JSON.stringify(this.bucket(bucket)));
  }

  private fileOf(bucket: string): string {
    return path.join(this.options.dir, `${bucket.replace(/[^a-z0-9.-]/g, '_')}.json`);
  }

  /** One request at a time per key, so a replaced version is never lost to a concurrent write. */
  private async locked<T>(bucket: string, key: string, work: () => Promise<T>): Promise<T> {
    const id = `${bucket}/${key}`;
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    this.locks.set(id, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(id) === run) this.locks.delete(id);
    }
  }

  private async forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    reply(res, await this.send(req, body));
  }

  /** The request as it came (headers, signature and all) to s3rver, and its whole answer. */
  private send(req: IncomingMessage, body: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: this.options.upstream.hostname,
          port: this.options.upstream.port,
          method: req.method,
          path: req.url,
          // The body is already here: no 100-continue handshake with s3rver.
          headers: Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'expect')),
        },
        (answer) => {
          readAll(answer).then(
            (bytes) =>
              resolve({
                status: answer.statusCode ?? 502,
                headers: { ...answer.headers } as Record<string, string | string[]>,
                body: bytes,
              }),
            reject,
          );
        },
      );
      upstream.once('error', reject);
      upstream.end(body);
    });
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function reply(res: ServerResponse, answer: Answer): void {
  const { 'transfer-encoding': _chunked, connection: _connection, ...headers } = answer.headers;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xml(message)}</Message><RequestId>local</RequestId></Error>`;
}

/** s3rver accepts only its own well-known key pair. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalS3 {
  /** The S3 endpoint everything else uses: the layer in front of s3rver. */
  url: string;
  close(): Promise<void>;
}

/**
 * The local S3: s3rver keeping the current objects under `<dir>/s3`, behind the layer that keeps
 * old versions (under `<dir>/s3-versions`) and answers reads whole, listening on host and port.
 */
export async function startLocalS3(options: {
  dir: string;
  host: string;
  port: number;
  region: string;
}): Promise<LocalS3> {
  const { dir, host, port, region } = options;
  const s3rver = new S3rver({ port: 0, address: host, directory: path.join(dir, 's3'), silent: true });
  const upstream = new URL(`http://${host}:${(await s3rver.run()).port}`);
  const layer = new S3VersioningLayer({
    upstream,
    s3: new S3Client({
      endpoint: upstream.origin,
      region,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    }),
    dir: path.join(dir, 's3-versions'),
  });
  let url: string;
  try {
    url = await layer.listen(port, host);
  } catch (error) {
    // The port is taken, say: s3rver must not outlive the stack that failed to start.
    await s3rver.close();
    throw error;
  }
  return {
    url,
    close: async () => {
      await layer.close();
      await s3rver.close();
    },
  };
}
