import { ConflictError } from '../../functions/core/errors';
import type { AffectedSubject, Incident, IncidentStore } from '../../functions/core/incidents/incidents';
import type { AuditEvent } from '../../functions/core/request/request';

/** The incident store in memory, with the table's rules: create once, versioned updates, once-claims. */
export function memoryIncidents(): IncidentStore & { events: Map<string, AuditEvent[]> } {
  const incidents = new Map<string, Incident>();
  const events = new Map<string, AuditEvent[]>();
  const affected = new Map<string, Map<string, AffectedSubject>>();
  const claims = new Map<string, boolean>();
  const append = async (id: string, event: AuditEvent) => {
    events.set(id, [...(events.get(id) ?? []), event]);
  };
  return {
    events,
    create: async (incident, event) => {
      if (incidents.has(incident.incidentId)) return false;
      incidents.set(incident.incidentId, structuredClone(incident));
      await append(incident.incidentId, event);
      return true;
    },
    get: async (id) => structuredClone(incidents.get(id)),
    update: async (incident, expectedVersion, event) => {
      if (incidents.get(incident.incidentId)?.version !== expectedVersion)
        throw new ConflictError(`incident ${incident.incidentId} changed meanwhile`);
      incidents.set(incident.incidentId, structuredClone(incident));
      await append(incident.incidentId, event);
    },
    list: async () => [...incidents.values()].map((i) => structuredClone(i)),
    appendEvent: append,
    listEvents: async (id) => [...(events.get(id) ?? [])],
    addAffected: async (id, subjects) => {
      const known = affected.get(id) ?? new Map<string, AffectedSubject>();
      for (const s of subjects) {
        const seen = known.get(s.email);
        known.set(
          s.email,
          seen
            ? {
                ...seen,
                categories: [...new Set([...seen.categories, ...s.categories])],
                storeIds: [...new Set([...seen.storeIds, ...s.storeIds])],
                records: seen.records + s.records,
              }
            : { ...s },
        );
      }
      affected.set(id, known);
    },
    listAffected: async (id) =>
      [...(affected.get(id)?.values() ?? [])]
        .map((s) => ({ ...s }))
        .sort((a, b) => a.email.localeCompare(b.email)),
    claimOnce: async (id, key) => {
      const k = `${id}#${key}`;
      if (claims.get(k) === true) return false;
      claims.set(k, true);
      return true;
    },
    releaseOnce: async (id, key) => {
      claims.set(`${id}#${key}`, false);
    },
    markNotified: async (id, email, at) => {
      const s = affected.get(id)?.get(email);
      if (s) s.notifiedAt = at;
    },
  };
}
