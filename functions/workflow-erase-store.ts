import middy from '@middy/core';
import * as z from 'zod/mini';
import { erasureDeps } from './adapters/erasure-deps';
import { parseStepInput } from './adapters/step-input';
import { type EraseStoreResult, eraseStoreStep } from './core/erasure/erase-subject';

const inputSchema = z.object({
  requestId: z.string().check(z.minLength(1)),
  storeId: z.string().check(z.minLength(1)),
  manualErasure: z.optional(z.object({ outcome: z.enum(['done', 'nothing_found']) })),
});

/** Workflow step (one per store in the Erase map): the store's part of the approved plan. */
export const handler = middy<unknown, EraseStoreResult>().handler(async (event) =>
  eraseStoreStep(parseStepInput(inputSchema, event), erasureDeps()),
);
