import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { endpointOf, lazy } from './endpoint';

export const dynamo = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(endpointOf('DYNAMODB_ENDPOINT')), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);
