import * as z from 'zod/mini';
import { CONSENT_PURPOSES } from './consents/consents';
import type { ReplyLanguage } from './request/request';

/**
 * The data map (ARCHITECTURE.md §7): every system that holds personal data, the Art. 13/15 facts about
 * it, how to find one subject in it (connector) and what erasure means there (policy).
 *
 * Physical resource names never appear here. A connector names a *logical* resource
 * (`table: 'crm'`, `bucket: 'web-logs'`, `authHeaderSecret: 'newsletter-api'`) and the
 * deployment resolves it (CDK sets the physical names as env, the local stack uses its own), so
 * one map serves every environment and stays reviewable by privacy staff.
 */

export const LANGUAGES = ['sv', 'nb', 'en'] as const satisfies readonly ReplyLanguage[];

/** GDPR Art. 6(1)(a)–(f). */
export const LAWFUL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;

export const IDENTIFIER_KINDS = ['email', 'phone', 'name', 'ip'] as const;

// Plain strings keep messages readable when a map is rejected.
const nonEmpty = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const logicalName = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be a logical name in lowercase kebab-case, e.g. "web-logs"'));
const fieldName = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/,
      'must be a field name or dotted path, e.g. "email" or "contact.email"',
    ),
  );
const fieldList = z.array(fieldName).check(z.minLength(1, 'must list at least one field'));
const calendarDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD'));
const positiveInt = z.int().check(z.positive('must be a whole number above 0'));

const localised = z.strictObject({ sv: nonEmpty, nb: nonEmpty, en: nonEmpty });

/** Rules that give a calendar date for a record: used for legal holds and retention sweeps. */
const datedRule = z.discriminatedUnion('kind', [
  // Bokföringslagen 7 kap. 2 §: through the `years`th calendar year after the one in which the
  // fiscal year containing the record ended.
  z.strictObject({
    kind: z.literal('end_of_year_after_fiscal_year'),
    years: positiveInt,
    /** 1 = January (fiscal year = calendar year, the default). */
    fiscalYearStartMonth: z.optional(z.int().check(z.gte(1), z.lte(12))),
  }),
  z.strictObject({ kind: z.literal('months_after'), months: positiveInt, from: z.literal('record_date') }),
  // A fixed end, e.g. a litigation hold until a court date.
  z.strictObject({ kind: z.literal('until_date'), date: calendarDate }),
]);

const retentionRule = z.union([datedRule, z.strictObject({ kind: z.literal('until_consent_withdrawn') })]);

/** Art. 22(2): the only grounds on which a decision may rest solely on automated processing. */
export const AUTOMATED_DECISION_EXCEPTIONS = ['contract', 'law', 'explicit_consent'] as const;

/**
 * Art. 13(2)(f), 14(2)(g), 15(1)(h): whether a purpose profiles the subject or decides about them by
 * automated means, and if so the logic involved and what it means for them. Every purpose says so,
 * `none` included, so the access package can state it instead of leaving it to be guessed.
 */
const automatedDecisions = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  // Profiling (Art. 4(4)) with no decision of legal or similarly significant effect.
  z.strictObject({ kind: z.literal('profiling'), logic: localised, consequences: localised }),
  // A decision based solely on automated processing (Art. 22(1)).
  z.strictObject({
    kind: z.literal('automated_decision'),
    exception: z.enum(AUTOMATED_DECISION_EXCEPTIONS),
    logic: localised,
    consequences: localised,
    /** Art. 22(3): at least human intervention, a way to state one's view and to contest the decision. */
    safeguards: localised,
  }),
]);

const purpose = z.strictObject({
  id: logicalName,
  description: localised,
  /** When the store has several bases: the one this purpose rests on. */
  lawfulBasis: z.optional(z.enum(LAWFUL_BASES)),
  automatedDecisions,
});

/**
 * Art. 19: how a recipient hears of a rectification, erasure or restriction of data it received.
 * Absent, staff get a task to tell it. `none` says why no notice is needed, e.g. a processor that
 * runs the very system the change is made in.
 */
const recipientNotice = z.discriminatedUnion('by', [
  z.strictObject({
    by: z.literal('mail'),
    address: z.email({ error: 'must be an e-mail address' }),
    /** The notice's language; English when absent. */
    language: z.optional(z.enum(LANGUAGES)),
  }),
  z.strictObject({ by: z.literal('staff'), instructions: z.optional(nonEmpty) }),
  z.strictObject({ by: z.literal('none'), reason: nonEmpty }),
]);

const recipient = z.strictObject({
  name: nonEmpty,
  description: localised,
  /** Art. 15(2): transfers outside the EU/EEA and their safeguard. */
  thirdCountryTransfer: z.optional(z.strictObject({ country: nonEmpty, safeguard: localised })),
  notify: z.optional(recipientNotice),
});

const identifiers = z.strictObject({
  email: z.optional(fieldList),
  phone: z.optional(fieldList),
  name: z.optional(fieldList),
  ip: z.optional(fieldList),
});

const dynamodbConnector = z.strictObject({
  type: z.literal('dynamodb'),
  table: logicalName,
  /** A GSI keyed by the subject, so a lookup costs the same whatever the table's size. */
  indexName: nonEmpty,
  keyAttribute: fieldName,
  /** What the index key holds: the address trimmed and in lower case. */
  keyFormat: z.optional(z.literal('normalised_email')),
  /** The table's primary key; a record id is the partition value, then `|` and the sort value. */
  primaryKey: z.strictObject({ partition: fieldName, sort: z.optional(fieldName) }),
});

const s3JsonlConnector = z.strictObject({
  type: z.literal('s3-jsonl'),
  bucket: logicalName,
  prefix: z.string(),
  /** Fields compared with the subject's identifiers. */
  matchFields: fieldList,
  /**
   * Per-subject index objects (`<indexPrefix><subjectKey>.json`, listing the object keys that
   * mention the subject), so a lookup reads only those objects. Without it the connector scans
   * `prefix`, which is only acceptable for small stores.
   */
  indexPrefix: z.optional(z.string()),
  /** When absent a record id is `<object key>#<line number>`. */
  recordIdField: z.optional(fieldName),
  /**
   * The bucket keeps object versions: an erasure then also deletes the old versions (and delete
   * markers) of every object it rewrites or deletes, so no earlier version still holds the lines.
   */
  versioned: z.optional(z.boolean()),
});

const httpConnector = z.strictObject({
  type: z.literal('http'),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  /** `{email}` is replaced with the URL-encoded normalised address. */
  searchPath: z
    .string()
    .check(z.startsWith('/', 'must start with "/"'), z.includes('{email}', 'must contain "{email}"')),
  /** `{id}` is replaced with the URL-encoded record id. */
  deletePath: z
    .string()
    .check(z.startsWith('/', 'must start with "/"'), z.includes('{id}', 'must contain "{id}"')),
  /** Logical name of the secret that holds the auth header's value. */
  authHeaderSecret: logicalName,
  /** `Authorization` when absent. */
  authHeaderName: z.optional(nonEmpty),
  /** The field of a search result that identifies it; `id` when absent. */
  recordIdField: z.optional(fieldName),
});

const manualConnector = z.strictObject({
  type: z.literal('manual'),
  /** For privacy staff: where to look and how to confirm what was found or erased. */
  instructions: nonEmpty,
});

const connector = z.discriminatedUnion('type', [
  dynamodbConnector,
  s3JsonlConnector,
  httpConnector,
  manualConnector,
]);

const legalHold = z.strictObject(
  {
    name: nonEmpty,
    /** The provision, e.g. `7 kap. 2 §`. */
    reference: nonEmpty,
    until: datedRule,
    /** Why the data is kept, in words for the subject's reply. */
    explanation: z.optional(localised),
  },
  { error: (issue) => (issue.input === undefined ? 'required when policy is "retain"' : undefined) },
);

const erasure = z.discriminatedUnion('policy', [
  z.strictObject({ policy: z.literal('delete') }),
  z.strictObject({
    policy: z.literal('anonymise'),
    fields: z
      .array(fieldName, {
        error: (issue) => (issue.input === undefined ? 'required when policy is "anonymise"' : undefined),
      })
      .check(z.minLength(1, 'must list at least one field')),
  }),
  z.strictObject({
    policy: z.literal('retain'),
    legalHold,
    /** Fields the hold does not need: anonymised now, the rest kept (a partially retained record). */
    anonymiseFields: z.optional(fieldList),
  }),
]);

/** A purpose in the consent ledger (consents.ts) that this store's data depends on. */
const consentPurpose = z.strictObject({
  id: z.enum(CONSENT_PURPOSES),
  description: localised,
});

const store = z
  .strictObject({
    id: logicalName,
    /** For staff and logs. */
    name: nonEmpty,
    /** For the subject (access package, replies); `name` when absent. */
    publicName: z.optional(localised),
    /** The accountable team or role (not a person, who may leave). */
    owner: nonEmpty,
    purposes: z.array(purpose).check(z.minLength(1, 'must list at least one purpose')),
    dataCategories: z
      .array(z.strictObject({ id: logicalName, label: localised }))
      .check(z.minLength(1, 'must list at least one data category')),
    lawfulBasis: z.array(z.enum(LAWFUL_BASES)).check(z.minLength(1, 'must name at least one lawful basis')),
    /** Art. 13(1)(d): the interest pursued, required with `legitimate_interests`. */
    legitimateInterest: z.optional(localised),
    recipients: z.array(recipient),
    source: z.strictObject({
      kind: z.enum(['data_subject', 'third_party', 'observed']),
      description: localised,
    }),
    retention: z.strictObject({ description: localised, rule: retentionRule }),
    identifiers,
    /** The field holding each record's date, which date-based rules count from. */
    recordDateField: z.optional(fieldName),
    /**
     * The field holding the date a record was booked in the accounts (e.g. a payment's booking
     * date), when that may fall in a later financial year than the record date. A Bokföringslagen
     * hold counts from the later financial year of the two (7 kap. 2 §).
     */
    bookingDateField: z.optional(fieldName),
    connector,
    erasure,
    /** Ledger purposes (consent or objection) whose state decides whether this store may hold the data. */
    consentPurposes: z.optional(z.array(consentPurpose)),
    /**
     * Art. 15(4): the store's records may name other people (meeting notes, documents), so an access
     * package that includes them waits for staff to check it. The text tells staff what to look for.
     */
    reviewBeforeRelease: z.optional(nonEmpty),
  })
  .check(
    z.superRefine((s, ctx) =>
      checkStore(s, (path, message) => ctx.addIssue({ code: 'custom', path, message })),
    ),
  );

const dataMapSchema = z.strictObject({
  version: z.literal(1),
  controller: z.strictObject({
    name: nonEmpty,
    email: z.email({ error: 'must be an e-mail address' }),
    dpoEmail: z.optional(z.email({ error: 'must be an e-mail address' })),
  }),
  stores: z.array(store).check(z.minLength(1, 'must list at least one store')),
});

export type Language = (typeof LANGUAGES)[number];
export type Localised = z.infer<typeof localised>;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];
export type DatedRule = z.infer<typeof datedRule>;
export type RetentionRule = z.infer<typeof retentionRule>;
export type Purpose = z.infer<typeof purpose>;
export type AutomatedDecisions = z.infer<typeof automatedDecisions>;
export type Recipient = z.infer<typeof recipient>;
export type RecipientNotice = z.infer<typeof recipientNotice>;
export type Identifiers = z.infer<typeof identifiers>;
export type DynamodbConnector = z.infer<typeof dynamodbConnector>;
export type S3JsonlConnector = z.infer<typeof s3JsonlConnector>;
export type HttpConnector = z.infer<typeof httpConnector>;
export type ManualConnector = z.infer<typeof manualConnector>;
export type Connector = z.infer<typeof connector>;
export type ConnectorType = Connector['type'];
export type LegalHold = z.infer<typeof legalHold>;
export type ErasurePolicy = z.infer<typeof erasure>;
export type StoreConsentPurpose = z.infer<typeof consentPurpose>;
export type DataStore = z.infer<typeof store>;
export type DataMap = z.infer<typeof dataMapSchema>;

export interface DataMapProblem {
  /** Where, e.g. `stores[2].erasure.legalHold`. */
  path: string;
  message: string;
}

export class DataMapError extends Error {
  override name = 'DataMapError';
  constructor(
    readonly problems: DataMapProblem[],
    options?: ErrorOptions,
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `The data map is invalid (${count}):\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
      options,
    );
  }
}

/** Validates a data map and returns it typed, or throws a DataMapError listing every problem. */
export function parseDataMap(input: unknown): DataMap {
  const result = dataMapSchema.safeParse(input);
  const problems: DataMapProblem[] = result.success
    ? []
    : result.error.issues.flatMap((issue) => describeIssue(issue, input));
  // Duplicate ids are checked on the raw input so they are reported even when a store is broken.
  problems.push(...duplicateStoreIds(input));
  if (problems.length > 0 || !result.success) throw new DataMapError(dedupe(problems));
  return result.data;
}

/** The store with this id, or undefined. */
export function findStore(map: DataMap, storeId: string): DataStore | undefined {
  return map.stores.find((s) => s.id === storeId);
}

/** Whether a rule counts from each record's own date (so the store must say which field holds it). */
export function countsFromRecordDate(rule: RetentionRule): boolean {
  return rule.kind === 'end_of_year_after_fiscal_year' || rule.kind === 'months_after';
}

type Report = (path: PropertyKey[], message: string) => void;

/** Rules that span several fields of one store. */
function checkStore(s: z.infer<typeof store>, report: Report): void {
  const seenPurposes = new Set<string>();
  s.purposes.forEach((p, i) => {
    if (seenPurposes.has(p.id)) report(['purposes', i, 'id'], `duplicate purpose id "${p.id}"`);
    seenPurposes.add(p.id);
    if (p.lawfulBasis && !s.lawfulBasis.includes(p.lawfulBasis)) {
      report(['purposes', i, 'lawfulBasis'], `"${p.lawfulBasis}" is not among the store's lawfulBasis`);
    }
    const decisions = p.automatedDecisions;
    if (decisions.kind === 'automated_decision' && decisions.exception === 'explicit_consent') {
      if (!(p.lawfulBasis ? p.lawfulBasis === 'consent' : s.lawfulBasis.includes('consent'))) {
        report(
          ['purposes', i, 'automatedDecisions', 'exception'],
          'explicit_consent needs consent as the lawful basis',
        );
      }
    }
  });
  if (s.lawfulBasis.length > 1) {
    s.purposes.forEach((p, i) => {
      if (!p.lawfulBasis) {
        report(['purposes', i, 'lawfulBasis'], 'required when the store has more than one lawful basis');
      }
    });
  }
  if (s.lawfulBasis.includes('legitimate_interests') && !s.legitimateInterest) {
    report(['legitimateInterest'], 'required when lawfulBasis includes "legitimate_interests"');
  }
  if (s.lawfulBasis.includes('consent') && !s.consentPurposes?.length) {
    report(['consentPurposes'], 'required when lawfulBasis includes "consent"');
  }
  if (!IDENTIFIER_KINDS.some((kind) => s.identifiers[kind]?.length)) {
    report(['identifiers'], `must name the fields of at least one of ${IDENTIFIER_KINDS.join(', ')}`);
  }
  if (countsFromRecordDate(s.retention.rule) && !s.recordDateField) {
    report(['recordDateField'], 'required when retention.rule counts from the record date');
  }
  if (
    s.erasure.policy === 'retain' &&
    countsFromRecordDate(s.erasure.legalHold.until) &&
    !s.recordDateField
  ) {
    report(['recordDateField'], 'required when erasure.legalHold.until counts from the record date');
  }
  if (
    s.bookingDateField &&
    !(s.erasure.policy === 'retain' && s.erasure.legalHold.until.kind === 'end_of_year_after_fiscal_year')
  ) {
    report(
      ['bookingDateField'],
      'used only by an erasure.legalHold.until of kind "end_of_year_after_fiscal_year"',
    );
  }
  if (s.erasure.policy === 'anonymise') {
    // Anonymising while an identifier survives leaves the subject identifiable.
    const anonymised = new Set(s.erasure.fields);
    for (const kind of ['email', 'phone', 'name'] as const) {
      for (const field of s.identifiers[kind] ?? []) {
        if (!anonymised.has(field)) {
          report(['erasure', 'fields'], `must include identifier field "${field}" (${kind})`);
        }
      }
    }
  }
  if (s.connector.type === 's3-jsonl') {
    const identifierFields = new Set(IDENTIFIER_KINDS.flatMap((kind) => s.identifiers[kind] ?? []));
    s.connector.matchFields.forEach((field, i) => {
      if (!identifierFields.has(field)) {
        report(['connector', 'matchFields', i], `"${field}" is not listed in identifiers`);
      }
    });
  }
  const seenConsents = new Set<string>();
  s.consentPurposes?.forEach((c, i) => {
    if (seenConsents.has(c.id))
      report(['consentPurposes', i, 'id'], `duplicate consent purpose id "${c.id}"`);
    seenConsents.add(c.id);
  });
}

function duplicateStoreIds(input: unknown): DataMapProblem[] {
  if (!isRecord(input) || !Array.isArray(input.stores)) return [];
  const firstIndex = new Map<string, number>();
  const problems: DataMapProblem[] = [];
  input.stores.forEach((s: unknown, i: number) => {
    if (!isRecord(s) || typeof s.id !== 'string') return;
    const first = firstIndex.get(s.id);
    if (first === undefined) firstIndex.set(s.id, i);
    else
      problems.push({
        path: `stores[${i}].id`,
        message: `duplicate store id "${s.id}" (also stores[${first}])`,
      });
  });
  return problems;
}

// zod/mini ships without message locales, so messages are written here from each issue's data.
type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, input: unknown): DataMapProblem[] {
  const path = formatPath(issue.path);
  const value = valueAt(input, issue.path);
  const custom = issue.message && issue.message !== 'Invalid input' ? issue.message : undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: 'unknown field (check the spelling)',
      }));
    case 'invalid_type':
      if (custom) return [{ path, message: custom }];
      if (value === undefined) return [{ path, message: 'required' }];
      return [{ path, message: `must be ${article(issue.expected)}, not ${describeValue(value)}` }];
    case 'invalid_value':
      return [{ path, message: custom ?? `${oneOf(issue.values)}, not ${describeValue(value)}` }];
    case 'invalid_union': {
      // A discriminated union reports the allowed discriminator values as `options`.
      const options = (issue as { options?: unknown }).options;
      if ('discriminator' in issue && Array.isArray(options)) {
        return [
          {
            path,
            message:
              value === undefined
                ? `required: ${oneOf(options)}`
                : `${oneOf(options)}, not ${describeValue(value)}`,
          },
        ];
      }
      return [{ path, message: custom ?? 'matches none of the allowed shapes' }];
    }
    case 'too_small':
      return [{ path, message: custom ?? `must be at least ${String(issue.minimum)}` }];
    case 'too_big':
      return [{ path, message: custom ?? `must be at most ${String(issue.maximum)}` }];
    default:
      return [{ path, message: custom ?? 'is not valid' }];
  }
}

function oneOf(values: readonly unknown[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length === 1 ? `must be ${quoted[0]}` : `must be one of ${quoted.join(', ')}`;
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** `['stores', 2, 'erasure']` → `stores[2].erasure`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the data map)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dedupe(problems: DataMapProblem[]): DataMapProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
