import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import type { LocatedRecord } from '../../functions/core/collection/connector';
import type { RetentionRule } from '../../functions/core/datamap';
import {
  applyStaffHolds,
  listedBefore,
  planSweep,
  RetentionSweepError,
  retentionEnd,
  sweepReport,
  verifySweep,
} from '../../functions/core/retention/retention-sweep';

const TODAY = '2026-12-01';
const NOW = new Date('2026-12-01T03:00:00Z');
const months = (n: number): RetentionRule => ({ kind: 'months_after', months: n, from: 'record_date' });

const contact = (id: string, activityDate: string | undefined): LocatedRecord => ({
  recordId: id,
  fields: { pk: id, email: `${id}@example.org`, ...(activityDate ? { activityDate } : {}) },
  location: { table: 'crm', key: id },
  ...(activityDate ? { recordDate: activityDate } : {}),
});
const invoice = (id: string, invoiceDate: string, paidDate?: string): LocatedRecord => ({
  recordId: id,
  recordDate: invoiceDate,
  fields: { invoiceId: id, invoiceDate, contactPhone: '070', notes: 'n', ...(paidDate ? { paidDate } : {}) },
  location: { table: 'billing', key: id },
});

describe('which records a store is asked for', () => {
  it('asks a little wide and never too narrow: every record past its rule is dated before the day', () => {
    for (const rule of [months(3), months(24), months(36)]) {
      const before = listedBefore(rule, TODAY) as string;
      // Walk every day of four years: a record past its rule is always listed.
      for (let t = Date.UTC(2021, 0, 1); t < Date.UTC(2026, 11, 1); t += 86_400_000) {
        const day = new Date(t).toISOString().slice(0, 10);
        if ((retentionEnd(rule, day) as string) < TODAY) expect(day < before).toBe(true);
      }
    }
  });

  it('counts Bokföringslagen from the end of the fiscal year, with a broken fiscal year too', () => {
    expect(listedBefore({ kind: 'end_of_year_after_fiscal_year', years: 7 }, TODAY)).toBe('2019-01-01');
    // A fiscal year from May: the one ending April 2019 is the last one past in 2026.
    const broken = { kind: 'end_of_year_after_fiscal_year', years: 7, fiscalYearStartMonth: 5 } as const;
    expect(listedBefore(broken, TODAY)).toBe('2018-05-01');
    expect(retentionEnd(broken, '2018-04-30')).toBe('2025-12-31');
    expect(retentionEnd(broken, '2018-05-01')).toBe('2026-12-31');
  });

  it('lists nothing for consent-based stores, or before a fixed end date', () => {
    expect(listedBefore({ kind: 'until_consent_withdrawn' }, TODAY)).toBeUndefined();
    expect(listedBefore({ kind: 'until_date', date: '2027-01-01' }, TODAY)).toBeUndefined();
    expect(listedBefore({ kind: 'until_date', date: '2026-06-01' }, TODAY)).toBe('9999-12-31');
  });
});

describe('planning a sweep', () => {
  const plan = () =>
    planSweep(
      DEMO_DATA_MAP,
      [
        {
          storeId: 'crm',
          records: [
            contact('old', '2023-06-30'),
            contact('kept', '2023-12-15'),
            contact('undated', undefined),
          ],
        },
        {
          storeId: 'billing',
          records: [invoice('INV-OLD', '2017-05-02'), invoice('INV-PAID-LATE', '2018-12-20', '2019-01-15')],
        },
      ],
      { sweepId: 'RS-1', now: NOW, today: TODAY },
    );

  it('deletes what is past the rule, keeps what is not, and counts undated records for staff', () => {
    const crm = plan().stores.find((s) => s.storeId === 'crm');
    expect(crm?.records.map((r) => [r.recordId, r.action])).toEqual([['old', 'delete']]);
    expect(crm?.records[0]).toMatchObject({ retentionEnded: '2026-06-30', recordDate: '2023-06-30' });
    expect(crm?.undated).toBe(1);
  });

  it('keeps an invoice past seven years under the hold while its booking year is not, with the hold named', () => {
    const billing = plan().stores.find((s) => s.storeId === 'billing');
    expect(billing?.records.find((r) => r.recordId === 'INV-OLD')).toMatchObject({
      action: 'delete',
      reason: 'legal_hold_expired',
    });
    expect(billing?.records.find((r) => r.recordId === 'INV-PAID-LATE')).toMatchObject({
      action: 'retain',
      legalHold: { name: 'Bokföringslagen (1999:1078)', reference: '7 kap. 2 §' },
      retainUntil: '2026-12-31',
      anonymiseFields: ['contactPhone', 'notes'],
    });
  });

  it('does not plan again what an earlier sweep anonymised', () => {
    const anonymised: LocatedRecord = {
      recordId: 'cand-1',
      recordDate: '2023-01-01',
      fields: { candidateId: 'cand-1', appliedAt: '2023-01-01', email: undefined, firstName: '[anonymised]' },
      location: { table: 'recruitment', key: 'cand-1' },
    };
    const swept = planSweep(DEMO_DATA_MAP, [{ storeId: 'recruitment', records: [anonymised] }], {
      sweepId: 'RS-2',
      now: NOW,
      today: TODAY,
    });
    expect(swept.counts.anonymise).toBe(0);
  });

  it('leaves manual and unlistable stores to staff with a cutoff, and consent to the ledger', () => {
    const stores = plan().stores;
    expect(stores.find((s) => s.storeId === 'file-share')).toMatchObject({ mode: 'manual' });
    expect(stores.find((s) => s.storeId === 'file-share')?.instructions).toMatch(/dated before 2023-12-01/);
    expect(stores.find((s) => s.storeId === 'newsletter')).toMatchObject({ mode: 'consent', records: [] });
  });

  it('refuses a listing of a store it does not sweep through a connector', () => {
    expect(() =>
      planSweep(DEMO_DATA_MAP, [{ storeId: 'newsletter', records: [] }], {
        sweepId: 'x',
        now: NOW,
        today: TODAY,
      }),
    ).toThrow(RetentionSweepError);
  });
});

describe('staff holds, verification and the report', () => {
  const base = planSweep(
    DEMO_DATA_MAP,
    [{ storeId: 'crm', records: [contact('a', '2022-01-01'), contact('b', '2022-02-01')] }],
    { sweepId: 'RS-3', now: NOW, today: TODAY },
  );

  it('turns a record staff keep into a hold with their reason, and refuses records not in the plan', () => {
    const held = applyStaffHolds(base, [{ storeId: 'crm', recordId: 'b', reason: 'Dispute' }]);
    expect(held.counts).toMatchObject({ delete: 1, retain: 1 });
    expect(() => applyStaffHolds(base, [{ storeId: 'crm', recordId: 'zzz', reason: 'x' }])).toThrow(
      RetentionSweepError,
    );
  });

  it('reports held records by their hold, and a record still there as a leftover', () => {
    const held = applyStaffHolds(base, [{ storeId: 'crm', recordId: 'b', reason: 'Dispute' }]);
    const leftovers = verifySweep(held, DEMO_DATA_MAP, [
      { storeId: 'crm', records: [contact('a', '2022-01-01'), contact('b', '2022-02-01')] },
    ]);
    expect(leftovers.get('crm')).toEqual([{ storeId: 'crm', recordId: 'a', reason: 'not_deleted' }]);
    const report = sweepReport(
      held,
      [{ storeId: 'crm', deleted: [], anonymised: [], retained: ['b'], manual: [] }],
      leftovers,
      { at: NOW, approvedBy: 'staff:privacy.officer' },
    );
    expect(report.status).toBe('incomplete');
    expect(report.stores.find((s) => s.storeId === 'crm')?.held).toEqual([
      { name: 'Staff hold', reference: 'Dispute', recordIds: ['b'] },
    ]);
  });
});
