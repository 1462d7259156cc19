import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../core/errors';
import type { RequestStore } from '../core/ports';
import type { AuditEvent, DsrRequest, Status } from '../core/request/request';
import type { RequestChanges, StaffStore } from '../core/staff/staff-ports';
import { dynamo, queryAll } from './clients/dynamodb';
import { isConditionFailure } from './dynamodb-request-store';

const withoutKeys = (item: Record<string, unknown>) => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, ...rest } = item;
  return rest;
};

/** The console's reads and versioned updates on the Requests table (ARCHITECTURE.md §3 layout). */
export class DynamoDbStaffStore implements StaffStore {
  constructor(
    private readonly tableName: string,
    private readonly requests: Pick<RequestStore, 'appendEvent'>,
  ) {}

  async listByStatus(status: Status): Promise<DsrRequest[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :status',
      ExpressionAttributeValues: { ':status': `STATUS#${status}` },
    });
    return items.map((item) => withoutKeys(item) as unknown as DsrRequest);
  }

  async listStoreResults(requestId: string): Promise<Record<string, unknown>[]> {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :store)',
        ExpressionAttributeValues: { ':pk': `REQ#${requestId}`, ':store': 'STORE#' },
      }),
    );
    return (result.Items ?? []).map((item) => ({
      storeId: String(item.sk).slice('STORE#'.length),
      ...withoutKeys(item),
    }));
  }

  async getErasurePlan(requestId: string): Promise<Record<string, unknown> | undefined> {
    const result = await dynamo().send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `REQ#${requestId}`, sk: 'ERASURE_PLAN' } }),
    );
    return result.Item ? withoutKeys(result.Item) : undefined;
  }

  async updateRequest(request: DsrRequest, changes: RequestChanges, event: AuditEvent): Promise<DsrRequest> {
    const next = { ...request, version: request.version + 1 } as Record<string, unknown>;
    for (const [name, value] of Object.entries(changes)) {
      if (value === null || value === undefined) delete next[name];
      else next[name] = value;
    }
    const set: Record<string, unknown> = { version: next.version };
    const remove: string[] = [];
    for (const [name, value] of Object.entries(changes)) {
      if (value === null || value === undefined) remove.push(name);
      else set[name] = value;
    }
    if ('status' in changes || 'dueAt' in changes) {
      set.gsi1pk = `STATUS#${String(next.status)}`;
      set.gsi1sk = `${String(next.dueAt)}#${request.id}`;
    }
    // Staff named the subject of a representative's request: the subject index follows.
    if ('subjectKey' in changes) set.gsi2pk = `SUBJ#${String(next.subjectKey)}`;
    const names: Record<string, string> = { '#expected': 'version' };
    const values: Record<string, unknown> = { ':expected': request.version };
    const setParts = Object.entries(set).map(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    const removeParts = remove.map((name, i) => {
      names[`#r${i}`] = name;
      return `#r${i}`;
    });
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `REQ#${request.id}`, sk: 'META' },
          UpdateExpression: `SET ${setParts.join(', ')}${removeParts.length ? ` REMOVE ${removeParts.join(', ')}` : ''}`,
          ConditionExpression: '#expected = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(`request ${request.id} was changed meanwhile: reload and try again`, {
          cause: error,
        });
      }
      throw error;
    }
    await this.requests.appendEvent(request.id, event);
    return next as unknown as DsrRequest;
  }
}
