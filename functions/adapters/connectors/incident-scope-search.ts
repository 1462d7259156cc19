import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import type { DataStore } from '../../core/datamap';
import type { AffectedRecord, AffectedSearch, ScopeQuery } from '../../core/incidents/incident-scope';
import { dynamo } from '../clients/dynamodb';
import { s3 } from '../clients/s3';
import { parseStoreLocations, type StoreLocations } from './connector-registry';
import { fieldValue } from './connector-support';

/**
 * Lists the records of a store that fall in a breach's window, for the stores whose connector can
 * answer by date: a `dynamodb` table (a scan that projects only the key, the address, the date,
 * a language field and the condition's field) and an `s3-jsonl` bucket (its data objects, read
 * line by line, nothing kept but the same few fields). An `http` API searches by address only and
 * a `manual` store has no connector: both become a staff task (`undefined`).
 */
export class ConnectorScopeSearch implements AffectedSearch {
  constructor(private readonly locations: StoreLocations) {}

  /** The search over the stores `DATA_STORES_JSON` locates. */
  static of(dataStoresJson: string | undefined): ConnectorScopeSearch {
    return new ConnectorScopeSearch(parseStoreLocations(dataStoresJson));
  }

  async search(store: DataStore, query: ScopeQuery): Promise<AffectedRecord[] | undefined> {
    const dateField = store.recordDateField;
    if (!dateField) return undefined;
    const connector = store.connector;
    if (connector.type === 'dynamodb') {
      const table = this.locations[store.id]?.table;
      return table ? this.scanTable(store, table, dateField, query) : undefined;
    }
    if (connector.type === 's3-jsonl') {
      const bucket = this.locations[store.id]?.bucket;
      return bucket ? this.readBucket(store, bucket, connector.prefix, dateField, query) : undefined;
    }
    return undefined;
  }

  private async scanTable(store: DataStore, table: string, dateField: string, query: ScopeQuery) {
    if (store.connector.type !== 'dynamodb') return undefined;
    const { partition, sort } = store.connector.primaryKey;
    const fields = [
      partition,
      ...(sort ? [sort] : []),
      ...(store.identifiers.email ?? []),
      dateField,
      'language',
      ...(query.condition ? [query.condition.field] : []),
    ];
    // Top-level names only in the projection; a dotted path projects its first segment.
    const tops = [...new Set(fields.map((f) => f.split('.')[0] ?? f))];
    const names = Object.fromEntries(tops.map((f, i) => [`#f${i}`, f]));
    const records: AffectedRecord[] = [];
    for await (const page of paginateScan(
      { client: dynamo() },
      {
        TableName: table,
        ProjectionExpression: Object.keys(names).join(', '),
        ExpressionAttributeNames: names,
      },
    )) {
      for (const item of page.Items ?? []) {
        if (!matches(item, dateField, query)) continue;
        const id = sort ? `${String(item[partition])}|${String(item[sort])}` : String(item[partition]);
        records.push(recordOf(store, item, id));
      }
    }
    return records;
  }

  private async readBucket(
    store: DataStore,
    bucket: string,
    prefix: string,
    dateField: string,
    query: ScopeQuery,
  ) {
    const recordIdField = store.connector.type === 's3-jsonl' ? store.connector.recordIdField : undefined;
    const records: AffectedRecord[] = [];
    let token: string | undefined;
    do {
      const page = await s3().send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        const body = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
        const text = (await body.Body?.transformToString('utf8')) ?? '';
        text.split('\n').forEach((line, index) => {
          if (!line.trim()) return;
          let fields: Record<string, unknown>;
          try {
            fields = JSON.parse(line) as Record<string, unknown>;
          } catch {
            return; // a broken line is the store's problem, not a person to notify
          }
          if (!matches(fields, dateField, query)) return;
          const own = recordIdField ? fieldValue(fields, recordIdField) : undefined;
          records.push(recordOf(store, fields, typeof own === 'string' ? own : `${object.Key}#${index + 1}`));
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return records;
  }
}

function matches(fields: Record<string, unknown>, dateField: string, query: ScopeQuery): boolean {
  const value = fieldValue(fields, dateField);
  if (typeof value !== 'string') return false;
  const at = Date.parse(value);
  if (Number.isNaN(at) || at < Date.parse(query.from) || at > Date.parse(query.to)) return false;
  if (!query.condition) return true;
  return String(fieldValue(fields, query.condition.field) ?? '') === query.condition.equals;
}

function recordOf(store: DataStore, fields: Record<string, unknown>, recordId: string): AffectedRecord {
  const email = (store.identifiers.email ?? [])
    .map((f) => fieldValue(fields, f))
    .find((v): v is string => typeof v === 'string' && v.includes('@'));
  const language = fieldValue(fields, 'language');
  return {
    recordId,
    ...(email ? { email } : {}),
    ...(typeof language === 'string' ? { language } : {}),
  };
}
