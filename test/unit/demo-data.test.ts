import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import type { DataStore } from '../../functions/core/datamap';
import { planErasure } from '../../functions/core/erasure/erasure-plan';
import {
  DEMO_REFERENCE_DATE,
  type DemoStoreId,
  generateDemoData,
  KNOWN_SUBJECTS,
  type KnownSubject,
} from '../../local/demo-data';

const data = generateDemoData({ people: 200, seed: 42 });
type Row = Record<string, unknown>;

function rowsOf(storeId: string): Row[] {
  return (data.records as unknown as Record<string, Row[]>)[storeId] ?? [];
}

function store(storeId: string): DataStore {
  const found = DEMO_DATA_MAP.stores.find((s) => s.id === storeId);
  if (!found) throw new Error(`no store ${storeId}`);
  return found;
}

/** The records a connector would find for an address, using the data map's e-mail fields. */
function recordsFor(storeId: string, email: string): Row[] {
  const emailFields = store(storeId).identifiers.email ?? [];
  return rowsOf(storeId).filter((row) => emailFields.some((field) => row[field] === email));
}

describe('generateDemoData', () => {
  it('gives the same data for the same seed and different data for another', () => {
    expect(generateDemoData({ people: 200, seed: 42 })).toEqual(data);
    expect(generateDemoData({ people: 200, seed: 43 }).people).not.toEqual(data.people);
  });

  it('has a record list for every store of the demo map, and records in every automated one', () => {
    expect(Object.keys(data.records).sort()).toEqual(DEMO_DATA_MAP.stores.map((s) => s.id).sort());
    for (const s of DEMO_DATA_MAP.stores) {
      if (s.connector.type === 'manual') expect(rowsOf(s.id)).toEqual([]);
      else expect(rowsOf(s.id).length).toBeGreaterThan(0);
    }
  });

  it('makes the number of people asked for, plus the known subjects', () => {
    const known = Object.keys(KNOWN_SUBJECTS).length;
    expect(data.people).toHaveLength(200 + known);
    expect(generateDemoData({ people: 0, seed: 1 }).people).toHaveLength(known);
    expect(rowsOf('crm').length).toBeGreaterThan(100);
    expect(rowsOf('web-logs').length).toBeGreaterThan(200);
  });

  it('gives every person a unique address on an example domain', () => {
    const emails = data.people.map((p) => p.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9.]+@example\.(se|no|dk|fi)$/);
  });

  it('uses Nordic names and phone formats', () => {
    for (const person of data.people) {
      const pattern = {
        SE: /^\+46 70 174 06 \d{2}$/,
        NO: /^\+47 [49]\d{2} \d{2} \d{3}$/,
        DK: /^\+45 \d{2} \d{2} \d{2} \d{2}$/,
        FI: /^\+358 40 \d{3} \d{4}$/,
      }[person.country];
      expect(person.phone).toMatch(pattern);
    }
    const names = new Set(data.people.map((p) => p.lastName));
    expect(names).toContain('Lindqvist');
    expect([...names].some((n) => /[åäöøæ]/i.test(n))).toBe(true);
  });

  it('logs IP addresses from documentation networks only, with an address only when logged in', () => {
    for (const line of rowsOf('web-logs')) {
      expect(line.ip).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/);
      if (line.userEmail !== undefined) expect(String(line.path)).toMatch(/^\/mina-sidor/);
    }
    expect(rowsOf('web-logs').some((line) => line.userEmail === undefined)).toBe(true);
  });

  it('gives every record the fields the data map reads: date, keys and identifiers', () => {
    for (const s of DEMO_DATA_MAP.stores) {
      for (const row of rowsOf(s.id)) {
        if (s.recordDateField) expect(String(row[s.recordDateField])).toMatch(/^\d{4}-\d{2}-\d{2}/);
        if (s.connector.type === 'dynamodb') {
          expect(row[s.connector.primaryKey.partition]).toEqual(expect.any(String));
          if (s.connector.primaryKey.sort)
            expect(row[s.connector.primaryKey.sort]).toEqual(expect.any(String));
          expect(row[s.connector.keyAttribute]).toEqual(expect.any(String));
        }
        if (s.connector.type === 's3-jsonl' && s.connector.recordIdField) {
          expect(row[s.connector.recordIdField]).toEqual(expect.any(String));
        }
        if (s.connector.type === 'http')
          expect(row[s.connector.recordIdField ?? 'id']).toEqual(expect.any(String));
      }
    }
  });

  it('keeps every date on or before the reference day', () => {
    for (const s of DEMO_DATA_MAP.stores) {
      for (const row of rowsOf(s.id)) {
        if (s.recordDateField)
          expect(String(row[s.recordDateField]).slice(0, 10) <= DEMO_REFERENCE_DATE).toBe(true);
      }
    }
  });

  it('uses record ids that carry no personal data', () => {
    for (const row of rowsOf('events')) expect(String(row.recordId)).toMatch(/^evt-[\w-]+#\d+$/);
  });
});

describe('KNOWN_SUBJECTS', () => {
  const subjects = Object.values(KNOWN_SUBJECTS) as KnownSubject[];
  const storeIds = Object.keys(data.records) as DemoStoreId[];

  it('are found exactly in the stores promised, whatever the seed', () => {
    for (const seed of [1, 42, 2026]) {
      const { records } = generateDemoData({ people: 50, seed });
      for (const subject of subjects) {
        const holding = storeIds.filter((id) => {
          const emailFields = store(id).identifiers.email ?? [];
          return (records[id] as unknown as Row[]).some((row) =>
            emailFields.some((f) => row[f] === subject.email),
          );
        });
        expect(holding, subject.email).toEqual([...subject.stores]);
      }
    }
  });

  it('include Astrid everywhere, Ola in three stores, one candidate only and one nowhere', () => {
    expect(KNOWN_SUBJECTS.astrid.email).toBe('astrid.lindqvist@example.se');
    expect(KNOWN_SUBJECTS.astrid.stores).toEqual([
      'crm',
      'recruitment',
      'newsletter',
      'events',
      'billing',
      'web-logs',
    ]);
    expect(KNOWN_SUBJECTS.ola.email).toBe('ola.nordmann@example.no');
    expect(KNOWN_SUBJECTS.ola.stores).toEqual(['crm', 'newsletter', 'billing']);
    expect(KNOWN_SUBJECTS.mikko.stores).toEqual(['recruitment']);
    expect(KNOWN_SUBJECTS.freja.stores).toEqual([]);
  });

  it('are never reused for generated people', () => {
    const generated = data.people.slice(0, 200).map((p) => p.email);
    for (const subject of subjects) expect(generated).not.toContain(subject.email);
  });

  it('give Astrid an invoice of 2025-03-14, kept through 2032-12-31', () => {
    const invoices = recordsFor('billing', KNOWN_SUBJECTS.astrid.email);
    const invoice = invoices.find((row) => row.invoiceDate === '2025-03-14');
    expect(invoice).toMatchObject({
      contactName: 'Astrid Lindqvist',
      bankAccount: expect.stringMatching(/^SE00 /),
    });
    const plan = planErasure(
      DEMO_DATA_MAP,
      [
        {
          storeId: 'billing',
          records: invoices.map((row) => ({
            recordId: String(row.invoiceId),
            recordDate: String(row.invoiceDate),
            fields: row,
          })),
        },
      ],
      DEMO_REFERENCE_DATE,
    );
    expect(
      plan.stores[0]?.records.map((r) => [r.action, 'retainUntil' in r ? r.retainUntil : undefined]),
    ).toEqual([
      ['retain', '2032-12-31'],
      // Her 2018 invoice's period ended on 2025-12-31: it goes.
      ['delete', undefined],
    ]);
  });

  it('give Astrid logged-in web visits from her documented address', () => {
    const lines = recordsFor('web-logs', KNOWN_SUBJECTS.astrid.email);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.ip).toBe(KNOWN_SUBJECTS.astrid.ip);
  });
});
