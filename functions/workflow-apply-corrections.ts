import middy from '@middy/core';
import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { connectorRegistryFromEnv } from './adapters/connectors/connector-registry';
import { DynamoDbCorrections } from './adapters/dynamodb-corrections';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { requireEnv } from './adapters/env';
import { parseStepInput } from './adapters/step-input';
import { findStore } from './core/datamap';
import { systemClock } from './core/ports';
import { applyCorrections } from './core/rectification/apply-corrections';

const inputSchema = z.object({ requestId: z.string().check(z.minLength(1)) });

/** Workflow step (rectification): applies the corrections staff confirmed, through the connectors that can. */
export const handler = middy<unknown, { applied: number; manual: number }>().handler(async (event) => {
  const { requestId } = parseStepInput(inputSchema, event);
  const table = requireEnv('REQUESTS_TABLE');
  const registry = connectorRegistryFromEnv();
  return applyCorrections(requestId, {
    requests: new DynamoDbRequestStore(table),
    corrections: new DynamoDbCorrections(table),
    connectorFor: (storeId) => {
      const store = findStore(DEMO_DATA_MAP, storeId);
      return store ? registry.connectorFor(store) : undefined;
    },
    clock: systemClock,
  });
});
