import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { functionConfig, required } from './adapters/config';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { DynamoDbTaskStore } from './adapters/dynamodb-task-store';
import { httpHandler } from './adapters/http-edge';
import { S3ObjectStore } from './adapters/s3-object-store';
import { presignDownload } from './adapters/s3-presigned-download';
import { readSecret } from './adapters/secrets';
import { openDownload } from './core/access-package/download-package';
import { systemClock } from './core/ports';
import { downloadPage } from './pages/download-page';
import { HTML_HEADERS, pageLanguage } from './pages/html';

type Result = APIGatewayProxyStructuredResultV2;

export const config = functionConfig({
  DOWNLOAD_LINK_SECRET_ARN: required(),
  PACKAGES_BUCKET: required(),
  REQUESTS_TABLE: required(),
});

/** A presigned file URL works this long: enough to start the download, too short to pass around. */
const PRESIGNED_SECONDS = 5 * 60;

const HEADERS: Record<string, string> = {
  ...HTML_HEADERS,
  // No forms on these pages, so no form-action either.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

/**
 * GET /download/{requestId}: the package's files; GET /download/{requestId}/{file}: a 302 to a
 * short presigned S3 URL. Both need a valid token (`?t=`) and the request's verification done.
 */
export const handler = httpHandler(
  { name: 'package download', maxBodyBytes: 1024 },
  async (event): Promise<Result> => {
    const env = config();
    const table = env.REQUESTS_TABLE;
    const objects = new S3ObjectStore(env.PACKAGES_BUCKET);
    const result = await openDownload(
      {
        requestId: event.pathParameters.requestId ?? '',
        token: event.queryStringParameters.t,
        file: event.pathParameters.file,
        fallbackLanguage: pageLanguage(undefined, event.headers['accept-language']),
      },
      {
        requests: new DynamoDbRequestStore(table),
        tasks: new DynamoDbTaskStore(table),
        objects,
        presign: (key, file) =>
          presignDownload(objects.bucket, key, file.name, file.contentType, PRESIGNED_SECONDS),
        linkSecret: await readSecret(env.DOWNLOAD_LINK_SECRET_ARN),
        clock: systemClock,
      },
    );
    if (result.kind === 'redirect') {
      return {
        statusCode: 302,
        headers: { location: result.location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
      };
    }
    const page = downloadPage(result);
    return { statusCode: page.statusCode, headers: { ...HEADERS }, body: page.html };
  },
);
