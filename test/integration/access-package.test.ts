import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { s3 } from '../../functions/adapters/clients/s3';
import { DynamoDbRequestStore } from '../../functions/adapters/dynamodb-request-store';
import { DynamoDbTaskStore } from '../../functions/adapters/dynamodb-task-store';
import { downloadToken } from '../../functions/core/access-package/download-link';
import type { DsrRequest } from '../../functions/core/request/request';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
import { handler as buildPackage } from '../../functions/workflow-build-package';
import { handler as collectStore } from '../../functions/workflow-collect-store';
import type { FunctionName } from '../../infra/function-catalog';
import { generateDemoData, KNOWN_SUBJECTS } from '../../local/demo-data';
import { invokeAsLambda } from '../../local/lambda-runtime';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, outbox, startTestStack, type TestStack } from '../support/stack';

const astrid = KNOWN_SUBJECTS.astrid;
const freja = KNOWN_SUBJECTS.freja;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);

afterAll(async () => {
  if (stack) await expectEveryRequestAnswered(stack);
  await stack?.dispose();
});

/** The catalogue function each handler is deployed as: its calls run with that function's role. */
const functionOf = new Map<unknown, FunctionName>([
  [buildPackage, 'BuildPackage'],
  [collectStore, 'CollectStore'],
]);

/** Invokes a step handler as Lambda does for the state machine: JSON in, JSON out, with its role. */
const invoke = <T>(handler: unknown, event: unknown) =>
  invokeAsLambda<T>(handler, event, functionOf.get(handler) ?? ('unknown' as FunctionName));

/** A request as intake stores it, collected from every store of the demo map the way the Collect map does. */
async function collectedRequest(
  id: string,
  email: string,
  options: { verified: boolean; language?: 'sv' | 'en' },
) {
  const requests = new DynamoDbRequestStore(stack.env.REQUESTS_TABLE ?? '');
  const tasks = new DynamoDbTaskStore(stack.env.REQUESTS_TABLE ?? '');
  const now = new Date().toISOString();
  const request: DsrRequest = {
    id,
    status: 'collecting',
    channel: 'email',
    types: ['access'],
    language: options.language ?? 'sv',
    subjectEmail: email,
    subjectKey: subjectKeyOf(email, stack.secrets.subjectKey),
    receivedAt: now,
    dueAt: '2026-12-28',
    version: 1,
  };
  await requests.putRequest(request, { at: now, actor: 'test', action: 'request_received' });
  const task = {
    requestId: id,
    taskId: 'verification',
    kind: 'verification' as const,
    taskToken: `token-${id}`,
    openedAt: now,
    version: 1,
  };
  await tasks.openTask(task);
  if (options.verified) await tasks.updateTask(task, { completedAt: now, completedBy: 'subject' });
  for (const store of DEMO_DATA_MAP.stores) await invoke(collectStore, { requestId: id, storeId: store.id });
  return request;
}

async function mailTo(address: string, subjectPart: string) {
  const mails = await outbox(stack);
  return mails.filter((m) => m.destination.to.includes(address) && m.subject.includes(subjectPart));
}

function linkIn(text: string | undefined): URL {
  const match = /(https?:\/\/\S+\/download\/\S+)/.exec(text ?? '');
  if (!match?.[1]) throw new Error('no download link in the mail');
  return new URL(match[1]);
}

const get = (url: string | URL) => fetch(url, { redirect: 'manual' });

describe('the BuildPackage step and the download route', () => {
  const requestId = 'PD-20261125-ACCES2';
  let link: URL;

  it('builds the package from every store, mails an expiring link and returns counts only', async () => {
    await collectedRequest(requestId, astrid.email, { verified: true });
    const before = Date.now();
    const result = await invoke<Record<string, unknown>>(buildPackage, { requestId });

    expect(Object.keys(result).sort()).toEqual(['linkExpiresAt', 'recordCount', 'storesWithData']);
    expect(result.storesWithData).toEqual([
      'crm',
      'recruitment',
      'newsletter',
      'events',
      'billing',
      'web-logs',
    ]);
    expect(result.recordCount).toBeGreaterThanOrEqual(6);
    const after = Date.now();
    // Seven days from the moment the step ran (link expiry is kept to the second).
    const expiresAt = Date.parse(String(result.linkExpiresAt));
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 7 * 86_400_000);
    expect(expiresAt).toBeLessThanOrEqual(after + 7 * 86_400_000);
    expect(JSON.stringify(result)).not.toContain(astrid.email);

    const [mail, ...more] = await mailTo(astrid.email, requestId);
    expect(more.filter((m) => m.subject === mail?.subject)).toEqual([]);
    link = linkIn(mail?.body.text);
    expect(link.origin).toBe(stack.urls.http);
    expect(link.pathname).toBe(`/download/${requestId}`);
    expect(mail?.body.text).toContain('Kundregister (CRM)');
  });

  it('sends the link once when the step is retried', async () => {
    await invoke(buildPackage, { requestId });
    const mails = (await outbox(stack)).filter(
      (m) =>
        m.destination.to.includes(astrid.email) && (m.body.text ?? '').includes(`/download/${requestId}?t=`),
    );
    expect(mails).toHaveLength(1);
  });

  it('shows the files on a locked-down page in the subject language', async () => {
    const response = await get(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<html lang="sv">');
    for (const file of ['summary.html', 'access-package.json', 'crm.csv', 'billing.csv', 'web-logs.csv']) {
      expect(html).toContain(`href="${requestId}/${file}?t=`);
    }
    expect(html).not.toContain(astrid.email);
  });

  it('hands out each file through a short presigned URL and records the download', async () => {
    const response = await get(new URL(`${link.pathname}/access-package.json${link.search}`, link));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin).toBe(stack.urls.s3);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    const body = await (await fetch(location)).text();
    const pkg = JSON.parse(body) as {
      requestId: string;
      language: string;
      subject: { email: string };
      stores: { storeId: string; records: { recordId: string; fields: Record<string, unknown> }[] }[];
    };
    expect(pkg).toMatchObject({ requestId, language: 'sv', subject: { email: astrid.email } });

    // Field by field against the seeded demo data: every source record of the subject, every field.
    const demo = generateDemoData({ people: 200, seed: 42 }).records as unknown as Record<
      string,
      Record<string, unknown>[]
    >;
    const identifierFields: Record<string, string> = {
      crm: 'email',
      recruitment: 'email',
      newsletter: 'email',
      events: 'email',
      billing: 'contactEmail',
      'web-logs': 'userEmail',
    };
    for (const [storeId, field] of Object.entries(identifierFields)) {
      const expected = (demo[storeId] ?? []).filter((r) => r[field] === astrid.email);
      const section = pkg.stores.find((s) => s.storeId === storeId);
      expect(expected.length, storeId).toBeGreaterThan(0);
      expect(section?.records, storeId).toHaveLength(expected.length);
      for (const source of expected) {
        const match = section?.records.find(
          (r) => JSON.stringify(r.fields) === JSON.stringify({ ...r.fields, ...source }),
        );
        expect(
          match,
          `${storeId}: a record with every field of ${JSON.stringify(source).slice(0, 60)}`,
        ).toBeDefined();
        for (const [name, value] of Object.entries(source))
          expect(match?.fields[name], `${storeId}.${name}`).toEqual(value);
      }
    }

    const events = await eventsOf(stack, requestId);
    const downloads = events.filter((e) => e.action === 'package_downloaded');
    expect(downloads.map((e) => e.detail)).toEqual([{ file: 'access-package.json' }]);
  });

  it('stores the package with its CSV per store and HTML summary under packages/<id>/', async () => {
    const csv = await s3().send(
      new GetObjectCommand({ Bucket: stack.env.PACKAGES_BUCKET, Key: `packages/${requestId}/billing.csv` }),
    );
    const text = await csv.Body?.transformToString('utf8');
    expect(text?.split('\r\n')[0]).toMatch(/^\uFEFFrecord_id,record_date,/);
    expect(text).toContain('INV-2025-');
    const html = await s3().send(
      new GetObjectCommand({ Bucket: stack.env.PACKAGES_BUCKET, Key: `packages/${requestId}/summary.html` }),
    );
    expect(await html.Body?.transformToString('utf8')).toContain('bokföringslagen 7 kap. 2 §');
  });

  it('refuses a tampered, an expired or a foreign link with a 403 page', async () => {
    const token = link.searchParams.get('t') ?? '';
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const longer = token.replace(/^(\d+)\./, (_, e: string) => `${Number(e) + 86_400}.`);
    const expired = downloadToken(requestId, new Date(Date.now() - 1000), stack.secrets.downloadLink);
    const other = downloadToken(
      'PD-20261125-OTHER2',
      new Date(Date.now() + 86_400_000),
      stack.secrets.downloadLink,
    );
    for (const t of [tampered, longer, expired, other, '']) {
      for (const path of [`/download/${requestId}`, `/download/${requestId}/access-package.json`]) {
        const response = await get(`${stack.urls.http}${path}?t=${encodeURIComponent(t)}`);
        expect(response.status, `${path} with ${t || 'no token'}`).toBe(403);
        expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(await response.text()).not.toContain('access-package.json</a>');
      }
    }
    const expiredPage = await (await get(`${stack.urls.http}/download/${requestId}?t=${expired}`)).text();
    expect(expiredPage).toMatch(/slutat gälla|expired/);
  });

  it('refuses a valid link while the verification is not completed', async () => {
    const unverified = 'PD-20261125-UNVER2';
    await collectedRequest(unverified, astrid.email, { verified: false });
    await invoke(buildPackage, { requestId: unverified });
    const token = downloadToken(unverified, new Date(Date.now() + 86_400_000), stack.secrets.downloadLink);
    const page = await get(`${stack.urls.http}/download/${unverified}?t=${token}`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('identitet');
    const file = await get(`${stack.urls.http}/download/${unverified}/access-package.json?t=${token}`);
    expect(file.status).toBe(403);
    expect(file.headers.get('location')).toBeNull();
    const events = await eventsOf(stack, unverified);
    expect(events.filter((e) => e.action === 'package_downloaded')).toEqual([]);
    expect(events.filter((e) => e.action === 'package_download_refused').length).toBe(2);
  });

  it('answers a subject found nowhere with completion_no_data and no link', async () => {
    const nobody = 'PD-20261125-NODAT2';
    await collectedRequest(nobody, freja.email, { verified: true, language: 'en' });
    const result = await invoke<Record<string, unknown>>(buildPackage, { requestId: nobody });
    expect(result).toEqual({ recordCount: 0, storesWithData: [] });
    const [mail] = await mailTo(freja.email, nobody);
    expect(mail?.subject).toContain('We hold no personal data about you');
    expect(mail?.body.text).not.toContain('/download/');
  });
});
