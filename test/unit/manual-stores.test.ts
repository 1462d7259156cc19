import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { ACCESS_PACKAGE_TEXTS } from '../../config/templates';
import { buildAccessPackage } from '../../functions/core/access-package/access-package';
import { collectStore, type FindingsDocument } from '../../functions/core/collection/collect-store';
import {
  MAX_ATTACHED_BYTES,
  manualFindingsKey,
  parseAttachedFiles,
  saveManualFindings,
} from '../../functions/core/collection/manual-findings';
import { buildCertificate, sha256Hex } from '../../functions/core/erasure/erasure-certificate';
import { planErasure } from '../../functions/core/erasure/erasure-plan';
import type { StoredErasurePlan } from '../../functions/core/erasure/erasure-steps';
import { erasureReplyVars } from '../../functions/core/erasure/verify-erasure-step';
import { ValidationError } from '../../functions/core/errors';
import type { ObjectStore } from '../../functions/core/request/artefacts';

/** A bucket in memory: text and bytes by key. */
function memoryObjects(): ObjectStore & { texts: Map<string, string> } {
  const texts = new Map<string, string>();
  return {
    texts,
    getText: async (key) => texts.get(key),
    put: async (key, body) => {
      texts.set(key, typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    },
    copy: async (from, to) => {
      const text = texts.get(from);
      if (text !== undefined) texts.set(to, text);
    },
    list: async (prefix) => [...texts.keys()].filter((k) => k.startsWith(prefix)).sort(),
    delete: async (key) => {
      texts.delete(key);
    },
  };
}

const at = '2026-11-25T10:00:00.000Z';
const description = 'Tenders/2025/Offer.docx names the subject as contact person.';

async function collectedManualStore(objects: ReturnType<typeof memoryObjects>) {
  await saveManualFindings(
    {
      requestId: 'PD-1',
      storeId: 'file-share',
      description,
      files: parseAttachedFiles([{ name: '../Möte 1.txt', contentType: 'text/plain', dataBase64: 'aGVq' }]),
      actor: 'staff:privacy.officer',
      at,
    },
    objects,
  );
  const written: FindingsDocument[] = [];
  const result = await collectStore(
    { requestId: 'PD-1', storeId: 'file-share', manualOutcome: { outcome: 'done' } },
    {
      requests: { getRequest: async () => undefined },
      outcomes: { recordCollection: async () => {} },
      findings: { put: async (_key, document) => void written.push(document), getText: objects.getText },
      connectorFor: () => {
        throw new Error('a manual outcome searches nothing');
      },
      dataMap: DEMO_DATA_MAP,
      clock: { now: () => new Date(at) },
    },
  );
  return { result, document: written[0] };
}

describe('what staff find in a manual store', () => {
  it("Art. 15(1), (3): the description and the attached files become the store's records, and the package shows them", async () => {
    const objects = memoryObjects();
    const { result, document } = await collectedManualStore(objects);
    expect(result).toEqual({ storeId: 'file-share', status: 'found', recordCount: 2 });
    expect(document?.records.map((r) => r.fields)).toEqual([
      { description },
      { file: 'file-share-Mote_1.txt', contentType: 'text/plain', bytes: 3 },
    ]);
    // The file is kept beside the findings, under a safe name.
    expect([...objects.texts.keys()]).toContain('findings/PD-1/manual/file-share/Mote_1.txt');
    expect(objects.texts.has(manualFindingsKey('PD-1', 'file-share'))).toBe(true);

    const built = buildAccessPackage({
      requestId: 'PD-1',
      language: 'en',
      texts: ACCESS_PACKAGE_TEXTS,
      subjectEmail: 'a@example.org',
      findings: [{ storeId: 'file-share', records: document?.records ?? [] }],
      dataMap: DEMO_DATA_MAP,
      consents: [],
      generatedAt: at,
    });
    expect(built.html).not.toContain('We found no personal data about you');
    expect(built.html).toContain('Documents on our file server');
    expect(built.html).toContain(description);
    expect(JSON.parse(built.json).stores[0].records[1].fields.file).toBe('file-share-Mote_1.txt');
  });

  it('Art. 15(3): attached files are checked: at most ten, 4 MB in all, no two of one name', () => {
    const file = (name: string, bytes = 1) => ({ name, dataBase64: Buffer.alloc(bytes).toString('base64') });
    expect(() => parseAttachedFiles(Array.from({ length: 11 }, (_, i) => file(`f${i}`)))).toThrow(
      ValidationError,
    );
    expect(() => parseAttachedFiles([file('big.pdf', MAX_ATTACHED_BYTES + 1)])).toThrow(/too large/);
    expect(() => parseAttachedFiles([file('a.txt'), file('a.txt')])).toThrow(/two files/);
    expect(parseAttachedFiles([{ ...file('x.bin'), contentType: 'bad type' }])[0]?.contentType).toBe(
      'application/octet-stream',
    );
  });

  it('Art. 17(1), 5(1)(a): the certificate lists a manual store staff confirmed, and the mail names it as erased', () => {
    const plan: StoredErasurePlan = {
      requestId: 'PD-1',
      searchedStores: ['file-share'],
      ...planErasure(
        DEMO_DATA_MAP,
        [
          {
            storeId: 'file-share',
            records: [{ recordId: 'file-share:description', fields: { description } }],
          },
        ],
        '2026-11-25',
      ),
    };
    const base = {
      requestId: 'PD-1',
      storeId: 'file-share',
      deleted: [],
      anonymised: [],
      retained: [],
      erasedAt: at,
      manualStore: true,
    };
    const certify = (outcome: Parameters<typeof buildCertificate>[0]['outcomes']) =>
      buildCertificate({
        plan,
        outcomes: outcome,
        subjectKey: 'k',
        dataMap: DEMO_DATA_MAP,
        language: 'en',
        verifiedAt: at,
      });

    const pending = certify(new Map([['file-share', { ...base, manual: ['file-share:description'] }]]));
    expect(pending.stores[0]).toMatchObject({ verification: 'manual_pending', deleted: [] });
    expect(erasureReplyVars(pending, DEMO_DATA_MAP, 'en').erasedItems).toEqual([]);

    const confirmed = certify(
      new Map([
        [
          'file-share',
          {
            ...base,
            deleted: ['file-share:description'],
            manual: [],
            staffConfirmed: { at: '2026-11-26T09:00:00.000Z', outcome: 'done' as const },
          },
        ],
      ]),
    );
    expect(confirmed.stores[0]).toMatchObject({
      verification: 'confirmed_by_staff',
      confirmedAt: '2026-11-26T09:00:00.000Z',
      deleted: [{ recordIdSha256: sha256Hex('file-share:description'), reason: 'policy' }],
      pending: [],
    });
    expect(erasureReplyVars(confirmed, DEMO_DATA_MAP, 'en').erasedItems).toEqual([
      'Documents on our file server',
    ]);

    // Staff found nothing left there: confirmed, but not named as erased.
    const nothingLeft = certify(
      new Map([
        [
          'file-share',
          {
            ...base,
            manual: [],
            staffConfirmed: { at: '2026-11-26T09:00:00.000Z', outcome: 'nothing_found' as const },
          },
        ],
      ]),
    );
    expect(nothingLeft.stores[0]).toMatchObject({ verification: 'confirmed_by_staff', deleted: [] });
    expect(erasureReplyVars(nothingLeft, DEMO_DATA_MAP, 'en').erasedItems).toEqual([]);
  });
});
