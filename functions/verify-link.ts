import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SfnTaskCompleter } from './adapters/sfn-task-completer';
import { verificationMailDeps } from './adapters/workflow-deps';
import { HTML_HEADERS, pageLanguage } from './core/html';
import {
  closedRequestPage,
  confirmPage,
  invalidLinkPage,
  newLinkPage,
  verifiedPage,
} from './core/verification-page';
import { closedLinkAnswer, confirmLink, requestNewLink } from './core/verify-identity';

type Result = APIGatewayProxyStructuredResultV2;

const html = (statusCode: number, body: string): Result => ({
  statusCode,
  headers: { ...HTML_HEADERS },
  body,
});

function formField(event: APIGatewayProxyEventV2, name: string): string {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  return new URLSearchParams(raw).get(name) ?? '';
}

/**
 * The verification link's routes: GET shows a confirm button (never confirms by itself), POST
 * confirms once, and POST …/new-link sends a fresh link without telling whether one was pending.
 */
export const handler = middy<APIGatewayProxyEventV2, Result>().handler(async (event) => {
  const requestId = event.pathParameters?.requestId ?? '';
  const language = pageLanguage(event.queryStringParameters?.lang, event.headers['accept-language']);
  const method = event.requestContext.http.method;
  // The link pages also complete the workflow's task; the mail step does not.
  const deps = { ...verificationMailDeps(), completer: new SfnTaskCompleter() };
  if (method === 'GET') {
    const secret = event.queryStringParameters?.k ?? '';
    if (secret && (await closedLinkAnswer(requestId, secret, deps)) === 'closed')
      return html(410, closedRequestPage(language));
    return secret
      ? html(200, confirmPage(language, requestId, secret))
      : html(400, invalidLinkPage(language, requestId));
  }
  if (event.rawPath.endsWith('/new-link')) {
    await requestNewLink(requestId, deps);
    return html(200, newLinkPage(language));
  }
  const outcome = await confirmLink(requestId, formField(event, 'k'), deps);
  if (outcome === 'closed') return html(410, closedRequestPage(language));
  return outcome === 'verified'
    ? html(200, verifiedPage(language))
    : html(403, invalidLinkPage(language, requestId));
});
