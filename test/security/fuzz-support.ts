import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import type { LocalStack } from '../../local/stack';

/**
 * Generated requests for every public route, shared by the fuzz tests (a short run in `npm test`)
 * and `bench/fuzz.ts` (a long run that also reports answer times). Each case is one HTTP request
 * to the local stack as a browser, a mail scanner or a script could send it.
 */
export interface FuzzCase {
  route: string;
  method: 'GET' | 'POST';
  /** The path and query exactly as sent, malformed escapes included. */
  target: string;
  headers: Record<string, string>;
  body?: string;
}

/** An answer slower than this is a hang, not a slow answer: generous for a loaded 2-core machine. */
export const ANSWER_BOUND_MS = 15_000;

/** Text from anywhere in Unicode, with the characters that break paths and parsers made likely. */
const text = (maxLength = 40) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({
      unit: fc.constantFrom(
        '%',
        '/',
        '\\',
        '.',
        '?',
        '#',
        '&',
        '=',
        '+',
        ';',
        '"',
        '<',
        '\0',
        'é',
        'ø',
        '😀',
      ),
      maxLength,
    }),
    fc.constantFrom(
      '',
      '%',
      '%zz',
      '%E0%A4%A',
      '%00',
      '..',
      '%2e%2e',
      '%252F',
      '<script>alert(1)</script>',
      '{{7*7}}',
    ),
  );

/** A path segment: well-formed request ids (that exist or not), raw text, or broken escapes. */
const segmentWith = (knownIds: readonly string[]) =>
  fc.oneof(
    ...(knownIds.length > 0 ? [fc.constantFrom(...knownIds)] : []),
    fc.stringMatching(/^PD-\d{8}-[2-9A-HJ-NP-Z]{6}$/),
    text().map((t) => encodeURIComponent(t)),
    text().map((t) => t.replaceAll('/', '%2F').replaceAll('?', '%3F').replaceAll('#', '%23')),
    fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%FF'),
  );

const query = fc.dictionary(fc.constantFrom('k', 't', 'lang', 'email', 'x'), text(60), { maxKeys: 3 });
const queryString = (q: Record<string, string>) => {
  const search = new URLSearchParams(q).toString();
  return search ? `?${search}` : '';
};

const contentType = fc.constantFrom(
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  '',
);

/** Bodies: JSON values of any shape, form fields, raw text, and sizes up to past the limits. */
const body = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc
    .dictionary(
      fc.constantFrom('email', 'relationship', 'types', 'text', 'name', 'website', 'k', 'lang'),
      text(80),
    )
    .map((d) => new URLSearchParams(d).toString()),
  fc
    .record({
      email: fc.oneof(fc.emailAddress(), text()),
      relationship: fc.constantFrom('customer', 'employee', 'self', 'other', ''),
      types: fc.array(fc.constantFrom('access', 'erasure', 'rectification', 'objection', 'nonsense'), {
        maxLength: 3,
      }),
      text: text(200),
      evidence: fc.dictionary(text(10), text(30), { maxKeys: 30 }),
      purpose: fc.constantFrom('newsletter', 'marketing', 'x'),
      kind: fc.constantFrom('given', 'withdrawn', 'objected'),
      channel: fc.constantFrom('web_form', 'api', ''),
    })
    .map((r) => JSON.stringify(r)),
  text(200),
  fc.integer({ min: 60_000, max: 200_000 }).map((n) => 'a'.repeat(n)),
);

const commonHeaders = fc.record(
  {
    'accept-language': text(20),
    'content-type': contentType,
    'x-api-key': fc.oneof(text(64), fc.constant('')),
    'idempotency-key': text(40),
    'x-privacy-desk-csrf': fc.constantFrom('1', '0'),
    authorization: fc.oneof(
      text(60).map((t) => `Bearer ${t}`),
      fc.constant('Bearer a.b.c'),
    ),
    cookie: text(60).map((t) => `pd_session=${t}`),
  },
  { requiredKeys: [] },
);

/** Header values must be ByteStrings without line breaks to be sent at all: keep what can be sent. */
function sendable(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .map(([name, value]) => [name, [...value].filter((c) => c >= ' ' && c <= '~').join('')] as const)
      .filter(([, value]) => value !== ''),
  );
}

const fuzzCase = (
  route: string,
  method: 'GET' | 'POST',
  path: fc.Arbitrary<string>,
  withBody = method === 'POST',
): fc.Arbitrary<FuzzCase> =>
  fc
    .record({
      path,
      q: query,
      headers: commonHeaders,
      body: withBody ? fc.option(body, { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ path: p, q, headers, body: b }) => ({
      route,
      method,
      target: `${p}${queryString(q)}`,
      headers: sendable(headers),
      ...(b !== undefined ? { body: b } : {}),
    }));

/** The public routes, and the staff API as someone who is not signed in; ids of real requests mixed in. */
export const routeCases = (knownIds: readonly string[] = []) => {
  const segment = segmentWith(knownIds);
  return {
    form: fc.oneof(
      fuzzCase('form', 'GET', fc.constant('/')),
      fuzzCase('form', 'POST', fc.constant('/requests')),
    ),
    verify: fc.oneof(
      fuzzCase(
        'verify',
        'GET',
        segment.map((s) => `/verify/${s}`),
      ),
      fuzzCase(
        'verify',
        'POST',
        segment.map((s) => `/verify/${s}`),
      ),
      fuzzCase(
        'verify',
        'POST',
        segment.map((s) => `/verify/${s}/new-link`),
      ),
    ),
    download: fc.oneof(
      fuzzCase(
        'download',
        'GET',
        segment.map((s) => `/download/${s}`),
      ),
      fuzzCase(
        'download',
        'GET',
        fc.tuple(segment, segment).map(([a, b]) => `/download/${a}/${b}`),
      ),
    ),
    unsubscribe: fc.oneof(
      fuzzCase('unsubscribe', 'GET', fc.constant('/unsubscribe')),
      fuzzCase('unsubscribe', 'POST', fc.constant('/unsubscribe')),
    ),
    consents: fc.oneof(
      fuzzCase('consents', 'GET', fc.constant('/consents')),
      fuzzCase('consents', 'POST', fc.constantFrom('/consents', '/consents/withdraw', '/consents/object')),
    ),
    staffApi: fc.oneof(
      fuzzCase('staffApi', 'GET', fc.constantFrom('/api/me', '/api/requests', '/api/dashboard')),
      fuzzCase(
        'staffApi',
        'GET',
        segment.map((s) => `/api/requests/${s}`),
      ),
      fuzzCase(
        'staffApi',
        'GET',
        segment.map((s) => `/api/requests/${s}/messages`),
      ),
      fuzzCase(
        'staffApi',
        'POST',
        fc.tuple(segment, segment).map(([a, b]) => `/api/requests/${a}/${b}`),
      ),
    ),
  } as const;
};

export type RouteName = keyof ReturnType<typeof routeCases>;
export const ROUTE_NAMES: readonly RouteName[] = [
  'form',
  'verify',
  'download',
  'unsubscribe',
  'consents',
  'staffApi',
];

export interface Answer {
  status: number;
  ms: number;
}

/** Sends one case; an answer that does not come within the bound fails as a hang. */
export async function send(stack: LocalStack, fuzz: FuzzCase): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${stack.urls.http}${fuzz.target}`, {
    method: fuzz.method,
    headers: fuzz.headers,
    ...(fuzz.body !== undefined ? { body: fuzz.body } : {}),
    signal: AbortSignal.timeout(ANSWER_BOUND_MS),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/**
 * Every item of both tables except rate-limit counters (they carry a TTL expiry): what an
 * unauthenticated caller must never add to.
 */
export async function lastingItems(stack: LocalStack): Promise<number> {
  let count = 0;
  for (const table of [stack.env.REQUESTS_TABLE, stack.env.CONSENTS_TABLE]) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: start, ProjectionExpression: 'pk' }),
      );
      count += (page.Items ?? []).filter((item) => !String(item.pk).startsWith('RATE#')).length;
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return count;
}

/**
 * The two open doors that may write: a form post the form accepted (it stores a request), and a
 * new link asked for a pending verification (it goes to the subject's own address only).
 */
export function mayWrite(fuzz: FuzzCase, answer: Answer): boolean {
  if (fuzz.method !== 'POST' || answer.status < 200 || answer.status >= 300) return false;
  if (fuzz.route === 'form') return true;
  return fuzz.route === 'verify' && fuzz.target.split('?')[0]?.endsWith('/new-link') === true;
}
