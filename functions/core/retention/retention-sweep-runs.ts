import { localDateOf } from '../calendar/calendar-date';
import type { Connector, EraseOutcome, LocatedRecord } from '../collection/connector';
import type { DataMap, DataStore } from '../datamap';
import { ConflictError, NotFoundError } from '../errors';
import type { Clock } from '../ports';
import type { AuditEvent } from '../request/request';
import {
  applyStaffHolds,
  listedBefore,
  newSweepId,
  pastRetentionOn,
  planSummary,
  planSweep,
  type StaffHold,
  type StoreListing,
  type SweepPlan,
  type SweepReport,
  type SweepStatus,
  sweepModeOf,
  sweepReport,
  verifySweep,
} from './retention-sweep';

/**
 * A retention sweep's life (README "Retention sweeps"): requested by staff or planned on a
 * schedule, approved or rejected by staff, carried out and verified by the sweep function. The
 * sweep function's runs and the staff API call these with their ports; nothing here does I/O.
 */

/** The sweep as listed: its status and counts, never record ids or data. */
export interface SweepItem {
  sweepId: string;
  status: SweepStatus;
  /** A plan only: nothing is changed, and it cannot be approved. */
  dryRun: boolean;
  requestedAt: string;
  requestedBy: string;
  plannedAt?: string;
  plannedOn?: string;
  summary?: ReturnType<typeof planSummary>;
  approvedBy?: string;
  approvedAt?: string;
  holds?: StaffHold[];
  rejectedBy?: string;
  rejectedReason?: string;
  finishedAt?: string;
  totals?: SweepReport['totals'];
  failure?: string;
}

export interface SweepStore {
  /** Stores a new sweep; false when one with this id exists. */
  create(item: SweepItem, event: AuditEvent): Promise<boolean>;
  get(sweepId: string): Promise<SweepItem | undefined>;
  /** Every sweep, newest first. */
  list(): Promise<SweepItem[]>;
  /** Moves a sweep from one of `from` to `item.status`, writing `item`; false when it was not in `from`. */
  transition(item: SweepItem, from: readonly SweepStatus[], event: AuditEvent): Promise<boolean>;
  listEvents(sweepId: string): Promise<AuditEvent[]>;
  savePlan(plan: SweepPlan): Promise<void>;
  loadPlan(sweepId: string): Promise<SweepPlan | undefined>;
  saveReport(report: SweepReport): Promise<void>;
  loadReport(sweepId: string): Promise<SweepReport | undefined>;
}

export interface SweepDeps {
  sweeps: SweepStore;
  dataMap: DataMap;
  connectorFor(store: DataStore): Connector;
  clock: Clock;
  /** Six characters for a new sweep id. */
  randomId(): string;
}

/** Today as a Stockholm calendar date. */
const today = (now: Date) => localDateOf(now);

const SYSTEM = 'system:retention-sweep';
const OPEN: readonly SweepStatus[] = ['requested', 'planning', 'awaiting_approval', 'approved', 'executing'];

/** Staff ask for a sweep (or a dry run); the sweep function's next run plans it. */
export async function requestSweep(
  deps: Pick<SweepDeps, 'sweeps' | 'clock' | 'randomId'>,
  options: { dryRun: boolean; actor: string },
): Promise<SweepItem> {
  const now = deps.clock.now();
  const item: SweepItem = {
    sweepId: newSweepId(today(now), deps.randomId()),
    status: 'requested',
    dryRun: options.dryRun,
    requestedAt: now.toISOString(),
    requestedBy: options.actor,
  };
  await deps.sweeps.create(item, event(now, options.actor, 'sweep_requested', { dryRun: options.dryRun }));
  return item;
}

/**
 * The scheduled sweep: a new plan awaiting approval, unless one is open already (staff decide
 * one plan at a time; the next scheduled run after it plans again).
 */
export async function scheduledSweep(deps: SweepDeps): Promise<SweepItem | undefined> {
  const open = (await deps.sweeps.list()).filter((s) => OPEN.includes(s.status) && !s.dryRun);
  if (open.length > 0) return undefined;
  const requested = await requestSweep(deps, { dryRun: false, actor: SYSTEM });
  return planRequested(deps, requested);
}

/** One run of the sweep function: plans what staff requested, carries out what they approved. */
export async function sweepRun(deps: SweepDeps): Promise<{ planned: string[]; executed: string[] }> {
  const planned: string[] = [];
  const executed: string[] = [];
  for (const item of await deps.sweeps.list()) {
    if (item.status === 'requested') {
      if (await planRequested(deps, item)) planned.push(item.sweepId);
    } else if (item.status === 'approved') {
      if (await executeApproved(deps, item)) executed.push(item.sweepId);
    }
  }
  return { planned, executed };
}

/** Lists the stores and plans; a dry run ends there. */
export async function planRequested(deps: SweepDeps, item: SweepItem): Promise<SweepItem | undefined> {
  const started = deps.clock.now();
  // Claimed first (requested → planning), so two runs never plan one sweep.
  const claimed = await deps.sweeps.transition(
    { ...item, status: 'planning' },
    ['requested'],
    event(started, SYSTEM, 'sweep_listing'),
  );
  if (!claimed) return undefined;
  try {
    const now = deps.clock.now();
    const plan = planSweep(deps.dataMap, await listStores(deps, today(now)), {
      sweepId: item.sweepId,
      now,
      today: today(now),
    });
    await deps.sweeps.savePlan(plan);
    const next: SweepItem = {
      ...item,
      status: item.dryRun ? 'dry_run' : 'awaiting_approval',
      plannedAt: plan.plannedAt,
      plannedOn: plan.plannedOn,
      summary: planSummary(plan),
    };
    await deps.sweeps.transition(
      next,
      ['planning'],
      event(now, SYSTEM, 'sweep_planned', { dryRun: item.dryRun, counts: plan.counts }),
    );
    return next;
  } catch (error) {
    await deps.sweeps.transition(
      { ...item, status: 'failed', failure: (error as Error).name },
      ['planning'],
      event(deps.clock.now(), SYSTEM, 'sweep_failed', { error: (error as Error).name }),
    );
    throw error;
  }
}

/** Staff approve a planned sweep, optionally keeping some records with a reason. */
export async function approveSweep(
  deps: Pick<SweepDeps, 'sweeps' | 'clock'>,
  sweepId: string,
  options: { actor: string; holds: StaffHold[] },
): Promise<SweepItem> {
  const item = await requireSweep(deps, sweepId);
  if (item.status !== 'awaiting_approval')
    throw new ConflictError(`sweep ${sweepId} is ${item.status}, not awaiting approval`);
  const plan = await deps.sweeps.loadPlan(sweepId);
  if (!plan) throw new ConflictError(`sweep ${sweepId} has no plan`);
  // Throws when a hold names a record the plan does not hold.
  applyStaffHolds(plan, options.holds);
  const now = deps.clock.now();
  const next: SweepItem = {
    ...item,
    status: 'approved',
    approvedBy: options.actor,
    approvedAt: now.toISOString(),
    holds: options.holds,
  };
  const moved = await deps.sweeps.transition(
    next,
    ['awaiting_approval'],
    event(now, options.actor, 'sweep_approved', {
      holds: options.holds.map((h) => ({ storeId: h.storeId, reason: h.reason })),
    }),
  );
  if (!moved) throw new ConflictError(`sweep ${sweepId} changed meanwhile`);
  return next;
}

export async function rejectSweep(
  deps: Pick<SweepDeps, 'sweeps' | 'clock'>,
  sweepId: string,
  options: { actor: string; reason: string },
): Promise<SweepItem> {
  const item = await requireSweep(deps, sweepId);
  if (item.status !== 'awaiting_approval' && item.status !== 'requested')
    throw new ConflictError(
      `sweep ${sweepId} is ${item.status}: only a plan not yet approved can be rejected`,
    );
  const now = deps.clock.now();
  const next: SweepItem = {
    ...item,
    status: 'rejected',
    rejectedBy: options.actor,
    rejectedReason: options.reason,
  };
  const moved = await deps.sweeps.transition(
    next,
    [item.status],
    event(now, options.actor, 'sweep_rejected', { reason: options.reason }),
  );
  if (!moved) throw new ConflictError(`sweep ${sweepId} changed meanwhile`);
  return next;
}

/**
 * Carries out an approved sweep store by store, lists the stores again to prove it, and keeps the
 * report. Claimed first (approved → executing), so two runs never carry out one sweep.
 */
export async function executeApproved(deps: SweepDeps, item: SweepItem): Promise<boolean> {
  const started = deps.clock.now();
  const claimed = await deps.sweeps.transition(
    { ...item, status: 'executing' },
    ['approved'],
    event(started, SYSTEM, 'sweep_started'),
  );
  if (!claimed) return false;
  try {
    const stored = await deps.sweeps.loadPlan(item.sweepId);
    if (!stored) throw new ConflictError(`sweep ${item.sweepId} has no plan`);
    const plan = applyStaffHolds(stored, item.holds ?? []);
    const outcomes: EraseOutcome[] = [];
    for (const storePlan of plan.stores) {
      if (storePlan.mode !== 'connector' || storePlan.records.length === 0) continue;
      const store = deps.dataMap.stores.find((s) => s.id === storePlan.storeId) as DataStore;
      const connector = deps.connectorFor(store);
      if (!connector.eraseSwept) throw new ConflictError(`store ${store.id} cannot carry out a sweep`);
      outcomes.push(await connector.eraseSwept(store.id, storePlan.records));
    }
    const relisted: StoreListing[] = [];
    for (const storePlan of plan.stores) {
      if (storePlan.mode !== 'connector' || !storePlan.listedBefore) continue;
      const store = deps.dataMap.stores.find((s) => s.id === storePlan.storeId) as DataStore;
      const records = (await deps.connectorFor(store).listDatedBefore?.(storePlan.listedBefore)) ?? [];
      relisted.push({ storeId: store.id, records: pastRetentionOn(storePlan.rule, records, plan.plannedOn) });
    }
    const finishedAt = deps.clock.now();
    const report = sweepReport(plan, outcomes, verifySweep(plan, deps.dataMap, relisted), {
      at: finishedAt,
      approvedBy: item.approvedBy ?? '',
    });
    await deps.sweeps.saveReport(report);
    await deps.sweeps.transition(
      { ...item, status: report.status, finishedAt: report.finishedAt, totals: report.totals },
      ['executing'],
      event(finishedAt, SYSTEM, 'sweep_finished', {
        status: report.status,
        totals: report.totals,
        stores: report.stores.map((s) => ({
          storeId: s.storeId,
          deleted: s.deleted,
          anonymised: s.anonymised,
          held: s.held.map((h) => ({ name: h.name, reference: h.reference, count: h.recordIds.length })),
          manual: s.manual.length,
          leftovers: s.leftovers.length,
          ...(s.oldVersionsRemoved !== undefined ? { oldVersionsRemoved: s.oldVersionsRemoved } : {}),
        })),
      }),
    );
    return true;
  } catch (error) {
    // A failed sweep stays visible; staff approve a fresh plan (the next one lists what is left).
    await deps.sweeps.transition(
      { ...item, status: 'failed', failure: (error as Error).name },
      ['executing'],
      event(deps.clock.now(), SYSTEM, 'sweep_failed', { error: (error as Error).name }),
    );
    throw error;
  }
}

/** Every store that lists by connector, asked for what may be past its rule. */
async function listStores(deps: SweepDeps, day: string): Promise<StoreListing[]> {
  const listings: StoreListing[] = [];
  for (const store of deps.dataMap.stores) {
    if (sweepModeOf(store) !== 'connector') continue;
    const before = listedBefore(store.retention.rule, day);
    const connector = deps.connectorFor(store);
    const records: LocatedRecord[] =
      before && connector.listDatedBefore ? await connector.listDatedBefore(before) : [];
    listings.push({ storeId: store.id, records });
  }
  return listings;
}

async function requireSweep(deps: Pick<SweepDeps, 'sweeps'>, sweepId: string): Promise<SweepItem> {
  const item = await deps.sweeps.get(sweepId);
  if (!item) throw new NotFoundError(`no sweep ${sweepId}`);
  return item;
}

function event(at: Date, actor: string, action: string, detail?: Record<string, unknown>): AuditEvent {
  return { at: at.toISOString(), actor, action, ...(detail ? { detail } : {}) };
}
