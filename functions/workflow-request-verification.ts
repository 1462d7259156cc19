import * as z from 'zod/mini';
import { functionConfig, required } from './adapters/config';
import { stepHandler } from './adapters/step-handler';
import { verificationMailDeps } from './adapters/workflow-deps';
import { startVerification } from './core/verification/verify-identity';

export const config = functionConfig({
  MAILBOX_ADDRESS: required(),
  PUBLIC_BASE_URL: required(),
  REQUESTS_TABLE: required(),
});

const inputSchema = z.object({ requestId: z.string(), taskToken: z.string() });

/** Workflow step (callback): mails the subject a single-use verification link; the click completes it. */
export const handler = stepHandler(inputSchema, async (input) => {
  await startVerification(input, verificationMailDeps(config()));
});
