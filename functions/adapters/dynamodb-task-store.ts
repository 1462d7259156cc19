import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TaskStore, WorkflowTask } from '../core/request/workflow-tasks';
import { dynamo } from './clients/dynamodb';

const taskKey = (requestId: string, taskId: string) => ({ pk: `REQ#${requestId}`, sk: `TASK#${taskId}` });

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as Error)?.name === 'ConditionalCheckFailedException';

/** `TASK#<kind>` items on the Requests table, written with single-item conditional writes. */
export class DynamoDbTaskStore implements TaskStore {
  constructor(private readonly tableName: string) {}

  async openTask(task: WorkflowTask): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...taskKey(task.requestId, task.taskId), ...task },
          // A retried step carries the same token: the first write stands.
          ConditionExpression: 'attribute_not_exists(pk) OR taskToken <> :token',
          ExpressionAttributeValues: { ':token': task.taskToken },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async listTasks(requestId: string): Promise<WorkflowTask[]> {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
        ExpressionAttributeValues: { ':pk': `REQ#${requestId}`, ':task': 'TASK#' },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(({ pk: _pk, sk: _sk, ...task }) => task as WorkflowTask);
  }

  async getTask(requestId: string, taskId: string): Promise<WorkflowTask | undefined> {
    const result = await dynamo().send(
      new GetCommand({ TableName: this.tableName, Key: taskKey(requestId, taskId), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, ...task } = result.Item;
    return task as WorkflowTask;
  }

  async updateTask(task: WorkflowTask, changes: Partial<WorkflowTask>): Promise<boolean> {
    const entries = Object.entries({ ...changes, version: task.version + 1 }).filter(
      ([, v]) => v !== undefined,
    );
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(task.requestId, task.taskId),
          UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ConditionExpression: '#version = :expected AND taskToken = :token',
          ExpressionAttributeNames: {
            '#version': 'version',
            ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
          },
          ExpressionAttributeValues: {
            ':expected': task.version,
            ':token': task.taskToken,
            ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
