import { buildAccessPackage } from './access-package';
import { artefactKeys, type ObjectStore, putJson, readAllFindings, readJson } from './artefacts';
import type { ConsentChange } from './consents';
import type { DataMap } from './datamap';
import { downloadLink } from './download-link';
import { NotFoundError } from './errors';
import { attachedFilesOf, type ManualFindings, manualFindingsKey } from './manual-findings';
import { PACKAGE_FILES, type PackageFile, type PackageManifest } from './package-files';
import { type SendReplyDeps, sendReply } from './send-reply';

/**
 * Workflow step (access, portability): builds the access package from what the collect step
 * found, stores it beside the findings (the bucket encrypts with KMS), and mails the subject an
 * expiring link, never the data. The step's output carries counts only: no personal data and
 * not the link, which only the subject's mail holds.
 */

export interface DeliverAccessPackageDeps extends SendReplyDeps {
  objects: ObjectStore;
  consentHistory(subjectKey: string): Promise<readonly ConsentChange[]>;
  dataMap: DataMap;
  publicBaseUrl: string;
  linkSecret: string;
  linkDays: number;
}

export interface DeliverAccessPackageResult {
  recordCount: number;
  /** Ids of the data map stores that held records of the subject. */
  storesWithData: string[];
  /** When the mailed link stops working; absent when nothing was found and no link was sent. */
  linkExpiresAt?: string;
}

export async function deliverAccessPackage(
  input: { requestId: string },
  deps: DeliverAccessPackageDeps,
): Promise<DeliverAccessPackageResult> {
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  const findings = (await readAllFindings(deps.objects, request.id)).filter((f) => f.records.length > 0);
  const consents = await deps.consentHistory(request.subjectKey);
  const recordCount = findings.reduce((sum, f) => sum + f.records.length, 0);
  const known = new Set(findings.map((f) => f.storeId));
  // Data map order, the order the package itself uses.
  const storesWithData = deps.dataMap.stores.filter((s) => known.has(s.id)).map((s) => s.id);
  const now = deps.clock.now();

  if (recordCount === 0 && consents.length === 0) {
    await sendReply({ requestId: request.id, template: 'completion_no_data' }, deps);
    await deps.requests.appendEvent(request.id, {
      at: now.toISOString(),
      actor: 'system:workflow',
      action: 'access_no_data',
      detail: { recordCount: 0 },
    });
    return { recordCount, storesWithData };
  }

  const generatedAt = now.toISOString();
  const built = buildAccessPackage({
    requestId: request.id,
    language: request.language,
    subjectEmail: request.subjectEmail,
    findings,
    dataMap: deps.dataMap,
    consents,
    generatedAt,
  });
  const files: { file: PackageFile; body: string }[] = [
    {
      file: { name: PACKAGE_FILES.html, contentType: 'text/html; charset=utf-8', bytes: 0 },
      body: built.html,
    },
    {
      file: { name: PACKAGE_FILES.json, contentType: 'application/json; charset=utf-8', bytes: 0 },
      body: built.json,
    },
    ...Object.entries(built.csv).map(([storeId, body]) => ({
      file: { name: `${storeId}.csv`, contentType: 'text/csv; charset=utf-8', bytes: 0, storeId },
      body,
    })),
  ];
  for (const { file, body } of files) {
    file.bytes = Buffer.byteLength(body, 'utf8');
    await deps.objects.put(artefactKeys.packageFile(request.id, file.name), body, file.contentType);
  }
  // Files staff attached from a manual store go into the package as they are (Art. 15(3)).
  const attachments: PackageFile[] = [];
  for (const store of deps.dataMap.stores.filter((s) => s.connector.type === 'manual' && known.has(s.id))) {
    const manual = await readJson<ManualFindings>(deps.objects, manualFindingsKey(request.id, store.id));
    for (const file of manual ? attachedFilesOf(manual) : []) {
      await deps.objects.copy(file.key, artefactKeys.packageFile(request.id, file.packageName));
      attachments.push({
        name: file.packageName,
        contentType: file.contentType,
        bytes: file.bytes,
        storeId: store.id,
        attachment: true,
      });
    }
  }
  const manifest: PackageManifest = {
    requestId: request.id,
    generatedAt,
    files: [...files.map((f) => f.file), ...attachments],
  };
  // Written last: the download page lists a package only once all of it is stored.
  await putJson(deps.objects, artefactKeys.packageFile(request.id, PACKAGE_FILES.manifest), manifest);

  const link = downloadLink(deps.publicBaseUrl, request.id, now, deps.linkSecret, deps.linkDays);
  const dataSources = deps.dataMap.stores
    .filter((s) => known.has(s.id))
    .map((s) => (s.publicName ? s.publicName[request.language] : s.name));
  const { sent } = await sendReply(
    {
      requestId: request.id,
      template: 'completion_access',
      vars: { downloadUrl: link.url, linkExpiresAt: link.expiresAt, dataSources },
      dedupeKey: 'package',
    },
    deps,
  );
  await deps.requests.appendEvent(request.id, {
    at: generatedAt,
    actor: 'system:workflow',
    action: 'access_package_built',
    detail: {
      recordCount,
      storesWithData,
      files: manifest.files.length,
      linkExpiresAt: link.expiresAt,
      mailed: sent,
    },
  });
  return { recordCount, storesWithData, linkExpiresAt: link.expiresAt };
}
