import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { lazy } from '../../core/lazy';
import { endpointOf } from './endpoint';

export const dynamo = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(endpointOf('DYNAMODB_ENDPOINT')), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

/** Every item a query matches, page after page (the SDK's paginator). */
export async function queryAll(
  input: QueryCommandInput,
  client: DynamoDBDocumentClient = dynamo(),
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client }, input)) items.push(...(page.Items ?? []));
  return items;
}
