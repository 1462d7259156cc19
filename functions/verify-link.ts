import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { functionConfig, required } from './adapters/config';
import { DynamoDbRateLimiter } from './adapters/dynamodb-rate-limiter';
import { type HttpEvent, httpHandler, PayloadTooLargeError } from './adapters/http-edge';
import { log } from './adapters/logger';
import { readSecret } from './adapters/secrets';
import { SfnTaskCompleter } from './adapters/sfn-task-completer';
import { verificationMailDeps } from './adapters/workflow-deps';
import { isRequestId } from './core/request/request-id';
import { ipKeyOf } from './core/request/source-key';
import { closedLinkAnswer, confirmLink, requestNewLink } from './core/verification/verify-identity';
import { HTML_HEADERS, pageLanguage } from './pages/html';
import {
  closedRequestPage,
  confirmPage,
  invalidLinkPage,
  newLinkPage,
  rateLimitedPage,
  unknownLinkPage,
  verifiedPage,
} from './pages/verification-page';

type Result = APIGatewayProxyStructuredResultV2;

const html = (statusCode: number, body: string, headers: Record<string, string> = {}): Result => ({
  statusCode,
  headers: { ...HTML_HEADERS, ...headers },
  body,
});

export const config = functionConfig({
  MAILBOX_ADDRESS: required(),
  PUBLIC_BASE_URL: required(),
  REQUESTS_TABLE: required(),
  SUBJECT_KEY_SECRET_ARN: required(),
});

/** The confirm form posts one field: the link secret (43 characters). */
const MAX_BODY_BYTES = 4096;

const languageOf = (event: HttpEvent) =>
  pageLanguage(event.queryStringParameters.lang, event.headers['accept-language']);

/**
 * The verification link's routes: GET shows a confirm button (never confirms by itself), POST
 * confirms once, and POST …/new-link sends a fresh link without telling whether one was pending.
 * Only a well-formed id of a request that exists is shown or acted on; anything else is a 404
 * that repeats nothing from the address and writes nothing.
 */
export const handler = httpHandler(
  {
    name: 'verification link',
    maxBodyBytes: MAX_BODY_BYTES,
    parseBody: 'form',
    // A page answers a body too large or not a form, as any other link that cannot be confirmed.
    errorPage: (error, event) => {
      const status =
        error instanceof PayloadTooLargeError ? 413 : (error as { statusCode?: number }).statusCode;
      return status === 413 || status === 415
        ? html(status, invalidLinkPage(languageOf(event), event.pathParameters.requestId ?? ''))
        : undefined;
    },
  },
  async (event) => {
    const requestId = event.pathParameters.requestId ?? '';
    const language = languageOf(event);
    const method = event.requestContext.http.method;
    // The link pages also complete the workflow's task; the mail step does not.
    const env = config();
    const deps = {
      ...verificationMailDeps(env),
      completer: new SfnTaskCompleter(),
      rateLimiter: new DynamoDbRateLimiter(env.REQUESTS_TABLE),
    };
    if (!isRequestId(requestId) || !(await deps.requests.getRequest(requestId))) {
      return html(404, unknownLinkPage(language));
    }
    if (method === 'GET') {
      const secret = event.queryStringParameters.k ?? '';
      if (secret && (await closedLinkAnswer(requestId, secret, deps)) === 'closed')
        return html(410, closedRequestPage(language));
      return secret
        ? html(200, confirmPage(language, requestId, secret))
        : html(400, invalidLinkPage(language, requestId));
    }
    const attempt = {
      requestId,
      sourceKey: ipKeyOf(event.requestContext.http.sourceIp, await readSecret(env.SUBJECT_KEY_SECRET_ARN)),
    };
    const limited = () => html(429, rateLimitedPage(language), { 'retry-after': '3600' });
    if (event.rawPath.endsWith('/new-link')) {
      if ((await requestNewLink(attempt, deps)) === 'rate_limited') return limited();
      return html(200, newLinkPage(language));
    }
    const outcome = await confirmLink(attempt, linkSecretOf(event.body), deps);
    log.info('verification link answered', { requestId, outcome });
    if (outcome === 'rate_limited') return limited();
    if (outcome === 'closed') return html(410, closedRequestPage(language));
    return outcome === 'verified'
      ? html(200, verifiedPage(language))
      : html(403, invalidLinkPage(language, requestId));
  },
);

/** The confirm form's one field, `k`, from the parsed form (anything else confirms nothing). */
function linkSecretOf(body: unknown): string {
  const secret = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).k : undefined;
  return typeof secret === 'string' ? secret : '';
}
