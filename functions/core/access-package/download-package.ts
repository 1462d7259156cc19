import type { Clock, RequestStore } from '../ports';
import { artefactKeys, type ObjectStore, readJson } from '../request/artefacts';
import type { ReplyLanguage } from '../request/request';
import type { TaskStore } from '../request/workflow-tasks';
import { checkDownloadToken } from './download-link';
import { PACKAGE_FILES, type PackageFile, type PackageManifest } from './package-files';
import { packageRevoked } from './package-link';

/**
 * The download route of the access package (ARCHITECTURE.md §6). A link works only while its token is
 * valid (signed for this request, unexpired), the request's verification task is completed, and
 * staff have not revoked it: a guessed id or a tampered token gets a 403 page that says what to do.
 * A link is not bound to a person: a forwarded mail opens the package for whoever holds it until
 * the link expires or staff revoke it (`package-link.ts`). That is why the page asks not to share
 * it, and why every opening of the page and every file handed out is in the audit trail (file
 * names only), as is every refusal of a correctly signed link. Files come from S3 through a short
 * presigned URL, so the function never streams personal data itself.
 */

export interface DownloadDeps {
  requests: Pick<RequestStore, 'getRequest' | 'appendEvent'>;
  tasks: Pick<TaskStore, 'getTask'>;
  objects: ObjectStore;
  /** A short-lived URL for one package object, offered to the browser as a download. */
  presign(key: string, file: PackageFile): Promise<string>;
  linkSecret: string;
  clock: Clock;
}

export interface DownloadInput {
  requestId: string;
  token: string | undefined;
  /** Absent: the page listing the package; present: one of its files. */
  file?: string;
  /** The page language before the request is known (from Accept-Language). */
  fallbackLanguage: ReplyLanguage;
}

/** What the subject is shown (the page is the edge's, `functions/pages/download-page.ts`), or a file. */
export type DownloadResult =
  | { kind: 'listing'; language: ReplyLanguage; manifest: PackageManifest; token: string; expiresAt: string }
  | { kind: 'denied'; language: ReplyLanguage; reason: DenyReason }
  | { kind: 'gone'; language: ReplyLanguage }
  | { kind: 'redirect'; location: string };

export type DenyReason = 'invalid_link' | 'expired' | 'unverified' | 'revoked';

export async function openDownload(input: DownloadInput, deps: DownloadDeps): Promise<DownloadResult> {
  const now = deps.clock.now();
  const check = checkDownloadToken(input.requestId, input.token, deps.linkSecret, now);
  if (!check.ok) {
    if (check.reason !== 'expired')
      return { kind: 'denied', language: input.fallbackLanguage, reason: 'invalid_link' };
    // Signed by us, so the request exists: an expired link's use is kept like any other.
    const expired = await deps.requests.getRequest(input.requestId);
    if (expired) await refused(deps, expired.id, now, 'expired', input.file);
    return { kind: 'denied', language: expired?.language ?? input.fallbackLanguage, reason: 'expired' };
  }
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) return { kind: 'denied', language: input.fallbackLanguage, reason: 'invalid_link' };
  const language = request.language;
  const verification = await deps.tasks.getTask(request.id, 'verification');
  if (!verification?.completedAt) {
    await refused(deps, request.id, now, 'unverified', input.file);
    return { kind: 'denied', language, reason: 'unverified' };
  }
  const manifest = await readJson<PackageManifest>(
    deps.objects,
    artefactKeys.packageFile(request.id, PACKAGE_FILES.manifest),
  );
  if (manifest && packageRevoked(request, manifest.generatedAt)) {
    await refused(deps, request.id, now, 'revoked', input.file);
    return { kind: 'denied', language, reason: 'revoked' };
  }
  if (!manifest) {
    await refused(deps, request.id, now, 'gone', input.file);
    return { kind: 'gone', language };
  }

  if (input.file === undefined) {
    await audit(deps, request.id, now, 'package_opened', { files: manifest.files.length });
    return { kind: 'listing', language, manifest, token: input.token ?? '', expiresAt: check.expiresAt };
  }
  const file = manifest.files.find((f) => f.name === input.file);
  if (!file) return { kind: 'gone', language };
  const location = await deps.presign(artefactKeys.packageFile(request.id, file.name), file);
  await audit(deps, request.id, now, 'package_downloaded', { file: file.name });
  return { kind: 'redirect', location };
}

function refused(deps: DownloadDeps, requestId: string, now: Date, reason: string, file: string | undefined) {
  return audit(deps, requestId, now, 'package_download_refused', { reason, file: file ?? null });
}

async function audit(
  deps: DownloadDeps,
  requestId: string,
  now: Date,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await deps.requests.appendEvent(requestId, {
    at: now.toISOString(),
    actor: 'subject:download-link',
    action,
    detail,
  });
}
