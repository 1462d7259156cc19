import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Clock } from '../ports';
import type { AuditEvent } from '../request/request';

/**
 * Personal data breaches (Art. 33, 34): an incident with its facts, the 72-hour clock to the
 * supervisory authority (IMY), the risk assessment, the notifications filed, and the register
 * every incident stays in, notified or not (Art. 33(5)). Pure: ports come in as arguments.
 */

export const RISK_LEVELS = ['no_risk', 'risk', 'high_risk'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Art. 33(4): the first filing, later ones with what was not known yet, and the last one. */
export const FILING_PHASES = ['initial', 'supplementary', 'final'] as const;
export type FilingPhase = (typeof FILING_PHASES)[number];

export const FILING_CHANNELS = ['imy_e_service', 'email', 'post'] as const;
export type FilingChannel = (typeof FILING_CHANNELS)[number];

export type IncidentSource = 'mail' | 'form' | 'staff';

/** Art. 33(1): without undue delay and, where feasible, not later than 72 hours after awareness. */
export const AUTHORITY_HOURS = 72;
const HOUR_MS = 3_600_000;

/** The Art. 33(3) facts, filled in as staff learn them. */
export interface IncidentFacts {
  /** What happened: the nature of the breach. */
  description?: string;
  dataCategories: string[];
  subjectCategories: string[];
  approxSubjects?: number;
  approxRecords?: number;
  consequences?: string;
  measuresTaken?: string;
  measuresProposed?: string;
}

export interface RiskAssessment {
  risk: RiskLevel;
  reasoning: string;
  assessedAt: string;
  assessedBy: string;
}

export interface AuthorityFiling {
  phase: FilingPhase;
  filedAt: string;
  channel: FilingChannel;
  /** The authority's case number, when it gave one. */
  reference?: string;
  /** Art. 33(1): why the first filing came after the 72 hours. */
  lateReason?: string;
  recordedBy: string;
}

/** Where staff looked for the people affected: one store of the data map, a time window, a condition. */
export interface IncidentScope {
  storeId: string;
  /** ISO instants: records whose date falls in [from, to]. */
  from: string;
  to: string;
  /** Only records whose field holds this value (e.g. `relationship` = `customer`). */
  condition?: { field: string; equals: string };
  scopedAt: string;
  scopedBy: string;
  /** `listed`: the connector listed the subjects; `manual`: a staff task to search by hand. */
  outcome: 'listed' | 'manual';
  subjects: number;
  records: number;
  /** Records that matched but carry no address to notify. */
  unreachableRecords: number;
  /** For a manual store: what staff do, and whether it is done. */
  task?: { instructions: string; doneAt?: string; doneBy?: string; subjects?: number; records?: number };
}

/** What staff write into a notice, per language (Art. 34(2)): the rest is the template's. */
export interface NoticeText {
  nature: string;
  consequences: string;
  measures: string;
}
export type NoticeTexts = Partial<Record<'sv' | 'nb' | 'en', NoticeText>>;

/** Staff approval of the subject notice: the text per language and the list, pinned by a digest. */
export interface NoticeApproval {
  digest: string;
  texts: NoticeTexts;
  approvedAt: string;
  approvedBy: string;
  subjects: number;
}

export interface Incident {
  incidentId: string;
  status: 'open' | 'closed';
  title: string;
  source: IncidentSource;
  openedAt: string;
  openedBy: string;
  /** When the company became aware: the clock starts here. */
  awareAt: string;
  /** awareAt + 72 h. */
  authorityDeadline: string;
  /** The triage request holding the report mail or form submission, when it came in that way. */
  reportRequestId?: string;
  /** Who reported it (attribute only, never in a key or a log). */
  reporterEmail?: string;
  facts: IncidentFacts;
  assessment?: RiskAssessment;
  filings: AuthorityFiling[];
  scopes: IncidentScope[];
  notice?: NoticeApproval;
  /** Notices sent so far (Art. 34). */
  subjectsNotified: number;
  closedAt?: string;
  version: number;
}

/** A person a scope found: only what the notice needs. */
export interface AffectedSubject {
  email: string;
  language: 'sv' | 'nb' | 'en';
  /** Data category ids exposed, over every store they were found in. */
  categories: string[];
  storeIds: string[];
  records: number;
  notifiedAt?: string;
}

export interface IncidentStore {
  /** Stores a new incident; false when one with this id exists (a repeated delivery). */
  create(incident: Incident, event: AuditEvent): Promise<boolean>;
  get(incidentId: string): Promise<Incident | undefined>;
  /** Writes the incident if its version is still `expectedVersion`; ConflictError otherwise. */
  update(incident: Incident, expectedVersion: number, event: AuditEvent): Promise<void>;
  list(): Promise<Incident[]>;
  appendEvent(incidentId: string, event: AuditEvent): Promise<void>;
  listEvents(incidentId: string): Promise<AuditEvent[]>;
  /** Adds the subjects of one scope, merging with those found before (by address). */
  addAffected(incidentId: string, subjects: readonly AffectedSubject[]): Promise<void>;
  listAffected(incidentId: string): Promise<AffectedSubject[]>;
  /** True the first time for this incident and key: the once-only guard of each notice. */
  claimOnce(incidentId: string, key: string): Promise<boolean>;
  releaseOnce(incidentId: string, key: string): Promise<void>;
  markNotified(incidentId: string, email: string, at: string): Promise<void>;
}

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `INC-YYYYMMDD-XXXXXX`, like request ids. */
export function newIncidentId(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  const suffix = [...randomBytes(6)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `INC-${day}-${suffix}`;
}

/** The incident a reported request opens: derived from the request id, so a redelivery finds it. */
export function incidentIdForReport(requestId: string): string {
  return `INC-${requestId.replace(/^PD-/, '')}`;
}

export function isIncidentId(value: string): boolean {
  return /^INC-\d{8}-[2-9A-HJ-NP-Z]{6}$/.test(value);
}

export function authorityDeadlineOf(awareAt: string): string {
  return new Date(Date.parse(awareAt) + AUTHORITY_HOURS * HOUR_MS).toISOString();
}

/**
 * Where the 72-hour clock stands: `not_required` once staff assessed no risk, `filed` once the
 * first notification is in, otherwise `running`, `24h` and `6h` (that much or less left) and `passed`.
 */
export type ClockState = 'not_required' | 'filed' | 'running' | '24h' | '6h' | 'passed';

export function clockStateOf(incident: Incident, now: Date): ClockState {
  if (incident.filings.length > 0) return 'filed';
  if (incident.assessment?.risk === 'no_risk') return 'not_required';
  const left = Date.parse(incident.authorityDeadline) - now.getTime();
  if (left <= 0) return 'passed';
  if (left <= 6 * HOUR_MS) return '6h';
  if (left <= 24 * HOUR_MS) return '24h';
  return 'running';
}

/** Hours left to the authority deadline, rounded down; negative once passed. */
export function hoursLeft(incident: Incident, now: Date): number {
  return Math.floor((Date.parse(incident.authorityDeadline) - now.getTime()) / HOUR_MS);
}

/** The clock states that alarm staff, each once per incident. */
export const ALARM_STATES: readonly ClockState[] = ['24h', '6h', 'passed'];

export interface OpenIncidentInput {
  title: string;
  awareAt?: string;
  source: IncidentSource;
  actor: string;
  description?: string;
  reportRequestId?: string;
  reporterEmail?: string;
  incidentId?: string;
}

export interface IncidentDeps {
  incidents: IncidentStore;
  clock: Clock;
}

const MAX_TEXT = 4000;

function checkedInstant(value: string, field: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
    throw new ValidationError(`${field} must be an ISO date-time`, { [field]: 'not an ISO date-time' });
  return new Date(ms).toISOString();
}

/** Opens an incident; awareness defaults to now. A report mail's incident opens once, whatever the retries. */
export async function openIncident(input: OpenIncidentInput, deps: IncidentDeps): Promise<Incident> {
  const now = deps.clock.now();
  const title = input.title.trim();
  if (!title || title.length > 300)
    throw new ValidationError('an incident needs a title of at most 300 characters', { title: 'required' });
  const awareAt = input.awareAt ? checkedInstant(input.awareAt, 'awareAt') : now.toISOString();
  if (Date.parse(awareAt) > now.getTime() + 60_000)
    throw new ValidationError('awareness cannot lie in the future', { awareAt: 'in the future' });
  const incident: Incident = {
    incidentId: input.incidentId ?? newIncidentId(now),
    status: 'open',
    title,
    source: input.source,
    openedAt: now.toISOString(),
    openedBy: input.actor,
    awareAt,
    authorityDeadline: authorityDeadlineOf(awareAt),
    ...(input.reportRequestId ? { reportRequestId: input.reportRequestId } : {}),
    ...(input.reporterEmail ? { reporterEmail: input.reporterEmail } : {}),
    facts: {
      ...(input.description ? { description: input.description.slice(0, MAX_TEXT) } : {}),
      dataCategories: [],
      subjectCategories: [],
    },
    filings: [],
    scopes: [],
    subjectsNotified: 0,
    version: 1,
  };
  const created = await deps.incidents.create(incident, {
    at: now.toISOString(),
    actor: input.actor,
    action: 'incident_opened',
    detail: {
      source: input.source,
      awareAt,
      authorityDeadline: incident.authorityDeadline,
      ...(input.reportRequestId ? { reportRequestId: input.reportRequestId } : {}),
    },
  });
  if (created) return incident;
  const existing = await deps.incidents.get(incident.incidentId);
  if (!existing) throw new ConflictError(`incident ${incident.incidentId} could not be stored`);
  return existing;
}

export async function requireIncident(incidentId: string, deps: IncidentDeps): Promise<Incident> {
  const incident = await deps.incidents.get(incidentId);
  if (!incident) throw new NotFoundError(`incident ${incidentId} not found`);
  return incident;
}

export interface FactsChange {
  title?: string;
  awareAt?: string;
  description?: string;
  dataCategories?: string[];
  subjectCategories?: string[];
  approxSubjects?: number;
  approxRecords?: number;
  consequences?: string;
  measuresTaken?: string;
  measuresProposed?: string;
}

/** Records what staff now know (Art. 33(3)); a corrected awareness moves the deadline with it. */
export async function updateFacts(
  incidentId: string,
  change: FactsChange,
  actor: string,
  deps: IncidentDeps,
): Promise<Incident> {
  const incident = await requireIncident(incidentId, deps);
  const { title, awareAt, ...facts } = change;
  const aware = awareAt ? checkedInstant(awareAt, 'awareAt') : incident.awareAt;
  const next: Incident = {
    ...incident,
    ...(title?.trim() ? { title: title.trim() } : {}),
    awareAt: aware,
    authorityDeadline: authorityDeadlineOf(aware),
    facts: { ...incident.facts, ...facts },
    version: incident.version + 1,
  };
  await deps.incidents.update(next, incident.version, {
    at: deps.clock.now().toISOString(),
    actor,
    action: 'incident_facts_updated',
    detail: { fields: Object.keys(change) },
  });
  return next;
}

/** Art. 33(1), 34(1): no risk, risk (notify IMY) or high risk (also tell the people), with the reasoning. */
export async function assessIncident(
  incidentId: string,
  assessment: { risk: RiskLevel; reasoning: string },
  actor: string,
  deps: IncidentDeps,
): Promise<Incident> {
  const incident = await requireIncident(incidentId, deps);
  const reasoning = assessment.reasoning.trim();
  if (!reasoning) throw new ValidationError('an assessment needs its reasoning', { reasoning: 'required' });
  const at = deps.clock.now().toISOString();
  const next: Incident = {
    ...incident,
    assessment: {
      risk: assessment.risk,
      reasoning: reasoning.slice(0, MAX_TEXT),
      assessedAt: at,
      assessedBy: actor,
    },
    version: incident.version + 1,
  };
  await deps.incidents.update(next, incident.version, {
    at,
    actor,
    action: 'incident_assessed',
    detail: {
      risk: assessment.risk,
      ...(incident.assessment ? { previousRisk: incident.assessment.risk } : {}),
    },
  });
  return next;
}

export interface FilingInput {
  phase: FilingPhase;
  filedAt?: string;
  channel: FilingChannel;
  reference?: string;
  lateReason?: string;
}

/**
 * Records a notification filed with the authority. A first filing after the 72 hours must say why
 * (Art. 33(1)); later phases (Art. 33(4)) follow a first one.
 */
export async function recordFiling(
  incidentId: string,
  input: FilingInput,
  actor: string,
  deps: IncidentDeps,
): Promise<Incident> {
  const incident = await requireIncident(incidentId, deps);
  const filedAt = input.filedAt ? checkedInstant(input.filedAt, 'filedAt') : deps.clock.now().toISOString();
  const first = incident.filings.length === 0;
  if (first && input.phase !== 'initial')
    throw new ValidationError('the first notification is the initial one', { phase: 'must be initial' });
  if (!first && input.phase === 'initial')
    throw new ConflictError(`incident ${incidentId} already has its initial notification`);
  const late = first && Date.parse(filedAt) > Date.parse(incident.authorityDeadline);
  const lateReason = input.lateReason?.trim();
  if (late && !lateReason)
    throw new ValidationError('a notification after 72 hours must give the reasons for the delay', {
      lateReason: 'required after the deadline',
    });
  const filing: AuthorityFiling = {
    phase: input.phase,
    filedAt,
    channel: input.channel,
    ...(input.reference?.trim() ? { reference: input.reference.trim() } : {}),
    ...(late && lateReason ? { lateReason: lateReason.slice(0, MAX_TEXT) } : {}),
    recordedBy: actor,
  };
  const next: Incident = {
    ...incident,
    filings: [...incident.filings, filing],
    ...(input.phase === 'final' ? { status: 'closed' as const, closedAt: filedAt } : {}),
    version: incident.version + 1,
  };
  await deps.incidents.update(next, incident.version, {
    at: deps.clock.now().toISOString(),
    actor,
    action: 'authority_notification_recorded',
    detail: { phase: input.phase, channel: input.channel, filedAt, late },
  });
  return next;
}

/** Closes an incident that needs no (further) filing; it stays in the register. */
export async function closeIncident(
  incidentId: string,
  reason: string,
  actor: string,
  deps: IncidentDeps,
): Promise<Incident> {
  const incident = await requireIncident(incidentId, deps);
  if (!incident.assessment)
    throw new ConflictError(`incident ${incidentId} is not assessed yet: assess it before closing`);
  if (incident.assessment.risk !== 'no_risk' && incident.filings.length === 0)
    throw new ConflictError(`incident ${incidentId} must be notified to the authority before it closes`);
  const at = deps.clock.now().toISOString();
  const next: Incident = { ...incident, status: 'closed', closedAt: at, version: incident.version + 1 };
  await deps.incidents.update(next, incident.version, {
    at,
    actor,
    action: 'incident_closed',
    detail: { reason: reason.slice(0, 500) },
  });
  return next;
}

/** A line of the queue: the clock first, so the most urgent incident leads. */
export interface IncidentSummary {
  incidentId: string;
  title: string;
  status: Incident['status'];
  awareAt: string;
  authorityDeadline: string;
  clock: ClockState;
  hoursLeft: number;
  risk?: RiskLevel;
  affectedSubjects: number;
  subjectsNotified: number;
  authorityNotifiedAt?: string;
}

export function summarise(incident: Incident, now: Date): IncidentSummary {
  return {
    incidentId: incident.incidentId,
    title: incident.title,
    status: incident.status,
    awareAt: incident.awareAt,
    authorityDeadline: incident.authorityDeadline,
    clock: clockStateOf(incident, now),
    hoursLeft: hoursLeft(incident, now),
    ...(incident.assessment ? { risk: incident.assessment.risk } : {}),
    affectedSubjects: incident.facts.approxSubjects ?? 0,
    subjectsNotified: incident.subjectsNotified,
    ...(incident.filings[0] ? { authorityNotifiedAt: incident.filings[0].filedAt } : {}),
  };
}

const CLOCK_ORDER: Readonly<Record<ClockState, number>> = {
  passed: 0,
  '6h': 1,
  '24h': 2,
  running: 3,
  filed: 4,
  not_required: 5,
};

/** Open incidents by urgency (clock, then deadline), closed ones after, newest first. */
export function incidentQueue(incidents: readonly Incident[], now: Date): IncidentSummary[] {
  return incidents
    .map((i) => summarise(i, now))
    .sort((a, b) => {
      if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
      if (a.status === 'closed') return b.awareAt.localeCompare(a.awareAt);
      return (
        CLOCK_ORDER[a.clock] - CLOCK_ORDER[b.clock] || a.authorityDeadline.localeCompare(b.authorityDeadline)
      );
    });
}
