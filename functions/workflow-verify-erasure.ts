import middy from '@middy/core';
import * as z from 'zod/mini';
import { REPLY_TEMPLATES } from '../config/templates';
import { erasureDeps } from './adapters/erasure-deps';
import { parseStepInput } from './adapters/step-input';
import { verifyErasureStep } from './core/erasure/erase-subject';

const inputSchema = z.object({ requestId: z.string().check(z.minLength(1)) });

/** Workflow step: search again, certify or throw ErasureIncompleteError; returns the certificate's key. */
export const handler = middy<unknown, { certificateKey: string }>().handler(async (event) =>
  verifyErasureStep(parseStepInput(inputSchema, event), { ...erasureDeps(), templates: REPLY_TEMPLATES }),
);
