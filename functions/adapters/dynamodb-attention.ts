import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../core/errors';
import type { AttentionItem, AttentionStore } from '../core/request/attention';
import { dynamo, queryAll } from './clients/dynamodb';
import { isConditionFailure } from './dynamodb-request-store';

/**
 * `ATTN#<id>` items under their request. While unresolved they sit in the byStatus index under
 * `ATTENTION`, so the queue finds them, closed requests included, with one query.
 */
const OPEN = 'ATTENTION';
const keyOf = (requestId: string, attentionId: string) => ({
  pk: `REQ#${requestId}`,
  sk: `ATTN#${attentionId}`,
});

function toItem(item: Record<string, unknown>): AttentionItem {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, ...rest } = item;
  return rest as unknown as AttentionItem;
}

export class DynamoDbAttentionStore implements AttentionStore {
  constructor(private readonly tableName: string) {}

  async raise(item: AttentionItem): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keyOf(item.requestId, item.attentionId),
            gsi1pk: OPEN,
            gsi1sk: `${item.at}#${item.requestId}`,
            ...item,
          },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // raised by an earlier delivery of the same mail
    }
  }

  async listOpen(): Promise<AttentionItem[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :open',
      ExpressionAttributeValues: { ':open': OPEN },
    });
    return items.map(toItem);
  }

  async listFor(requestId: string): Promise<AttentionItem[]> {
    const items = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :attn)',
      ExpressionAttributeValues: { ':pk': `REQ#${requestId}`, ':attn': 'ATTN#' },
      ConsistentRead: true,
    });
    return items.map(toItem).sort((a, b) => a.at.localeCompare(b.at));
  }

  async resolve(requestId: string, attentionId: string, actor: string, at: Date): Promise<boolean> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(requestId, attentionId),
          // Out of the index: the queue no longer shows it.
          UpdateExpression: 'SET resolvedAt = :at, resolvedBy = :by REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(gsi1pk)',
          ExpressionAttributeValues: { ':at': at.toISOString(), ':by': actor },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markOpened(requestId: string, attentionId: string, newId: string): Promise<string | undefined> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(requestId, attentionId),
          UpdateExpression: 'SET openedAs = :id',
          ConditionExpression: 'attribute_exists(gsi1pk) AND attribute_not_exists(openedAs)',
          ExpressionAttributeValues: { ':id': newId },
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await dynamo().send(
        new GetCommand({
          TableName: this.tableName,
          Key: keyOf(requestId, attentionId),
          ConsistentRead: true,
        }),
      );
      const openedAs = current.Item?.openedAs as string | undefined;
      if (!openedAs) throw new ConflictError('this reply was already handled');
      return openedAs;
    }
  }
}
