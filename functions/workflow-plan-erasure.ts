import * as z from 'zod/mini';
import { functionConfig } from './adapters/config';
import { ERASURE_CONFIG, erasureDeps } from './adapters/erasure-deps';
import { stepHandler } from './adapters/step-handler';
import { planErasureStep } from './core/erasure/plan-erasure-step';

export const config = functionConfig(ERASURE_CONFIG);

const inputSchema = z.object({ requestId: z.string().check(z.minLength(1)) });

/** Workflow step: the erasure plan from the findings, stored for staff approval; ids and counts out. */
export const handler = stepHandler(inputSchema, async (input) =>
  planErasureStep(input, erasureDeps(config())),
);
