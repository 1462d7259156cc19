import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { ACCESS_PACKAGE_TEXTS } from '../../config/templates';
import {
  ACCESS_PACKAGE_FORMAT,
  AccessPackageError,
  type AccessPackageInput,
  buildAccessPackage,
  csvCell,
  recordsToCsv,
} from '../../functions/core/access-package/access-package';
import type { ConsentChange } from '../../functions/core/consents/consents';

const BOM = '\uFEFF';

const consents: ConsentChange[] = [
  {
    purpose: 'newsletter',
    kind: 'withdrawn',
    at: '2026-02-01T10:00:00.000Z',
    channel: 'link',
  },
  {
    purpose: 'newsletter',
    kind: 'given',
    at: '2025-01-15T08:00:00.000Z',
    channel: 'form',
    textVersion: 'newsletter-sv-2025-01',
    evidence: { submission: 'f-123' },
  },
  {
    purpose: 'candidate_data_retention',
    kind: 'given',
    at: '2025-09-01T12:00:00.000Z',
    channel: 'form',
    textVersion: 'talent-pool-sv-2025-08',
  },
];

function input(overrides: Partial<AccessPackageInput> = {}): AccessPackageInput {
  return {
    requestId: 'REQ-2026-0001',
    language: 'sv',
    texts: ACCESS_PACKAGE_TEXTS,
    subjectEmail: 'astrid.lindqvist@example.se',
    generatedAt: '2026-05-04T09:30:00.000Z',
    dataMap: DEMO_DATA_MAP,
    consents,
    findings: [
      {
        storeId: 'billing',
        records: [
          {
            recordId: 'INV-2025-0042',
            recordDate: '2025-03-14',
            fields: {
              invoiceId: 'INV-2025-0042',
              contactEmail: 'astrid.lindqvist@example.se',
              amount: 125000,
            },
          },
        ],
      },
      {
        storeId: 'crm',
        records: [
          {
            recordId: 'CONTACT#c-0001|PROFILE',
            recordDate: '2026-01-10',
            fields: {
              email: 'astrid.lindqvist@example.se',
              firstName: 'Astrid',
              lastName: 'Lindqvist',
              company: 'Fjällbacka Data AB',
            },
          },
        ],
      },
      { storeId: 'newsletter', records: [] },
    ],
    ...overrides,
  };
}

describe('the JSON document', () => {
  const document = JSON.parse(buildAccessPackage(input()).json);

  it('says who, what and when', () => {
    expect(document.format).toBe(ACCESS_PACKAGE_FORMAT);
    expect(document.requestId).toBe('REQ-2026-0001');
    expect(document.generatedAt).toBe('2026-05-04T09:30:00.000Z');
    expect(document.language).toBe('sv');
    expect(document.subject).toEqual({ email: 'astrid.lindqvist@example.se' });
    expect(document.controller.name).toBe('Nordkonsult AB (demo)');
  });

  it('lists only stores with records, in data map order', () => {
    expect(document.stores.map((s: { storeId: string }) => s.storeId)).toEqual(['crm', 'billing']);
  });

  it('gives each record with its provenance', () => {
    const crm = document.stores[0];
    expect(crm.records).toEqual([
      {
        recordId: 'CONTACT#c-0001|PROFILE',
        recordDate: '2026-01-10',
        provenance: {
          storeId: 'crm',
          system: 'CRM: customers and partner contacts',
          owner: 'Sales operations',
          connector: 'dynamodb',
          source: 'data_subject',
          collectedAt: '2026-05-04T09:30:00.000Z',
        },
        fields: {
          email: 'astrid.lindqvist@example.se',
          firstName: 'Astrid',
          lastName: 'Lindqvist',
          company: 'Fjällbacka Data AB',
        },
      },
    ]);
  });

  it('carries the Art. 15 facts in the subject’s language', () => {
    const billing = document.stores[1];
    expect(billing.name).toBe('Fakturering och bokföring');
    expect(billing.lawfulBasis).toEqual(['contract', 'legal_obligation']);
    expect(billing.purposes).toContainEqual({
      id: 'bookkeeping',
      description: 'Bokföring och arkivering av räkenskapsinformation enligt bokföringslagen.',
      lawfulBasis: 'legal_obligation',
      automatedDecisions: { kind: 'none' },
    });
    expect(billing.dataCategories.map((c: { label: string }) => c.label)).toEqual([
      'Fakturakontakt',
      'Bankuppgifter',
      'Fakturor och betalningar',
    ]);
    expect(billing.recipients.map((r: { name: string }) => r.name)).toEqual([
      'Amazon Web Services EMEA SARL',
      'Auditor',
      'Skatteverket',
    ]);
    expect(billing.source).toEqual({
      kind: 'data_subject',
      description: 'Från dig eller din arbetsgivare i samband med avtal och fakturering.',
    });
    expect(billing.retention).toContain('7 kap. 2 §');
  });

  it('gives each consent its current state and its history in time order', () => {
    expect(document.consents).toEqual([
      {
        purpose: 'candidate_data_retention',
        description: 'Att spara ditt CV för framtida uppdrag och tjänster.',
        status: 'given',
        since: '2025-09-01T12:00:00.000Z',
        textVersion: 'talent-pool-sv-2025-08',
        history: [
          {
            at: '2025-09-01T12:00:00.000Z',
            kind: 'given',
            channel: 'form',
            textVersion: 'talent-pool-sv-2025-08',
          },
        ],
      },
      {
        purpose: 'newsletter',
        description: 'Att få vårt nyhetsbrev via e-post.',
        status: 'withdrawn',
        since: '2026-02-01T10:00:00.000Z',
        textVersion: 'newsletter-sv-2025-01',
        history: [
          {
            at: '2025-01-15T08:00:00.000Z',
            kind: 'given',
            channel: 'form',
            textVersion: 'newsletter-sv-2025-01',
          },
          { at: '2026-02-01T10:00:00.000Z', kind: 'withdrawn', channel: 'link' },
        ],
      },
    ]);
  });

  it('refuses findings from a store the data map lacks', () => {
    expect(() => buildAccessPackage(input({ findings: [{ storeId: 'old-crm', records: [] }] }))).toThrow(
      AccessPackageError,
    );
  });
});

describe('the CSV files', () => {
  it('has one file per store with records, with a header row and CRLF line ends', () => {
    const { csv } = buildAccessPackage(input());
    expect(Object.keys(csv)).toEqual(['crm', 'billing']);
    expect(csv.billing).toBe(
      `${BOM}record_id,record_date,invoiceId,contactEmail,amount\r\n` +
        'INV-2025-0042,2025-03-14,INV-2025-0042,astrid.lindqvist@example.se,125000\r\n',
    );
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('Lindqvist, Astrid')).toBe('"Lindqvist, Astrid"');
    expect(csvCell('the "Fjäll" team')).toBe('"the ""Fjäll"" team"');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("https://attacker.example","x")')).toBe(
      `"'=HYPERLINK(""https://attacker.example"",""x"")"`,
    );
    expect(csvCell('+46 70 174 06 12')).toBe("'+46 70 174 06 12");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
  });

  it('writes numbers as numbers, nothing for missing values and JSON for nested ones', () => {
    expect(csvCell(-120.5)).toBe('-120.5');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(['Kotlin', 'AWS'])).toBe('"[""Kotlin"",""AWS""]"');
  });

  it('makes one column per field across records, leaving gaps empty', () => {
    const csv = recordsToCsv([
      { recordId: 'a', fields: { email: 'a@example.se' } },
      { recordId: 'b', recordDate: '2026-01-01', fields: { phone: '+47 412 34 567', email: 'b@example.no' } },
    ]);
    expect(csv).toBe(
      `${BOM}record_id,record_date,email,phone\r\n` +
        'a,,a@example.se,\r\n' +
        "b,2026-01-01,b@example.no,'+47 412 34 567\r\n",
    );
  });
});

describe('the HTML summary', () => {
  it('is in Swedish with the Art. 15 facts per store', () => {
    const { html } = buildAccessPackage(input());
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<h1>Dina personuppgifter hos Nordkonsult AB (demo)</h1>');
    expect(html).toContain('<h2>Kundregister (CRM)</h2>');
    expect(html).toContain('<h2>Fakturering och bokföring</h2>');
    expect(html).not.toContain('<h2>Nyhetsbrev</h2>');
    expect(html).toContain('Vi hittade 2 poster i 2 system.');
    expect(html).toContain(
      '<dt>Rättslig grund</dt><dd>Avtal (art. 6.1 b); Rättslig förpliktelse (art. 6.1 c)</dd>',
    );
    expect(html).toContain(
      '<dt>Kategorier av personuppgifter</dt><dd>Fakturakontakt, Bankuppgifter, Fakturor och betalningar</dd>',
    );
    expect(html).toContain('<strong>Skatteverket</strong>: Skatteverket vid begäran eller revision.');
    expect(html).toContain(
      'Till och med det sjunde året efter utgången av det kalenderår då räkenskapsåret avslutades',
    );
    expect(html).toContain('<dt>Varifrån uppgifterna kommer</dt>');
    expect(html).toContain('<dt>Vårt berättigade intresse</dt><dd>Att kunna kontakta rätt personer');
    expect(html).toContain('<tr><th>Sammanställt</th><td>2026-05-04 11:30</td></tr>');
  });

  it('lists every right and the Swedish authority for complaints', () => {
    const { html } = buildAccessPackage(input());
    for (const right of [
      'Rättelse',
      'Radering',
      'Begränsning',
      'Invändning',
      'Dataportabilitet',
      'Återkallelse av samtycke',
    ]) {
      expect(html).toContain(`<li>${right}:`);
    }
    expect(html).toContain('Integritetsskyddsmyndigheten (IMY)');
    expect(html).toContain('href="https://www.imy.se"');
    expect(html).toContain('<li>Norge: Datatilsynet');
    expect(html).toContain('Kontakta oss på dpo@example.com');
  });

  it('shows consents with their history', () => {
    const { html } = buildAccessPackage(input());
    expect(html).toContain('<td>Att få vårt nyhetsbrev via e-post.</td>');
    expect(html).toContain('<td>Återkallat (2026-02-01 11:00)</td>');
    expect(html).toContain('<li>2025-01-15 09:00: lämnat, formulär (newsletter-sv-2025-01)</li>');
    expect(html).toContain('<li>2026-02-01 11:00: återkallat, länk</li>');
  });

  it('names IMY as the lead authority for Norwegian readers too, and Datatilsynet in Norway and Denmark where they live or work (Art. 15(1)(f), 77(1))', () => {
    const { html } = buildAccessPackage(input({ language: 'nb' }));
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('<h1>Dine personopplysninger hos Nordkonsult AB (demo)</h1>');
    expect(html).toContain('<dt>Behandlingsgrunnlag</dt>');
    expect(html).toContain(
      'tilsynsmyndigheten i Sverige, der vi er etablert: Integritetsskyddsmyndigheten (IMY)',
    );
    expect(html).toContain('href="https://www.imy.se"');
    expect(html).toContain('<li>Norge: Datatilsynet, Postboks 458 Sentrum, 0105 Oslo');
    expect(html).toContain('<li>Danmark: Datatilsynet, Carl Jacobsens Vej 35, 2500 Valby');
    expect(html).toContain('href="https://www.datatilsynet.dk"');
    expect(html).toContain('<li>Dataportabilitet:');
    expect(html).toContain('<li>Tilbaketrekking av samtykke:');
  });

  it('is in English with IMY for English readers', () => {
    const { html } = buildAccessPackage(input({ language: 'en' }));
    expect(html).toContain('<h2>Customer register (CRM)</h2>');
    expect(html).toContain('Legitimate interests (Art. 6(1)(f))');
    expect(html).toContain('<li>Portability:');
    expect(html).toContain('Integritetsskyddsmyndigheten (IMY)');
  });

  it('says so when nothing was found and no consents are held', () => {
    const { html, csv, json } = buildAccessPackage(input({ findings: [], consents: [] }));
    expect(html).toContain('Vi hittade inga personuppgifter om dig i våra system.');
    expect(html).toContain('<p>Vi har inga samtycken registrerade för dig.</p>');
    expect(csv).toEqual({});
    expect(JSON.parse(json).stores).toEqual([]);
  });

  it('escapes every value that comes from records or requests', () => {
    const hostile = '<img src=x onerror="alert(1)">&\'';
    const { html } = buildAccessPackage(
      input({
        requestId: '<b>REQ</b>',
        subjectEmail: '"><script>x</script>@example.se',
        findings: [
          {
            storeId: 'crm',
            records: [
              { recordId: 'id"><x', fields: { [`${hostile}key`]: hostile, nested: { note: '</td>' } } },
            ],
          },
        ],
      }),
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>REQ');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;');
    expect(html).toContain('<td>&lt;b&gt;REQ&lt;/b&gt;</td>');
    expect(html).toContain('data-record-id="id&quot;&gt;&lt;x"');
    expect(html).toContain('{&quot;note&quot;:&quot;&lt;/td&gt;&quot;}');
  });
});

describe('automated decision-making and profiling', () => {
  const newsletter = {
    storeId: 'newsletter',
    records: [{ recordId: 'sub-1', fields: { email: 'astrid.lindqvist@example.se', firstName: 'Astrid' } }],
  };

  it('Art. 15(1)(h): states per purpose that there is none, or the logic and consequences of profiling', () => {
    const built = buildAccessPackage(input({ findings: [...input().findings, newsletter] }));
    const stores = JSON.parse(built.json).stores as {
      storeId: string;
      purposes: { id: string; automatedDecisions: Record<string, string> }[];
    }[];
    const crm = stores.find((s) => s.storeId === 'crm');
    expect(crm?.purposes.map((p) => p.automatedDecisions)).toEqual([
      { kind: 'none' },
      { kind: 'none' },
      { kind: 'none' },
    ]);
    expect(stores.find((s) => s.storeId === 'newsletter')?.purposes[0]?.automatedDecisions).toEqual({
      kind: 'profiling',
      logic:
        'Vi väljer vilka ämnen nyhetsbrevet lyfter fram utifrån de kurser och evenemang du har deltagit i.',
      consequences:
        'Ordningen på innehållet i nyhetsbrevet. Inga beslut fattas om dig och inget annat påverkas.',
    });
    const newsletterSection = built.html.slice(built.html.indexOf('id="store-newsletter"'));
    expect(newsletterSection).toContain('<dt>Profilering</dt>');
    expect(newsletterSection).toContain('Så fungerar det: Vi väljer vilka ämnen');
    expect(built.html.slice(built.html.indexOf('id="store-crm"'))).toContain(
      'Inga automatiserade beslut och ingen profilering.',
    );
  });

  it('Art. 15(1)(h), 22(2)–(3): a decision based solely on automated processing names its ground and the safeguards', () => {
    const map = structuredClone(DEMO_DATA_MAP);
    const recruitment = map.stores.find((s) => s.id === 'recruitment');
    const purpose = recruitment?.purposes[0];
    if (!purpose) throw new Error('the demo map has no recruitment purpose');
    purpose.automatedDecisions = {
      kind: 'automated_decision',
      exception: 'explicit_consent',
      logic: { sv: 'Poäng.', nb: 'Poeng.', en: 'A score from the answers to the screening questions.' },
      consequences: {
        sv: 'Gallring.',
        nb: 'Siling.',
        en: 'Below the threshold the application goes no further.',
      },
      safeguards: {
        sv: 'En människa.',
        nb: 'Et menneske.',
        en: 'Ask us and a recruiter reviews the decision.',
      },
    };
    const built = buildAccessPackage(
      input({
        language: 'en',
        dataMap: map,
        findings: [
          { storeId: 'recruitment', records: [{ recordId: 'cand-1', fields: { firstName: 'Astrid' } }] },
        ],
      }),
    );
    expect(JSON.parse(built.json).stores[0].purposes[0].automatedDecisions).toEqual({
      kind: 'automated_decision',
      exception: 'explicit_consent',
      logic: 'A score from the answers to the screening questions.',
      consequences: 'Below the threshold the application goes no further.',
      safeguards: 'Ask us and a recruiter reviews the decision.',
    });
    expect(built.html).toContain('Automated decision (Art. 22): your explicit consent (Art. 22(2)(c))');
    expect(built.html).toContain('Your safeguards: Ask us and a recruiter reviews the decision.');
  });
});
