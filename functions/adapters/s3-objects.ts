import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from './clients';

export async function readObject(bucket: string, key: string): Promise<Buffer> {
  const result = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!result.Body) return Buffer.alloc(0);
  return Buffer.from(await result.Body.transformToByteArray());
}

export async function writeObject(bucket: string, key: string, body: Buffer | string, contentType: string): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}
