import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3 } from './clients/s3';

/**
 * A GET URL for one object, valid `seconds`, answered as a download under `fileName`. Its own
 * module: only the download function carries the presigner.
 */
export function presignDownload(
  bucket: string,
  key: string,
  fileName: string,
  contentType: string,
  seconds: number,
): Promise<string> {
  return getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      ResponseContentType: contentType,
    }),
    { expiresIn: seconds },
  );
}
