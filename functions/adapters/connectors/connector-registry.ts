import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Connector } from '../../core/collection/connector';
import type { DataStore } from '../../core/datamap';
import { ConfigurationError } from '../../core/errors';
import { dynamo } from '../clients/dynamodb';
import { s3 } from '../clients/s3';
import { readSecret } from '../secrets';
import { DynamodbStoreConnector } from './dynamodb-connector';
import { HttpStoreConnector } from './http-connector';
import { ManualStoreConnector } from './manual-connector';
import { S3JsonlStoreConnector } from './s3-jsonl-connector';

/**
 * Builds the connector for a data map store. The data map names logical resources only; the
 * deployment says where each store physically is through ONE variable, `DATA_STORES_JSON`, keyed
 * by store id:
 *
 *   {"crm": {"table": "acme-crm-prod"}, "events": {"bucket": "acme-events"},
 *    "newsletter": {"baseUrl": "https://api.mail.example/v1", "authHeaderSecret": "newsletter-api-token"}}
 *
 * CDK sets it from stack props, the local stack from the demo stores it runs; endpoints come from
 * the AWS clients (clients.ts), so nothing here knows which environment it runs in.
 */
export const DATA_STORES_ENV = 'DATA_STORES_JSON';

const storeLocationSchema = z.strictObject({
  /** Physical table of a `dynamodb` store. */
  table: z.optional(z.string().check(z.minLength(1))),
  /** Physical bucket of an `s3-jsonl` store. */
  bucket: z.optional(z.string().check(z.minLength(1))),
  /** API root of an `http` store; the data map's `baseUrl` when absent. */
  baseUrl: z.optional(z.url({ protocol: /^https?$/ })),
  /** The Secrets Manager secret (name or ARN) holding the auth header's value of an `http` store. */
  authHeaderSecret: z.optional(z.string().check(z.minLength(1))),
  /** Per-call timeout of an `http` store, in milliseconds. */
  timeoutMs: z.optional(z.int().check(z.positive())),
});
const storeLocationsSchema = z.record(z.string(), storeLocationSchema);

export type StoreLocation = z.infer<typeof storeLocationSchema>;
export type StoreLocations = z.infer<typeof storeLocationsSchema>;

/** Parses `DATA_STORES_JSON`; an unset variable means no store is reachable by connector. */
export function parseStoreLocations(json: string | undefined): StoreLocations {
  if (json === undefined || json.trim() === '') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ConfigurationError(`${DATA_STORES_ENV} is not valid JSON`, { cause: error });
  }
  const result = z.safeParse(storeLocationsSchema, raw);
  if (!result.success) {
    const where = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigurationError(`${DATA_STORES_ENV} is invalid: ${where}`);
  }
  return result.data;
}

export interface ConnectorRegistryOptions {
  locations: StoreLocations;
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  /** Reads a secret by name or ARN (default: Secrets Manager, cached). */
  secretValue?: (id: string) => Promise<string>;
  fetch?: typeof fetch;
}

export interface ConnectorRegistry {
  /** The connector for a store of the data map; a store without a location fails loudly. */
  connectorFor(store: DataStore): Connector;
}

export function createConnectorRegistry(options: ConnectorRegistryOptions): ConnectorRegistry {
  const secretValue = options.secretValue ?? readSecret;
  const locationOf = (store: DataStore, field: 'table' | 'bucket'): string => {
    const value = options.locations[store.id]?.[field];
    if (!value) throw new ConfigurationError(`${DATA_STORES_ENV} gives no ${field} for store ${store.id}`);
    return value;
  };
  return {
    connectorFor(store: DataStore): Connector {
      const connector = store.connector;
      switch (connector.type) {
        case 'dynamodb':
          return new DynamodbStoreConnector({
            store,
            tableName: locationOf(store, 'table'),
            client: options.dynamo,
          });
        case 's3-jsonl':
          return new S3JsonlStoreConnector({
            store,
            bucketName: locationOf(store, 'bucket'),
            client: options.s3,
          });
        case 'http': {
          const location = options.locations[store.id] ?? {};
          const secret = location.authHeaderSecret;
          if (!secret)
            throw new ConfigurationError(
              `${DATA_STORES_ENV} gives no authHeaderSecret for store ${store.id}`,
            );
          return new HttpStoreConnector({
            store,
            baseUrl: location.baseUrl ?? connector.baseUrl,
            timeoutMs: location.timeoutMs,
            fetch: options.fetch,
            authHeaderValue: () => secretValue(secret),
          });
        }
        case 'manual':
          return new ManualStoreConnector(store);
      }
    },
  };
}

/** The registry a Lambda uses: store locations from its `DATA_STORES_JSON`, the shared AWS clients. */
export function connectorRegistryOf(dataStoresJson: string | undefined): ConnectorRegistry {
  return createConnectorRegistry({
    locations: parseStoreLocations(dataStoresJson),
    dynamo: dynamo(),
    s3: s3(),
  });
}

/** The same registry from an environment (the local stack's, in tests and commands). */
export function connectorRegistryFromEnv(
  env: Record<string, string | undefined> = process.env,
): ConnectorRegistry {
  return connectorRegistryOf(env[DATA_STORES_ENV]);
}
