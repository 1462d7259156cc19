import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { type DataMap, DataMapError, formatPath, parseDataMap } from '../../functions/core/datamap';

/** A deep copy of the demo map as plain JSON, for breaking one thing at a time. */
function demoCopy(): { stores: Record<string, unknown>[] } & Record<string, unknown> {
  return JSON.parse(JSON.stringify(DEMO_DATA_MAP));
}

function storeIndex(map: { stores: Record<string, unknown>[] }, id: string): number {
  const index = map.stores.findIndex((s) => s.id === id);
  if (index < 0) throw new Error(`no store ${id}`);
  return index;
}

function problemsOf(input: unknown): string[] {
  try {
    parseDataMap(input);
  } catch (error) {
    if (error instanceof DataMapError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the map to be rejected');
}

describe('the demo data map', () => {
  it('parses and lists the consultancy’s systems', () => {
    const parsed: DataMap = parseDataMap(JSON.parse(JSON.stringify(DEMO_DATA_MAP)));
    expect(parsed.stores.map((s) => [s.id, s.connector.type])).toEqual([
      ['crm', 'dynamodb'],
      ['recruitment', 'dynamodb'],
      ['newsletter', 'http'],
      ['events', 's3-jsonl'],
      ['billing', 'dynamodb'],
      ['web-logs', 's3-jsonl'],
      ['file-share', 'manual'],
    ]);
  });

  it('keeps billing under Bokföringslagen 7 kap. 2 § through the 7th year after the fiscal year', () => {
    const billing = DEMO_DATA_MAP.stores.find((s) => s.id === 'billing');
    expect(billing?.erasure).toMatchObject({
      policy: 'retain',
      legalHold: {
        name: 'Bokföringslagen (1999:1078)',
        reference: '7 kap. 2 §',
        until: { kind: 'end_of_year_after_fiscal_year', years: 7 },
      },
    });
  });

  it('marks consent-based stores with the consent purposes they hold', () => {
    const consentStores = DEMO_DATA_MAP.stores.filter((s) => s.lawfulBasis.includes('consent'));
    expect(consentStores.map((s) => s.id)).toEqual(['crm', 'recruitment', 'newsletter']);
    for (const s of consentStores) expect(s.consentPurposes?.length).toBeGreaterThan(0);
  });

  it('names only logical resources, never physical ones', () => {
    for (const s of DEMO_DATA_MAP.stores) {
      if (s.connector.type === 'dynamodb') expect(s.connector.table).toBe(s.id);
      if (s.connector.type === 's3-jsonl') expect(s.connector.bucket).toBe(s.id);
    }
  });
});

describe('parseDataMap rejects broken maps with paths', () => {
  it('says a retain policy needs its legal hold', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'billing');
    map.stores[i] = { ...map.stores[i], erasure: { policy: 'retain' } };
    expect(problemsOf(map)).toEqual([`stores[${i}].erasure.legalHold: required when policy is "retain"`]);
  });

  it('says a booking date field belongs to a Bokföringslagen 7 kap. 2 § hold only', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'crm');
    map.stores[i] = { ...map.stores[i], bookingDateField: 'paidDate' };
    expect(problemsOf(map)).toEqual([
      `stores[${i}].bookingDateField: used only by an erasure.legalHold.until of kind "end_of_year_after_fiscal_year"`,
    ]);
  });

  it('says an anonymise policy needs its fields', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'recruitment');
    map.stores[i] = { ...map.stores[i], erasure: { policy: 'anonymise' } };
    expect(problemsOf(map)).toEqual([`stores[${i}].erasure.fields: required when policy is "anonymise"`]);
  });

  it('says whether an s3-jsonl store keeps versions with true or false only', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'web-logs');
    const store = map.stores[i] as { connector: Record<string, unknown> };
    store.connector.versioned = 'yes';
    expect(problemsOf(map)).toEqual([`stores[${i}].connector.versioned: must be a boolean, not "yes"`]);
    const valid = demoCopy();
    expect(parseDataMap(valid).stores[i]?.connector).toMatchObject({ type: 's3-jsonl', versioned: true });
  });

  it('names the allowed connector types when one is unknown', () => {
    const map = demoCopy();
    map.stores[0] = { ...map.stores[0], connector: { type: 'ftp', host: 'files.example.com' } };
    expect(problemsOf(map)).toEqual([
      'stores[0].connector.type: must be one of "dynamodb", "s3-jsonl", "http", "manual", not "ftp"',
    ]);
  });

  it('lists every problem at once, each with its own path', () => {
    const map = demoCopy();
    const billing = storeIndex(map, 'billing');
    map.stores[0] = { ...map.stores[0], lawfulBasis: ['contract', 'gut_feeling'], owner: '' };
    map.stores[billing] = {
      ...map.stores[billing],
      erasure: {
        policy: 'retain',
        legalHold: {
          name: 'Bokföringslagen',
          reference: '7 kap. 2 §',
          until: { kind: 'end_of_year_after_fiscal_year' },
        },
      },
    };
    map.stores[2] = { ...map.stores[2], retentoin: map.stores[2]?.retention };
    expect(problemsOf(map)).toEqual([
      'stores[0].owner: must not be empty',
      'stores[0].lawfulBasis[1]: must be one of "consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests", not "gut_feeling"',
      'stores[2].retentoin: unknown field (check the spelling)',
      `stores[${billing}].erasure.legalHold.until.years: required`,
    ]);
  });

  it('reports missing fields of a store as required', () => {
    const map = demoCopy();
    map.stores.push({ id: 'spreadsheet', name: 'Sales spreadsheet' });
    const problems = problemsOf(map);
    const last = map.stores.length - 1;
    for (const field of ['owner', 'purposes', 'dataCategories', 'lawfulBasis', 'connector', 'erasure']) {
      expect(problems).toContain(`stores[${last}].${field}: required`);
    }
  });

  it('rejects duplicate store ids, pointing at both', () => {
    const map = demoCopy();
    map.stores.push({ ...map.stores[0] });
    expect(problemsOf(map)).toEqual([
      `stores[${map.stores.length - 1}].id: duplicate store id "crm" (also stores[0])`,
    ]);
  });

  it('requires consent purposes where consent is the basis', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'newsletter');
    const { consentPurposes: _dropped, ...withoutConsents } = map.stores[i] as Record<string, unknown>;
    map.stores[i] = withoutConsents;
    expect(problemsOf(map)).toEqual([
      `stores[${i}].consentPurposes: required when lawfulBasis includes "consent"`,
    ]);
  });

  it('refuses an anonymise policy that leaves an identifier in place', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'recruitment');
    map.stores[i] = { ...map.stores[i], erasure: { policy: 'anonymise', fields: ['cvSummary', 'phone'] } };
    expect(problemsOf(map)).toEqual([
      `stores[${i}].erasure.fields: must include identifier field "email" (email)`,
      `stores[${i}].erasure.fields: must include identifier field "firstName" (name)`,
      `stores[${i}].erasure.fields: must include identifier field "lastName" (name)`,
    ]);
  });

  it('requires the record date field when a legal hold counts from it', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'billing');
    const { recordDateField: _dropped, ...withoutDate } = map.stores[i] as Record<string, unknown>;
    map.stores[i] = withoutDate;
    expect(problemsOf(map)).toEqual([
      `stores[${i}].recordDateField: required when retention.rule counts from the record date`,
      `stores[${i}].recordDateField: required when erasure.legalHold.until counts from the record date`,
    ]);
  });

  it('checks the http connector’s path templates', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'newsletter');
    const connector = map.stores[i]?.connector as Record<string, unknown>;
    map.stores[i] = {
      ...map.stores[i],
      connector: { ...connector, searchPath: '/subscribers', baseUrl: 'ftp://x' },
    };
    expect(problemsOf(map)).toEqual([
      `stores[${i}].connector.baseUrl: must be an http(s) URL`,
      `stores[${i}].connector.searchPath: must contain "{email}"`,
    ]);
  });

  it('rejects input that is not a map at all', () => {
    expect(problemsOf(null)).toEqual(['(the data map): must be an object, not null']);
    expect(
      problemsOf({ version: 1, controller: { name: 'X', email: 'gdpr@example.com' }, stores: [] }),
    ).toEqual(['stores: must list at least one store']);
  });

  it('puts every problem in the error message, one per line', () => {
    const map = demoCopy();
    map.stores[0] = { ...map.stores[0], owner: '' };
    expect(() => parseDataMap(map)).toThrow(
      'The data map is invalid (1 problem):\n  stores[0].owner: must not be empty',
    );
  });
});

describe('formatPath', () => {
  it('writes indexes in brackets and keys with dots', () => {
    expect(formatPath(['stores', 2, 'erasure', 'legalHold'])).toBe('stores[2].erasure.legalHold');
  });
});

describe('automated decision-making in the data map', () => {
  it('Art. 15(1)(h): every purpose states whether it profiles or decides by automated means', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'crm');
    const crm = map.stores[i] as { purposes: Record<string, unknown>[] };
    delete crm.purposes[1]?.automatedDecisions;
    expect(problemsOf(map).join('\n')).toContain(`stores[${i}].purposes[1].automatedDecisions`);
    for (const store of DEMO_DATA_MAP.stores) {
      for (const purpose of store.purposes) expect(purpose.automatedDecisions.kind).toBeDefined();
    }
  });

  it('Art. 22(2)(c): an automated decision on explicit consent needs consent as the lawful basis', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'web-logs');
    const logs = map.stores[i] as { purposes: Record<string, unknown>[] };
    const localised = { sv: 'x', nb: 'x', en: 'x' };
    (logs.purposes[0] as Record<string, unknown>).automatedDecisions = {
      kind: 'automated_decision',
      exception: 'explicit_consent',
      logic: localised,
      consequences: localised,
      safeguards: localised,
    };
    expect(problemsOf(map)).toContain(
      `stores[${i}].purposes[0].automatedDecisions.exception: explicit_consent needs consent as the lawful basis`,
    );
  });
});

describe('recipients in the data map', () => {
  it('Art. 19: a recipient is told by mail (a valid address), by staff, or not at all with a reason', () => {
    const map = demoCopy();
    const i = storeIndex(map, 'billing');
    const billing = map.stores[i] as { recipients: Record<string, unknown>[] };
    (billing.recipients[1] as Record<string, unknown>).notify = { by: 'mail', address: 'not an address' };
    (billing.recipients[2] as Record<string, unknown>).notify = { by: 'none' };
    const problems = problemsOf(map);
    expect(problems).toContain(`stores[${i}].recipients[1].notify.address: must be an e-mail address`);
    expect(problems.join('\n')).toContain(`stores[${i}].recipients[2].notify.reason`);
  });
});
