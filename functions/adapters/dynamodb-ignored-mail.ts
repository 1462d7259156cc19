import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IgnoredMail, IgnoredMailStore } from '../core/intake/not-a-request';
import { dynamo, queryAll } from './clients/dynamodb';
import { isConditionFailure } from './dynamodb-request-store';

/**
 * `IGNORED#<mailId>` items: mail intake did not make a request of. Listed through the byStatus
 * index under `NOT_A_REQUEST`, newest first; the table's TTL removes them after a while.
 */
const LISTED = 'NOT_A_REQUEST';
const keyOf = (mailId: string) => ({ pk: `IGNORED#${mailId}`, sk: 'IGNORED' });

function toMail(item: Record<string, unknown>): IgnoredMail {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, expiresAt: _ttl, ...rest } = item;
  return rest as unknown as IgnoredMail;
}

export class DynamoDbIgnoredMailStore implements IgnoredMailStore {
  constructor(private readonly tableName: string) {}

  async record(mail: IgnoredMail, expiresAt: Date): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keyOf(mail.mailId),
            gsi1pk: LISTED,
            gsi1sk: `${mail.receivedAt}#${mail.mailId}`,
            ...mail,
            expiresAt: Math.floor(expiresAt.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // listed by an earlier delivery
    }
  }

  async list(): Promise<IgnoredMail[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :listed',
      ExpressionAttributeValues: { ':listed': LISTED },
      ScanIndexForward: false,
    });
    return items.map(toMail);
  }

  async get(mailId: string): Promise<IgnoredMail | undefined> {
    const result = await dynamo().send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(mailId), ConsistentRead: true }),
    );
    return result.Item ? toMail(result.Item) : undefined;
  }

  async markTakenIn(mailId: string, requestId: string, actor: string, at: Date): Promise<string | undefined> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(mailId),
          UpdateExpression: 'SET takenInAs = :id, takenInBy = :by, takenInAt = :at REMOVE expiresAt',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(takenInAs)',
          ExpressionAttributeValues: { ':id': requestId, ':by': actor, ':at': at.toISOString() },
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.get(mailId);
      return current?.takenInAs;
    }
  }
}
