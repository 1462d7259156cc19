import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../core/ports';
import { dynamo } from './clients/dynamodb';
import { isConditionFailure } from './dynamodb-request-store';

/**
 * Fixed-window counters in the Requests table: one `RATE#<key>` item per key, counted with
 * conditional updates. `expiresAt` (epoch seconds) is the table's TTL attribute, but TTL only
 * cleans up (and dynalite has none), so an expired window is recognised here and restarted.
 */
export class DynamoDbRateLimiter implements RateLimiter {
  constructor(private readonly tableName: string) {}

  async exhausted(key: string, limit: number, now: Date): Promise<boolean> {
    const { Item } = await dynamo().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `RATE#${key}`, sk: 'RATE' },
        ConsistentRead: true,
      }),
    );
    const live = typeof Item?.expiresAt === 'number' && Item.expiresAt > Math.floor(now.getTime() / 1000);
    return live && typeof Item?.count === 'number' && Item.count >= limit;
  }

  async hit(key: string, limit: number, windowSeconds: number, now: Date, retried = false): Promise<boolean> {
    const item = { pk: `RATE#${key}`, sk: 'RATE' };
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const names = { '#count': 'count', '#expiresAt': 'expiresAt' };
    try {
      // Count within a live window that still has room, or open the first window.
      await dynamo().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: item,
          UpdateExpression: 'ADD #count :one SET #expiresAt = if_not_exists(#expiresAt, :expires)',
          ConditionExpression: 'attribute_not_exists(pk) OR (#expiresAt > :now AND #count < :limit)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ':one': 1,
            ':expires': nowSeconds + windowSeconds,
            ':now': nowSeconds,
            ':limit': limit,
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    try {
      // The window is over: start a new one (only one of several racing callers wins this).
      await dynamo().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: item,
          UpdateExpression: 'SET #count = :one, #expiresAt = :expires',
          ConditionExpression: '#expiresAt <= :now',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ':one': 1,
            ':expires': nowSeconds + windowSeconds,
            ':now': nowSeconds,
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Either the live window is full, or another caller restarted it just now: count once more.
      return retried ? false : this.hit(key, limit, windowSeconds, now, true);
    }
  }
}
