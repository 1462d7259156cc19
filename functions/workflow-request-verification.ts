import middy from '@middy/core';
import * as z from 'zod/mini';
import { parseStepInput } from './adapters/step-input';
import { verificationMailDeps } from './adapters/workflow-deps';
import { startVerification } from './core/verification/verify-identity';

const inputSchema = z.object({ requestId: z.string(), taskToken: z.string() });

/** Workflow step (callback): mails the subject a single-use verification link; the click completes it. */
export const handler = middy<unknown, void>().handler(async (event) => {
  await startVerification(parseStepInput(inputSchema, event), verificationMailDeps());
});
