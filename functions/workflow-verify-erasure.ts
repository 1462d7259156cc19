import * as z from 'zod/mini';
import { REPLY_TEMPLATES } from '../config/templates';
import { functionConfig } from './adapters/config';
import { ERASURE_IN_STORES_CONFIG, erasureDeps } from './adapters/erasure-deps';
import { stepHandler } from './adapters/step-handler';
import { verifyErasureStep } from './core/erasure/verify-erasure-step';

export const config = functionConfig(ERASURE_IN_STORES_CONFIG);

const inputSchema = z.object({ requestId: z.string().check(z.minLength(1)) });

/** Workflow step: search again, certify or throw ErasureIncompleteError; returns the certificate's key. */
export const handler = stepHandler(inputSchema, async (input) =>
  verifyErasureStep(input, { ...erasureDeps(config()), templates: REPLY_TEMPLATES }),
);
