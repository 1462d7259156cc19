import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import type { Connector, LocatedRecord } from '../../functions/core/collection/connector';
import { StoreUnavailableError } from '../../functions/core/collection/connector';
import type { DataMap, DataStore } from '../../functions/core/datamap';
import type { AuditEvent } from '../../functions/core/request/request';
import type { SweepPlan, SweepReport, SweepStatus } from '../../functions/core/retention/retention-sweep';
import {
  approveSweep,
  rejectSweep,
  requestSweep,
  type SweepDeps,
  type SweepItem,
  type SweepStore,
  scheduledSweep,
  sweepRun,
} from '../../functions/core/retention/retention-sweep-runs';

/** The sweep's life with in-memory ports: one CRM store whose records live in a map. */
class MemorySweeps implements SweepStore {
  items = new Map<string, SweepItem>();
  events: { sweepId: string; event: AuditEvent }[] = [];
  plans = new Map<string, SweepPlan>();
  reports = new Map<string, SweepReport>();
  async create(item: SweepItem, event: AuditEvent) {
    if (this.items.has(item.sweepId)) return false;
    this.items.set(item.sweepId, structuredClone(item));
    this.events.push({ sweepId: item.sweepId, event });
    return true;
  }
  async get(id: string) {
    return structuredClone(this.items.get(id));
  }
  async list() {
    return [...this.items.values()].map((i) => structuredClone(i));
  }
  async transition(item: SweepItem, from: readonly SweepStatus[], event: AuditEvent) {
    const current = this.items.get(item.sweepId);
    if (!current || !from.includes(current.status)) return false;
    this.items.set(item.sweepId, structuredClone(item));
    this.events.push({ sweepId: item.sweepId, event });
    return true;
  }
  async listEvents(id: string) {
    return this.events.filter((e) => e.sweepId === id).map((e) => e.event);
  }
  async savePlan(plan: SweepPlan) {
    this.plans.set(plan.sweepId, structuredClone(plan));
  }
  async loadPlan(id: string) {
    return structuredClone(this.plans.get(id));
  }
  async saveReport(report: SweepReport) {
    this.reports.set(report.sweepId, report);
  }
  async loadReport(id: string) {
    return this.reports.get(id);
  }
}

const MAP: DataMap = { ...DEMO_DATA_MAP, stores: DEMO_DATA_MAP.stores.filter((s) => s.id === 'crm') };

function memoryCrm(records: Map<string, string>, failErase = false): Connector {
  const located = (id: string, date: string): LocatedRecord => ({
    recordId: id,
    recordDate: date,
    fields: { activityDate: date },
    location: { table: 'crm', key: id },
  });
  return {
    find: async () => [],
    erase: async () => ({ storeId: 'crm', deleted: [], anonymised: [], retained: [], manual: [] }),
    listDatedBefore: async (before) =>
      [...records].filter(([, date]) => date < before).map(([id, date]) => located(id, date)),
    eraseSwept: async (storeId, planned) => {
      if (failErase) throw new StoreUnavailableError('crm did not answer');
      const outcome = {
        storeId,
        deleted: [] as string[],
        anonymised: [],
        retained: [],
        manual: [] as string[],
      };
      for (const r of planned) {
        if (records.get(r.recordId) !== r.recordDate) outcome.manual.push(r.recordId);
        else if (r.action === 'delete') {
          records.delete(r.recordId);
          outcome.deleted.push(r.recordId);
        }
      }
      return outcome;
    },
  };
}

function deps(records: Map<string, string>, failErase = false): SweepDeps & { sweeps: MemorySweeps } {
  let n = 0;
  return {
    sweeps: new MemorySweeps(),
    dataMap: MAP,
    connectorFor: (_store: DataStore) => memoryCrm(records, failErase),
    clock: { now: () => new Date('2026-12-01T03:00:00Z') },
    randomId: () => `ID${String(++n).padStart(4, '0')}`,
  };
}

describe('the sweep, from the schedule to the report', () => {
  it('plans daily for approval, but not while a plan is open', async () => {
    const d = deps(new Map([['old', '2022-01-01']]));
    const first = await scheduledSweep(d);
    expect(first?.status).toBe('awaiting_approval');
    expect(first?.summary?.counts.delete).toBe(1);
    expect(await scheduledSweep(d)).toBeUndefined();
    await rejectSweep(d, first?.sweepId as string, { actor: 'staff:a', reason: 'not now' });
    expect((await scheduledSweep(d))?.status).toBe('awaiting_approval');
  });

  it('carries out only what staff approved, once, and reports a record with new activity as left', async () => {
    const records = new Map([
      ['old', '2022-01-01'],
      ['moved', '2022-02-01'],
    ]);
    const d = deps(records);
    const requested = await requestSweep(d, { dryRun: false, actor: 'staff:a' });
    expect(await sweepRun(d)).toEqual({ planned: [requested.sweepId], executed: [] });
    expect(records.size).toBe(2);
    await approveSweep(d, requested.sweepId, { actor: 'staff:a', holds: [] });
    records.set('moved', '2026-11-30'); // new activity after the plan
    expect(await sweepRun(d)).toEqual({ planned: [], executed: [requested.sweepId] });
    expect(await sweepRun(d)).toEqual({ planned: [], executed: [] });
    expect([...records.keys()]).toEqual(['moved']);
    const item = await d.sweeps.get(requested.sweepId);
    expect(item).toMatchObject({ status: 'incomplete', totals: { deleted: 1, manual: 1, leftovers: 0 } });
  });

  it('a dry run cannot be approved, and a sweep whose store fails is marked failed', async () => {
    const d = deps(new Map([['old', '2022-01-01']]), true);
    const dry = await requestSweep(d, { dryRun: true, actor: 'staff:a' });
    await sweepRun(d);
    await expect(approveSweep(d, dry.sweepId, { actor: 'staff:a', holds: [] })).rejects.toThrow(/dry_run/);
    const real = await requestSweep(d, { dryRun: false, actor: 'staff:a' });
    await sweepRun(d);
    await approveSweep(d, real.sweepId, { actor: 'staff:a', holds: [] });
    await expect(sweepRun(d)).rejects.toThrow(StoreUnavailableError);
    expect((await d.sweeps.get(real.sweepId))?.status).toBe('failed');
    expect((await d.sweeps.listEvents(real.sweepId)).map((e) => e.action).at(-1)).toBe('sweep_failed');
  });
});
