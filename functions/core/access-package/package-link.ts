import { ConflictError, ValidationError } from '../errors';
import type { RequestStore } from '../ports';
import type { AuditEvent, DsrRequest } from '../request/request';
import type { RequestChanges, StaffStore } from '../staff/staff-ports';

/**
 * Staff revoke an access package's download link, for instance when the subject says the mail
 * reached someone else. A link is not bound to a person: whoever holds it can open it until it
 * expires, so revoking is how a forwarded or leaked link is stopped (Art. 5(1)(f), 32). The
 * download route refuses every link of a package built before the revocation; the files stay
 * until the package expires with the rest of our copies (`own-copies.ts`).
 */

export class NoPackageLinkError extends ConflictError {
  override name = 'NoPackageLinkError';
}

export interface RevokeLinkDeps {
  requests: Pick<RequestStore, 'listEvents'>;
  staff: Pick<StaffStore, 'updateRequest'>;
  clock: { now(): Date };
}

/** Whether a package built at `generatedAt` was revoked afterwards. */
export function packageRevoked(
  request: Pick<DsrRequest, 'packageLinkRevokedAt'>,
  generatedAt: string,
): boolean {
  return request.packageLinkRevokedAt !== undefined && generatedAt <= request.packageLinkRevokedAt;
}

/** Whether a package link is out and still works: built, not revoked, its files not yet gone. */
export function mayRevokePackageLink(
  request: Pick<DsrRequest, 'packageLinkRevokedAt'>,
  events: readonly { action: string }[],
): boolean {
  if (request.packageLinkRevokedAt) return false;
  const built = events.some((e) => e.action === 'access_package_built');
  const gone = events.some((e) => e.action === 'own_copies_expired' || e.action === 'own_copies_erased');
  return built && !gone;
}

export async function revokePackageLink(
  request: DsrRequest,
  reason: string | undefined,
  actor: string,
  deps: RevokeLinkDeps,
): Promise<DsrRequest> {
  const text = reason?.trim();
  if (text && text.length > 1000) throw new ValidationError('the reason is too long', { reason: 'invalid' });
  const events: AuditEvent[] = await deps.requests.listEvents(request.id);
  if (!mayRevokePackageLink(request, events))
    throw new NoPackageLinkError(`request ${request.id} has no working package link to revoke`);
  const at = deps.clock.now().toISOString();
  const changes: RequestChanges = { packageLinkRevokedAt: at };
  return deps.staff.updateRequest(request, changes, {
    at,
    actor,
    action: 'package_link_revoked',
    // Staff's reason stays in the trail; it may name the subject, so never in a log line.
    ...(text ? { detail: { reason: text } } : {}),
  });
}
