import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DEMO_DATA_MAP } from '../config/datamap';
import { COMPANY_DAYS_OFF } from '../config/days-off';
import { INTAKE_MAIL_TEMPLATES } from '../config/templates';
import { functionConfig, numberOr, required } from './adapters/config';
import { DynamoDbIncidentStore } from './adapters/dynamodb-incident-store';
import { DynamoDbRateLimiter } from './adapters/dynamodb-rate-limiter';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { type HttpEvent, problemResult } from './adapters/http-edge';
import { jsonResult } from './adapters/json-result';
import { log } from './adapters/logger';
import { readSecret } from './adapters/secrets';
import { SesMailer } from './adapters/ses-mailer';
import { SfnWorkflowStarter } from './adapters/sfn-workflow-starter';
import { DEFAULT_FORM_LIMITS, type FormOutcome, formValues, submitForm } from './core/intake/form-intake';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';
import type { ReplyLanguage } from './core/request/request';
import { DEFAULT_RETENTION_DAYS_AFTER_CLOSE } from './core/retention/retention';
import { type FormPrivacyFacts, renderFormPage, renderReceivedPage } from './pages/form-page';
import { FORM_TEXT, formErrorMessages, pickFormLanguage } from './pages/form-text';
import { HTML_HEADERS } from './pages/html';

/** The web form's routes: `GET /` (the page) and `POST /requests` (its post, or JSON). */
type Result = APIGatewayProxyStructuredResultV2;
export type Route = (event: HttpEvent) => Promise<Result>;

/** The HTTP API function's configuration (its handler, http-api.ts, routes here). */
export const config = functionConfig({
  MAILBOX_ADDRESS: required(),
  REQUESTS_TABLE: required(),
  STATE_MACHINE_ARN: required(),
  SUBJECT_KEY_SECRET_ARN: required(),
  /** Tuning the deploy leaves unset: the form's rate limits. */
  FORM_LIMIT_PER_ADDRESS: numberOr(DEFAULT_FORM_LIMITS.perAddress),
  FORM_LIMIT_PER_IP: numberOr(DEFAULT_FORM_LIMITS.perIp),
  FORM_LIMIT_WINDOW_SECONDS: numberOr(DEFAULT_FORM_LIMITS.windowSeconds),
});

const html = (statusCode: number, body: string, headers: Record<string, string> = {}): Result => ({
  statusCode,
  headers: { ...HTML_HEADERS, ...headers },
  body,
});

/** The form's Art. 13 notice: the controller of the data map, our mailbox, how long a case is kept. */
const privacyFacts = (): FormPrivacyFacts => ({
  controller: DEMO_DATA_MAP.controller.name,
  contact: config().MAILBOX_ADDRESS,
  retentionYears: Math.round(DEFAULT_RETENTION_DAYS_AFTER_CLOSE / 365),
});

function languageOf(event: HttpEvent, fields: Record<string, unknown> = {}): ReplyLanguage {
  const explicit =
    event.queryStringParameters.lang ?? (typeof fields.lang === 'string' ? fields.lang : undefined);
  return pickFormLanguage(explicit, event.headers['accept-language']);
}

export async function getFormPage(event: HttpEvent): Promise<Result> {
  return html(200, renderFormPage({ language: languageOf(event), privacy: privacyFacts() }), {
    'content-language': languageOf(event),
  });
}

/** Far above the largest valid form (a 5,000-character text and a few short fields). */
export const MAX_FORM_BYTES = 64 * 1024;

/** Form fields: the edge parsed a JSON object or an urlencoded form (repeated names as arrays). */
function fieldsOf(body: unknown): Record<string, unknown> | undefined {
  if (body === undefined || body === '') return {};
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

export async function postRequest(event: HttpEvent): Promise<Result> {
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = contentType === 'application/json';
  if (!isJson && contentType !== 'application/x-www-form-urlencoded') {
    return problemResult({
      status: 415,
      detail: 'Send application/json or application/x-www-form-urlencoded.',
    });
  }
  const fields = fieldsOf(event.body);
  const language = languageOf(event, fields);
  if (!fields)
    return problemResult({
      status: 400,
      detail: 'The body is not a JSON object.',
      errors: { body: 'The body is not a JSON object.' },
    });

  const env = config();
  const windowSeconds = env.FORM_LIMIT_WINDOW_SECONDS;
  const table = env.REQUESTS_TABLE;
  const outcome = await submitForm(
    { fields, language, sourceIp: event.requestContext.http.sourceIp },
    {
      requests: new DynamoDbRequestStore(table),
      workflow: new SfnWorkflowStarter(env.STATE_MACHINE_ARN),
      mailer: new SesMailer(env.MAILBOX_ADDRESS),
      templates: INTAKE_MAIL_TEMPLATES,
      mailbox: parseMailbox(env.MAILBOX_ADDRESS),
      rateLimiter: new DynamoDbRateLimiter(table),
      clock: systemClock,
      daysOff: COMPANY_DAYS_OFF,
      incidents: { incidents: new DynamoDbIncidentStore(table) },
      subjectKeySecret: await readSecret(env.SUBJECT_KEY_SECRET_ARN),
      limits: {
        perAddress: env.FORM_LIMIT_PER_ADDRESS,
        perIp: env.FORM_LIMIT_PER_IP,
        windowSeconds,
      },
    },
  );
  logOutcome(outcome);
  const lang = { 'content-language': language };
  switch (outcome.kind) {
    case 'accepted':
    case 'honeypot':
      // No request id: the reference goes to the address typed in, never to whoever typed it.
      return isJson
        ? jsonResult(202, { received: true, message: FORM_TEXT[language].receivedNext }, lang)
        : html(200, renderReceivedPage(language), lang);
    case 'invalid': {
      const errors = formErrorMessages(outcome.errors, language);
      return isJson
        ? problemResult({ status: 400, detail: 'Some fields are not valid.', errors, headers: lang })
        : html(
            400,
            renderFormPage({ language, values: outcome.values, errors, privacy: privacyFacts() }),
            lang,
          );
    }
    case 'rate_limited': {
      const headers = { ...lang, 'retry-after': String(windowSeconds) };
      const message = FORM_TEXT[language].rateLimited;
      return isJson
        ? problemResult({ status: 429, detail: message, headers })
        : html(
            429,
            renderFormPage({
              language,
              values: formValues(fields),
              notice: message,
              privacy: privacyFacts(),
            }),
            headers,
          );
    }
  }
}

/** Ids and outcomes only: no address, name or text from the form. */
function logOutcome(outcome: FormOutcome): void {
  if (outcome.kind === 'honeypot') log.info('form honeypot filled: answered as accepted, nothing stored');
  else if (outcome.kind === 'accepted')
    log.info('form request taken in', {
      requestId: outcome.requestId,
      duplicate: outcome.duplicate,
      status: outcome.status,
    });
  else if (outcome.kind === 'invalid')
    log.info('form rejected', { fields: Object.keys(outcome.errors).join(',') });
  else log.info('form rate limited', { scope: outcome.scope });
}
