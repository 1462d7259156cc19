import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { ConfigurationError, ValidationError } from '../errors';
import {
  CONSENT_PURPOSES,
  type ConsentChangeKind,
  type ConsentLedger,
  type ConsentPurpose,
  type ConsentState,
  parseConsentChange,
  type RecordedConsentChange,
} from './consents';

/**
 * The consent API for the company's systems (sign-up forms, CRM, mailing tools): record consent,
 * withdraw, object, and read a subject's state and history. The subject arrives as an e-mail
 * address and leaves this module as a subject key only; responses never echo the address.
 */

export interface ConsentApiDeps {
  ledger: ConsentLedger;
  /** Address → subject key (HMAC with the deployment's secret). */
  subjectKeyOf: (email: string) => string;
  now: () => Date;
}

/** An API client, identified by a prefix of its key's hash: safe to log and to store. */
export interface ApiClient {
  id: string;
}

export class UnauthorisedError extends Error {
  override name = 'UnauthorisedError';
}

// --- API keys --------------------------------------------------------------------------------

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Parses the `ConsentApiKeys` secret: comma-separated SHA-256 hex hashes of the accepted keys. */
export function parseApiKeyHashes(value: string | undefined): readonly string[] {
  const hashes = (value ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  if (hashes.length === 0) throw new ConfigurationError('the consent API keys secret holds no key hash');
  if (!hashes.every((hash) => SHA256_HEX.test(hash))) {
    throw new ConfigurationError(
      'the consent API keys secret must hold comma-separated SHA-256 hex hashes of the keys',
    );
  }
  return hashes;
}

const MAX_KEY_LENGTH = 512;

/**
 * Checks the `x-api-key` header against the accepted hashes. Hashing first gives inputs of one
 * length, and every hash is compared, so the time taken says nothing about which one matched.
 */
export function authenticate(presented: string | undefined, acceptedHashes: readonly string[]): ApiClient {
  if (presented === undefined || presented === '' || presented.length > MAX_KEY_LENGTH) {
    throw new UnauthorisedError('missing or malformed API key');
  }
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let match: string | undefined;
  for (const hash of acceptedHashes) {
    if (timingSafeEqual(digest, Buffer.from(hash, 'hex')) && match === undefined) match = hash;
  }
  if (match === undefined) throw new UnauthorisedError('unknown API key');
  return { id: match.slice(0, 12) };
}

// --- requests ----------------------------------------------------------------------------------

/** `Idempotency-Key` (IETF httpapi draft): required on every write, scoped to the API client. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

const emailSchema = z
  .string()
  .check(z.trim(), z.maxLength(320), z.email({ error: 'must be an e-mail address' }));

function emailOf(value: unknown, errors: Record<string, string>): string | undefined {
  if (value === undefined) {
    errors.email = 'is required';
    return undefined;
  }
  const parsed = z.safeParse(emailSchema, value);
  if (!parsed.success) {
    errors.email = parsed.error.issues[0]?.message ?? 'must be an e-mail address';
    return undefined;
  }
  return parsed.data;
}

function parseJsonObject(body: string | undefined): Record<string, unknown> {
  let value: unknown;
  try {
    value = body === undefined || body === '' ? undefined : JSON.parse(body);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('the body must be a JSON object', { body: 'must be a JSON object' });
  }
  return value as Record<string, unknown>;
}

/** What the API shows of a change: no idempotency key (another client's business). */
export type PublicConsentChange = Omit<RecordedConsentChange, 'idempotencyKey'>;

function publicChange(change: RecordedConsentChange): PublicConsentChange {
  const { idempotencyKey: _key, ...rest } = change;
  return rest;
}

export interface ConsentChangeResponse {
  state: ConsentState;
  change: PublicConsentChange;
  /** True when the `Idempotency-Key` was seen before: nothing new was written. */
  replayed: boolean;
}

/**
 * `POST /consents` (given), `/consents/withdraw`, `/consents/object`. The body holds `email` and
 * the change (purpose, channel, textVersion, evidence, at); `kind` comes from the route. Throws
 * `ValidationError` with every bad field, `ObjectionInForceError` (409 at the edge) and the
 * ledger's idempotency errors.
 */
export async function changeConsent(
  kind: ConsentChangeKind,
  body: string | undefined,
  idempotencyKeyHeader: string | undefined,
  client: ApiClient,
  deps: ConsentApiDeps,
): Promise<ConsentChangeResponse> {
  const input = parseJsonObject(body);
  const errors: Record<string, string> = {};
  if (idempotencyKeyHeader === undefined || idempotencyKeyHeader === '') {
    errors['Idempotency-Key'] = 'header is required: a unique key per change, reused only for retries';
  } else if (!IDEMPOTENCY_KEY.test(idempotencyKeyHeader)) {
    errors['Idempotency-Key'] = 'must be 1 to 128 printable ASCII characters';
  }
  const email = emailOf(input.email, errors);
  if ('kind' in input) errors.kind = 'is set by the route (/consents, /consents/withdraw, /consents/object)';
  if ('idempotencyKey' in input) errors.idempotencyKey = 'goes in the Idempotency-Key header';
  if ('requestId' in input) errors.requestId = 'is set only by the request workflow';

  const { email: _email, ...rest } = input;
  let change: ReturnType<typeof parseConsentChange> | undefined;
  try {
    change = parseConsentChange(
      {
        channel: 'api',
        ...rest,
        kind,
        idempotencyKey: `api:${client.id}:${idempotencyKeyHeader ?? ''}`,
        requestId: undefined,
      },
      deps.now(),
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const [field, message] of Object.entries(error.fields)) {
      if (field !== 'idempotencyKey' && field !== 'kind') errors[field] ??= message;
    }
  }
  if (Object.keys(errors).length > 0 || change === undefined || email === undefined) {
    throw new ValidationError(`invalid consent change: ${Object.keys(errors).join(', ')}`, errors);
  }
  const result = await deps.ledger.record(deps.subjectKeyOf(email), change);
  return { state: result.state, change: publicChange(result.change), replayed: result.duplicate };
}

export interface ConsentReadResponse {
  /** Every known purpose (or the one asked for), `none` where nothing was ever recorded. */
  states: ConsentState[];
  /** Every recorded change, oldest first. */
  history: PublicConsentChange[];
}

/** `GET /consents?email=…[&purpose=…]`: current state and history of one subject. */
export async function readConsents(
  query: Record<string, string | undefined>,
  deps: ConsentApiDeps,
): Promise<ConsentReadResponse> {
  const errors: Record<string, string> = {};
  const email = emailOf(query.email, errors);
  let purpose: ConsentPurpose | undefined;
  if (query.purpose !== undefined) {
    if ((CONSENT_PURPOSES as readonly string[]).includes(query.purpose))
      purpose = query.purpose as ConsentPurpose;
    else errors.purpose = `must be one of: ${CONSENT_PURPOSES.join(', ')}`;
  }
  if (email === undefined || Object.keys(errors).length > 0) {
    throw new ValidationError(`invalid query: ${Object.keys(errors).join(', ')}`, errors);
  }
  const subjectKey = deps.subjectKeyOf(email);
  const [current, history] = await Promise.all([
    deps.ledger.current(subjectKey),
    deps.ledger.history(subjectKey, purpose),
  ]);
  const states = Object.values(current).filter((state) => purpose === undefined || state.purpose === purpose);
  return { states, history: history.map(publicChange) };
}
