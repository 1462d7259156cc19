import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { ObjectStore } from '../core/request/artefacts';
import { s3 } from './clients/s3';
import { isMissingObject } from './s3-objects';

/**
 * One bucket as an ObjectStore. Objects are written without an encryption header: the bucket's
 * default (SSE-KMS with the stack's key) applies, so the same code runs against the local stand-in.
 */
export class S3ObjectStore implements ObjectStore {
  constructor(readonly bucket: string) {}

  async getText(key: string): Promise<string | undefined> {
    try {
      const result = await s3().send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return result.Body ? await result.Body.transformToString('utf8') : '';
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  async put(key: string, body: string | Uint8Array, contentType: string): Promise<void> {
    await s3().send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    await s3().send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: toKey,
        CopySource: `${this.bucket}/${fromKey.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3().send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    await s3().send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
