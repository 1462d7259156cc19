import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Correction, CorrectionResult, CorrectionsStore } from '../core/rectification/apply-corrections';
import { dynamo } from './clients/dynamodb';

const key = (requestId: string) => ({ pk: `REQ#${requestId}`, sk: 'RECTIFY' });

/** The `RECTIFY` item of a request: corrections staff confirmed, until the workflow applied them. */
export class DynamoDbCorrections implements CorrectionsStore {
  constructor(private readonly tableName: string) {}

  async save(requestId: string, corrections: Correction[], savedBy: string): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key(requestId), corrections, savedBy, savedAt: new Date().toISOString() },
      }),
    );
  }

  async load(requestId: string): Promise<Correction[]> {
    const result = await dynamo().send(
      new GetCommand({ TableName: this.tableName, Key: key(requestId), ConsistentRead: true }),
    );
    return result.Item?.appliedAt ? [] : ((result.Item?.corrections as Correction[] | undefined) ?? []);
  }

  async markApplied(requestId: string, results: CorrectionResult[]): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(requestId),
        UpdateExpression: 'SET corrections = :results, appliedAt = :now',
        ExpressionAttributeValues: { ':results': results, ':now': new Date().toISOString() },
      }),
    );
  }
}
