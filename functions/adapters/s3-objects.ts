import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import type { RawMailStore } from '../core/ports';
import { s3 } from './clients/s3';

export async function readObject(bucket: string, key: string): Promise<Buffer> {
  const result = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!result.Body) return Buffer.alloc(0);
  return Buffer.from(await result.Body.transformToByteArray());
}

export function isMissingObject(error: unknown): boolean {
  const name = (error as Error)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

export const QUARANTINE_PREFIX = 'quarantine/';

export function s3Ref(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

function parseRef(ref: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(ref);
  if (!match?.[1] || !match[2]) throw new RangeError('not an s3:// reference');
  return { bucket: match[1], key: match[2] };
}

/** The quarantine key of an inbound object: `inbound/abc` becomes `quarantine/abc`. */
export function quarantineKeyOf(key: string, inboundPrefix: string): string {
  return `${QUARANTINE_PREFIX}${key.startsWith(inboundPrefix) ? key.slice(inboundPrefix.length) : key}`;
}

/** Raw inbound mail in S3; quarantine is a copy to `quarantine/` and a delete of the original. */
export class S3RawMailStore implements RawMailStore {
  constructor(private readonly inboundPrefix: string) {}

  async quarantine(rawRef: string): Promise<string> {
    const { bucket, key } = parseRef(rawRef);
    if (key.startsWith(QUARANTINE_PREFIX)) return rawRef;
    const target = quarantineKeyOf(key, this.inboundPrefix);
    try {
      await s3().send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: target,
          CopySource: `${bucket}/${encodeURIComponent(key).replaceAll('%2F', '/')}`,
        }),
      );
    } catch (error) {
      // Copied and deleted by an earlier attempt: the quarantined copy is what counts.
      if (!isMissingObject(error)) throw error;
    }
    await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    return s3Ref(bucket, target);
  }
}
