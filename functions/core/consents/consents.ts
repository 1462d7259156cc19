import * as z from 'zod/mini';
import { ConflictError, ValidationError } from '../errors';

/**
 * The consent ledger (ARCHITECTURE.md §3): every change a subject makes to a consent is kept, and the
 * current state of each purpose is a fold over those changes in time order.
 *
 * Rules, in the order a change is applied:
 * - `given` turns `none` or `withdrawn` into `given`; on `given` it re-affirms (the agreed text
 *   version is updated, `since` is kept).
 * - `withdrawn` turns `given` into `withdrawn`. Withdrawing what is not in force is recorded but
 *   changes nothing: `none` stays `none`, and an objection is never weakened to a withdrawal.
 * - `objected` always ends in `objected`. For direct marketing an objection is absolute
 *   (GDPR Art. 21(3)); the ledger applies the same rule to every purpose, which is never less safe.
 * - After an objection, a `given` lifts it only when it is explicit new consent: the subject's own
 *   act through a subject channel (`form`, `mail`, `link`, see `OBJECTION_LIFTING_CHANNELS`) with
 *   evidence of that act. A `given` from `staff` or `api` (colleagues, imports, CRM syncs) is kept
 *   in the history but leaves the objection in force; the API refuses it up front
 *   (`assertChangeAllowed`).
 * - Changes at the same instant apply the most protective last (given, then withdrawn, then
 *   objected), so a tie never ends in consent.
 */

/** Purposes that rest on consent or that a subject may object to. Append new ones at the end. */
export const CONSENT_PURPOSES = [
  'newsletter',
  'event_invitations',
  'crm_contact_storage',
  'candidate_data_retention',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Purposes that are direct marketing: an objection to them must be honoured without exception. */
export const DIRECT_MARKETING_PURPOSES: readonly ConsentPurpose[] = ['newsletter', 'event_invitations'];

export const CONSENT_CHANGE_KINDS = ['given', 'withdrawn', 'objected'] as const;
export type ConsentChangeKind = (typeof CONSENT_CHANGE_KINDS)[number];

export const CONSENT_CHANNELS = ['form', 'mail', 'link', 'api', 'staff'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** Channels on which the subject acts in person: only these can carry consent that lifts an objection. */
export const OBJECTION_LIFTING_CHANNELS: readonly ConsentChannel[] = ['form', 'mail', 'link'];

export type ConsentStatus = 'given' | 'withdrawn' | 'objected' | 'none';

export interface ConsentChange {
  purpose: ConsentPurpose;
  kind: ConsentChangeKind;
  /** When the subject made the change (ISO 8601, UTC after validation). */
  at: string;
  channel: ConsentChannel;
  /** The consent text and version agreed to, e.g. `newsletter-sv-2026-01`; required for `given`. */
  textVersion?: string;
  /** The data subject request that carried the change, if any. */
  requestId?: string;
  /** What proves the change: form submission id, hash of a Message-ID, link token issue date, ... */
  evidence?: Record<string, string>;
  /** The same key twice records the change once (retries of one call). */
  idempotencyKey?: string;
}

export interface ConsentState {
  purpose: ConsentPurpose;
  status: ConsentStatus;
  /** When the current status began; absent while `none`. */
  since?: string;
  /** How many changes have been folded into this state; the store's optimistic-concurrency version. */
  version: number;
  /** The latest `at` among the folded changes. */
  lastChangeAt?: string;
  /** The consent text version agreed to, while consent is or was given. */
  textVersion?: string;
}

/** A change as the ledger keeps it. */
export interface RecordedConsentChange extends ConsentChange {
  /** When the ledger stored the change (server clock); `at` is when the subject made it. */
  recordedAt: string;
}

export interface ConsentRecordResult {
  /** The purpose's state after the change. */
  state: ConsentState;
  /** The change as stored; for a duplicate, the original one. */
  change: RecordedConsentChange;
  /** True when the idempotency key had been used before and nothing new was written. */
  duplicate: boolean;
}

/** The ledger port (ARCHITECTURE.md §3); `DynamoDbConsentStore` implements it. */
export interface ConsentLedger {
  record(subjectKey: string, change: ConsentChange): Promise<ConsentRecordResult>;
  current(subjectKey: string): Promise<Record<ConsentPurpose, ConsentState>>;
  history(subjectKey: string, purpose?: ConsentPurpose): Promise<RecordedConsentChange[]>;
}

/** The subject has objected and the change is not explicit new consent that could lift it. */
export class ObjectionInForceError extends ConflictError {
  override name = 'ObjectionInForceError';
  constructor(
    readonly purpose: ConsentPurpose,
    options?: ErrorOptions,
  ) {
    super(
      `the subject has objected to ${purpose}; only the subject's own new consent (channel ${OBJECTION_LIFTING_CHANNELS.join(', ')}, with evidence) can lift it`,
      options,
    );
  }
}

export function isConsentPurpose(value: unknown): value is ConsentPurpose {
  return typeof value === 'string' && (CONSENT_PURPOSES as readonly string[]).includes(value);
}

export function noConsentState(purpose: ConsentPurpose): ConsentState {
  return { purpose, status: 'none', version: 0 };
}

/** True only while consent is given: anything else means do not process for this purpose. */
export function isConsentInForce(state: ConsentState | undefined): boolean {
  return state?.status === 'given';
}

/** Whether a `given` change is explicit new consent from the subject (see the module rules). */
export function liftsObjection(change: ConsentChange): boolean {
  return (
    change.kind === 'given' &&
    OBJECTION_LIFTING_CHANNELS.includes(change.channel) &&
    change.evidence !== undefined &&
    Object.keys(change.evidence).length > 0
  );
}

function instant(iso: string): number {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new ValidationError('at is not an ISO date-time', { at: 'not a date-time' });
  return time;
}

function later(a: string | undefined, b: string): string {
  return a !== undefined && instant(a) > instant(b) ? a : b;
}

/** Refuses a `given` that would be recorded after an objection without lifting it. */
export function assertChangeAllowed(current: ConsentState | undefined, change: ConsentChange): void {
  if (
    current?.status === 'objected' &&
    change.kind === 'given' &&
    !liftsObjection(change) &&
    // A consent dated before the objection is history, not an attempt to override it.
    (current.since === undefined || instant(change.at) >= instant(current.since))
  ) {
    throw new ObjectionInForceError(change.purpose);
  }
}

/** The state after one more change. Total: every valid change is recorded, some have no effect. */
export function applyChange(current: ConsentState | undefined, change: ConsentChange): ConsentState {
  const before = current ?? noConsentState(change.purpose);
  if (before.purpose !== change.purpose) {
    throw new ValidationError(`a ${change.purpose} change cannot apply to ${before.purpose}`, {
      purpose: 'does not match the state',
    });
  }
  const next: ConsentState = {
    ...before,
    version: before.version + 1,
    lastChangeAt: later(before.lastChangeAt, change.at),
  };
  switch (change.kind) {
    case 'given': {
      if (before.status === 'objected' && !liftsObjection(change)) return next;
      const since = before.status === 'given' ? before.since : change.at;
      return { ...next, status: 'given', since, textVersion: change.textVersion ?? before.textVersion };
    }
    case 'withdrawn':
      if (before.status !== 'given') return next;
      return { ...next, status: 'withdrawn', since: change.at };
    case 'objected':
      if (before.status === 'objected') return next;
      return { ...next, status: 'objected', since: change.at };
  }
}

const PROTECTIVENESS: Record<ConsentChangeKind, number> = { given: 0, withdrawn: 1, objected: 2 };

/** Time order; at the same instant the more protective change comes later, so it wins. */
export function compareChanges(a: ConsentChange, b: ConsentChange): number {
  return instant(a.at) - instant(b.at) || PROTECTIVENESS[a.kind] - PROTECTIVENESS[b.kind];
}

/** The current state of one purpose from its whole history, in any order; undefined when empty. */
export function deriveState(history: readonly ConsentChange[]): ConsentState | undefined {
  const first = history[0];
  if (first === undefined) return undefined;
  const foreign = history.find((change) => change.purpose !== first.purpose);
  if (foreign) {
    throw new ValidationError(`history mixes ${first.purpose} and ${foreign.purpose}`, {
      purpose: 'one purpose per history',
    });
  }
  return [...history].sort(compareChanges).reduce<ConsentState | undefined>(applyChange, undefined);
}

// --- validation of API input -------------------------------------------------------------------

/** Subject keys are hex HMAC-SHA256 digests (subject-key.ts): this keeps raw addresses out of keys. */
const SUBJECT_KEY_PATTERN = /^[0-9a-f]{64}$/;

export function isSubjectKey(value: unknown): value is string {
  return typeof value === 'string' && SUBJECT_KEY_PATTERN.test(value);
}

export function assertSubjectKey(subjectKey: string): void {
  if (!isSubjectKey(subjectKey)) {
    throw new ValidationError('subjectKey must be the 64-character hex HMAC of the address', {
      subjectKey: 'not a subject key',
    });
  }
}

/** A clock skew allowance: a change dated later than this is refused, it would block later ones. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

function oneOf(values: readonly string[]) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? 'is required' : `must be one of: ${values.join(', ')}`,
  };
}

const shortText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

const MAX_EVIDENCE_ENTRIES = 20;

const consentChangeInputSchema = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES, oneOf(CONSENT_PURPOSES)),
    kind: z.enum(CONSENT_CHANGE_KINDS, oneOf(CONSENT_CHANGE_KINDS)),
    at: z.optional(
      z.iso.datetime({
        offset: true,
        error: 'must be an ISO 8601 date-time with a zone, e.g. 2026-05-04T09:30:00Z',
      }),
    ),
    channel: z.enum(CONSENT_CHANNELS, oneOf(CONSENT_CHANNELS)),
    textVersion: z.optional(shortText(100)),
    requestId: z.optional(shortText(100)),
    // A few short facts (form URL, IP, wording seen): bounded so a change always fits one item.
    evidence: z.optional(
      z.record(shortText(64), z.string().check(z.maxLength(2000))).check(
        z.refine((entries) => Object.keys(entries).length <= MAX_EVIDENCE_ENTRIES, {
          error: `at most ${MAX_EVIDENCE_ENTRIES} entries`,
        }),
      ),
    ),
    // Printable ASCII only: the key is hashed into a sort key and compared byte for byte.
    idempotencyKey: z.optional(shortText(200).check(z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII'))),
  })
  .check(
    z.superRefine((input, context) => {
      if (input.kind === 'given' && input.textVersion === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['textVersion'],
          message: 'is required when consent is given: the version of the consent text agreed to',
          input,
        });
      }
    }),
  );

/**
 * Validates a consent change from outside (API body, form, workflow). `at` defaults to now and is
 * normalised to UTC with milliseconds, so stored timestamps sort as text in time order.
 */
export function parseConsentChange(input: unknown, now: Date = new Date()): ConsentChange {
  const result = consentChangeInputSchema.safeParse(input);
  if (!result.success) {
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.length > 0 ? issue.path.join('.') : 'body';
      fields[path] ??= issue.message;
    }
    const summary = Object.entries(fields)
      .map(([path, message]) => `${path} ${message}`)
      .join('; ');
    throw new ValidationError(`invalid consent change: ${summary}`, fields, { cause: result.error });
  }
  const { at, ...rest } = result.data;
  const when = at === undefined ? now : new Date(at);
  if (when.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS) {
    throw new ValidationError('invalid consent change: at must not be in the future', {
      at: 'must not be in the future',
    });
  }
  const change: ConsentChange = { ...rest, at: when.toISOString() };
  return change;
}
