import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { DataMap } from '../../functions/core/datamap';
import type { PrivacyDeskFunction } from './privacy-desk-function';

/**
 * Where the company's systems are in one deployment, keyed by store id of the data map (the
 * map itself names logical resources only). Becomes `DATA_STORES_JSON`; secrets stay apart.
 */
export interface StoreDeployment {
  /** Physical table of a `dynamodb` store. */
  readonly table?: string;
  /** Physical bucket of an `s3-jsonl` store. */
  readonly bucket?: string;
  /** API root of an `http` store (the data map's `baseUrl` when absent). */
  readonly baseUrl?: string;
  /**
   * Secrets Manager secret (its name) holding the auth header's value of an `http` store. The
   * functions read it at call time; encrypt it with the account's Secrets Manager key, or give
   * the functions decrypt on the key it uses.
   */
  readonly authHeaderSecretName?: string;
  readonly timeoutMs?: number;
}

export type StoreDeployments = Readonly<Record<string, StoreDeployment>>;

const DEPLOYMENT_FIELDS: Record<keyof StoreDeployment, 'string' | 'number'> = {
  table: 'string',
  bucket: 'string',
  baseUrl: 'string',
  authHeaderSecretName: 'string',
  timeoutMs: 'number',
};

/**
 * The `dataStores` context (`-c dataStores='{"crm":{"table":"acme-crm"}}'` or an object in
 * cdk.json), checked against the data map so a typo fails the synth instead of a request.
 */
export function storeDeploymentsFromContext(value: unknown, map: DataMap): StoreDeployments {
  if (value === undefined) return {};
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('dataStores must be an object keyed by store id');
  for (const [storeId, deployment] of Object.entries(parsed)) {
    if (!map.stores.some((s) => s.id === storeId))
      throw new Error(`dataStores names ${storeId}, which the data map lacks`);
    if (typeof deployment !== 'object' || deployment === null)
      throw new Error(`dataStores.${storeId} must be an object`);
    for (const [field, fieldValue] of Object.entries(deployment)) {
      const type = DEPLOYMENT_FIELDS[field as keyof StoreDeployment];
      if (!type) throw new Error(`dataStores.${storeId}.${field} is not a store setting`);
      if (typeof fieldValue !== type) throw new Error(`dataStores.${storeId}.${field} must be a ${type}`);
    }
  }
  return parsed as StoreDeployments;
}

/**
 * Gives a function read access to the stores of the data map that the deployment locates: the
 * subject index and item reads of each table, the data and index prefixes of each bucket, and
 * the secret holding each API's auth header (read at call time, never put in the configuration).
 * Sets `DATA_STORES_JSON`. Read only: erasure runs in another function with its own grants.
 */
export function grantStoreReads(fn: PrivacyDeskFunction, map: DataMap, stores: StoreDeployments): void {
  const stack = Stack.of(fn);
  const locations: Record<string, Record<string, string | number>> = {};

  for (const store of map.stores) {
    const deployed = stores[store.id];
    const connector = store.connector;
    if (!deployed || connector.type === 'manual') continue;
    if (connector.type === 'dynamodb' && deployed.table) {
      const table = stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: deployed.table });
      fn.allow(['dynamodb:Query'], [`${table}/index/${connector.indexName}`]);
      fn.allow(['dynamodb:GetItem', 'dynamodb:BatchGetItem'], [table]);
      locations[store.id] = { table: deployed.table };
    } else if (connector.type === 's3-jsonl' && deployed.bucket) {
      const bucket = `arn:${stack.partition}:s3:::${deployed.bucket}`;
      const prefixes = [connector.prefix, ...(connector.indexPrefix ? [connector.indexPrefix] : [])];
      fn.allow(
        ['s3:GetObject'],
        prefixes.map((p) => `${bucket}/${p}*`),
      );
      // Without an index the connector lists the data prefix; with one, a subject without an
      // index object must read as 404 (not 403), which S3 answers only to a role that may list it.
      fn.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [bucket],
          conditions: { StringLike: { 's3:prefix': [`${connector.indexPrefix ?? connector.prefix}*`] } },
        }),
      );
      for (const prefix of prefixes) {
        Validations.of(fn).acknowledge({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${deployed.bucket}/${prefix}*]`,
          reason: `The ${store.id} connector reads the JSON Lines and index objects its writers name under this prefix.`,
        });
      }
      locations[store.id] = { bucket: deployed.bucket };
    } else if (connector.type === 'http') {
      if (deployed.authHeaderSecretName) {
        // Secrets Manager appends six random characters to a secret's name in its ARN.
        const secretArn = stack.formatArn({
          service: 'secretsmanager',
          resource: 'secret',
          resourceName: `${deployed.authHeaderSecretName}-??????`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
        fn.allow(['secretsmanager:GetSecretValue'], [secretArn]);
        Validations.of(fn).acknowledge({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${deployed.authHeaderSecretName}-??????]`,
          reason: `The ${store.id} connector reads its API credential; the suffix is the one Secrets Manager adds to the name.`,
        });
      }
      locations[store.id] = {
        ...(deployed.authHeaderSecretName ? { authHeaderSecret: deployed.authHeaderSecretName } : {}),
        ...(deployed.baseUrl ? { baseUrl: deployed.baseUrl } : {}),
        ...(deployed.timeoutMs ? { timeoutMs: deployed.timeoutMs } : {}),
      };
    }
  }
  fn.setVariable('DATA_STORES_JSON', JSON.stringify(locations));
}
