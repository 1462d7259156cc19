import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { functionConfig, optional, required } from './adapters/config';
import { connectorRegistryOf } from './adapters/connectors/connector-registry';
import { DynamoDbCorrections } from './adapters/dynamodb-corrections';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { stepHandler } from './adapters/step-handler';
import { findStore } from './core/datamap';
import { systemClock } from './core/ports';
import { applyCorrections } from './core/rectification/apply-corrections';

export const config = functionConfig({ DATA_STORES_JSON: optional(), REQUESTS_TABLE: required() });

const inputSchema = z.object({ requestId: z.string().check(z.minLength(1)) });

/** Workflow step (rectification): applies the corrections staff confirmed, through the connectors that can. */
export const handler = stepHandler(inputSchema, async ({ requestId }) => {
  const { DATA_STORES_JSON, REQUESTS_TABLE } = config();
  const registry = connectorRegistryOf(DATA_STORES_JSON);
  return applyCorrections(requestId, {
    requests: new DynamoDbRequestStore(REQUESTS_TABLE),
    corrections: new DynamoDbCorrections(REQUESTS_TABLE),
    connectorFor: (storeId) => {
      const store = findStore(DEMO_DATA_MAP, storeId);
      return store ? registry.connectorFor(store) : undefined;
    },
    clock: systemClock,
  });
});
