import type { CalendarDate } from '../calendar/calendar-date';
import { type DataMap, findStore } from '../datamap';
import { NotFoundError } from '../errors';
import { type SendReplyDeps, sendReply } from '../replies/send-reply';
import type { RetainedItem } from '../replies/template-packs';
import { artefactKeys, putJson, readJson } from '../request/artefacts';
import type { StoredEraseOutcome } from './erase-store-step';
import { buildCertificate, type ErasureCertificate } from './erasure-certificate';
import { type StoreErasurePlan, type StoreFindings, verifyErasure } from './erasure-plan';
import {
  type ConnectorDeps,
  ErasureIncompleteError,
  type ErasureStepDeps,
  ErasureStepError,
  readPlan,
  subjectOf,
} from './erasure-steps';
import { eraseOwnCopies } from './own-copies';

/** The Verify step: collect again to prove the erasure, certify it and tell the subject. */

/** The completion_erasure variables, in the subject's language: store names, holds, dates; no record data. */
export function erasureReplyVars(
  certificate: ErasureCertificate,
  dataMap: DataMap,
  language: 'sv' | 'nb' | 'en',
): {
  erasedItems: string[];
  anonymisedItems: string[];
  retainedItems: RetainedItem[];
  backupExpiryDate: CalendarDate;
} {
  const nameOf = (storeId: string, fallback: string) =>
    findStore(dataMap, storeId)?.publicName?.[language] ?? fallback;
  const retainedItems: RetainedItem[] = [];
  for (const s of certificate.stores) {
    const byHold = new Map<string, RetainedItem>();
    for (const r of s.retained) {
      const legalBasis = `${r.legalHold.name}, ${r.legalHold.reference}`;
      const current = byHold.get(legalBasis);
      if (!current || current.until < r.retainUntil) {
        byHold.set(legalBasis, {
          description: nameOf(s.storeId, s.storeName),
          legalBasis,
          until: r.retainUntil,
        });
      }
    }
    retainedItems.push(...byHold.values());
  }
  return {
    erasedItems: certificate.stores
      .filter((s) => s.deleted.length > 0)
      .map((s) => nameOf(s.storeId, s.storeName)),
    anonymisedItems: certificate.stores
      .filter((s) => s.anonymised.length > 0)
      .map((s) => nameOf(s.storeId, s.storeName)),
    retainedItems,
    backupExpiryDate: certificate.residualCopiesExpireBy,
  };
}

export interface VerifyErasureDeps extends ErasureStepDeps, ConnectorDeps, SendReplyDeps {
  /** Ids of every request of a subject: their findings and packages go with the erasure. */
  requestsOfSubject?(subjectKey: string): Promise<string[]>;
}

/**
 * Workflow step: searches every planned store again and compares with the plan. Anything left
 * that the plan does not keep fails the step with ErasureIncompleteError (the workflow marks the
 * request failed and alerts staff; `erasure/<id>/leftovers.json` says where). Otherwise stores
 * the certificate and tells the subject, once.
 */
export async function verifyErasureStep(
  input: { requestId: string },
  deps: VerifyErasureDeps,
): Promise<{ certificateKey: string }> {
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  const plan = await readPlan(deps.objects, request.id);
  const subject = subjectOf(request);

  const outcomes = new Map<string, StoredEraseOutcome>();
  const checked: StoreErasurePlan[] = [];
  const recollected: StoreFindings[] = [];
  for (const storePlan of plan.stores) {
    const outcome = await readJson<StoredEraseOutcome>(
      deps.objects,
      artefactKeys.erasureOutcome(request.id, storePlan.storeId),
    );
    if (outcome) outcomes.set(storePlan.storeId, outcome);
    const store = findStore(deps.dataMap, storePlan.storeId);
    if (!store) throw new ErasureStepError(`store ${storePlan.storeId} is not in the data map`);
    // A store staff erase by hand cannot be searched again by us: it stays `manual_pending`.
    if (store.connector.type === 'manual') continue;
    checked.push(storePlan);
    const found = await deps.connectorFor(store).find(subject);
    recollected.push({
      storeId: store.id,
      records: found.map(({ recordId, fields, recordDate }) => ({
        recordId,
        fields,
        ...(recordDate === undefined ? {} : { recordDate }),
      })),
    });
  }
  const verifiedAt = deps.clock.now().toISOString();
  const leftovers = verifyErasure({ ...plan, stores: checked }, recollected);
  if (leftovers.length > 0) {
    await putJson(deps.objects, `erasure/${request.id}/leftovers.json`, {
      requestId: request.id,
      verifiedAt,
      leftovers,
    });
    await deps.requests.appendEvent(request.id, {
      at: verifiedAt,
      actor: 'system:workflow',
      action: 'erasure_incomplete',
      detail: {
        leftovers: leftovers.length,
        stores: [...new Set(leftovers.map((l) => l.storeId))].sort(),
        reasons: [...new Set(leftovers.map((l) => l.reason))].sort(),
      },
    });
    throw new ErasureIncompleteError(leftovers);
  }

  const certificate = buildCertificate({
    plan,
    outcomes,
    subjectKey: request.subjectKey,
    dataMap: deps.dataMap,
    language: request.language,
    verifiedAt,
  });
  const certificateKey = artefactKeys.certificate(request.id);
  await putJson(deps.objects, certificateKey, certificate);
  await sendReply(
    {
      requestId: request.id,
      template: 'completion_erasure',
      vars: erasureReplyVars(certificate, deps.dataMap, request.language),
      dedupeKey: 'certificate',
    },
    deps,
  );
  // The collected copies are personal data the erasure covers too: only the certificate's hashes stay.
  const findingsKeys = await deps.objects.list(artefactKeys.findingsPrefix(request.id));
  for (const key of findingsKeys) await deps.objects.delete(key);
  // So are our copies for the subject's other requests: an earlier access request's package too.
  const ownCopies = deps.requestsOfSubject
    ? await eraseOwnCopies(
        { requestId: request.id, subjectKey: request.subjectKey },
        {
          requestsOfSubject: deps.requestsOfSubject,
          objects: deps.objects,
          appendEvent: (id, event) => deps.requests.appendEvent(id, event),
          now: deps.clock.now(),
        },
      )
    : { requests: [], objectsDeleted: 0 };
  await deps.requests.appendEvent(request.id, {
    at: verifiedAt,
    actor: 'system:workflow',
    action: 'erasure_certified',
    detail: {
      certificateKey,
      ...certificate.counts,
      residualCopiesExpireBy: certificate.residualCopiesExpireBy,
      ownCopiesErased: { requests: ownCopies.requests, objects: ownCopies.objectsDeleted },
    },
  });
  return { certificateKey };
}
