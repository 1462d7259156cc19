import { type CalendarDate, localDateOf } from '../calendar/calendar-date';
import { findStore } from '../datamap';
import { NotFoundError } from '../errors';
import { artefactKeys, putJson, readAllFindings } from '../request/artefacts';
import { type ErasureAction, type ErasurePlan, planErasure, type StoreErasurePlan } from './erasure-plan';
import { type ErasureStepDeps, ErasureStepError, type StoredErasurePlan } from './erasure-steps';

/** The Plan step: the erasure planned from the findings and stored for staff to approve. */

export interface PlanSummaryStore {
  storeId: string;
  storeName: string;
  connectorType: StoreErasurePlan['connectorType'];
  policy: StoreErasurePlan['policy'];
  counts: Record<ErasureAction, number>;
  legalHold?: { name: string; reference: string };
  retainUntil?: CalendarDate;
  instructions?: string;
}

/** The `ERASURE_PLAN` item: what staff approve, with record ids and field names but no field values. */
export interface ErasurePlanSummary {
  plannedOn: CalendarDate;
  counts: Record<ErasureAction, number>;
  stores: PlanSummaryStore[];
  retained: {
    storeId: string;
    recordId: string;
    legalHold: string;
    reference: string;
    retainUntil: CalendarDate;
    anonymiseFields: string[];
    retainedFields: string[];
  }[];
  review: { storeId: string; recordId: string; reason: string; legalHold: string }[];
  /** Stores the Erase step visits. */
  erase: string[];
}

const noCounts = (): Record<ErasureAction, number> => ({ delete: 0, anonymise: 0, retain: 0, review: 0 });

/** Whether the Erase step has anything to do in a store: something to change, or staff work. */
export function needsErasureStep(store: StoreErasurePlan): boolean {
  if (store.connectorType === 'manual') return true;
  return store.records.some((r) => r.action !== 'retain' || r.anonymiseFields.length > 0);
}

export function summarisePlan(plan: ErasurePlan): ErasurePlanSummary {
  return {
    plannedOn: plan.plannedOn,
    counts: { ...plan.counts },
    stores: plan.stores.map((s) => {
      const counts = noCounts();
      for (const r of s.records) counts[r.action] += 1;
      const summary: PlanSummaryStore = {
        storeId: s.storeId,
        storeName: s.storeName,
        connectorType: s.connectorType,
        policy: s.policy,
        counts,
      };
      if (s.legalHold) summary.legalHold = { ...s.legalHold };
      if (s.retainUntil) summary.retainUntil = s.retainUntil;
      if (s.instructions) summary.instructions = s.instructions;
      return summary;
    }),
    retained: plan.stores.flatMap((s) =>
      s.records.flatMap((r) =>
        r.action === 'retain'
          ? [
              {
                storeId: s.storeId,
                recordId: r.recordId,
                legalHold: r.legalHold.name,
                reference: r.legalHold.reference,
                retainUntil: r.retainUntil,
                anonymiseFields: r.anonymiseFields,
                retainedFields: r.retainedFields,
              },
            ]
          : [],
      ),
    ),
    review: plan.stores.flatMap((s) =>
      s.records.flatMap((r) =>
        r.action === 'review'
          ? [{ storeId: s.storeId, recordId: r.recordId, reason: r.reason, legalHold: r.legalHold.name }]
          : [],
      ),
    ),
    erase: plan.stores.filter(needsErasureStep).map((s) => s.storeId),
  };
}

export interface PlanErasureResult {
  /** Store ids the Erase map visits: something to delete or anonymise there, or staff work (manual). */
  stores: string[];
  counts: Record<ErasureAction, number>;
}

/** Workflow step: plans the erasure from the findings, stores it for approval, returns ids and counts. */
export async function planErasureStep(
  input: { requestId: string },
  deps: ErasureStepDeps,
): Promise<PlanErasureResult> {
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  const findings = await readAllFindings(deps.objects, request.id);
  const now = deps.clock.now();
  const today = localDateOf(now);
  const relevant = findings.filter((f) => {
    const store = findStore(deps.dataMap, f.storeId);
    if (!store) throw new ErasureStepError(`findings name store "${f.storeId}", which the data map lacks`);
    // A manual store staff searched and found nothing in has nothing to erase either.
    return f.records.length > 0 || (store.connector.type === 'manual' && f.status !== 'none');
  });
  // Data map order: the order staff read the plan in and the Erase map visits the stores.
  const order = new Map(deps.dataMap.stores.map((store, i) => [store.id, i]));
  relevant.sort((a, b) => (order.get(a.storeId) ?? 0) - (order.get(b.storeId) ?? 0));
  const plan = planErasure(
    deps.dataMap,
    relevant.map(({ storeId, records }) => ({ storeId, records })),
    today,
  );
  const stored: StoredErasurePlan = {
    requestId: request.id,
    searchedStores: findings.map((f) => f.storeId),
    ...plan,
  };
  await putJson(deps.objects, artefactKeys.erasurePlan(request.id), stored);
  const summary = summarisePlan(plan);
  await deps.erasureRecords.putPlanSummary(request.id, summary, {
    at: now.toISOString(),
    actor: 'system:workflow',
    action: 'erasure_planned',
    detail: { counts: plan.counts, stores: summary.erase, planKey: artefactKeys.erasurePlan(request.id) },
  });
  return { stores: summary.erase, counts: plan.counts };
}
