import middy from '@middy/core';
import * as z from 'zod/mini';
import { erasureDeps } from './adapters/erasure-deps';
import { parseStepInput } from './adapters/step-input';
import { type PlanErasureResult, planErasureStep } from './core/erasure/erase-subject';

const inputSchema = z.object({ requestId: z.string().check(z.minLength(1)) });

/** Workflow step: the erasure plan from the findings, stored for staff approval; ids and counts out. */
export const handler = middy<unknown, PlanErasureResult>().handler(async (event) =>
  planErasureStep(parseStepInput(inputSchema, event), erasureDeps()),
);
