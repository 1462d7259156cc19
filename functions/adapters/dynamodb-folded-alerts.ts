import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FoldedAlert, FoldedAlertStore } from '../core/intake/folded-alerts';
import { dynamo, queryAll } from './clients/dynamodb';
import { isConditionFailure } from './dynamodb-request-store';

/**
 * `FOLDED#<kind>` items under their request. Until a digest names them they sit in the byStatus
 * index under `FOLDED_ALERT`, so the deadline watch finds them with one query on the index it
 * already reads; the digest then takes them out of the index (the item stays with its request).
 */
const UNDIGESTED = 'FOLDED_ALERT';
const keyOf = (alert: Pick<FoldedAlert, 'requestId' | 'alertKind'>) => ({
  pk: `REQ#${alert.requestId}`,
  sk: `FOLDED#${alert.alertKind}`,
});

export class DynamoDbFoldedAlertStore implements FoldedAlertStore {
  constructor(private readonly tableName: string) {}

  async record(alert: FoldedAlert): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keyOf(alert),
            gsi1pk: UNDIGESTED,
            gsi1sk: `${alert.foldedAt}#${alert.requestId}`,
            requestId: alert.requestId,
            alertKind: alert.alertKind,
            foldedAt: alert.foldedAt,
          },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // recorded by an earlier delivery of the same mail
    }
  }

  async listUndigested(): Promise<FoldedAlert[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :undigested',
      ExpressionAttributeValues: { ':undigested': UNDIGESTED },
    });
    return items.map((item) => ({
      requestId: String(item.requestId),
      alertKind: item.alertKind as FoldedAlert['alertKind'],
      foldedAt: String(item.foldedAt),
    }));
  }

  async markDigested(alerts: readonly FoldedAlert[], at: Date): Promise<void> {
    for (const alert of alerts) {
      await dynamo()
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keyOf(alert),
            UpdateExpression: 'SET digestedAt = :at REMOVE gsi1pk, gsi1sk',
            ConditionExpression: 'attribute_exists(sk)',
            ExpressionAttributeValues: { ':at': at.toISOString() },
          }),
        )
        .catch((error: unknown) => {
          // Purged since it was listed: nothing left to take off the list.
          if (!isConditionFailure(error)) throw error;
        });
    }
  }
}
