import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Every AWS client, built once per process on first use. The only place that knows about
 * endpoints: `*_ENDPOINT` variables point a client at a stand-in (the local stack sets them);
 * unset, the SDK resolves the real AWS endpoint. Handlers never know which one they talk to.
 */
function lazy<T>(build: () => T): () => T {
  let instance: T | undefined;
  return () => {
    instance ??= build();
    return instance;
  };
}

function endpointOf(name: string): { endpoint?: string } {
  const endpoint = process.env[name];
  return endpoint ? { endpoint } : {};
}

export const dynamo = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(endpointOf('DYNAMODB_ENDPOINT')), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

export const s3 = lazy(() => {
  const override = endpointOf('S3_ENDPOINT');
  // S3 stand-ins answer on one host, so path-style addressing goes with an endpoint override.
  return new S3Client({ ...override, forcePathStyle: override.endpoint !== undefined });
});

export const ses = lazy(() => new SESv2Client(endpointOf('SES_ENDPOINT')));

export const stepFunctions = lazy(() => new SFNClient(endpointOf('SFN_ENDPOINT')));
