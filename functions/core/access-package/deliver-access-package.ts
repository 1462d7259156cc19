import { attachedFilesOf, type ManualFindings, manualFindingsKey } from '../collection/manual-findings';
import type { ConsentChange } from '../consents/consents';
import type { DataMap, DataStore } from '../datamap';
import type { StoreFindings } from '../erasure/erasure-plan';
import { NotFoundError } from '../errors';
import { type SendReplyDeps, sendReply } from '../replies/send-reply';
import { artefactKeys, type ObjectStore, putJson, readAllFindings, readJson } from '../request/artefacts';
import { type AccessPackageTextPacks, buildAccessPackage } from './access-package';
import { downloadLink } from './download-link';
import { PACKAGE_FILES, type PackageFile, type PackageManifest } from './package-files';

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
  /** The package summary's words (`config/templates/`). */
  packageTexts: AccessPackageTextPacks;
}

export interface DeliverAccessPackageResult {
  recordCount: number;
  /** Ids of the data map stores that held records of the subject. */
  storesWithData: string[];
  /** When the mailed link stops working; absent when nothing was found and no link was sent. */
  linkExpiresAt?: string;
  /**
   * Art. 15(4): stores marked review-before-release that hold records, so nothing was built or
   * mailed yet; the workflow opens the staff check and calls again with `release`.
   */
  heldForReview?: string[];
  /** The same stores, comma-separated: the staff task's subject, which the console reads. */
  reviewStores?: string;
  /** For the staff check: what to look for in each held store (from the data map, no personal data). */
  reviewInstructions?: string;
}

export interface DeliverAccessPackageInput {
  requestId: string;
  /** Staff checked the package (Art. 15(4)): these records stay out of it, the rest is released. */
  release?: { withheld: readonly string[] };
}

export async function deliverAccessPackage(
  input: DeliverAccessPackageInput,
  deps: DeliverAccessPackageDeps,
): Promise<DeliverAccessPackageResult> {
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  const collected = (await readAllFindings(deps.objects, request.id)).filter((f) => f.records.length > 0);
  const held = collected
    .map((f) => deps.dataMap.stores.find((s) => s.id === f.storeId))
    .filter((s) => s?.reviewBeforeRelease !== undefined)
    .map((s) => s as DataStore);
  if (held.length > 0 && !input.release) {
    const heldForReview = held.map((s) => s.id);
    await deps.requests.appendEvent(request.id, {
      at: deps.clock.now().toISOString(),
      actor: 'system:workflow',
      action: 'access_package_held',
      detail: { stores: heldForReview },
    });
    return {
      recordCount: collected.reduce((sum, f) => sum + f.records.length, 0),
      storesWithData: collected.map((f) => f.storeId),
      heldForReview,
      reviewStores: heldForReview.join(','),
      reviewInstructions: [
        'Check the records of these systems before the package leaves, and tick those to withhold (Art. 15(4)).',
        ...held.map((s) => `${s.name}: ${s.reviewBeforeRelease}`),
      ].join(' '),
    };
  }
  const { findings, withheld } = withholding(collected, input.release?.withheld ?? []);
  const consents = await deps.consentHistory(request.subjectKey);
  const recordCount = findings.reduce((sum, f) => sum + f.records.length, 0);
  const known = new Set(findings.map((f) => f.storeId));
  // Data map order, the order the package itself uses.
  const storesWithData = deps.dataMap.stores.filter((s) => known.has(s.id)).map((s) => s.id);
  const now = deps.clock.now();

  // Withheld records still get a package: it tells the subject that, and why (Art. 15(4), 12(4)).
  if (recordCount === 0 && consents.length === 0 && withheld.length === 0) {
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
    withheld,
    texts: deps.packageTexts,
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
    for (const file of manual ? attachedFilesOf(manual, new Set(input.release?.withheld ?? [])) : []) {
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
      ...(input.release ? { reviewed: true, withheld: withheld.reduce((sum, w) => sum + w.count, 0) } : {}),
    },
  });
  return { recordCount, storesWithData, linkExpiresAt: link.expiresAt };
}

/** The findings without the records staff withheld, and how many each store lost. */
function withholding(findings: readonly StoreFindings[], recordIds: readonly string[]) {
  const out = new Set(recordIds);
  const withheld: { storeId: string; count: number }[] = [];
  const kept = findings.map((f) => {
    const records = f.records.filter((r) => !out.has(r.recordId));
    if (records.length < f.records.length)
      withheld.push({ storeId: f.storeId, count: f.records.length - records.length });
    return { ...f, records };
  });
  return { findings: kept.filter((f) => f.records.length > 0), withheld };
}
