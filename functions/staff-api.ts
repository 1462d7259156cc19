import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { COMPANY_DAYS_OFF } from '../config/days-off';
import { REPLY_TEMPLATES } from '../config/templates';
import { functionConfig, numberOr, optional, required } from './adapters/config';
import { DynamoDbAttentionStore } from './adapters/dynamodb-attention';
import { DynamoDbConsentStore } from './adapters/dynamodb-consent-store';
import { DynamoDbCorrections } from './adapters/dynamodb-corrections';
import { DynamoDbIgnoredMailStore } from './adapters/dynamodb-ignored-mail';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { DynamoDbStaffStore } from './adapters/dynamodb-staff-store';
import { DynamoDbTaskStore } from './adapters/dynamodb-task-store';
import { type HttpEvent, problemResult } from './adapters/http-edge';
import { jsonResult } from './adapters/json-result';
import { log } from './adapters/logger';
import { S3ObjectStore } from './adapters/s3-object-store';
import { readSecret } from './adapters/secrets';
import { SesMailer } from './adapters/ses-mailer';
import { SfnExecutionControl } from './adapters/sfn-execution-control';
import { SfnTaskCompleter } from './adapters/sfn-task-completer';
import { SfnWorkflowStarter } from './adapters/sfn-workflow-starter';
import { parseJsonBody, staffApiHandler } from './adapters/staff-route';
import { NotFoundError } from './core/errors';
import { parseMailbox } from './core/intake/mailbox';
import { type IgnoredMailStore, ignoredMailView, takeInIgnoredMail } from './core/intake/not-a-request';
import { systemClock } from './core/ports';
import { REQUEST_TYPES } from './core/request/request';
import { subjectKeyOf } from './core/request/subject-key';
import { isStaffActionName } from './core/staff/action-policy';
import { actorOf, ForbiddenError, type StaffMember } from './core/staff/staff-access';
import { type StaffAction, staffActionBody } from './core/staff/staff-action-input';
import { performAction, type StaffActionDeps } from './core/staff/staff-actions';
import { dashboard, listQueue, requestDetail } from './core/staff/staff-views';

type Event = HttpEvent<APIGatewayProxyEventV2WithJWTAuthorizer>;
type Result = APIGatewayProxyStructuredResultV2;

export { groupsOf, staffOf } from './adapters/staff-claims';

export const config = functionConfig({
  CONSENTS_TABLE: optional(),
  MAILBOX_ADDRESS: required(),
  PACKAGES_BUCKET: optional(),
  REQUESTS_TABLE: required(),
  STAFF_ADDRESS: optional(),
  STATE_MACHINE_ARN: required(),
  SUBJECT_KEY_SECRET_ARN: required(),
  /** Tuning the deploy leaves unset: how long a restarted workflow waits for verification. */
  VERIFICATION_TIMEOUT_SECONDS: numberOr(14 * 24 * 3600),
});

/** Header every state-changing call must carry: a cross-site form cannot set it (CSRF). */
export const CSRF_HEADER = 'x-privacy-desk-csrf';

const takeInSchema = z.object({ types: z.array(z.enum(REQUEST_TYPES)) });

function parseAction(name: string, body: unknown): StaffAction {
  if (!isStaffActionName(name)) throw new NotFoundError(`no action ${name}`);
  return parseJsonBody(staffActionBody(name), body, name);
}

let cached: (StaffActionDeps & { ignored: IgnoredMailStore }) | undefined;
function deps(): StaffActionDeps & { ignored: IgnoredMailStore } {
  if (cached) return cached;
  const env = config();
  const table = env.REQUESTS_TABLE;
  const mailbox = env.MAILBOX_ADDRESS;
  const stateMachineArn = env.STATE_MACHINE_ARN;
  const requests = new DynamoDbRequestStore(table);
  cached = {
    requests,
    staff: new DynamoDbStaffStore(table, requests),
    tasks: new DynamoDbTaskStore(table),
    completer: new SfnTaskCompleter(),
    workflow: new SfnWorkflowStarter(stateMachineArn),
    executions: new SfnExecutionControl(stateMachineArn),
    mailer: new SesMailer(mailbox),
    templates: REPLY_TEMPLATES,
    mailbox: parseMailbox(mailbox),
    clock: systemClock,
    daysOff: COMPANY_DAYS_OFF,
    ...(env.CONSENTS_TABLE ? { consents: new DynamoDbConsentStore(env.CONSENTS_TABLE) } : {}),
    corrections: { store: new DynamoDbCorrections(table), dataMap: DEMO_DATA_MAP },
    attention: new DynamoDbAttentionStore(table),
    ignored: new DynamoDbIgnoredMailStore(table),
    defaultWorkflowConfig: {
      verificationTimeoutSeconds: env.VERIFICATION_TIMEOUT_SECONDS,
    },
    ...(env.STAFF_ADDRESS ? { staffAddress: env.STAFF_ADDRESS } : {}),
    subjectKeys: async (email) => subjectKeyOf(email, await readSecret(env.SUBJECT_KEY_SECRET_ARN)),
    ...(env.PACKAGES_BUCKET ? { manualFindings: new S3ObjectStore(env.PACKAGES_BUCKET) } : {}),
  };
  return cached;
}

function requireCsrfHeader(event: Event): void {
  if (event.headers[CSRF_HEADER] !== '1')
    throw new ForbiddenError(`state-changing calls need the ${CSRF_HEADER} header`);
}

async function route(event: Event, staff: StaffMember): Promise<Result> {
  const method = event.requestContext.http.method;
  const requestId = event.pathParameters?.requestId ?? '';
  switch (event.routeKey) {
    case 'GET /api/me':
      return jsonResult(200, { username: staff.username, groups: staff.groups });
    case 'GET /api/requests':
      return jsonResult(200, { requests: await listQueue(deps()) });
    case 'GET /api/not-a-request':
      return jsonResult(200, { mails: (await deps().ignored.list()).map(ignoredMailView) });
    case 'POST /api/not-a-request/{mailId}/take-in': {
      requireCsrfHeader(event);
      const mailId = event.pathParameters?.mailId ?? '';
      const { types } = parseJsonBody(takeInSchema, event.body, 'take-in');
      const outcome = await takeInIgnoredMail(mailId, types, actorOf(staff), deps());
      log.info('staff action', { requestId: outcome.requestId, action: 'take-in', status: outcome.status });
      return jsonResult(200, outcome);
    }
    case 'GET /api/dashboard':
      return jsonResult(200, await dashboard(deps()));
    case 'GET /api/requests/{requestId}': {
      const detail = await requestDetail(requestId, deps());
      if (!detail) throw new NotFoundError('request not found');
      return jsonResult(200, detail);
    }
    case 'POST /api/requests/{requestId}/{action}': {
      requireCsrfHeader(event);
      const action = parseAction(event.pathParameters?.action ?? '', event.body);
      const outcome = await performAction(requestId, action, staff, deps());
      log.info('staff action', { requestId, action: action.action, status: outcome.status });
      return jsonResult(200, outcome);
    }
    default:
      return problemResult({
        status: method === 'GET' || method === 'POST' ? 404 : 405,
        detail: 'not found',
      });
  }
}

/** The staff console's API: every route sits behind the JWT authorizer and needs the staff role. */
export const handler = staffApiHandler('staff api', route);
