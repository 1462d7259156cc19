import type { StoreCollection } from '../core/collection/collect-store';
import type { AuditEvent } from '../core/request/request';
import { writeWithEvent } from './dynamodb-request-store';

/**
 * The `STORE#<storeId>` items of the Requests table (ARCHITECTURE.md §3): one per request and store.
 * An update, not a put: the erasure step adds its own attributes to the same item, and a
 * re-collection after erasure must not wipe them. Each outcome is written in one transaction with
 * its audit event, so the trail shows every outcome a later step reads.
 */
export class DynamoDbStoreOutcomes {
  constructor(private readonly tableName: string) {}

  async recordCollection(requestId: string, outcome: StoreCollection, event: AuditEvent): Promise<void> {
    const values: Record<string, unknown> = {
      storeId: outcome.storeId,
      phase: outcome.phase,
      status: outcome.status,
      recordCount: outcome.recordCount,
      findingsKey: outcome.findingsKey,
      instructions: outcome.instructions,
      error: outcome.error,
      at: outcome.at,
    };
    const set = Object.entries(values).filter(([, v]) => v !== undefined);
    const remove = Object.entries(values).filter(([, v]) => v === undefined);
    const names = Object.fromEntries(Object.keys(values).map((k) => [`#${k}`, k]));
    await writeWithEvent(
      this.tableName,
      requestId,
      {
        Update: {
          TableName: this.tableName,
          Key: { pk: `REQ#${requestId}`, sk: `STORE#${outcome.storeId}` },
          UpdateExpression: [
            `SET ${set.map(([k]) => `#${k} = :${k}`).join(', ')}`,
            remove.length > 0 ? `REMOVE ${remove.map(([k]) => `#${k}`).join(', ')}` : '',
          ].join(' '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])),
        },
      },
      event,
    );
  }
}
