import * as z from 'zod/mini';
import { functionConfig } from './adapters/config';
import { ERASURE_IN_STORES_CONFIG, erasureDeps } from './adapters/erasure-deps';
import { stepHandler } from './adapters/step-handler';
import { eraseStoreStep } from './core/erasure/erase-store-step';

export const config = functionConfig(ERASURE_IN_STORES_CONFIG);

const inputSchema = z.object({
  requestId: z.string().check(z.minLength(1)),
  storeId: z.string().check(z.minLength(1)),
  manualErasure: z.optional(z.object({ outcome: z.enum(['done', 'nothing_found']) })),
});

/** Workflow step (one per store in the Erase map): the store's part of the approved plan. */
export const handler = stepHandler(inputSchema, async (input) =>
  eraseStoreStep(input, erasureDeps(config())),
);
