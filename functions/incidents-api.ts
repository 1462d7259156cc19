import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { INCIDENT_TEXTS } from '../config/templates';
import { functionConfig, optional, required } from './adapters/config';
import { ConnectorScopeSearch } from './adapters/connectors/incident-scope-search';
import { DynamoDbIncidentStore } from './adapters/dynamodb-incident-store';
import type { HttpEvent } from './adapters/http-edge';
import { jsonResult } from './adapters/json-result';
import { log } from './adapters/logger';
import { readSecret } from './adapters/secrets';
import { SesMailer } from './adapters/ses-mailer';
import { parseJsonBody, staffApiHandler } from './adapters/staff-route';
import { NotFoundError } from './core/errors';
import {
  approveNotice,
  type NoticeDeps,
  noticePreview,
  notifySubjects,
} from './core/incidents/incident-notices';
import {
  authorityNotice,
  authorityNoticeHtml,
  registerCsv,
  registerRows,
} from './core/incidents/incident-register';
import { completeScopeTask, type ScopeDeps, scopeIncident } from './core/incidents/incident-scope';
import {
  assessIncident,
  closeIncident,
  FILING_CHANNELS,
  FILING_PHASES,
  incidentQueue,
  openIncident,
  RISK_LEVELS,
  recordFiling,
  requireIncident,
  summarise,
  updateFacts,
} from './core/incidents/incidents';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';
import { actorOf, ForbiddenError } from './core/staff/staff-access';

type Event = HttpEvent<APIGatewayProxyEventV2WithJWTAuthorizer>;
type Result = APIGatewayProxyStructuredResultV2;

export const config = functionConfig({
  DATA_STORES_JSON: optional(),
  MAILBOX_ADDRESS: required(),
  REQUESTS_TABLE: required(),
  SUBJECT_KEY_SECRET_ARN: required(),
});

/** Header every state-changing call must carry: a cross-site form cannot set it (CSRF). */
const CSRF_HEADER = 'x-privacy-desk-csrf';

const text = (max: number) => z.string().check(z.maxLength(max));
const count = z.int().check(z.gte(0));
const noticeText = z.object({ nature: text(4000), consequences: text(4000), measures: text(4000) });
const noticeTexts = z.object({
  sv: z.optional(noticeText),
  nb: z.optional(noticeText),
  en: z.optional(noticeText),
});
const schemas = {
  open: z.object({ title: text(300), awareAt: z.optional(z.string()), description: z.optional(text(4000)) }),
  facts: z.object({
    title: z.optional(text(300)),
    awareAt: z.optional(z.string()),
    description: z.optional(text(4000)),
    dataCategories: z.optional(z.array(text(200))),
    subjectCategories: z.optional(z.array(text(200))),
    approxSubjects: z.optional(count),
    approxRecords: z.optional(count),
    consequences: z.optional(text(4000)),
    measuresTaken: z.optional(text(4000)),
    measuresProposed: z.optional(text(4000)),
  }),
  assess: z.object({ risk: z.enum(RISK_LEVELS), reasoning: text(4000) }),
  scope: z.object({
    storeId: text(100),
    from: text(40),
    to: text(40),
    condition: z.optional(z.object({ field: text(200), equals: text(200) })),
  }),
  'complete-scope-task': z.object({ storeId: text(100), subjects: count, records: count }),
  'notice-preview': z.object({ texts: z.optional(noticeTexts) }),
  'approve-notice': z.object({
    digest: text(64),
    texts: z.optional(noticeTexts),
  }),
  'notify-subjects': z.object({}),
  'record-filed': z.object({
    phase: z.enum(FILING_PHASES),
    channel: z.enum(FILING_CHANNELS),
    filedAt: z.optional(text(40)),
    reference: z.optional(text(200)),
    lateReason: z.optional(text(4000)),
  }),
  close: z.object({ reason: text(500) }),
} as const;

let cached: (ScopeDeps & NoticeDeps) | undefined;
async function deps(): Promise<ScopeDeps & NoticeDeps> {
  if (cached) return cached;
  const env = config();
  cached = {
    incidents: new DynamoDbIncidentStore(env.REQUESTS_TABLE),
    clock: systemClock,
    dataMap: DEMO_DATA_MAP,
    search: ConnectorScopeSearch.of(env.DATA_STORES_JSON),
    mailer: new SesMailer(env.MAILBOX_ADDRESS),
    incidentTexts: INCIDENT_TEXTS,
    mailbox: parseMailbox(env.MAILBOX_ADDRESS),
    subjectKeySecret: await readSecret(env.SUBJECT_KEY_SECRET_ARN),
  };
  return cached;
}

function requireCsrfHeader(event: Event): void {
  if (event.headers[CSRF_HEADER] !== '1')
    throw new ForbiddenError(`state-changing calls need the ${CSRF_HEADER} header`);
}

async function act(incidentId: string, action: string, body: unknown, actor: string): Promise<unknown> {
  const d = await deps();
  switch (action) {
    case 'facts':
      return updateFacts(incidentId, parseJsonBody(schemas.facts, body, action), actor, d);
    case 'assess':
      return assessIncident(incidentId, parseJsonBody(schemas.assess, body, action), actor, d);
    case 'scope':
      return scopeIncident(incidentId, parseJsonBody(schemas.scope, body, action), actor, d);
    case 'complete-scope-task':
      return completeScopeTask(
        incidentId,
        parseJsonBody(schemas['complete-scope-task'], body, action),
        actor,
        d,
      );
    case 'notice-preview':
      return noticePreview(incidentId, parseJsonBody(schemas['notice-preview'], body, action).texts, d);
    case 'approve-notice':
      return approveNotice(incidentId, parseJsonBody(schemas['approve-notice'], body, action), actor, d);
    case 'notify-subjects':
      parseJsonBody(schemas['notify-subjects'], body, action);
      return notifySubjects(incidentId, actor, d);
    case 'record-filed':
      return recordFiling(incidentId, parseJsonBody(schemas['record-filed'], body, action), actor, d);
    case 'close':
      return closeIncident(incidentId, parseJsonBody(schemas.close, body, action).reason, actor, d);
    default:
      throw new NotFoundError(`no incident action ${action}`);
  }
}

async function route(event: Event, actor: string): Promise<Result> {
  const d = await deps();
  const incidentId = event.pathParameters?.incidentId ?? '';
  const format = event.queryStringParameters?.format;
  const now = d.clock.now();
  switch (event.routeKey) {
    case 'GET /api/incidents':
      return jsonResult(200, { incidents: incidentQueue(await d.incidents.list(), now) });
    case 'POST /api/incidents': {
      requireCsrfHeader(event);
      const input = parseJsonBody(schemas.open, event.body, 'open');
      const incident = await openIncident({ ...input, source: 'staff', actor }, d);
      log.info('incident opened', { incidentId: incident.incidentId });
      return jsonResult(201, { incident, summary: summarise(incident, now) });
    }
    case 'GET /api/incidents/{incidentId}': {
      const incident = await requireIncident(incidentId, d);
      const [events, notice] = await Promise.all([
        d.incidents.listEvents(incidentId),
        noticePreview(incidentId, undefined, d),
      ]);
      return jsonResult(200, {
        incident,
        summary: summarise(incident, now),
        notice,
        timeline: events.sort((a, b) => a.at.localeCompare(b.at)),
      });
    }
    case 'GET /api/incidents/{incidentId}/authority-notice': {
      const notice = authorityNotice(await requireIncident(incidentId, d), d.dataMap, now);
      if (format !== 'html') return jsonResult(200, notice);
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
          'cache-control': 'no-store',
        },
        body: authorityNoticeHtml(notice),
      };
    }
    case 'GET /api/incident-register': {
      const rows = registerRows(await d.incidents.list());
      if (format !== 'csv') return jsonResult(200, { incidents: rows });
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="breach-register.csv"',
          'cache-control': 'no-store',
        },
        body: registerCsv(rows),
      };
    }
    case 'POST /api/incidents/{incidentId}/{action}': {
      requireCsrfHeader(event);
      const action = event.pathParameters?.action ?? '';
      const result = await act(incidentId, action, event.body, actor);
      log.info('incident action', { incidentId, action });
      return jsonResult(200, result);
    }
    default:
      throw new NotFoundError('not found');
  }
}

/**
 * The breach desk's API (privacy-staff role): the incident queue and page, staff actions on an
 * incident (facts, assessment, scope, notices, filings), the authority's notice and the register.
 */
export const handler = staffApiHandler('incidents api', (event, staff) => route(event, actorOf(staff)));
