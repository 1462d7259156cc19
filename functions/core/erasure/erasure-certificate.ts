import { createHash } from 'node:crypto';
import { addDays, type CalendarDate, toCalendarDate } from '../calendar/calendar-date';
import { type DataMap, findStore } from '../datamap';
import type { StoredEraseOutcome } from './erase-store-step';
import type { StoreErasurePlan } from './erasure-plan';
import { ErasureStepError, type StoredErasurePlan } from './erasure-steps';

/** The erasure certificate: what was erased, anonymised and kept, with record ids only as hashes. */

/** Where copies of erased data may remain after erasure, and for how long (the stack's settings). */
export interface ResidualCopy {
  where: 'dynamodb_point_in_time_recovery' | 's3_noncurrent_versions' | 'log_retention';
  description: string;
  days: number;
}

export const RESIDUAL_COPIES: readonly ResidualCopy[] = [
  {
    where: 'dynamodb_point_in_time_recovery',
    description: 'DynamoDB point-in-time recovery keeps restorable table states for 35 days.',
    days: 35,
  },
  {
    where: 's3_noncurrent_versions',
    description: 'Rewritten or deleted S3 objects keep a noncurrent version for 7 days (bucket lifecycle).',
    days: 7,
  },
  {
    where: 'log_retention',
    description: 'Function and workflow logs (ids only, by design) are kept for 90 days.',
    days: 90,
  },
];

export const CERTIFICATE_FORMAT = 'privacy-desk/erasure-certificate@1';

export interface HashedRecord {
  /** SHA-256 (hex) of the record id as the store names it. */
  recordIdSha256: string;
}

export interface CertificateStore {
  storeId: string;
  storeName: string;
  connector: StoreErasurePlan['connectorType'];
  policy: StoreErasurePlan['policy'];
  erasedAt?: string;
  deleted: (HashedRecord & { reason: 'policy' | 'legal_hold_expired'; legalHoldEnded?: CalendarDate })[];
  anonymised: (HashedRecord & { fields: string[] })[];
  retained: (HashedRecord & {
    legalHold: { name: string; reference: string };
    retainUntil: CalendarDate;
    anonymisedFields: string[];
    retainedFields: string[];
    why?: string;
  })[];
  /**
   * `verified_by_recollection` (searched again, nothing left), `confirmed_by_staff` (a store staff
   * erase by hand, confirmed by them at `confirmedAt`), or `manual_pending` (still with staff).
   */
  verification: 'verified_by_recollection' | 'confirmed_by_staff' | 'manual_pending';
  confirmedAt?: string;
  instructions?: string;
  /** Records staff must still handle in this store. */
  pending: HashedRecord[];
}

export interface ErasureCertificate {
  format: typeof CERTIFICATE_FORMAT;
  requestId: string;
  /** The subject as an HMAC key: the certificate names no address. */
  subjectKey: string;
  issuedAt: string;
  plannedOn: CalendarDate;
  verifiedAt: string;
  searchedStores: string[];
  stores: CertificateStore[];
  counts: { deleted: number; anonymised: number; retained: number; pending: number };
  residualCopies: (ResidualCopy & { expiresOn: CalendarDate })[];
  /** The day the last residual copy expires. */
  residualCopiesExpireBy: CalendarDate;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Pure: the certificate from the plan, each store's outcome and the moment of verification. */
export function buildCertificate(args: {
  plan: StoredErasurePlan;
  outcomes: ReadonlyMap<string, StoredEraseOutcome>;
  subjectKey: string;
  dataMap: DataMap;
  language: 'sv' | 'nb' | 'en';
  verifiedAt: string;
  residualCopies?: readonly ResidualCopy[];
}): ErasureCertificate {
  const { plan, outcomes } = args;
  const hashed = (recordId: string): HashedRecord => ({ recordIdSha256: sha256Hex(recordId) });
  const stores: CertificateStore[] = plan.stores.map((s) => {
    const outcome = outcomes.get(s.storeId);
    const pendingIds = new Set(outcome?.manual ?? []);
    const why = findStore(args.dataMap, s.storeId)?.erasure;
    const explanation = why?.policy === 'retain' ? why.legalHold.explanation?.[args.language] : undefined;
    const entry: CertificateStore = {
      storeId: s.storeId,
      storeName: s.storeName,
      connector: s.connectorType,
      policy: s.policy,
      deleted: [],
      anonymised: [],
      retained: [],
      verification: !outcome?.manualStore
        ? 'verified_by_recollection'
        : outcome.staffConfirmed
          ? 'confirmed_by_staff'
          : 'manual_pending',
      pending: [...pendingIds].sort().map(hashed),
    };
    if (outcome?.staffConfirmed) entry.confirmedAt = outcome.staffConfirmed.at;
    if (outcome) entry.erasedAt = outcome.erasedAt;
    if (outcome?.instructions) entry.instructions = outcome.instructions;
    // Staff found nothing left to erase in their store: nothing of it is certified as erased.
    const nothingLeft = outcome?.staffConfirmed?.outcome === 'nothing_found';
    for (const r of s.records) {
      if (pendingIds.has(r.recordId) || nothingLeft) continue;
      switch (r.action) {
        case 'delete':
          entry.deleted.push({
            ...hashed(r.recordId),
            reason: r.reason,
            ...(r.legalHold ? { legalHoldEnded: r.legalHold.ended } : {}),
          });
          break;
        case 'anonymise':
          entry.anonymised.push({ ...hashed(r.recordId), fields: r.fields });
          break;
        case 'retain':
          entry.retained.push({
            ...hashed(r.recordId),
            legalHold: { name: r.legalHold.name, reference: r.legalHold.reference },
            retainUntil: r.retainUntil,
            anonymisedFields: r.anonymiseFields,
            retainedFields: r.retainedFields,
            ...(explanation ? { why: explanation } : {}),
          });
          break;
        case 'review':
          // Reviews are resolved by staff before approval; one left unresolved is pending work.
          entry.pending.push(hashed(r.recordId));
          break;
      }
    }
    return entry;
  });
  const lastErasure =
    [...outcomes.values()]
      .map((o) => o.erasedAt)
      .sort()
      .at(-1) ?? args.verifiedAt;
  const erasedOn = toCalendarDate(new Date(lastErasure).toISOString());
  if (!erasedOn) throw new ErasureStepError('the clock gave an invalid instant');
  const residualCopies = (args.residualCopies ?? RESIDUAL_COPIES).map((c) => ({
    ...c,
    expiresOn: addDays(erasedOn, c.days),
  }));
  return {
    format: CERTIFICATE_FORMAT,
    requestId: plan.requestId,
    subjectKey: args.subjectKey,
    issuedAt: args.verifiedAt,
    plannedOn: plan.plannedOn,
    verifiedAt: args.verifiedAt,
    searchedStores: plan.searchedStores,
    stores,
    counts: {
      deleted: stores.reduce((n, s) => n + s.deleted.length, 0),
      anonymised: stores.reduce((n, s) => n + s.anonymised.length, 0),
      retained: stores.reduce((n, s) => n + s.retained.length, 0),
      pending: stores.reduce((n, s) => n + s.pending.length, 0),
    },
    residualCopies,
    residualCopiesExpireBy:
      residualCopies
        .map((c) => c.expiresOn)
        .sort()
        .at(-1) ?? erasedOn,
  };
}
