import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreErasureStatus } from '../core/erasure/erase-store-step';
import type { ErasureRecords } from '../core/erasure/erasure-steps';
import type { ErasurePlanSummary } from '../core/erasure/plan-erasure-step';
import { dynamo } from './clients/dynamodb';

/**
 * The erasure items on the Requests table (ARCHITECTURE.md §3): `sk = ERASURE_PLAN` (the plan summary
 * the console shows for approval) and the `erasure` attribute of `STORE#<storeId>`, beside what
 * the collect step recorded there. Ids, counts, field names and dates only.
 */
export class DynamoDbErasureRecords implements ErasureRecords {
  constructor(private readonly tableName: string) {}

  async putPlanSummary(requestId: string, summary: ErasurePlanSummary): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `REQ#${requestId}`, sk: 'ERASURE_PLAN', requestId, ...summary },
      }),
    );
  }

  async recordStoreErasure(requestId: string, storeId: string, erasure: StoreErasureStatus): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `REQ#${requestId}`, sk: `STORE#${storeId}` },
        UpdateExpression: 'SET #erasure = :erasure, #storeId = if_not_exists(#storeId, :storeId)',
        ExpressionAttributeNames: { '#erasure': 'erasure', '#storeId': 'storeId' },
        ExpressionAttributeValues: { ':erasure': erasure, ':storeId': storeId },
      }),
    );
  }
}
