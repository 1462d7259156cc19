import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { FindingsDocument } from '../core/collect-store';
import { s3 } from './clients/s3';

/** Findings objects in the packages bucket (KMS by the bucket's default encryption). */
export class S3Findings {
  constructor(private readonly bucket: string) {}

  async put(key: string, document: FindingsDocument): Promise<void> {
    await s3().send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(document),
        ContentType: 'application/json',
      }),
    );
  }
}
