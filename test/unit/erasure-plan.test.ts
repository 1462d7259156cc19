import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import type { DataMap } from '../../functions/core/datamap';
import {
  ANONYMISED_VALUE,
  ErasurePlanError,
  holdEndDate,
  planErasure,
  type StoreFindings,
  verifyErasure,
} from '../../functions/core/erasure/erasure-plan';

const TODAY = '2026-05-04';

const invoice = {
  recordId: 'INV-2025-0042',
  recordDate: '2025-03-14',
  fields: {
    invoiceId: 'INV-2025-0042',
    invoiceDate: '2025-03-14',
    contactName: 'Astrid Lindqvist',
    contactEmail: 'astrid.lindqvist@example.se',
    contactPhone: '+46 70 174 06 12',
    amount: 125000,
    notes: 'Prefers reminders by phone',
  },
};

const findings: StoreFindings[] = [
  {
    storeId: 'crm',
    records: [
      {
        recordId: 'CONTACT#c-0001|PROFILE',
        recordDate: '2026-01-10',
        fields: { email: 'astrid.lindqvist@example.se' },
      },
      {
        recordId: 'CONTACT#c-0001|PURCHASE#2025-02-11#001',
        fields: { email: 'astrid.lindqvist@example.se' },
      },
    ],
  },
  {
    storeId: 'recruitment',
    records: [
      { recordId: 'cand-0007', recordDate: '2025-09-01', fields: { email: 'astrid.lindqvist@example.se' } },
    ],
  },
  { storeId: 'billing', records: [invoice] },
];

function storePlan(plan: ReturnType<typeof planErasure>, storeId: string) {
  const found = plan.stores.find((s) => s.storeId === storeId);
  if (!found) throw new Error(`no plan for ${storeId}`);
  return found;
}

describe('planErasure', () => {
  const plan = planErasure(DEMO_DATA_MAP, findings, TODAY);

  it('keeps accounting records under Bokföringslagen through the 7th year after the fiscal year', () => {
    const billing = storePlan(plan, 'billing');
    expect(billing.policy).toBe('retain');
    expect(billing.legalHold).toEqual({ name: 'Bokföringslagen (1999:1078)', reference: '7 kap. 2 §' });
    expect(billing.retainUntil).toBe('2032-12-31');
    expect(billing.records).toEqual([
      {
        recordId: 'INV-2025-0042',
        action: 'retain',
        legalHold: { name: 'Bokföringslagen (1999:1078)', reference: '7 kap. 2 §' },
        retainUntil: '2032-12-31',
        anonymiseFields: ['contactPhone', 'notes'],
        retainedFields: ['invoiceId', 'invoiceDate', 'contactName', 'contactEmail', 'amount'],
      },
    ]);
  });

  it('lists a kept invoice with erased contact fields as partially retained', () => {
    expect(plan.partiallyRetained).toEqual([
      {
        storeId: 'billing',
        recordId: 'INV-2025-0042',
        anonymiseFields: ['contactPhone', 'notes'],
        retainedFields: ['invoiceId', 'invoiceDate', 'contactName', 'contactEmail', 'amount'],
        retainUntil: '2032-12-31',
      },
    ]);
  });

  it('deletes CRM records', () => {
    const crm = storePlan(plan, 'crm');
    expect(crm.policy).toBe('delete');
    expect(crm.connectorType).toBe('dynamodb');
    expect(crm.records).toEqual([
      { recordId: 'CONTACT#c-0001|PROFILE', action: 'delete', reason: 'policy' },
      { recordId: 'CONTACT#c-0001|PURCHASE#2025-02-11#001', action: 'delete', reason: 'policy' },
    ]);
  });

  it('anonymises candidates and lists the fields', () => {
    expect(storePlan(plan, 'recruitment').records).toEqual([
      {
        recordId: 'cand-0007',
        action: 'anonymise',
        fields: ['email', 'firstName', 'lastName', 'phone', 'linkedinUrl', 'cvSummary', 'skills'],
      },
    ]);
  });

  it('counts the actions for the approval screen', () => {
    expect(plan.counts).toEqual({ delete: 2, anonymise: 1, retain: 1, review: 0 });
    expect(plan.plannedOn).toBe(TODAY);
  });

  it('deletes an invoice whose retention period has ended', () => {
    const old = { ...invoice, recordId: 'INV-2017-0003', recordDate: '2017-06-01' };
    const expired = planErasure(DEMO_DATA_MAP, [{ storeId: 'billing', records: [old] }], '2025-01-02');
    expect(storePlan(expired, 'billing').records).toEqual([
      {
        recordId: 'INV-2017-0003',
        action: 'delete',
        reason: 'legal_hold_expired',
        legalHold: { name: 'Bokföringslagen (1999:1078)', reference: '7 kap. 2 §', ended: '2024-12-31' },
      },
    ]);
  });

  it('still keeps it on the last day of the period', () => {
    const old = { ...invoice, recordId: 'INV-2017-0003', recordDate: '2017-06-01' };
    const lastDay = planErasure(DEMO_DATA_MAP, [{ storeId: 'billing', records: [old] }], '2024-12-31');
    expect(storePlan(lastDay, 'billing').records[0]).toMatchObject({
      action: 'retain',
      retainUntil: '2024-12-31',
    });
  });

  it('asks staff to review a kept record without a usable date', () => {
    const undated = { recordId: 'INV-X', fields: {} };
    const misdated = { recordId: 'INV-Y', recordDate: '2025-02-30', fields: {} };
    const review = planErasure(DEMO_DATA_MAP, [{ storeId: 'billing', records: [undated, misdated] }], TODAY);
    expect(
      storePlan(review, 'billing').records.map((r) => [r.recordId, r.action, 'reason' in r && r.reason]),
    ).toEqual([
      ['INV-X', 'review', 'record_date_missing'],
      ['INV-Y', 'review', 'record_date_invalid'],
    ]);
    expect(review.counts.review).toBe(2);
  });

  it('reads a date-time record date as its Stockholm calendar day', () => {
    // 23:30 UTC on New Year's Eve is already 2026 in Stockholm, so the next fiscal year.
    const lateInvoice = { recordId: 'INV-Z', recordDate: '2025-12-31T23:30:00Z', fields: {} };
    const result = planErasure(DEMO_DATA_MAP, [{ storeId: 'billing', records: [lateInvoice] }], TODAY);
    expect(storePlan(result, 'billing').records[0]).toMatchObject({ retainUntil: '2033-12-31' });
  });

  describe('Bokföringslagen 7 kap. 2 §: a payment booked in a later financial year', () => {
    const december = { ...invoice, recordId: 'INV-2025-0099', recordDate: '2025-12-10' };

    it('keeps an invoice of December 2025 paid in January 2026 through 2033-12-31, a year longer than its invoice date alone', () => {
      const paidLate = { ...december, fields: { ...december.fields, paidDate: '2026-01-20' } };
      const result = planErasure(DEMO_DATA_MAP, [{ storeId: 'billing', records: [paidLate] }], TODAY);
      expect(storePlan(result, 'billing').records[0]).toMatchObject({
        action: 'retain',
        retainUntil: '2033-12-31',
      });
    });

    it('keeps an invoice paid in its own financial year through the 7th year after that year (2032-12-31)', () => {
      const paidSameYear = { ...december, fields: { ...december.fields, paidDate: '2025-12-30' } };
      const unpaid = { ...december, recordId: 'INV-2025-0100' };
      const result = planErasure(
        DEMO_DATA_MAP,
        [{ storeId: 'billing', records: [paidSameYear, unpaid] }],
        TODAY,
      );
      expect(storePlan(result, 'billing').records.map((r) => 'retainUntil' in r && r.retainUntil)).toEqual([
        '2032-12-31',
        '2032-12-31',
      ]);
    });

    it('still keeps an invoice whose own period has ended while its payment, booked the next year, is kept', () => {
      const old = {
        ...invoice,
        recordId: 'INV-2018-0007',
        recordDate: '2018-12-10',
        fields: { ...invoice.fields, paidDate: '2019-01-15' },
      };
      const result = planErasure(DEMO_DATA_MAP, [{ storeId: 'billing', records: [old] }], '2026-05-04');
      expect(storePlan(result, 'billing').records[0]).toMatchObject({
        action: 'retain',
        retainUntil: '2026-12-31',
      });
    });

    it('asks staff to review an invoice whose booking date is not a date', () => {
      const misbooked = { ...december, fields: { ...december.fields, paidDate: 'soon' } };
      const result = planErasure(DEMO_DATA_MAP, [{ storeId: 'billing', records: [misbooked] }], TODAY);
      expect(storePlan(result, 'billing').records[0]).toMatchObject({
        action: 'review',
        reason: 'record_date_invalid',
      });
    });
  });

  it('carries the instructions of a manual store', () => {
    const manual = planErasure(
      DEMO_DATA_MAP,
      [{ storeId: 'file-share', records: [{ recordId: 'Tenders/2025/bid.docx', fields: {} }] }],
      TODAY,
    );
    expect(storePlan(manual, 'file-share')).toMatchObject({
      connectorType: 'manual',
      instructions: expect.stringContaining('shared drive'),
    });
  });

  it('refuses findings from a store the data map does not list', () => {
    expect(() => planErasure(DEMO_DATA_MAP, [{ storeId: 'old-crm', records: [] }], TODAY)).toThrow(
      ErasurePlanError,
    );
    expect(() => planErasure(DEMO_DATA_MAP, [], '4 May 2026')).toThrow('today must be a date as YYYY-MM-DD');
  });
});

describe('holdEndDate', () => {
  const bokforingslagen = { kind: 'end_of_year_after_fiscal_year', years: 7 } as const;

  it('counts from the calendar year when the fiscal year is the calendar year', () => {
    expect(holdEndDate(bokforingslagen, '2025-01-01')).toBe('2032-12-31');
    expect(holdEndDate(bokforingslagen, '2025-12-31')).toBe('2032-12-31');
    expect(holdEndDate(bokforingslagen, '2026-01-01')).toBe('2033-12-31');
  });

  it('counts from the year a broken fiscal year ends in', () => {
    const mayToApril = { ...bokforingslagen, fiscalYearStartMonth: 5 };
    // 2025-03-14 belongs to the fiscal year 2024-05-01..2025-04-30, which ends in 2025.
    expect(holdEndDate(mayToApril, '2025-03-14')).toBe('2032-12-31');
    // 2025-06-01 belongs to 2025-05-01..2026-04-30, which ends in 2026.
    expect(holdEndDate(mayToApril, '2025-06-01')).toBe('2033-12-31');
  });

  it('adds months from the record date and stops at the month end', () => {
    expect(holdEndDate({ kind: 'months_after', months: 24, from: 'record_date' }, '2024-02-29')).toBe(
      '2026-02-28',
    );
    expect(holdEndDate({ kind: 'months_after', months: 3, from: 'record_date' }, '2025-11-30')).toBe(
      '2026-02-28',
    );
  });

  it('uses a fixed date as given', () => {
    expect(holdEndDate({ kind: 'until_date', date: '2027-06-30' })).toBe('2027-06-30');
  });
});

describe('verifyErasure', () => {
  const plan = planErasure(DEMO_DATA_MAP, findings, TODAY);
  const erasedInvoice = {
    ...invoice,
    fields: { ...invoice.fields, contactPhone: ANONYMISED_VALUE, notes: null },
  };
  const clean: StoreFindings[] = [
    { storeId: 'crm', records: [] },
    { storeId: 'recruitment', records: [] },
    { storeId: 'billing', records: [erasedInvoice] },
  ];

  it('proves an erasure where only the retained invoice is found again', () => {
    expect(verifyErasure(plan, clean)).toEqual([]);
  });

  it('detects a record that should have been deleted', () => {
    const leftovers = verifyErasure(plan, [
      { storeId: 'crm', records: [{ recordId: 'CONTACT#c-0001|PROFILE', fields: {} }] },
      ...clean.slice(1),
    ]);
    expect(leftovers).toEqual([
      { storeId: 'crm', recordId: 'CONTACT#c-0001|PROFILE', reason: 'not_deleted' },
    ]);
  });

  it('detects fields that still hold data after anonymisation', () => {
    const half = {
      recordId: 'cand-0007',
      fields: {
        email: ANONYMISED_VALUE,
        firstName: 'Astrid',
        lastName: '',
        skills: ['Kotlin'],
        appliedRole: 'Developer',
      },
    };
    expect(
      verifyErasure(plan, [
        clean[0],
        { storeId: 'recruitment', records: [half] },
        clean[2],
      ] as StoreFindings[]),
    ).toEqual([
      {
        storeId: 'recruitment',
        recordId: 'cand-0007',
        reason: 'not_anonymised',
        fields: ['firstName', 'skills'],
      },
    ]);
  });

  it('accepts a fully anonymised candidate that is still stored', () => {
    const anonymised = {
      recordId: 'cand-0007',
      fields: { email: ANONYMISED_VALUE, appliedRole: 'Developer' },
    };
    expect(
      verifyErasure(plan, [
        clean[0],
        { storeId: 'recruitment', records: [anonymised] },
        clean[2],
      ] as StoreFindings[]),
    ).toEqual([]);
  });

  it('detects a retained invoice whose contact phone was not erased', () => {
    const leftovers = verifyErasure(plan, [...clean.slice(0, 2), { storeId: 'billing', records: [invoice] }]);
    expect(leftovers).toEqual([
      {
        storeId: 'billing',
        recordId: 'INV-2025-0042',
        reason: 'not_anonymised',
        fields: ['contactPhone', 'notes'],
      },
    ]);
  });

  it('detects records the plan never saw and stores not searched again', () => {
    const leftovers = verifyErasure(plan, [
      { storeId: 'crm', records: [] },
      { storeId: 'billing', records: [erasedInvoice] },
      { storeId: 'newsletter', records: [{ recordId: 'sub-0099', fields: {} }] },
    ]);
    expect(leftovers).toEqual([
      { storeId: 'recruitment', reason: 'store_not_rechecked' },
      { storeId: 'newsletter', recordId: 'sub-0099', reason: 'not_in_plan' },
    ]);
  });

  it('does not count records under review as erased', () => {
    const reviewPlan = planErasure(
      DEMO_DATA_MAP,
      [{ storeId: 'billing', records: [{ recordId: 'INV-X', fields: {} }] }],
      TODAY,
    );
    expect(
      verifyErasure(reviewPlan, [{ storeId: 'billing', records: [{ recordId: 'INV-X', fields: {} }] }]),
    ).toEqual([{ storeId: 'billing', recordId: 'INV-X', reason: 'unresolved_review' }]);
  });
});

describe('with a map of its own', () => {
  it('plans from any valid data map, not only the demo', () => {
    const map: DataMap = {
      ...DEMO_DATA_MAP,
      stores: DEMO_DATA_MAP.stores.filter((s) => s.id === 'web-logs'),
    };
    const plan = planErasure(
      map,
      [{ storeId: 'web-logs', records: [{ recordId: 'access/2026-05-01.jsonl#12', fields: {} }] }],
      TODAY,
    );
    expect(plan.stores).toHaveLength(1);
    expect(plan.counts.delete).toBe(1);
  });
});
