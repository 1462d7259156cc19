import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConfigurationError } from '../core/errors';
import type { Status } from '../core/request/request';
import type { RetentionCandidate } from '../core/retention/retention';
import { dynamo, queryAll } from './clients/dynamodb';
import { s3 } from './clients/s3';

/**
 * The retention purge's table and raw-mail calls. Purged records leave the status index's
 * `STATUS#<status>` partitions for `PURGED#<status>` (their `status` stays): the daily purge and
 * the console queue read only live records, however many years of purged ones pile up.
 */
export class DynamoDbRetention {
  constructor(
    private readonly tableName: string,
    private readonly rawMailBucket: string,
  ) {}

  async listClosed(status: Status, dueBefore: string): Promise<RetentionCandidate[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :status AND gsi1sk < :before',
      FilterExpression: 'attribute_not_exists(purgedAt)',
      ExpressionAttributeValues: { ':status': `STATUS#${status}`, ':before': dueBefore },
      ProjectionExpression: 'id, #status, dueAt, rawRef',
      ExpressionAttributeNames: { '#status': 'status' },
    });
    return items.map((item) => ({
      id: String(item.id),
      status: item.status as Status,
      dueAt: String(item.dueAt),
      ...(typeof item.rawRef === 'string' ? { rawRef: item.rawRef } : {}),
    }));
  }

  /** Closed requests of a status whose own copies (findings, package) are not yet expired or purged. */
  async listUnexpired(status: Status): Promise<{ id: string }[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :status',
      FilterExpression: 'attribute_not_exists(purgedAt) AND attribute_not_exists(ownCopiesExpiredAt)',
      ExpressionAttributeValues: { ':status': `STATUS#${status}` },
      ProjectionExpression: 'id',
    });
    return items.map((item) => ({ id: String(item.id) }));
  }

  async markOwnCopiesExpired(requestId: string, at: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `REQ#${requestId}`, sk: 'META' },
        UpdateExpression: 'SET ownCopiesExpiredAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async purgeRecord(
    requestId: string,
    status: Status,
    fields: readonly string[],
    purgedAt: string,
  ): Promise<void> {
    const names = Object.fromEntries(fields.map((field, i) => [`#f${i}`, field]));
    await dynamo().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `REQ#${requestId}`, sk: 'META' },
        // The bySubject index entry goes with the subject key; rawRef names an object that is gone.
        UpdateExpression: `SET purgedAt = :at, gsi1pk = :purged REMOVE ${Object.keys(names).join(', ')}, gsi2pk, gsi2sk, rawRef`,
        // Only a record still closed with the status it was read with: a reopened request is left alone.
        ConditionExpression: '#status = :status',
        ExpressionAttributeNames: { ...names, '#status': 'status' },
        ExpressionAttributeValues: { ':at': purgedAt, ':purged': `PURGED#${status}`, ':status': status },
      }),
    );
  }

  /** Deletes a raw mail (`s3://bucket/key`); only objects of the inbound bucket, a missing one is fine. */
  async deleteRaw(rawRef: string): Promise<void> {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(rawRef);
    if (!match?.[1] || !match[2]) throw new ConfigurationError('rawRef is not an s3:// reference');
    if (match[1] !== this.rawMailBucket)
      throw new ConfigurationError('rawRef names another bucket than the inbound one');
    await s3().send(new DeleteObjectCommand({ Bucket: match[1], Key: match[2] }));
  }
}
