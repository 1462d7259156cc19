import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { addDays } from '../../functions/core/calendar/calendar-date';
import type { StoredEraseOutcome } from '../../functions/core/erasure/erase-store-step';
import { buildCertificate, sha256Hex } from '../../functions/core/erasure/erasure-certificate';
import { planErasure } from '../../functions/core/erasure/erasure-plan';
import type { StoredErasurePlan } from '../../functions/core/erasure/erasure-steps';
import { needsErasureStep, summarisePlan } from '../../functions/core/erasure/plan-erasure-step';
import { erasureReplyVars } from '../../functions/core/erasure/verify-erasure-step';
import { parseFindings } from '../../functions/core/request/artefacts';

const findings = [
  {
    storeId: 'crm',
    records: [{ recordId: 'CONTACT#c-1|PROFILE', fields: { email: 'a@example.se', firstName: 'A' } }],
  },
  {
    storeId: 'billing',
    records: [
      {
        recordId: 'INV-2025-00001',
        recordDate: '2025-03-14',
        fields: {
          invoiceId: 'INV-2025-00001',
          contactEmail: 'a@example.se',
          contactPhone: '+46 70',
          notes: 'x',
        },
      },
      { recordId: 'INV-2018-00002', recordDate: '2018-11-05', fields: { invoiceId: 'INV-2018-00002' } },
    ],
  },
  { storeId: 'file-share', records: [] },
];

function storedPlan(): StoredErasurePlan {
  return {
    requestId: 'PD-1',
    searchedStores: ['crm', 'billing', 'file-share', 'events'],
    ...planErasure(DEMO_DATA_MAP, findings, '2026-11-25'),
  };
}

function outcome(storeId: string, parts: Partial<StoredEraseOutcome>): StoredEraseOutcome {
  return {
    requestId: 'PD-1',
    storeId,
    deleted: [],
    anonymised: [],
    retained: [],
    manual: [],
    erasedAt: '2026-11-25T12:00:00.000Z',
    manualStore: false,
    ...parts,
  };
}

describe('the erasure plan summary', () => {
  it('lists counts per store, retained records with their hold, and no field values', () => {
    const summary = summarisePlan(storedPlan());
    expect(summary.erase).toEqual(['crm', 'billing', 'file-share']);
    expect(summary.stores.find((s) => s.storeId === 'billing')?.counts).toEqual({
      delete: 1,
      anonymise: 0,
      retain: 1,
      review: 0,
    });
    expect(summary.retained).toEqual([
      {
        storeId: 'billing',
        recordId: 'INV-2025-00001',
        legalHold: 'Bokföringslagen (1999:1078)',
        reference: '7 kap. 2 §',
        retainUntil: '2032-12-31',
        anonymiseFields: ['contactPhone', 'notes'],
        retainedFields: ['invoiceId', 'contactEmail'],
      },
    ]);
    expect(summary.stores.find((s) => s.storeId === 'file-share')?.instructions).toContain('shared drive');
    expect(JSON.stringify(summary)).not.toContain('a@example.se');
  });

  it('leaves out of the Erase map a store whose records are all kept whole', () => {
    const plan = planErasure(DEMO_DATA_MAP, findings, '2026-11-25');
    const billing = plan.stores.find((s) => s.storeId === 'billing');
    if (!billing) throw new Error('no billing plan');
    const keptWhole = {
      ...billing,
      records: billing.records.flatMap((r) => (r.action === 'retain' ? [{ ...r, anonymiseFields: [] }] : [])),
    };
    expect(needsErasureStep(keptWhole)).toBe(false);
    expect(needsErasureStep(billing)).toBe(true);
  });
});

describe('the erasure certificate', () => {
  const outcomes = new Map([
    ['crm', outcome('crm', { deleted: ['CONTACT#c-1|PROFILE'] })],
    ['billing', outcome('billing', { deleted: ['INV-2018-00002'], retained: ['INV-2025-00001'] })],
    [
      'file-share',
      outcome('file-share', {
        manualStore: true,
        instructions: 'Search the shared drive',
        erasedAt: '2026-11-26T08:00:00Z',
      }),
    ],
  ]);
  const certificate = buildCertificate({
    plan: storedPlan(),
    outcomes,
    subjectKey: 'k'.repeat(64),
    dataMap: DEMO_DATA_MAP,
    language: 'en',
    verifiedAt: '2026-11-26T09:00:00.000Z',
  });

  it('names records only by the SHA-256 of their ids and says why each kept record is kept', () => {
    expect(JSON.stringify(certificate)).not.toContain('INV-2025-00001');
    expect(JSON.stringify(certificate)).not.toContain('a@example.se');
    const billing = certificate.stores.find((s) => s.storeId === 'billing');
    expect(billing?.deleted).toEqual([
      {
        recordIdSha256: sha256Hex('INV-2018-00002'),
        reason: 'legal_hold_expired',
        legalHoldEnded: '2025-12-31',
      },
    ]);
    expect(billing?.retained[0]).toMatchObject({
      recordIdSha256: sha256Hex('INV-2025-00001'),
      retainUntil: '2032-12-31',
      anonymisedFields: ['contactPhone', 'notes'],
      why: expect.stringContaining('accounting records'),
    });
    expect(certificate.stores.find((s) => s.storeId === 'file-share')).toMatchObject({
      verification: 'manual_pending',
      instructions: 'Search the shared drive',
    });
    expect(certificate.counts).toEqual({ deleted: 2, anonymised: 0, retained: 1, pending: 0 });
    expect(certificate.searchedStores).toContain('events');
  });

  it('dates residual copies from the last erasure: PITR 35 days, S3 versions 7, logs 90', () => {
    expect(certificate.residualCopies.map((c) => [c.where, c.expiresOn])).toEqual([
      ['dynamodb_point_in_time_recovery', '2026-12-31'],
      ['s3_noncurrent_versions', '2026-12-03'],
      ['log_retention', '2027-02-24'],
    ]);
    expect(certificate.residualCopiesExpireBy).toBe('2027-02-24');
  });

  it('gives the reply store names, holds and the backup date in the subject language', () => {
    const vars = erasureReplyVars(certificate, DEMO_DATA_MAP, 'sv');
    expect(vars.erasedItems).toEqual(['Kundregister (CRM)', expect.any(String)]);
    expect(vars.retainedItems).toEqual([
      {
        description: expect.any(String),
        legalBasis: 'Bokföringslagen (1999:1078), 7 kap. 2 §',
        until: '2032-12-31',
      },
    ]);
    expect(vars.backupExpiryDate).toBe('2027-02-24');
  });
});

describe('helpers', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('reads the collect step findings and keeps only what a plan needs', () => {
    const parsed = parseFindings(
      'findings/PD-1/crm.json',
      JSON.stringify({
        format: 'privacy-desk/store-findings@1',
        storeId: 'crm',
        status: 'found',
        records: [{ recordId: 'r1', fields: { a: 1 }, recordDate: '2026-01-01', location: { table: 'crm' } }],
      }),
    );
    expect(parsed).toEqual({
      storeId: 'crm',
      status: 'found',
      records: [{ recordId: 'r1', fields: { a: 1 }, recordDate: '2026-01-01' }],
    });
    expect(() => parseFindings('findings/PD-1/x.json', '{"records": [{}]}')).toThrow(/recordId/);
  });
});
