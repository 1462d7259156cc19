import type { StoreErasureStatus } from '../core/erasure/erase-store-step';
import type { ErasureRecords } from '../core/erasure/erasure-steps';
import type { ErasurePlanSummary } from '../core/erasure/plan-erasure-step';
import type { AuditEvent } from '../core/request/request';
import { writeWithEvent } from './dynamodb-request-store';

/**
 * The erasure items on the Requests table (ARCHITECTURE.md §3): `sk = ERASURE_PLAN` (the plan summary
 * the console shows for approval) and the `erasure` attribute of `STORE#<storeId>`, beside what
 * the collect step recorded there. Ids, counts, field names and dates only. Each is written in one
 * transaction with its audit event.
 */
export class DynamoDbErasureRecords implements ErasureRecords {
  constructor(private readonly tableName: string) {}

  async putPlanSummary(requestId: string, summary: ErasurePlanSummary, event: AuditEvent): Promise<void> {
    await writeWithEvent(
      this.tableName,
      requestId,
      {
        Put: {
          TableName: this.tableName,
          Item: { pk: `REQ#${requestId}`, sk: 'ERASURE_PLAN', requestId, ...summary },
        },
      },
      event,
    );
  }

  async recordStoreErasure(
    requestId: string,
    storeId: string,
    erasure: StoreErasureStatus,
    event: AuditEvent,
  ): Promise<void> {
    await writeWithEvent(
      this.tableName,
      requestId,
      {
        Update: {
          TableName: this.tableName,
          Key: { pk: `REQ#${requestId}`, sk: `STORE#${storeId}` },
          UpdateExpression: 'SET #erasure = :erasure, #storeId = if_not_exists(#storeId, :storeId)',
          ExpressionAttributeNames: { '#erasure': 'erasure', '#storeId': 'storeId' },
          ExpressionAttributeValues: { ':erasure': erasure, ':storeId': storeId },
        },
      },
      event,
    );
  }
}
