import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Waits until a new table is ACTIVE: writes to a CREATING table fail, as they do on AWS. */
export async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} did not become active`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
