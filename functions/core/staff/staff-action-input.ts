import * as z from 'zod/mini';
import { REJECTION_REASONS } from '../replies/template-packs';
import { REQUEST_TYPES } from '../request/request';

/**
 * What staff send with each action, defined once: the staff API parses a request's body with it
 * and the core's `performAction` takes the type it infers. Limits on free text the core checks
 * itself (a question's or a reason's length) stay with the core's rules, as do the outputs of
 * manual tasks, which depend on the task.
 */

/** `detail` is kept in the trail; with `quote` it is also quoted in the requester's notice. */
const staffNote = {
  detail: z.optional(z.string().check(z.maxLength(2000))),
  quote: z.optional(z.boolean()),
};
const rejectionReason = z.enum(REJECTION_REASONS);

export const staffActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve') }),
  z.object({ action: z.literal('reject'), reason: rejectionReason, ...staffNote }),
  z.object({ action: z.literal('reclassify'), types: z.array(z.enum(REQUEST_TYPES)) }),
  z.object({ action: z.literal('more-info'), question: z.string() }),
  z.object({ action: z.literal('resume') }),
  z.object({
    action: z.literal('extend'),
    months: z.union([z.literal(1), z.literal(2)]),
    reason: z.string(),
  }),
  z.object({ action: z.literal('approve-erasure-plan') }),
  z.object({ action: z.literal('reject-erasure-plan'), reason: rejectionReason, ...staffNote }),
  z.object({
    action: z.literal('complete-task'),
    taskId: z.string(),
    output: z.record(z.string(), z.unknown()),
  }),
  z.object({ action: z.literal('retry') }),
  z.object({
    action: z.literal('cancel'),
    reason: z.optional(z.string().check(z.maxLength(1000))),
    quote: z.optional(z.boolean()),
  }),
  /** Without an id, every reply waiting on the request is marked handled. */
  z.object({
    action: z.literal('resolve-attention'),
    attentionId: z.optional(z.string().check(z.maxLength(100))),
  }),
  z.object({ action: z.literal('open-related'), attentionId: z.string().check(z.maxLength(100)) }),
  /** A representative wrote without the subject's address: staff name the subject, the workflow starts. */
  z.object({ action: z.literal('name-subject'), email: z.string().check(z.maxLength(254)) }),
  /** Stops the access package's download link (a forwarded or leaked mail); the reason stays in the trail. */
  z.object({ action: z.literal('revoke-link'), reason: z.optional(z.string().check(z.maxLength(1000))) }),
]);

export type StaffAction = z.infer<typeof staffActionSchema>;
export type StaffActionName = StaffAction['action'];

/**
 * The schema of one action's body, the action's name coming from the route: the body is the
 * payload without `action`, which the schema adds before checking.
 */
export function staffActionBody(name: StaffActionName): z.ZodMiniType<StaffAction> {
  return z.pipe(
    z.transform((body: unknown) => (isPlainObject(body) ? { ...body, action: name } : body)),
    staffActionSchema,
  );
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
