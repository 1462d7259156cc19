import middy from '@middy/core';
import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { type ConnectorRegistry, connectorRegistryFromEnv } from './adapters/connectors/connector-registry';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { DynamoDbStoreOutcomes } from './adapters/dynamodb-store-outcomes';
import { requireEnv } from './adapters/env';
import { errorFields, log } from './adapters/logger';
import { S3ObjectStore } from './adapters/s3-object-store';
import { parseStepInput } from './adapters/step-input';
import { type CollectStoreResult, collectStore } from './core/collection/collect-store';
import { ValidationError } from './core/errors';
import { systemClock } from './core/ports';

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
export const handler = middy<unknown, CollectStoreResult>().handler(async (event) => {
  const input = parseStepInput(inputSchema, event);
  registry ??= connectorRegistryFromEnv();
  const connectors = registry;
  const requests = new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE'));
  try {
    const result = await collectStore(input, {
      requests,
      outcomes: new DynamoDbStoreOutcomes(requireEnv('REQUESTS_TABLE')),
      findings: jsonObjects(new S3ObjectStore(requireEnv('PACKAGES_BUCKET'))),
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
