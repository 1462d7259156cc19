import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../core/errors';
import type { ClockResume, RequestStore, StatusChange } from '../core/ports';
import type { AuditEvent, DsrRequest } from '../core/request/request';
import { dynamo, queryAll } from './clients/dynamodb';

/** Item layout of the Requests table (ARCHITECTURE.md §3). */
const requestKey = (id: string) => ({ pk: `REQ#${id}`, sk: 'META' });
const statusIndexKeys = (request: Pick<DsrRequest, 'status' | 'dueAt' | 'id'>) => ({
  gsi1pk: `STATUS#${request.status}`,
  gsi1sk: `${request.dueAt}#${request.id}`,
});

function eventItem(requestId: string, event: AuditEvent) {
  // The random suffix keeps two events of the same millisecond apart.
  return { pk: `REQ#${requestId}`, sk: `EVENT#${event.at}#${randomUUID().slice(0, 8)}`, ...event };
}

function toRequest(item: Record<string, unknown>): DsrRequest {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, ...request } = item;
  return request as unknown as DsrRequest;
}

/** One item of a transaction on the Requests table. */
export type RequestWrite = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A write on the Requests table and the audit event that records it, in one transaction: both or
 * neither, so the trail shows every change a later step reads and none that did not happen. A
 * failed condition on `write` cancels it (see firstConditionFailed).
 */
export async function writeWithEvent(
  tableName: string,
  requestId: string,
  write: RequestWrite,
  event: AuditEvent,
): Promise<void> {
  await writeWithTrailItem(tableName, write, eventItem(requestId, event));
}

/** writeWithEvent for a trail keyed otherwise than a request's (a retention sweep's). */
export async function writeWithTrailItem(
  tableName: string,
  write: RequestWrite,
  trailItem: Record<string, unknown>,
): Promise<void> {
  await dynamo().send(new TransactWriteCommand({ TransactItems: [write, trailPut(tableName, trailItem)] }));
}

/** An audit event's item as the put of a transaction: never over an event already written. */
function trailPut(tableName: string, item: Record<string, unknown>) {
  return {
    Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(sk)' },
  } satisfies RequestWrite;
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error)?.name === 'ConditionalCheckFailedException'
  );
}

/** Whether a transaction was cancelled because the condition of its first item failed. */
export function firstConditionFailed(error: unknown): boolean {
  const cancelled =
    error instanceof TransactionCanceledException ||
    (error as Error)?.name === 'TransactionCanceledException';
  return (
    cancelled &&
    (error as TransactionCanceledException).CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
  );
}

export class DynamoDbRequestStore implements RequestStore {
  constructor(private readonly tableName: string) {}

  async claimMessage(messageKey: string, requestId: string): Promise<string | undefined> {
    const key = { pk: `MSG#${messageKey}`, sk: 'MSG' };
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, requestId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await dynamo().send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      return existing.Item?.requestId as string;
    }
  }

  /** The request and its first audit event, together or not at all. */
  async putRequest(request: DsrRequest, event: AuditEvent): Promise<void> {
    try {
      await writeWithEvent(
        this.tableName,
        request.id,
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...requestKey(request.id),
              ...statusIndexKeys(request),
              gsi2pk: `SUBJ#${request.subjectKey}`,
              gsi2sk: `${request.receivedAt}#${request.id}`,
              ...request,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        event,
      );
    } catch (error) {
      if (firstConditionFailed(error)) return; // stored, with its event, by an earlier delivery of the same input
      throw error;
    }
  }

  async getRequest(requestId: string): Promise<DsrRequest | undefined> {
    const result = await dynamo().send(
      new GetCommand({ TableName: this.tableName, Key: requestKey(requestId), ConsistentRead: true }),
    );
    return result.Item ? toRequest(result.Item) : undefined;
  }

  async transition(requestId: string, change: StatusChange): Promise<DsrRequest> {
    const current = await this.getRequest(requestId);
    if (!current) throw new NotFoundError(`request ${requestId} not found`);
    // Already done (a retry, or a second writer first): a reason never given is stored as null.
    if (current.status === change.to && (current.statusReason ?? undefined) === change.reason) return current;
    if (!change.from.includes(current.status)) {
      throw new ConflictError(
        `request ${requestId} is ${current.status}, not one of ${change.from.join(', ')}`,
      );
    }
    const next: DsrRequest = {
      ...current,
      status: change.to,
      statusReason: change.reason,
      version: current.version + 1,
    };
    const event: AuditEvent = {
      at: new Date().toISOString(),
      actor: change.actor,
      action: change.action,
      fromStatus: current.status,
      toStatus: change.to,
      ...(change.reason || change.detail ? { detail: { reason: change.reason, ...change.detail } } : {}),
    };
    try {
      await this.updateWithEvent(
        requestId,
        {
          UpdateExpression:
            'SET #status = :to, #reason = :reason, #version = :next, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#status': 'status', '#reason': 'statusReason', '#version': 'version' },
          ExpressionAttributeValues: {
            ':to': change.to,
            ':reason': change.reason ?? null,
            ':next': next.version,
            ':expected': current.version,
            ...Object.fromEntries(Object.entries(statusIndexKeys(next)).map(([k, v]) => [`:${k}`, v])),
          },
        },
        event,
      );
    } catch (error) {
      // Someone else moved the request meanwhile: decide again on the fresh state.
      if (firstConditionFailed(error)) return this.transition(requestId, change);
      throw error;
    }
    return next;
  }

  async resumeClock(requestId: string, resume: ClockResume, event: AuditEvent): Promise<boolean> {
    const current = await this.getRequest(requestId);
    if (!current || current.pausedSince !== resume.pausedSince) return false;
    const next: DsrRequest = { ...current, dueAt: resume.dueAt, version: current.version + 1 };
    try {
      await this.updateWithEvent(
        requestId,
        {
          UpdateExpression:
            'SET dueAt = :due, pausedDays = :days, #version = :next, gsi1sk = :gsi1sk REMOVE pausedSince',
          // Only the pause that was read ends here: a staff resume or a new pause meanwhile wins.
          ConditionExpression: '#version = :expected AND pausedSince = :since',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: {
            ':due': resume.dueAt,
            ':days': resume.pausedDays,
            ':next': next.version,
            ':expected': current.version,
            ':since': resume.pausedSince,
            ':gsi1sk': statusIndexKeys(next).gsi1sk,
          },
        },
        event,
      );
    } catch (error) {
      if (firstConditionFailed(error)) return false;
      throw error;
    }
    return true;
  }

  async appendEvent(requestId: string, event: AuditEvent): Promise<void> {
    await dynamo().send(new PutCommand(trailPut(this.tableName, eventItem(requestId, event)).Put));
  }

  private updateWithEvent(
    requestId: string,
    update: Omit<NonNullable<RequestWrite['Update']>, 'TableName' | 'Key'>,
    event: AuditEvent,
  ): Promise<void> {
    return writeWithEvent(
      this.tableName,
      requestId,
      { Update: { TableName: this.tableName, Key: requestKey(requestId), ...update } },
      event,
    );
  }

  claimOnce(requestId: string, key: string): Promise<boolean> {
    return claimOnceItem(this.tableName, `REQ#${requestId}`, key);
  }

  releaseOnce(requestId: string, key: string): Promise<void> {
    return releaseOnceItem(this.tableName, `REQ#${requestId}`, key);
  }

  async recordOutgoing(sesMessageId: string, requestId: string): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `OUT#${sesMessageId}`, sk: 'OUT', requestId },
      }),
    );
  }

  async findOutgoing(sesMessageId: string): Promise<string | undefined> {
    const result = await dynamo().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `OUT#${sesMessageId}`, sk: 'OUT' },
        ConsistentRead: true,
      }),
    );
    return result.Item?.requestId as string | undefined;
  }

  async claimContent(
    contentKey: string,
    requestId: string,
    now: Date,
    expiresAt: Date,
  ): Promise<string | undefined> {
    const key = { pk: `FORM#${contentKey}`, sk: 'FORM' };
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          // expiresAt is the TTL attribute (epoch seconds); TTL only cleans up, so the condition checks it too.
          Item: { ...key, requestId, expiresAt: epochSeconds(expiresAt) },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': epochSeconds(now) },
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await dynamo().send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      return existing.Item?.requestId as string;
    }
  }

  /** The per-store outcomes (`STORE#<storeId>` items) of a request. */
  async storeOutcomes(requestId: string): Promise<{ storeId: string; status: string }[]> {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :store)',
        ExpressionAttributeValues: { ':pk': `REQ#${requestId}`, ':store': 'STORE#' },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => ({
      storeId: String(item.sk).slice('STORE#'.length),
      status: String(item.status),
    }));
  }

  /** Requests of one subject received since a moment, through the bySubject index. */
  async countRequestsSince(subjectKey: string, sinceIso: string): Promise<number> {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'bySubject',
        KeyConditionExpression: 'gsi2pk = :subject AND gsi2sk >= :since',
        ExpressionAttributeValues: { ':subject': `SUBJ#${subjectKey}`, ':since': sinceIso },
        Select: 'COUNT',
      }),
    );
    return result.Count ?? 0;
  }

  /** Ids of every request of one subject, through the bySubject index (purged ones have left it). */
  async listRequestIdsOfSubject(subjectKey: string): Promise<string[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'bySubject',
      KeyConditionExpression: 'gsi2pk = :subject',
      ExpressionAttributeValues: { ':subject': `SUBJ#${subjectKey}` },
      ProjectionExpression: 'id',
    });
    return items.map((item) => String(item.id));
  }

  async listEvents(requestId: string): Promise<AuditEvent[]> {
    const items = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `REQ#${requestId}`, ':prefix': 'EVENT#' },
    });
    return items.map(({ pk: _pk, sk: _sk, ...event }) => event as unknown as AuditEvent);
  }
}

/**
 * Claims a once-only side effect (a mail, a notice) under the partition `pk`: true for the first
 * caller only. A released claim (the side effect certainly did not happen) may be taken again.
 */
export async function claimOnceItem(tableName: string, pk: string, key: string): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName,
        Item: { pk, sk: `ONCE#${key}`, at: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(sk) OR released = :yes',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Gives a claim back, so the side effect it guarded may be tried again. */
export async function releaseOnceItem(tableName: string, pk: string, key: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk, sk: `ONCE#${key}` },
      UpdateExpression: 'SET released = :yes',
      ConditionExpression: 'attribute_exists(sk)',
      ExpressionAttributeValues: { ':yes': true },
    }),
  );
}
