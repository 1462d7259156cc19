import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../core/request/request';
import type { SweepPlan, SweepReport, SweepStatus } from '../core/retention/retention-sweep';
import type { SweepItem, SweepStore } from '../core/retention/retention-sweep-runs';
import { dynamo, queryAll } from './clients/dynamodb';
import { firstConditionFailed, type RequestWrite, writeWithTrailItem } from './dynamodb-request-store';
import { S3ObjectStore } from './s3-object-store';

/**
 * Retention sweeps in the Requests table: one item per sweep under one partition (a sweep a day
 * is a few hundred a year, listed with one query), the audit trail under the sweep's own
 * partition, and the plan and report (record ids, no field values) in the packages bucket.
 */
const LIST_PK = 'RETENTION_SWEEPS';
const sweepKey = (sweepId: string) => ({ pk: LIST_PK, sk: `SWEEP#${sweepId}` });
const trailPk = (sweepId: string) => `RETENTION_SWEEP#${sweepId}`;
export const SWEEP_OBJECT_PREFIX = 'retention-sweeps/';

function toItem(raw: Record<string, unknown>): SweepItem {
  const { pk: _pk, sk: _sk, ...item } = raw;
  return item as unknown as SweepItem;
}

export class DynamoDbRetentionSweeps implements SweepStore {
  private readonly objects: S3ObjectStore;

  constructor(
    private readonly tableName: string,
    packagesBucket: string,
  ) {
    this.objects = new S3ObjectStore(packagesBucket);
  }

  async create(item: SweepItem, event: AuditEvent): Promise<boolean> {
    return this.putWithEvent(
      {
        TableName: this.tableName,
        Item: { ...sweepKey(item.sweepId), ...item },
        ConditionExpression: 'attribute_not_exists(sk)',
      },
      item.sweepId,
      event,
    );
  }

  async get(sweepId: string): Promise<SweepItem | undefined> {
    const result = await dynamo().send(
      new GetCommand({ TableName: this.tableName, Key: sweepKey(sweepId), ConsistentRead: true }),
    );
    return result.Item ? toItem(result.Item) : undefined;
  }

  async list(): Promise<SweepItem[]> {
    const items = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': LIST_PK },
      ConsistentRead: true,
    });
    return items.map(toItem).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  }

  async transition(item: SweepItem, from: readonly SweepStatus[], event: AuditEvent): Promise<boolean> {
    const values = Object.fromEntries(from.map((status, i) => [`:from${i}`, status]));
    return this.putWithEvent(
      {
        TableName: this.tableName,
        Item: { ...sweepKey(item.sweepId), ...item },
        ConditionExpression: `#status IN (${Object.keys(values).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
      item.sweepId,
      { ...event, detail: { ...event.detail, toStatus: item.status } },
    );
  }

  async listEvents(sweepId: string): Promise<AuditEvent[]> {
    const items = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': trailPk(sweepId), ':prefix': 'EVENT#' },
    });
    return items.map(({ pk: _pk, sk: _sk, ...event }) => event as unknown as AuditEvent);
  }

  async savePlan(plan: SweepPlan): Promise<void> {
    await this.objects.put(
      `${SWEEP_OBJECT_PREFIX}${plan.sweepId}/plan.json`,
      JSON.stringify(plan),
      'application/json',
    );
  }

  async loadPlan(sweepId: string): Promise<SweepPlan | undefined> {
    const text = await this.objects.getText(`${SWEEP_OBJECT_PREFIX}${sweepId}/plan.json`);
    return text === undefined ? undefined : (JSON.parse(text) as SweepPlan);
  }

  async saveReport(report: SweepReport): Promise<void> {
    await this.objects.put(
      `${SWEEP_OBJECT_PREFIX}${report.sweepId}/report.json`,
      JSON.stringify(report),
      'application/json',
    );
  }

  async loadReport(sweepId: string): Promise<SweepReport | undefined> {
    const text = await this.objects.getText(`${SWEEP_OBJECT_PREFIX}${sweepId}/report.json`);
    return text === undefined ? undefined : (JSON.parse(text) as SweepReport);
  }

  /**
   * The sweep's item and the audit event that records its change, in one transaction: a reader
   * never sees a status the trail does not show. False when the item's condition fails.
   */
  private async putWithEvent(put: SweepPut, sweepId: string, event: AuditEvent): Promise<boolean> {
    try {
      await writeWithTrailItem(
        this.tableName,
        { Put: put },
        {
          pk: trailPk(sweepId),
          // The random suffix keeps two events of the same millisecond apart.
          sk: `EVENT#${event.at}#${randomUUID().slice(0, 8)}`,
          ...event,
        },
      );
      return true;
    } catch (error) {
      if (firstConditionFailed(error)) return false;
      throw error;
    }
  }
}

type SweepPut = NonNullable<RequestWrite['Put']>;
