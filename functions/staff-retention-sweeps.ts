import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { functionConfig, required } from './adapters/config';
import { DynamoDbRetentionSweeps } from './adapters/dynamodb-retention-sweeps';
import type { HttpEvent } from './adapters/http-edge';
import { jsonResult } from './adapters/json-result';
import { log } from './adapters/logger';
import { parseJsonBody, staffApiHandler } from './adapters/staff-route';
import { NotFoundError } from './core/errors';
import { systemClock } from './core/ports';
import { RetentionSweepError, type SweepPlan } from './core/retention/retention-sweep';
import { approveSweep, rejectSweep, requestSweep } from './core/retention/retention-sweep-runs';
import { actorOf, ForbiddenError } from './core/staff/staff-access';

type Event = HttpEvent<APIGatewayProxyEventV2WithJWTAuthorizer>;
type Result = APIGatewayProxyStructuredResultV2;

export const config = functionConfig({ PACKAGES_BUCKET: required(), REQUESTS_TABLE: required() });

const CSRF_HEADER = 'x-privacy-desk-csrf';
const ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const DEFAULT_PAGE = 500;
const MAX_PAGE = 2000;

const requestSchema = z.object({ dryRun: z.optional(z.boolean()) });
const approveSchema = z.object({
  holds: z.optional(
    z
      .array(
        z.object({
          storeId: z.string().check(z.maxLength(100)),
          recordId: z.string().check(z.maxLength(1000)),
          reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
        }),
      )
      .check(z.maxLength(1000)),
  ),
});
const rejectSchema = z.object({ reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)) });

let cached: DynamoDbRetentionSweeps | undefined;
const sweeps = () => {
  cached ??= new DynamoDbRetentionSweeps(config().REQUESTS_TABLE, config().PACKAGES_BUCKET);
  return cached;
};
const randomId = () => [...randomBytes(6)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');

/**
 * A plan may hold many thousands of records, more than one answer can carry (6 MB on Lambda):
 * each store's records come a page at a time (`limit`, default 500, at most 2000; `store` and
 * `offset` page through one store), with the store's `recordCount`.
 */
function pagePlan(plan: SweepPlan, query: Record<string, string | undefined>): SweepPlan {
  const limit = Math.min(MAX_PAGE, Math.max(0, Number(query.limit ?? DEFAULT_PAGE) || 0));
  const offset = Math.max(0, Number(query.offset ?? 0) || 0);
  return {
    ...plan,
    stores: plan.stores
      .filter((store) => !query.store || store.storeId === query.store)
      .map((store) => ({
        ...store,
        recordCount: store.records.length,
        records: store.records.slice(offset, offset + limit),
      })),
  };
}

async function route(event: Event, actor: string): Promise<Result> {
  const sweepId = event.pathParameters?.sweepId ?? '';
  const post = event.requestContext.http.method === 'POST';
  if (post && event.headers[CSRF_HEADER] !== '1')
    throw new ForbiddenError(`state-changing calls need the ${CSRF_HEADER} header`);
  switch (event.routeKey) {
    case 'GET /api/retention-sweeps':
      return jsonResult(200, { sweeps: await sweeps().list() });
    case 'POST /api/retention-sweeps': {
      const { dryRun } = parseJsonBody(requestSchema, event.body);
      const item = await requestSweep(
        { sweeps: sweeps(), clock: systemClock, randomId },
        { dryRun: dryRun ?? false, actor },
      );
      log.info('retention sweep requested', { sweepId: item.sweepId, dryRun: item.dryRun });
      return jsonResult(202, item);
    }
    case 'GET /api/retention-sweeps/{sweepId}': {
      const item = await sweeps().get(sweepId);
      if (!item) throw new NotFoundError(`no sweep ${sweepId}`);
      const [plan, report, events] = await Promise.all([
        sweeps().loadPlan(sweepId),
        sweeps().loadReport(sweepId),
        sweeps().listEvents(sweepId),
      ]);
      return jsonResult(200, {
        ...item,
        plan: plan ? pagePlan(plan, event.queryStringParameters ?? {}) : null,
        report: report ?? null,
        events,
      });
    }
    case 'POST /api/retention-sweeps/{sweepId}/{action}': {
      const action = event.pathParameters?.action;
      const deps = { sweeps: sweeps(), clock: systemClock };
      if (action === 'approve') {
        const { holds } = parseJsonBody(approveSchema, event.body);
        const item = await approveSweep(deps, sweepId, { actor, holds: holds ?? [] });
        log.info('retention sweep approved', { sweepId, holds: holds?.length ?? 0 });
        return jsonResult(200, item);
      }
      if (action === 'reject') {
        const { reason } = parseJsonBody(rejectSchema, event.body);
        return jsonResult(200, await rejectSweep(deps, sweepId, { actor, reason }));
      }
      throw new NotFoundError(`no action ${String(action)}`);
    }
    default:
      throw new NotFoundError('not found');
  }
}

/** The console's and the CLI's retention sweeps: list, request, show, approve, reject (staff role). */
export const handler = staffApiHandler(
  'retention sweeps api',
  (event, staff) => route(event, actorOf(staff)),
  (error) => (error instanceof RetentionSweepError ? { status: 400, detail: error.message } : undefined),
);
