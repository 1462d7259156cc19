import { addMonths, type CalendarDate, dateParts, toCalendarDate } from '../calendar/calendar-date';
import type { EraseOutcome, LocatedRecord, SweptRecord } from '../collection/connector';
import type { DataMap, DataStore, RetentionRule } from '../datamap';
import {
  type ErasureLeftover,
  holdEndDate,
  isAnonymisedValue,
  planErasure,
  type RecordErasure,
  type StoreErasurePlan,
  valueAtPath,
  verifyErasure,
} from '../erasure/erasure-plan';

/**
 * Retention sweeps: the company's stores kept no longer than their data map rule says. A sweep
 * lists every record past its store's rule, plans what happens to each exactly as an erasure plan
 * would (delete, anonymise, or keep under a legal hold such as Bokföringslagen), waits for staff
 * approval, is carried out through the connectors, then listed again to prove it. Pure: the
 * listings come in, the plan and the report go out.
 */

export const SWEEP_STATUSES = [
  /** Staff asked for a sweep; the next run of the sweep function plans it. */
  'requested',
  /** The stores are being listed and the plan made. */
  'planning',
  /** A plan only: nothing is changed, nothing can be approved. */
  'dry_run',
  'awaiting_approval',
  'approved',
  'executing',
  /** Carried out and proven: nothing past retention is left that the plan did not keep. */
  'completed',
  /** Carried out, but records are left (changed since the plan, or not removed): see the report. */
  'incomplete',
  'rejected',
  'failed',
] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

/**
 * How a store takes part. `connector`: listed and changed by its connector; `manual`: staff do it
 * by hand, from the cutoff the plan gives; `consent`: kept until consent is withdrawn, which the
 * consent ledger already acts on when it happens; `not_listable`: its connector can find one
 * subject but cannot list records by date (a SaaS API), so staff check it by hand.
 */
export type SweepMode = 'connector' | 'manual' | 'consent' | 'not_listable';

export type SweepRecordPlan = SweptRecord & {
  /** The last day the store's rule kept the record. */
  retentionEnded: CalendarDate;
};

export interface SweepStorePlan {
  storeId: string;
  storeName: string;
  mode: SweepMode;
  rule: RetentionRule;
  /** The rule in words (the data map's English description). */
  retention: string;
  /** Records dated before this day may be past retention (what the store is asked for). */
  listedBefore?: CalendarDate;
  /** For `manual` and `not_listable`: what staff do. */
  instructions?: string;
  /** Records the listing returned. */
  listed: number;
  /** Listed records whose date cannot be read: left for staff, counted here. */
  undated: number;
  records: SweepRecordPlan[];
  /** In an answer that pages the records: how many the store's plan holds. */
  recordCount?: number;
}

export type SweepAction = RecordErasure['action'];

export interface SweepPlan {
  sweepId: string;
  plannedAt: string;
  plannedOn: CalendarDate;
  stores: SweepStorePlan[];
  counts: Record<SweepAction, number>;
}

/** A record staff keep although it is past retention (a dispute, an audit), with their reason. */
export interface StaffHold {
  storeId: string;
  recordId: string;
  reason: string;
}

export const STAFF_HOLD_NAME = 'Staff hold';

export interface StoreListing {
  storeId: string;
  records: readonly LocatedRecord[];
}

export class RetentionSweepError extends Error {
  override name = 'RetentionSweepError';
}

/** How a store takes part in a sweep, from its rule and its connector. */
export function sweepModeOf(store: DataStore): SweepMode {
  if (store.retention.rule.kind === 'until_consent_withdrawn') return 'consent';
  if (store.connector.type === 'manual') return 'manual';
  if (store.connector.type === 'http') return 'not_listable';
  return 'connector';
}

/**
 * The day before which a record may be past its rule: the store lists records dated before it,
 * and `isPastRetention` decides each one exactly. Undefined when no record can be past yet (a
 * fixed end date still ahead) or the rule does not count by date.
 */
export function listedBefore(rule: RetentionRule, today: CalendarDate): CalendarDate | undefined {
  const [year] = dateParts(today);
  switch (rule.kind) {
    case 'until_consent_withdrawn':
      return undefined;
    case 'until_date':
      // Past for every record once the date has gone: list everything.
      return rule.date < today ? '9999-12-31' : undefined;
    case 'months_after': {
      // First day of the month after (today - months): a little wide, never too narrow.
      return addMonths(`${today.slice(0, 7)}-01`, 1 - rule.months);
    }
    case 'end_of_year_after_fiscal_year': {
      // Past when the fiscal year ended in a year before (this year - years): the fiscal years
      // ending by then started no later than this day of that year.
      const startMonth = rule.fiscalYearStartMonth ?? 1;
      const lastEndYear = year - rule.years - 1;
      return startMonth === 1 ? `${lastEndYear + 1}-01-01` : `${lastEndYear}-${pad(startMonth)}-01`;
    }
  }
}

/** The last day the rule keeps a record of this date, or undefined when it cannot be told. */
export function retentionEnd(rule: RetentionRule, recordDate: string): CalendarDate | undefined {
  if (rule.kind === 'until_consent_withdrawn') return undefined;
  if (rule.kind === 'until_date') return rule.date;
  const date = toCalendarDate(recordDate);
  return date ? holdEndDate(rule, date) : undefined;
}

/** Plans a sweep from the stores' listings. Stores not listed take part by their mode. */
export function planSweep(
  map: DataMap,
  listings: readonly StoreListing[],
  options: { sweepId: string; now: Date; today: CalendarDate },
): SweepPlan {
  const { today } = options;
  const byStore = new Map(listings.map((l) => [l.storeId, l]));
  for (const listing of listings) {
    const store = map.stores.find((s) => s.id === listing.storeId);
    if (!store)
      throw new RetentionSweepError(`a listing names store "${listing.storeId}", not in the data map`);
    if (sweepModeOf(store) !== 'connector')
      throw new RetentionSweepError(`store "${store.id}" is not swept through its connector`);
  }
  const stores = map.stores.map((store): SweepStorePlan => {
    const mode = sweepModeOf(store);
    const rule = store.retention.rule;
    const before = listedBefore(rule, today);
    const base: SweepStorePlan = {
      storeId: store.id,
      storeName: store.name,
      mode,
      rule,
      retention: store.retention.description.en,
      ...(before ? { listedBefore: before } : {}),
      listed: 0,
      undated: 0,
      records: [],
    };
    if (mode === 'manual' && store.connector.type === 'manual') {
      return before
        ? {
            ...base,
            instructions: `${store.connector.instructions} Retention sweep: remove what is dated before ${firstKept(rule, today)}.`,
          }
        : base;
    }
    if (mode === 'not_listable') {
      return {
        ...base,
        instructions: `The connector cannot list records by date: check ${store.name} by hand for records past "${base.retention}".`,
      };
    }
    const listing = byStore.get(store.id);
    if (mode !== 'connector' || !listing) return base;

    const past: LocatedRecord[] = [];
    const ended = new Map<string, CalendarDate>();
    let undated = 0;
    for (const record of listing.records) {
      const end = record.recordDate ? retentionEnd(rule, record.recordDate) : undefined;
      if (!end) {
        undated += 1;
        continue;
      }
      if (end < today) {
        past.push(record);
        ended.set(record.recordId, end);
      }
    }
    // What happens to each record past retention is what erasure does there: the store's policy,
    // and a legal hold (with its own dates) that may keep a record longer than the purpose needs it.
    const erasure = planErasure(map, [{ storeId: store.id, records: past }], today).stores[0];
    const located = new Map(past.map((r) => [r.recordId, r]));
    // Anonymised by an earlier sweep: nothing left to do, so not planned again.
    const pending = (erasure?.records ?? []).filter(
      (planned) =>
        planned.action !== 'anonymise' ||
        !planned.fields.every((f) =>
          isAnonymisedValue(valueAtPath(located.get(planned.recordId)?.fields ?? {}, f)),
        ),
    );
    const records = pending.map((planned): SweepRecordPlan => {
      const record = located.get(planned.recordId) as LocatedRecord;
      return {
        ...planned,
        location: record.location,
        recordDate: record.recordDate as string,
        retentionEnded: ended.get(planned.recordId) as CalendarDate,
      };
    });
    return { ...base, listed: listing.records.length, undated, records };
  });
  return {
    sweepId: options.sweepId,
    plannedAt: options.now.toISOString(),
    plannedOn: today,
    stores,
    counts: countActions(stores),
  };
}

/** Staff keep these records although they are past retention: each becomes a hold with its reason. */
export function applyStaffHolds(plan: SweepPlan, holds: readonly StaffHold[]): SweepPlan {
  if (holds.length === 0) return plan;
  const wanted = new Map(holds.map((h) => [`${h.storeId}\u0000${h.recordId}`, h]));
  const applied = new Set<string>();
  const stores = plan.stores.map((store) => ({
    ...store,
    records: store.records.map((record): SweepRecordPlan => {
      const key = `${store.storeId}\u0000${record.recordId}`;
      const hold = wanted.get(key);
      if (!hold) return record;
      applied.add(key);
      return {
        recordId: record.recordId,
        action: 'retain',
        legalHold: { name: STAFF_HOLD_NAME, reference: hold.reason },
        // Kept until staff release it: the next sweep plans it again.
        retainUntil: plan.plannedOn,
        anonymiseFields: [],
        retainedFields: [],
        location: record.location,
        recordDate: record.recordDate,
        retentionEnded: record.retentionEnded,
      };
    }),
  }));
  const unknown = holds.filter((h) => !applied.has(`${h.storeId}\u0000${h.recordId}`));
  if (unknown.length > 0) {
    throw new RetentionSweepError(
      `a hold names records the plan does not hold: ${unknown.map((h) => `${h.storeId}/${h.recordId}`).join(', ')}`,
    );
  }
  return { ...plan, stores, counts: countActions(stores) };
}

/** What one store's part of a sweep did, with what was left and why. */
export interface SweepStoreReport {
  storeId: string;
  mode: SweepMode;
  deleted: number;
  anonymised: number;
  /** Kept under a hold, by the hold's name and reference, with the records' ids. */
  held: { name: string; reference: string; recordIds: string[] }[];
  /** Left for staff: changed since the plan, or not changeable by the connector. */
  manual: string[];
  oldVersionsRemoved?: number;
  leftovers: ErasureLeftover[];
  /** For manual and not-listable stores: what staff still do. */
  instructions?: string;
}

export interface SweepReport {
  sweepId: string;
  plannedOn: CalendarDate;
  finishedAt: string;
  approvedBy: string;
  status: Extract<SweepStatus, 'completed' | 'incomplete'>;
  stores: SweepStoreReport[];
  totals: { deleted: number; anonymised: number; held: number; manual: number; leftovers: number };
}

/** The plan of one store in the shape the erasure verification reads. */
export function asErasurePlan(store: SweepStorePlan, map: DataMap): StoreErasurePlan {
  const mapped = map.stores.find((s) => s.id === store.storeId);
  if (!mapped) throw new RetentionSweepError(`store "${store.storeId}" is not in the data map`);
  return {
    storeId: store.storeId,
    storeName: store.storeName,
    connectorType: mapped.connector.type,
    policy: mapped.erasure.policy,
    records: store.records,
  };
}

/**
 * The records past retention (as of the plan's day) that are still there and the plan did not keep.
 * `relisted` holds what the stores list after the sweep, filtered by `pastRetentionOn`.
 */
export function verifySweep(
  plan: SweepPlan,
  map: DataMap,
  relisted: readonly StoreListing[],
): Map<string, ErasureLeftover[]> {
  const byStore = new Map<string, ErasureLeftover[]>();
  for (const store of plan.stores) {
    if (store.mode !== 'connector' || !store.listedBefore) continue;
    const listing = relisted.find((l) => l.storeId === store.storeId);
    const leftovers = verifyErasure(
      {
        plannedOn: plan.plannedOn,
        stores: [asErasurePlan(store, map)],
        partiallyRetained: [],
        counts: countActions([]),
      },
      listing
        ? [{ storeId: store.storeId, records: pastRetentionOn(store.rule, listing.records, plan.plannedOn) }]
        : [],
    );
    byStore.set(store.storeId, leftovers);
  }
  return byStore;
}

/** The records of a listing past the rule on `day`. */
export function pastRetentionOn(
  rule: RetentionRule,
  records: readonly LocatedRecord[],
  day: CalendarDate,
): LocatedRecord[] {
  return records.filter((r) => {
    const end = r.recordDate ? retentionEnd(rule, r.recordDate) : undefined;
    return end !== undefined && end < day;
  });
}

export function sweepReport(
  plan: SweepPlan,
  outcomes: readonly EraseOutcome[],
  leftovers: ReadonlyMap<string, ErasureLeftover[]>,
  finished: { at: Date; approvedBy: string },
): SweepReport {
  const outcomeOf = new Map(outcomes.map((o) => [o.storeId, o]));
  const stores = plan.stores.map((store): SweepStoreReport => {
    const outcome = outcomeOf.get(store.storeId);
    const holds = new Map<string, { name: string; reference: string; recordIds: string[] }>();
    const retained = new Set(outcome?.retained ?? []);
    for (const record of store.records) {
      if (record.action !== 'retain' || !retained.has(record.recordId)) continue;
      const key = `${record.legalHold.name}\u0000${record.legalHold.reference}`;
      const entry = holds.get(key) ?? { ...record.legalHold, recordIds: [] };
      entry.recordIds.push(record.recordId);
      holds.set(key, entry);
    }
    const report: SweepStoreReport = {
      storeId: store.storeId,
      mode: store.mode,
      deleted: outcome?.deleted.length ?? 0,
      anonymised: outcome?.anonymised.length ?? 0,
      held: [...holds.values()],
      manual: outcome?.manual ?? [],
      leftovers: leftovers.get(store.storeId) ?? [],
    };
    if (outcome?.oldVersionsRemoved !== undefined) report.oldVersionsRemoved = outcome.oldVersionsRemoved;
    if (store.instructions) report.instructions = store.instructions;
    return report;
  });
  const totals = {
    deleted: sum(stores, (s) => s.deleted),
    anonymised: sum(stores, (s) => s.anonymised),
    held: sum(stores, (s) => s.held.reduce((n, h) => n + h.recordIds.length, 0)),
    manual: sum(stores, (s) => s.manual.length),
    leftovers: sum(stores, (s) => s.leftovers.length),
  };
  return {
    sweepId: plan.sweepId,
    plannedOn: plan.plannedOn,
    finishedAt: finished.at.toISOString(),
    approvedBy: finished.approvedBy,
    status: totals.leftovers === 0 && totals.manual === 0 ? 'completed' : 'incomplete',
    stores,
    totals,
  };
}

/** A short view of a plan for lists, the console and the audit trail: counts, no record ids. */
export function planSummary(plan: SweepPlan): {
  counts: Record<SweepAction, number>;
  stores: {
    storeId: string;
    mode: SweepMode;
    listedBefore?: string;
    listed: number;
    undated: number;
    delete: number;
    anonymise: number;
    retain: number;
  }[];
} {
  return {
    counts: plan.counts,
    stores: plan.stores.map((s) => ({
      storeId: s.storeId,
      mode: s.mode,
      ...(s.listedBefore ? { listedBefore: s.listedBefore } : {}),
      listed: s.listed,
      undated: s.undated,
      delete: s.records.filter((r) => r.action === 'delete').length,
      anonymise: s.records.filter((r) => r.action === 'anonymise').length,
      retain: s.records.filter((r) => r.action === 'retain').length,
    })),
  };
}

/** A sweep id such as `RS-20261201-K3M9QZ`: the day it was planned, then a random part. */
export function newSweepId(today: CalendarDate, random: string): string {
  return `RS-${today.replaceAll('-', '')}-${random}`;
}

/** The first record date the rule still keeps today, for staff working by hand. */
function firstKept(rule: RetentionRule, today: CalendarDate): string {
  if (rule.kind === 'months_after') {
    return addMonths(today, -rule.months);
  }
  return listedBefore(rule, today) ?? today;
}

function countActions(stores: readonly SweepStorePlan[]): Record<SweepAction, number> {
  const counts: Record<SweepAction, number> = { delete: 0, anonymise: 0, retain: 0, review: 0 };
  for (const s of stores) for (const r of s.records) counts[r.action] += 1;
  return counts;
}

const pad = (n: number) => String(n).padStart(2, '0');
const sum = <T>(items: readonly T[], f: (item: T) => number) => items.reduce((n, i) => n + f(i), 0);
