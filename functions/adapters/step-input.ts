import * as z from 'zod/mini';
import { ValidationError } from '../core/errors';

/** Validates a workflow step's input at the edge; a bad input is a definition bug, so it fails loudly. */
export function parseStepInput<T>(schema: z.ZodMiniType<T>, input: unknown): T {
  const result = z.safeParse(schema, input);
  if (!result.success) {
    throw new ValidationError(
      `invalid step input: ${result.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`,
    );
  }
  return result.data;
}
