import { addDaysToInstant } from '../calendar/calendar-date';
import { artefactKeys, type ObjectStore } from '../request/artefacts';
import type { AuditEvent, Status } from '../request/request';
import { TERMINAL_STATUSES } from '../request/request';

/**
 * Retention of our own records: a closed request's record (the address, the raw mail, the erasure
 * plan and outcomes) is kept for a configurable time after closure, then the raw mail and every
 * artefact are deleted and the record keeps only what holds no personal data: id, status and
 * reason, types, dates, the audit trail. Findings and packages, our working copies of the
 * subject's data, go much sooner (`own-copies.ts`). Pure: ports come in.
 *
 * Default ten years: the record is our evidence of how a request was answered (Art. 5(2)), kept
 * for the defence of legal claims (Art. 17(3)(e)); a claim for damages under Art. 82 is barred in
 * Sweden after the general limitation period of ten years (preskriptionslagen (1981:130) 2 §).
 * 3653 days cover any ten calendar years, leap days included.
 */
export const DEFAULT_RETENTION_DAYS_AFTER_CLOSE = 3653;

/** Attributes of the META item that are personal data (or, like the subject key, link to a person). */
export const PERSONAL_FIELDS = [
  'subjectEmail',
  'subject',
  'senderEmail',
  'form',
  'messageId',
  'subjectKey',
] as const;

/**
 * A request closes at most five months after its due date is set (one month to the due date, an
 * extension of up to two more, weekends and holidays, a margin): a request closed before the cutoff
 * has a due date before cutoff + this. The status index is ordered by due date, so the purge reads
 * only those candidates instead of every closed request.
 */
export const DUE_AFTER_CLOSE_MARGIN_DAYS = 150;

export interface RetentionCandidate {
  id: string;
  status: Status;
  dueAt: string;
  rawRef?: string;
}

export interface RetentionDeps {
  /** Closed requests of a status, not yet purged, due before a date (ISO). */
  listClosed(status: Status, dueBefore: string): Promise<RetentionCandidate[]>;
  listEvents(requestId: string): Promise<AuditEvent[]>;
  /** The packages bucket: findings, packages, erasure records, by request prefix. */
  artefacts: ObjectStore;
  /** Deletes a raw mail object by its ref (`s3://bucket/key`); a missing one is fine. */
  deleteRaw(rawRef: string): Promise<void>;
  /** Removes the personal fields from the META item, sets `purgedAt`, keeps status and audit. */
  purgeRecord(requestId: string, status: Status, fields: readonly string[], purgedAt: string): Promise<void>;
  appendEvent(requestId: string, event: AuditEvent): Promise<void>;
  now: Date;
  retentionDays: number;
}

export interface RetentionOutcome {
  examined: number;
  purged: string[];
  objectsDeleted: number;
}

/** When the request reached its terminal status: the last audit event that moved it there. */
export function closedAtOf(events: readonly AuditEvent[]): string | undefined {
  return events
    .filter((e) => e.toStatus !== undefined && TERMINAL_STATUSES.includes(e.toStatus))
    .map((e) => e.at)
    .sort()
    .at(-1);
}

export function retentionCutoff(now: Date, retentionDays: number): Date {
  return addDaysToInstant(now, -retentionDays);
}

/** Purges every request closed before the cutoff. Idempotent: a re-run finds nothing left to do. */
export async function runRetentionPurge(deps: RetentionDeps): Promise<RetentionOutcome> {
  const cutoff = retentionCutoff(deps.now, deps.retentionDays).toISOString();
  const dueBefore = addDaysToInstant(new Date(cutoff), DUE_AFTER_CLOSE_MARGIN_DAYS).toISOString();
  const outcome: RetentionOutcome = { examined: 0, purged: [], objectsDeleted: 0 };
  for (const status of TERMINAL_STATUSES) {
    for (const candidate of await deps.listClosed(status, dueBefore)) {
      outcome.examined += 1;
      const closedAt = closedAtOf(await deps.listEvents(candidate.id));
      if (!closedAt || closedAt >= cutoff) continue;
      outcome.objectsDeleted += await purgeOne(candidate, closedAt, deps);
      outcome.purged.push(candidate.id);
    }
  }
  return outcome;
}

async function purgeOne(request: RetentionCandidate, closedAt: string, deps: RetentionDeps): Promise<number> {
  let deleted = 0;
  // Objects first: the record is marked purged only once nothing of the request is left in S3.
  if (request.rawRef) {
    await deps.deleteRaw(request.rawRef);
    deleted += 1;
  }
  const prefixes = [
    artefactKeys.findingsPrefix(request.id),
    artefactKeys.packagePrefix(request.id),
    `erasure/${request.id}/`,
  ];
  for (const prefix of prefixes) {
    for (const key of await deps.artefacts.list(prefix)) {
      await deps.artefacts.delete(key);
      deleted += 1;
    }
  }
  const purgedAt = deps.now.toISOString();
  await deps.purgeRecord(request.id, request.status, PERSONAL_FIELDS, purgedAt);
  await deps.appendEvent(request.id, {
    at: purgedAt,
    actor: 'system:retention',
    action: 'personal_data_purged',
    detail: { closedAt, retentionDays: deps.retentionDays, objectsDeleted: deleted },
  });
  return deleted;
}
