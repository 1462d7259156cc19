import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { functionConfig, optional, required } from './adapters/config';
import { type ConnectorRegistry, connectorRegistryOf } from './adapters/connectors/connector-registry';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { DynamoDbStoreOutcomes } from './adapters/dynamodb-store-outcomes';
import { errorFields, log } from './adapters/logger';
import { S3ObjectStore } from './adapters/s3-object-store';
import { stepHandler } from './adapters/step-handler';
import { type CollectStoreResult, collectStore } from './core/collection/collect-store';
import { ValidationError } from './core/errors';
import { systemClock } from './core/ports';

export const config = functionConfig({
  DATA_STORES_JSON: optional(),
  PACKAGES_BUCKET: required(),
  REQUESTS_TABLE: required(),
});

const inputSchema = z.object({
  requestId: z.string().check(z.minLength(1)),
  storeId: z.string().check(z.minLength(1)),
  phase: z.optional(z.enum(['collect', 'verify'])),
  failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
  manualOutcome: z.optional(z.object({ outcome: z.enum(['done', 'nothing_found']) })),
});

let registry: ConnectorRegistry | undefined;

/**
 * Workflow step: searches one store of the data map for the request's subject (ids in, ids out;
 * the address is read from the request). A store that is down throws `StoreUnavailableError` for
 * the state machine to retry; after the retries it calls this step again with `failure`.
 */
export const handler = stepHandler(inputSchema, async (input): Promise<CollectStoreResult> => {
  const env = config();
  registry ??= connectorRegistryOf(env.DATA_STORES_JSON);
  const connectors = registry;
  const requests = new DynamoDbRequestStore(env.REQUESTS_TABLE);
  try {
    const result = await collectStore(input, {
      requests,
      outcomes: new DynamoDbStoreOutcomes(env.REQUESTS_TABLE),
      findings: jsonObjects(new S3ObjectStore(env.PACKAGES_BUCKET)),
      connectorFor: (storeId) => {
        const store = DEMO_DATA_MAP.stores.find((s) => s.id === storeId);
        if (!store) throw new ValidationError(`store ${storeId} is not in the data map`);
        return connectors.connectorFor(store);
      },
      dataMap: DEMO_DATA_MAP,
      clock: systemClock,
    });
    log.info('store collected', { requestId: input.requestId, ...result });
    return result;
  } catch (error) {
    log.warn('store collection failed', {
      requestId: input.requestId,
      storeId: input.storeId,
      ...errorFields(error),
    });
    throw error;
  }
});

/** Findings are JSON documents in the packages bucket (KMS by the bucket's default encryption). */
function jsonObjects(store: S3ObjectStore) {
  return {
    put: (key: string, document: unknown) => store.put(key, JSON.stringify(document), 'application/json'),
    getText: (key: string) => store.getText(key),
  };
}
