import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { functionConfig, required } from './adapters/config';
import {
  ConcurrentConsentUpdateError,
  DynamoDbConsentStore,
  IdempotencyKeyReusedError,
} from './adapters/dynamodb-consent-store';
import { type HttpEvent, httpHandler, type Problem, problemResult } from './adapters/http-edge';
import { jsonResult } from './adapters/json-result';
import { log } from './adapters/logger';
import { readSecret } from './adapters/secrets';
import {
  type ApiClient,
  authenticate,
  type ConsentApiDeps,
  changeConsent,
  parseApiKeyHashes,
  readConsents,
  UnauthorisedError,
} from './core/consents/consent-api';
import { type ConsentChangeKind, ObjectionInForceError } from './core/consents/consents';
import { inspectUnsubscribeToken, unsubscribe } from './core/consents/unsubscribe';
import { subjectKeyOf } from './core/request/subject-key';
import { HTML_HEADERS, pageLanguage } from './pages/html';
import { invalidUnsubscribePage, unsubscribeConfirmPage, unsubscribedPage } from './pages/unsubscribe-page';

type Event = HttpEvent;
type Result = APIGatewayProxyStructuredResultV2;

export const config = functionConfig({
  CONSENTS_TABLE: required(),
  CONSENT_API_KEYS_ARN: required(),
  SUBJECT_KEY_SECRET_ARN: required(),
  UNSUBSCRIBE_SECRETS_ARN: required(),
});

const html = (statusCode: number, body: string): Result => ({
  statusCode,
  headers: { ...HTML_HEADERS },
  body,
});

/** A consent change is a few hundred bytes; far larger bodies are refused before parsing. */
const MAX_BODY_BYTES = 32 * 1024;

async function secretList(arn: string): Promise<string[]> {
  return (await readSecret(arn))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function deps(): Promise<ConsentApiDeps> {
  const secret = await readSecret(config().SUBJECT_KEY_SECRET_ARN);
  return {
    ledger: new DynamoDbConsentStore(config().CONSENTS_TABLE),
    subjectKeyOf: (email) => subjectKeyOf(email, secret),
    now: () => new Date(),
  };
}

/** The system routes: API key first, then one core call; the edge answers the errors. */
async function api(event: Event, call: (client: ApiClient) => Promise<Result>): Promise<Result> {
  const keyHashes = parseApiKeyHashes(await readSecret(config().CONSENT_API_KEYS_ARN));
  const client = authenticate(event.headers['x-api-key'], keyHashes);
  const result = await call(client);
  log.info('consent api', { route: event.routeKey, client: client.id, status: result.statusCode });
  return result;
}

/** The consent API's own errors as problems (the edge maps validation and size alike for all). */
function consentProblem(error: unknown): Problem | undefined {
  if (error instanceof UnauthorisedError)
    return { status: 401, detail: 'a valid x-api-key header is required' };
  if (error instanceof ObjectionInForceError)
    return {
      status: 409,
      detail: error.message,
      errors: { purpose: 'the subject has objected to this purpose' },
    };
  if (error instanceof IdempotencyKeyReusedError)
    return {
      status: 422,
      detail: 'this Idempotency-Key was used for a different change',
      errors: { 'Idempotency-Key': 'reused for a different change' },
    };
  if (error instanceof ConcurrentConsentUpdateError)
    return {
      status: 503,
      detail: 'busy: retry with the same Idempotency-Key',
      headers: { 'retry-after': '1' },
    };
  return undefined;
}

const change = (kind: ConsentChangeKind) => (event: Event) =>
  api(event, async (client) => {
    // The core reads the change from the body's text (it names each invalid field itself).
    const result = await changeConsent(
      kind,
      typeof event.body === 'string' ? event.body : undefined,
      event.headers['idempotency-key'],
      client,
      await deps(),
    );
    return jsonResult(
      result.replayed ? 200 : 201,
      result,
      result.replayed ? { 'idempotent-replayed': 'true' } : {},
    );
  });

/** GET never changes anything (mail scanners follow links); POST acts, also as RFC 8058 one-click. */
async function unsubscribeRoute(event: Event): Promise<Result> {
  const language = pageLanguage(event.queryStringParameters.lang, event.headers['accept-language']);
  const token = event.queryStringParameters.t ?? '';
  const secrets = await secretList(config().UNSUBSCRIBE_SECRETS_ARN);
  if (event.requestContext.http.method === 'GET') {
    const link = inspectUnsubscribeToken(token, secrets);
    if (!link.ok) {
      log.info('unsubscribe link refused', { reason: link.reason });
      return html(400, invalidUnsubscribePage(language));
    }
    return html(200, unsubscribeConfirmPage(language, token, link.purpose, link.action));
  }
  const ledger = new DynamoDbConsentStore(config().CONSENTS_TABLE);
  const outcome = await unsubscribe(token, { ledger, secrets, now: () => new Date() });
  if (!outcome.ok) {
    log.info('unsubscribe link refused', { reason: outcome.reason });
    return html(400, invalidUnsubscribePage(language));
  }
  log.info('unsubscribed', { purpose: outcome.purpose, action: outcome.action, recorded: outcome.recorded });
  return html(200, unsubscribedPage(language, outcome.purpose, outcome.action));
}

const routes: Record<string, (event: Event) => Promise<Result>> = {
  'POST /consents': change('given'),
  'POST /consents/withdraw': change('withdrawn'),
  'POST /consents/object': change('objected'),
  'GET /consents': (event) =>
    api(event, async () => jsonResult(200, await readConsents(event.queryStringParameters, await deps()))),
  'GET /unsubscribe': unsubscribeRoute,
  'POST /unsubscribe': unsubscribeRoute,
};

/** Consent API for systems (API key) and the one-click unsubscribe link for people. */
export const handler = httpHandler(
  { name: 'consent api', maxBodyBytes: MAX_BODY_BYTES, ownErrors: consentProblem },
  async (event) => {
    const route = routes[event.routeKey];
    if (!route) return problemResult({ status: 404, detail: 'not found' });
    return route(event);
  },
);
