import { createHash, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../core/errors';
import type { AffectedSubject, Incident, IncidentStore } from '../core/incidents/incidents';
import type { AuditEvent } from '../core/request/request';
import { dynamo, queryAll } from './clients/dynamodb';
import { claimOnceItem, isConditionFailure, releaseOnceItem } from './dynamodb-request-store';

/**
 * Incidents in the Requests table: `INC#<id>` with its `INCIDENT` item, its `EVENT#…` trail, one `AFFECTED#…`
 * item per person a scope found (the address in an attribute only, the key a hash) and `ONCE#…`
 * claims. Every incident stays in the byStatus index under `INCIDENT`: the queue and the register.
 */
const INDEX_KEY = 'INCIDENT';
/** Not `META`: whatever lists requests by their META item never mistakes an incident for one. */
const INCIDENT_SK = 'INCIDENT';
const pkOf = (incidentId: string) => `INC#${incidentId}`;
const affectedSk = (email: string) =>
  `AFFECTED#${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
const CONCURRENCY = 8;

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, ...rest } = item;
  return rest as T;
}

async function pool<T>(items: readonly T[], job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await job(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

export class DynamoDbIncidentStore implements IncidentStore {
  constructor(private readonly tableName: string) {}

  private metaItem(incident: Incident) {
    return {
      pk: pkOf(incident.incidentId),
      sk: INCIDENT_SK,
      gsi1pk: INDEX_KEY,
      gsi1sk: `${incident.awareAt}#${incident.incidentId}`,
      ...incident,
    };
  }

  async create(incident: Incident, event: AuditEvent): Promise<boolean> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.metaItem(incident),
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await this.appendEvent(incident.incidentId, event);
    return true;
  }

  async get(incidentId: string): Promise<Incident | undefined> {
    const result = await dynamo().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: pkOf(incidentId), sk: INCIDENT_SK },
        ConsistentRead: true,
      }),
    );
    return result.Item ? strip<Incident>(result.Item) : undefined;
  }

  async update(incident: Incident, expectedVersion: number, event: AuditEvent): Promise<void> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.metaItem(incident),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError(`incident ${incident.incidentId} changed meanwhile: reload and try again`, {
          cause: error,
        });
      throw error;
    }
    await this.appendEvent(incident.incidentId, event);
  }

  async list(): Promise<Incident[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi1pk = :incident',
      ExpressionAttributeValues: { ':incident': INDEX_KEY },
    });
    return items.map((item) => strip<Incident>(item));
  }

  async appendEvent(incidentId: string, event: AuditEvent): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: this.tableName,
        // The random suffix keeps two events of the same millisecond apart.
        Item: { pk: pkOf(incidentId), sk: `EVENT#${event.at}#${randomUUID().slice(0, 8)}`, ...event },
        ConditionExpression: 'attribute_not_exists(sk)',
      }),
    );
  }

  async listEvents(incidentId: string): Promise<AuditEvent[]> {
    const items = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pkOf(incidentId), ':prefix': 'EVENT#' },
    });
    return items.map((item) => strip<AuditEvent>(item));
  }

  async addAffected(incidentId: string, subjects: readonly AffectedSubject[]): Promise<void> {
    const known = new Map((await this.listAffected(incidentId)).map((s) => [s.email, s]));
    await pool(subjects, async (subject) => {
      const seen = known.get(subject.email);
      const merged: AffectedSubject = seen
        ? {
            ...seen,
            categories: [...new Set([...seen.categories, ...subject.categories])],
            storeIds: [...new Set([...seen.storeIds, ...subject.storeIds])],
            records: seen.records + subject.records,
          }
        : subject;
      await dynamo().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pkOf(incidentId), sk: affectedSk(subject.email), ...merged },
        }),
      );
    });
  }

  async listAffected(incidentId: string): Promise<AffectedSubject[]> {
    const items = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pkOf(incidentId), ':prefix': 'AFFECTED#' },
      ConsistentRead: true,
    });
    return items.map((item) => strip<AffectedSubject>(item)).sort((a, b) => a.email.localeCompare(b.email));
  }

  claimOnce(incidentId: string, key: string): Promise<boolean> {
    return claimOnceItem(this.tableName, pkOf(incidentId), key);
  }

  releaseOnce(incidentId: string, key: string): Promise<void> {
    return releaseOnceItem(this.tableName, pkOf(incidentId), key);
  }

  async markNotified(incidentId: string, email: string, at: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pkOf(incidentId), sk: affectedSk(email) },
        UpdateExpression: 'SET notifiedAt = :at',
        ConditionExpression: 'attribute_exists(sk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}
