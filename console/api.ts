/// <reference lib="dom" />
/**
 * The console's typed client of the staff API. Answers are parsed at one point (`call`) into the
 * read models the core exports; state-changing calls carry the CSRF header. An error answer is
 * read for its problem `detail` first, then the older `message` field.
 */

import type { ErasurePlanSummary } from '../functions/core/erasure/plan-erasure-step';
import type { NoticePreview } from '../functions/core/incidents/incident-notices';
import type { Incident, IncidentSummary } from '../functions/core/incidents/incidents';
import type { StoredFindings } from '../functions/core/request/artefacts';
import type { AuditEvent, RequestType, Status } from '../functions/core/request/request';
import type { SweepPlan, SweepReport } from '../functions/core/retention/retention-sweep';
import type { SweepItem } from '../functions/core/retention/retention-sweep-runs';
import type {
  Dashboard,
  QueueItem,
  RequestDetail,
  RequestMessages,
} from '../functions/core/staff/staff-views';
import { CSRF_HEADER, sessionToken } from './auth';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Signed out (401) or not privacy staff (403): the whole console answers these, not the page. */
export const isSessionError = (error: unknown): error is ApiError =>
  error instanceof ApiError && (error.status === 401 || error.status === 403);

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What a collection or erasure step recorded for one store (`STORE#<storeId>`). */
export interface StoreResult {
  storeId: string;
  storeName?: string;
  outcome?: string;
  status?: string;
  records?: number;
  recordCount?: number;
  count?: number;
}

/** The request page's read model, with the erasure plan and store results in their stored shape. */
export type RequestView = Omit<RequestDetail, 'erasurePlan' | 'stores'> & {
  erasurePlan?: ErasurePlanSummary;
  stores: StoreResult[];
};

export interface IgnoredMail {
  mailId: string;
  reason: string;
  receivedAt: string;
  sender: string;
  subject: string;
  types: RequestType[];
  takenInAs?: string;
}

export interface ActionOutcome {
  status: Status;
}

export interface IncidentView {
  incident: Incident;
  summary: IncidentSummary;
  notice: NoticePreview;
  timeline: AuditEvent[];
}

export type SweepView = SweepItem & { plan: SweepPlan | null; report: SweepReport | null };

function problemText(body: unknown, fallback: string): string {
  if (typeof body !== 'object' || body === null) return fallback;
  if ('detail' in body && typeof body.detail === 'string' && body.detail) return body.detail;
  if ('message' in body && typeof body.message === 'string' && body.message) return body.message;
  return fallback;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method === 'POST') {
    headers[CSRF_HEADER] = '1';
    headers['content-type'] = 'application/json';
  }
  const token = sessionToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data: unknown = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, problemText(data, response.statusText));
  // The one place an answer takes its type: the API serves the core's read models.
  return data as T;
}

const at = (id: string) => encodeURIComponent(id);

export const api = {
  me: () => call<{ username: string }>('GET', '/api/me'),
  queue: () => call<{ requests: QueueItem[] }>('GET', '/api/requests'),
  request: (id: string) => call<RequestView>('GET', `/api/requests/${at(id)}`),
  messages: (id: string) => call<RequestMessages>('GET', `/api/requests/${at(id)}/messages`),
  findings: (id: string) => call<{ stores: StoredFindings[] }>('GET', `/api/requests/${at(id)}/findings`),
  act: (id: string, action: string, body: object = {}) =>
    call<ActionOutcome>('POST', `/api/requests/${at(id)}/${action}`, body),
  dashboard: () => call<Dashboard>('GET', '/api/dashboard'),
  notARequest: () => call<{ mails: IgnoredMail[] }>('GET', '/api/not-a-request'),
  takeIn: (mailId: string, types: string[]) =>
    call<{ requestId: string }>('POST', `/api/not-a-request/${at(mailId)}/take-in`, { types }),
  incidents: () => call<{ incidents: IncidentSummary[] }>('GET', '/api/incidents'),
  incident: (id: string) => call<IncidentView>('GET', `/api/incidents/${at(id)}`),
  openIncident: (body: { title: string; awareAt?: string }) =>
    call<{ incident: Incident }>('POST', '/api/incidents', body),
  incidentAction: (id: string, action: string, body: object) =>
    call<unknown>('POST', `/api/incidents/${at(id)}/${action}`, body),
  noticePreview: (id: string, texts: object) =>
    call<{ digest: string }>('POST', `/api/incidents/${at(id)}/notice-preview`, { texts }),
  sweeps: () => call<{ sweeps: SweepItem[] }>('GET', '/api/retention-sweeps'),
  requestSweep: (dryRun: boolean) => call<SweepItem>('POST', '/api/retention-sweeps', { dryRun }),
  sweep: (id: string) => call<SweepView>('GET', `/api/retention-sweeps/${at(id)}`),
  sweepAction: (id: string, action: 'approve' | 'reject', body: object) =>
    call<SweepItem>('POST', `/api/retention-sweeps/${at(id)}/${action}`, body),
};
