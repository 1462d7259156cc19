import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  Connector,
  EraseOutcome,
  LocatedRecord,
  SubjectIdentifiers,
  SweptRecord,
} from '../../core/collection/connector';
import { StoreUnavailableError } from '../../core/collection/connector';
import type { DataStore, DynamodbConnector } from '../../core/datamap';
import { ANONYMISED_VALUE, isAnonymisedValue, type StoreErasurePlan } from '../../core/erasure/erasure-plan';
import { ConfigurationError, ConflictError, ValidationError } from '../../core/errors';
import { normaliseEmail } from '../../core/request/subject-key';
import { queryAll } from '../clients/dynamodb';
import { fieldValue, isConditionFailure, isUnavailable, recordDateOf, sleep } from './connector-support';

export interface DynamodbConnectorOptions {
  store: DataStore;
  /** The physical table name the deployment gives the map's logical `table`. */
  tableName: string;
  client: DynamoDBDocumentClient;
}

type Item = Record<string, unknown>;
type Key = Record<string, unknown>;

const BATCH_GET_LIMIT = 100;
const SWEEP_CONCURRENCY = 16;

/**
 * A DynamoDB table with a GSI keyed by the subject's identifier (ARCHITECTURE.md §7).
 *
 * `find` queries the index for primary keys only, then reads the items from the table with a
 * consistent read: the cost follows the subject's record count, never the table's size, it works
 * with a KEYS_ONLY index, and a record erased a moment ago is not reported from a lagging index.
 * `erase` deletes or anonymises item by item with a condition that the item still belongs to the
 * subject, so a concurrent change (the record re-assigned, say) is noticed and left to staff.
 */
export class DynamodbStoreConnector implements Connector {
  private readonly config: DynamodbConnector;

  constructor(private readonly options: DynamodbConnectorOptions) {
    if (options.store.connector.type !== 'dynamodb') {
      throw new ConfigurationError(`store ${options.store.id} does not use the dynamodb connector`);
    }
    this.config = options.store.connector;
  }

  async find(subject: SubjectIdentifiers): Promise<LocatedRecord[]> {
    const lookup = this.lookupValue(subject);
    const keys = await this.queryKeys(lookup);
    const items = await this.readItems(keys);
    return items
      .filter((item) => this.belongsTo(item, lookup))
      .map((item) => this.toRecord(item))
      .sort((a, b) => a.recordId.localeCompare(b.recordId));
  }

  async erase(subject: SubjectIdentifiers, plan: StoreErasurePlan): Promise<EraseOutcome> {
    const lookup = this.lookupValue(subject);
    const outcome: EraseOutcome = {
      storeId: plan.storeId,
      deleted: [],
      anonymised: [],
      retained: [],
      manual: [],
    };
    for (const record of plan.records) {
      const key = this.keyOf(record.recordId);
      switch (record.action) {
        case 'delete':
          (await this.deleteItem(key, lookup))
            ? outcome.deleted.push(record.recordId)
            : outcome.manual.push(record.recordId);
          break;
        case 'anonymise':
          (await this.anonymiseItem(key, lookup, record.fields))
            ? outcome.anonymised.push(record.recordId)
            : outcome.manual.push(record.recordId);
          break;
        case 'retain':
          if (
            record.anonymiseFields.length === 0 ||
            (await this.anonymiseItem(key, lookup, record.anonymiseFields))
          ) {
            outcome.retained.push(record.recordId);
          } else {
            outcome.manual.push(record.recordId);
          }
          break;
        case 'review':
          outcome.manual.push(record.recordId);
          break;
      }
    }
    return outcome;
  }

  /**
   * Every item dated before `before` (or without a date, which the plan counts for staff): a
   * scan of the whole table, filtered in DynamoDB so only those items travel.
   */
  async listDatedBefore(before: string): Promise<LocatedRecord[]> {
    const field = this.options.store.recordDateField;
    if (!field) return [];
    const names: Record<string, string> = {};
    const path = this.attributePath(field, names);
    const records: LocatedRecord[] = [];
    const pages = paginateScan(
      { client: this.options.client },
      {
        TableName: this.options.tableName,
        FilterExpression: `attribute_not_exists(${path}) OR ${path} < :before`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':before': before },
      },
    );
    for await (const page of await this.guard(async () => pages)) {
      for (const item of page.Items ?? []) records.push(this.toRecord(item));
    }
    return records;
  }

  /**
   * Deletes or anonymises each planned item on the condition that its date is still the one the
   * plan judged: an item with new activity since is left as it is (under `manual`).
   */
  async eraseSwept(storeId: string, records: readonly SweptRecord[]): Promise<EraseOutcome> {
    const outcome: EraseOutcome = { storeId, deleted: [], anonymised: [], retained: [], manual: [] };
    const field = this.options.store.recordDateField;
    if (!field) {
      outcome.manual.push(...records.map((r) => r.recordId));
      return outcome;
    }
    // Item by item (each its own condition), a few in flight: a sweep changes many items.
    let next = 0;
    const worker = async () => {
      while (next < records.length) await this.sweepOne(records[next++] as SweptRecord, field, outcome);
    };
    await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, records.length) }, worker));
    return outcome;
  }

  private async sweepOne(record: SweptRecord, field: string, outcome: EraseOutcome): Promise<void> {
    const key = this.keyOf(record.recordId);
    switch (record.action) {
      case 'delete':
        (await this.deleteIfDated(key, field, record.recordDate))
          ? outcome.deleted.push(record.recordId)
          : outcome.manual.push(record.recordId);
        break;
      case 'anonymise':
        (await this.anonymiseIfDated(key, field, record.recordDate, record.fields))
          ? outcome.anonymised.push(record.recordId)
          : outcome.manual.push(record.recordId);
        break;
      case 'retain':
        record.anonymiseFields.length === 0 ||
        (await this.anonymiseIfDated(key, field, record.recordDate, record.anonymiseFields))
          ? outcome.retained.push(record.recordId)
          : outcome.manual.push(record.recordId);
        break;
      case 'review':
        outcome.manual.push(record.recordId);
        break;
    }
  }

  private async deleteIfDated(key: Key, field: string, date: string): Promise<boolean> {
    const names: Record<string, string> = {};
    const path = this.attributePath(field, names);
    try {
      await this.guard(() =>
        this.options.client.send(
          new DeleteCommand({
            TableName: this.options.tableName,
            Key: key,
            ConditionExpression: `${path} = :date`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':date': date },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.getItem(key)) === undefined;
    }
  }

  private async anonymiseIfDated(
    key: Key,
    field: string,
    date: string,
    fields: readonly string[],
  ): Promise<boolean> {
    const names: Record<string, string> = {};
    const datePath = this.attributePath(field, names);
    const update = this.anonymisingUpdate(fields, names);
    if (!update) return false;
    try {
      await this.guard(() =>
        this.options.client.send(
          new UpdateCommand({
            TableName: this.options.tableName,
            Key: key,
            UpdateExpression: update.expression,
            ConditionExpression: `${datePath} = :date`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':date': date, ...update.values },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  }

  /**
   * The update that anonymises `fields`, its attribute names added to `names`; undefined when a
   * field is part of the primary key, which cannot be rewritten.
   */
  private anonymisingUpdate(
    fields: readonly string[],
    names: Record<string, string>,
  ): { expression: string; values: Record<string, unknown> } | undefined {
    const { partition, sort } = this.config.primaryKey;
    if (fields.some((f) => f === partition || f === sort)) return undefined;
    const sets: string[] = [];
    const removes: string[] = [];
    for (const field of fields) {
      const path = this.attributePath(field, names);
      // An index key is removed rather than overwritten: no shared "[anonymised]" index partition.
      if (field === this.config.keyAttribute) removes.push(path);
      else sets.push(`${path} = :anonymised`);
    }
    const expression = [
      sets.length ? `SET ${sets.join(', ')}` : '',
      removes.length ? `REMOVE ${removes.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return { expression, values: sets.length ? { ':anonymised': ANONYMISED_VALUE } : {} };
  }

  /** `a.b` as `#n0.#n1`, the names added to `names`. */
  private attributePath(field: string, names: Record<string, string>): string {
    return field
      .split('.')
      .map((part) => {
        const existing = Object.entries(names).find(([, v]) => v === part)?.[0];
        if (existing) return existing;
        const alias = `#n${Object.keys(names).length}`;
        names[alias] = part;
        return alias;
      })
      .join('.');
  }

  /**
   * Applies staff-confirmed corrections to one of the subject's records. Keys and the identifier
   * the store is searched by are not corrected here: changing who a record belongs to is an erasure
   * and a new record, decided by staff.
   */
  async rectify(
    subject: SubjectIdentifiers,
    recordId: string,
    changes: Record<string, unknown>,
  ): Promise<void> {
    const { partition, sort } = this.config.primaryKey;
    const fields = Object.keys(changes);
    if (fields.length === 0) return;
    if (fields.some((f) => f === partition || f === sort || f === this.config.keyAttribute)) {
      throw new ValidationError(`a key of store ${this.options.store.id} cannot be corrected in place`, {
        field: 'key',
      });
    }
    const names: Record<string, string> = { '#key': this.config.keyAttribute };
    const values: Record<string, unknown> = { ':key': this.lookupValue(subject) };
    const sets = fields.map((field, i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = changes[field];
      return `#f${i} = :v${i}`;
    });
    try {
      await this.guard(() =>
        this.options.client.send(
          new UpdateCommand({
            TableName: this.options.tableName,
            Key: this.keyOf(recordId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            // Only while the record still belongs to the subject, and exists.
            ConditionExpression: '#key = :key',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(`record of store ${this.options.store.id} is not the subject's any more`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  /** The index key for this subject, in the format the store keeps it. */
  private lookupValue(subject: SubjectIdentifiers): string {
    return normaliseEmail(subject.email);
  }

  private belongsTo(item: Item, lookup: string): boolean {
    const value = fieldValue(item, this.config.keyAttribute);
    if (typeof value !== 'string') return false;
    return normaliseEmail(value) === lookup;
  }

  private async queryKeys(lookup: string): Promise<Key[]> {
    const { partition, sort } = this.config.primaryKey;
    const names: Record<string, string> = { '#key': this.config.keyAttribute, '#p': partition };
    if (sort) names['#s'] = sort;
    const items = await this.guard(() =>
      queryAll(
        {
          TableName: this.options.tableName,
          IndexName: this.config.indexName,
          KeyConditionExpression: '#key = :key',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':key': lookup },
          ProjectionExpression: sort ? '#p, #s' : '#p',
        },
        this.options.client,
      ),
    );
    return items.map((item) => this.primaryKeyOf(item));
  }

  private async readItems(keys: Key[]): Promise<Item[]> {
    const items: Item[] = [];
    for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) {
      let pending: Key[] = keys.slice(i, i + BATCH_GET_LIMIT);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        if (attempt > 8)
          throw new StoreUnavailableError(`store ${this.options.store.id} keeps throttling reads`);
        const result = await this.guard(() =>
          this.options.client.send(
            new BatchGetCommand({
              RequestItems: { [this.options.tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          ),
        );
        items.push(...(result.Responses?.[this.options.tableName] ?? []));
        pending = (result.UnprocessedKeys?.[this.options.tableName]?.Keys as Key[] | undefined) ?? [];
      }
    }
    return items;
  }

  /** True when the item is gone (now or before); false when it no longer belongs to the subject. */
  private async deleteItem(key: Key, lookup: string): Promise<boolean> {
    try {
      await this.guard(() =>
        this.options.client.send(
          new DeleteCommand({
            TableName: this.options.tableName,
            Key: key,
            ConditionExpression: '#key = :key',
            ExpressionAttributeNames: { '#key': this.config.keyAttribute },
            ExpressionAttributeValues: { ':key': lookup },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Already deleted (a retry), or changed by someone else since the plan: look again.
      const current = await this.getItem(key);
      return current === undefined;
    }
  }

  /** True when every field now holds no data; false when the item changed hands or vanished. */
  private async anonymiseItem(key: Key, lookup: string, fields: readonly string[]): Promise<boolean> {
    const names: Record<string, string> = { '#key': this.config.keyAttribute };
    const update = this.anonymisingUpdate(fields, names);
    if (!update) return false;
    try {
      await this.guard(() =>
        this.options.client.send(
          new UpdateCommand({
            TableName: this.options.tableName,
            Key: key,
            UpdateExpression: update.expression,
            ConditionExpression: '#key = :key',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':key': lookup, ...update.values },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // A retry after the key itself was anonymised passes this check; anything else is for staff.
      const current = await this.getItem(key);
      return current !== undefined && fields.every((f) => isAnonymisedValue(fieldValue(current, f)));
    }
  }

  private async getItem(key: Key): Promise<Item | undefined> {
    const result = await this.guard(() =>
      this.options.client.send(
        new GetCommand({ TableName: this.options.tableName, Key: key, ConsistentRead: true }),
      ),
    );
    return result.Item;
  }

  private primaryKeyOf(item: Item): Key {
    const { partition, sort } = this.config.primaryKey;
    return sort ? { [partition]: item[partition], [sort]: item[sort] } : { [partition]: item[partition] };
  }

  private toRecord(item: Item): LocatedRecord {
    const { partition, sort } = this.config.primaryKey;
    const recordId = sort ? `${String(item[partition])}|${String(item[sort])}` : String(item[partition]);
    const record: LocatedRecord = {
      recordId,
      fields: item,
      location: { table: this.config.table, key: recordId },
    };
    const recordDate = recordDateOf(item, this.options.store.recordDateField);
    if (recordDate) record.recordDate = recordDate;
    return record;
  }

  /** A record id back to the primary key: partition value, then `|` and the sort value. */
  private keyOf(recordId: string): Key {
    const { partition, sort } = this.config.primaryKey;
    if (!sort) return { [partition]: recordId };
    const separator = recordId.indexOf('|');
    if (separator < 0)
      throw new ConfigurationError(`record id of store ${this.options.store.id} lacks its sort key`);
    return { [partition]: recordId.slice(0, separator), [sort]: recordId.slice(separator + 1) };
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isConditionFailure(error) || !isUnavailable(error)) throw error;
      throw new StoreUnavailableError(`store ${this.options.store.id} did not answer`, { cause: error });
    }
  }
}
