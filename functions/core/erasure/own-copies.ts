import { artefactKeys, type ObjectStore } from '../request/artefacts';
import type { AuditEvent, Status } from '../request/request';
import { TERMINAL_STATUSES } from '../request/request';
import { closedAtOf } from '../retention/retention';

/**
 * Privacy Desk's own copies of a subject's data: the findings collected for a request and the
 * access package built from them. They are working copies, not records of how a request was
 * handled, so they do not live as long as the request record (`retention.ts`):
 *
 * - an erasure (Art. 17(1)) deletes them for every request of the same subject, and with the
 *   package its download link stops working;
 * - otherwise they go when the package link expires, or when the request closes if it had none
 *   (Art. 5(1)(e)): the daily retention run deletes them.
 */

/** Where a request's own copies live in the packages bucket. */
export const ownCopyPrefixes = (requestId: string) => [
  artefactKeys.findingsPrefix(requestId),
  artefactKeys.packagePrefix(requestId),
];

async function deletePrefixes(objects: ObjectStore, prefixes: readonly string[]): Promise<number> {
  let deleted = 0;
  for (const prefix of prefixes) {
    for (const key of await objects.list(prefix)) {
      await objects.delete(key);
      deleted += 1;
    }
  }
  return deleted;
}

export interface EraseOwnCopiesDeps {
  /** Ids of every request of the subject, this one included (the bySubject index). */
  requestsOfSubject(subjectKey: string): Promise<string[]>;
  objects: ObjectStore;
  appendEvent(requestId: string, event: AuditEvent): Promise<void>;
  now: Date;
}

/**
 * After a certified erasure: deletes the findings and packages of the subject's other requests
 * (an earlier access request's records and package; its link then finds nothing), and notes it
 * in each of their trails. The erasure request's own findings are deleted by the erasure step; a
 * package it built itself (access and erasure asked together) stays until its link expires, since
 * the subject asked for that copy.
 */
export async function eraseOwnCopies(
  erasure: { requestId: string; subjectKey: string },
  deps: EraseOwnCopiesDeps,
): Promise<{ requests: string[]; objectsDeleted: number }> {
  const others = (await deps.requestsOfSubject(erasure.subjectKey)).filter((id) => id !== erasure.requestId);
  const touched: string[] = [];
  let objectsDeleted = 0;
  for (const requestId of others.sort()) {
    const deleted = await deletePrefixes(deps.objects, ownCopyPrefixes(requestId));
    if (deleted === 0) continue;
    objectsDeleted += deleted;
    touched.push(requestId);
    await deps.appendEvent(requestId, {
      at: deps.now.toISOString(),
      actor: 'system:workflow',
      action: 'own_copies_erased',
      detail: { byErasure: erasure.requestId, objectsDeleted: deleted },
    });
  }
  return { requests: touched, objectsDeleted };
}

export interface ExpireOwnCopiesDeps {
  /** Closed requests of a status whose own copies have not expired yet (and that are not purged). */
  listUnexpired(status: Status): Promise<{ id: string }[]>;
  listEvents(requestId: string): Promise<AuditEvent[]>;
  objects: ObjectStore;
  /** Marks the request's own copies as gone, so the next run skips it. */
  markExpired(requestId: string, at: string): Promise<void>;
  appendEvent(requestId: string, event: AuditEvent): Promise<void>;
  now: Date;
}

/** When a closed request's own copies expire: its last package link's expiry, or its closure. */
export function ownCopiesExpireAt(events: readonly AuditEvent[]): string | undefined {
  const closedAt = closedAtOf(events);
  if (!closedAt) return undefined;
  const links = events
    .filter((e) => e.action === 'access_package_built')
    .map((e) => e.detail?.linkExpiresAt)
    .filter((at): at is string => typeof at === 'string');
  return [closedAt, ...links].sort().at(-1);
}

/** Deletes the own copies of every closed request whose package link (or closure) is past. Idempotent. */
export async function expireOwnCopies(
  deps: ExpireOwnCopiesDeps,
): Promise<{ expired: string[]; objectsDeleted: number }> {
  const now = deps.now.toISOString();
  const expired: string[] = [];
  let objectsDeleted = 0;
  for (const status of TERMINAL_STATUSES) {
    for (const { id } of await deps.listUnexpired(status)) {
      const expiresAt = ownCopiesExpireAt(await deps.listEvents(id));
      if (!expiresAt || expiresAt > now) continue;
      const deleted = await deletePrefixes(deps.objects, ownCopyPrefixes(id));
      objectsDeleted += deleted;
      expired.push(id);
      await deps.markExpired(id, now);
      await deps.appendEvent(id, {
        at: now,
        actor: 'system:retention',
        action: 'own_copies_expired',
        detail: { expiredAt: expiresAt, objectsDeleted: deleted },
      });
    }
  }
  return { expired, objectsDeleted };
}
