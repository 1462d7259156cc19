import { type DataMap, type DataStore, findStore } from '../datamap';
import { ConflictError, ValidationError } from '../errors';
import { normaliseEmail } from '../request/subject-key';
import {
  type AffectedSubject,
  type Incident,
  type IncidentDeps,
  type IncidentScope,
  requireIncident,
} from './incidents';

/**
 * Who a breach touched: staff name a store of the data map, a time window and optionally a field
 * condition; a connector that can answer lists the records in it, reduced to what a notice needs
 * (the address, a language hint); stores it cannot answer for become a staff task.
 */

/** One matching record, as little of it as the notice needs. */
export interface AffectedRecord {
  recordId: string;
  /** The record's address, when it has one; a record without cannot be notified. */
  email?: string;
  /** The record's own language field, when it has one. */
  language?: string;
}

export interface ScopeQuery {
  from: string;
  to: string;
  condition?: { field: string; equals: string };
}

/** Lists a store's records in a window; `undefined` when this store's connector cannot (staff search it). */
export interface AffectedSearch {
  search(store: DataStore, query: ScopeQuery): Promise<AffectedRecord[] | undefined>;
}

export interface ScopeDeps extends IncidentDeps {
  dataMap: DataMap;
  search: AffectedSearch;
}

export interface ScopeInput {
  storeId: string;
  from: string;
  to: string;
  condition?: { field: string; equals: string };
}

const LANGUAGES = ['sv', 'nb', 'en'] as const;
type Language = (typeof LANGUAGES)[number];

/**
 * The language a person is told in: the record's own, else the country of the address's domain
 * (.se Swedish, .no Norwegian), else English.
 */
export function noticeLanguageOf(email: string, recorded?: string): Language {
  const wanted = recorded?.trim().toLowerCase();
  if (wanted === 'no' || wanted === 'nn') return 'nb';
  if (wanted && (LANGUAGES as readonly string[]).includes(wanted)) return wanted as Language;
  if (email.endsWith('.se')) return 'sv';
  if (email.endsWith('.no')) return 'nb';
  return 'en';
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function checkInput(input: ScopeInput, dataMap: DataMap): DataStore {
  const store = findStore(dataMap, input.storeId);
  if (!store) throw new ValidationError(`no store ${input.storeId} in the data map`, { storeId: 'unknown' });
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  if (Number.isNaN(from) || Number.isNaN(to) || from > to)
    throw new ValidationError('the window needs from ≤ to, as ISO dates', { window: 'invalid' });
  if (input.condition && (!FIELD.test(input.condition.field) || input.condition.equals.length > 200))
    throw new ValidationError('a condition names a field and a value', { condition: 'invalid' });
  return store;
}

/** Groups a store's matching records per person: their address, language and count. */
export function affectedSubjectsOf(store: DataStore, records: readonly AffectedRecord[]): AffectedSubject[] {
  const byEmail = new Map<string, AffectedSubject>();
  for (const record of records) {
    if (!record.email) continue;
    const email = normaliseEmail(record.email);
    if (!email.includes('@')) continue;
    const seen = byEmail.get(email);
    if (seen) seen.records += 1;
    else
      byEmail.set(email, {
        email,
        language: noticeLanguageOf(email, record.language),
        categories: store.dataCategories.map((c) => c.id),
        storeIds: [store.id],
        records: 1,
      });
  }
  return [...byEmail.values()].sort((a, b) => a.email.localeCompare(b.email));
}

/**
 * Scopes an incident to one store and window: lists the people affected (or opens a staff task
 * for a store no connector can search), adds them to the incident, and updates its counts.
 */
export async function scopeIncident(
  incidentId: string,
  input: ScopeInput,
  actor: string,
  deps: ScopeDeps,
): Promise<{ incident: Incident; scope: IncidentScope; subjects: AffectedSubject[] }> {
  const store = checkInput(input, deps.dataMap);
  const incident = await requireIncident(incidentId, deps);
  if (incident.status === 'closed') throw new ConflictError(`incident ${incidentId} is closed`);
  const query: ScopeQuery = {
    from: new Date(Date.parse(input.from)).toISOString(),
    to: new Date(Date.parse(input.to)).toISOString(),
    ...(input.condition ? { condition: input.condition } : {}),
  };
  const records = await deps.search.search(store, query);
  const subjects = records ? affectedSubjectsOf(store, records) : [];
  const at = deps.clock.now().toISOString();
  const scope: IncidentScope = {
    storeId: store.id,
    ...query,
    scopedAt: at,
    scopedBy: actor,
    outcome: records ? 'listed' : 'manual',
    subjects: subjects.length,
    records: records?.length ?? 0,
    unreachableRecords: records ? records.filter((r) => !r.email).length : 0,
    ...(records
      ? {}
      : {
          task: {
            instructions:
              store.connector.type === 'manual'
                ? store.connector.instructions
                : `Search ${store.name} by hand for records dated ${query.from} to ${query.to}; its connector cannot list by date.`,
          },
        }),
  };
  if (subjects.length > 0) await deps.incidents.addAffected(incidentId, subjects);
  const affected = await deps.incidents.listAffected(incidentId);
  const scopes = [...incident.scopes, scope];
  const categories = new Set([
    ...incident.facts.dataCategories,
    ...(records ? store.dataCategories.map((c) => c.id) : []),
  ]);
  const next: Incident = {
    ...incident,
    scopes,
    facts: {
      ...incident.facts,
      dataCategories: [...categories],
      approxSubjects: affected.length + manualCount(scopes, 'subjects'),
      approxRecords: scopes.reduce((n, s) => n + s.records, 0) + manualCount(scopes, 'records'),
    },
    version: incident.version + 1,
  };
  await deps.incidents.update(next, incident.version, {
    at,
    actor,
    action: records ? 'incident_scoped' : 'incident_scope_task_opened',
    detail: {
      storeId: store.id,
      from: query.from,
      to: query.to,
      ...(input.condition ? { conditionField: input.condition.field } : {}),
      subjects: subjects.length,
      records: scope.records,
    },
  });
  return { incident: next, scope, subjects };
}

function manualCount(scopes: readonly IncidentScope[], what: 'subjects' | 'records'): number {
  return scopes.reduce((n, s) => n + (s.task?.[what] ?? 0), 0);
}

/** Staff finished searching a store by hand: the counts they found go into the incident. */
export async function completeScopeTask(
  incidentId: string,
  input: { storeId: string; subjects: number; records: number },
  actor: string,
  deps: IncidentDeps,
): Promise<Incident> {
  const incident = await requireIncident(incidentId, deps);
  const index = incident.scopes.findIndex((s) => s.storeId === input.storeId && s.task && !s.task.doneAt);
  const scope = incident.scopes[index];
  if (!scope?.task) throw new ConflictError(`no open search task for store ${input.storeId}`);
  const at = deps.clock.now().toISOString();
  const scopes = incident.scopes.map((s, i) =>
    i === index && s.task
      ? {
          ...s,
          task: { ...s.task, doneAt: at, doneBy: actor, subjects: input.subjects, records: input.records },
        }
      : s,
  );
  const affected = await deps.incidents.listAffected(incidentId);
  const next: Incident = {
    ...incident,
    scopes,
    facts: {
      ...incident.facts,
      approxSubjects: affected.length + manualCount(scopes, 'subjects'),
      approxRecords: scopes.reduce((n, s) => n + s.records, 0) + manualCount(scopes, 'records'),
    },
    version: incident.version + 1,
  };
  await deps.incidents.update(next, incident.version, {
    at,
    actor,
    action: 'incident_scope_task_done',
    detail: { storeId: input.storeId, subjects: input.subjects, records: input.records },
  });
  return next;
}
