import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { s3 } from '../../functions/adapters/clients/s3';
import { indexObjectKey, serialiseIndex } from '../../functions/adapters/connectors/s3-jsonl-connector';
import type { AuditEvent } from '../../functions/core/request/request';
import type { SweepPlan, SweepReport } from '../../functions/core/retention/retention-sweep';
import type { SweepItem } from '../../functions/core/retention/retention-sweep-runs';
import { DEMO_NAME_PREFIX } from '../../infra/demo-deployment';
import { startTestStack, type TestStack, waitFor } from '../support/stack';
import { CSRF, signIn } from '../support/staff';

/**
 * The retention sweep as staff live it: a sweep lists the demo stores' records past their data map
 * rule, staff read the plan and approve it (keeping one record with their reason), the schedule
 * carries it out, and the records are gone while held ones stay with the reason they are held.
 */

const run = promisify(execFile);
let stack: TestStack;
let cookie: string;

const table = (name: string) => `${DEMO_NAME_PREFIX}${name}`;
const bucket = (name: string) => `${DEMO_NAME_PREFIX}${name}`;
const now = new Date();
const year = now.getUTCFullYear();
const monthsAgo = (months: number) => {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

// Planted records, dated from today so the story holds whenever it runs.
const crmOld = {
  pk: 'CONTACT#sweep-old',
  sk: 'PROFILE',
  email: 'sweep.old@example.org',
  company: 'Gamla AB',
  activityDate: monthsAgo(40),
};
const crmRecent = {
  pk: 'CONTACT#sweep-recent',
  sk: 'PROFILE',
  email: 'sweep.recent@example.org',
  company: 'Nya AB',
  activityDate: monthsAgo(10),
};
const candidateHeld = {
  candidateId: 'cand-sweep-held',
  email: 'sweep.candidate@example.org',
  firstName: 'Sara',
  lastName: 'Svep',
  phone: '070-1740699',
  linkedinUrl: 'https://www.linkedin.com/in/example',
  cvSummary: 'Developer.',
  skills: ['Kotlin'],
  appliedRole: 'Developer',
  appliedAt: monthsAgo(30),
  status: 'declined',
  consentGivenAt: monthsAgo(30),
};
const invoice = (id: string, invoiceDate: string, paidDate?: string) => ({
  invoiceId: id,
  direction: 'outgoing',
  invoiceDate,
  dueDate: invoiceDate,
  counterparty: 'Svep AB',
  contactName: 'Sven Svep',
  contactEmail: 'sven.svep@example.org',
  contactPhone: '070-1740698',
  billingAddress: 'Box 1, 111 11 Stockholm',
  bankAccount: 'SE00 0000 0000 0000',
  amount: 1000,
  vatAmount: 250,
  currency: 'SEK',
  description: 'Consulting',
  notes: 'Reminder sent',
  ...(paidDate ? { paidDate } : {}),
});
// Nine years old: past the seven years and past the Bokföringslagen hold too.
const invoiceExpired = invoice('INV-SWEEP-EXPIRED', `${year - 9}-03-10`);
// Past seven years by its invoice date, but paid in the next financial year: the hold keeps it.
const invoiceHeld = invoice('INV-SWEEP-HELD', `${year - 8}-12-20`, `${year - 7}-01-15`);
const oldVisit = {
  ts: `${monthsAgo(5)}T10:00:00.000Z`,
  ip: '192.0.2.77',
  method: 'GET',
  path: '/',
  status: 200,
  userAgent: 'x',
  userEmail: 'sweep.visitor@example.org',
};
const newVisit = {
  ts: `${now.toISOString().slice(0, 10)}T00:00:00.000Z`,
  ip: '192.0.2.78',
  method: 'GET',
  path: '/',
  status: 200,
  userAgent: 'x',
};

async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.urls.http}${path}`, {
    method,
    headers: { cookie, ...(method === 'POST' ? { ...CSRF, 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const data = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(data)}`);
  return data;
}

/** The CLI in its own process (the stack answers from this one, so the call must not block). */
async function cli(...args: string[]) {
  const env = { ...process.env, PRIVACY_DESK_TOKEN: '', PRIVACY_DESK_API: '' };
  return run(process.execPath, ['bin/privacy-desk.mjs', 'retention', ...args, '--api', stack.urls.http], {
    env,
  });
}

type SweepDetail = SweepItem & { plan: SweepPlan | null; report: SweepReport | null; events: AuditEvent[] };

const sweep = (id: string) => api<SweepDetail>('GET', `/api/retention-sweeps/${id}?limit=2000`);
const untilStatus = (id: string, statuses: string[]) =>
  waitFor(
    async () => {
      const detail = await sweep(id);
      return statuses.includes(detail.status) ? detail : undefined;
    },
    `sweep ${id} to reach ${statuses.join('/')}`,
    // Carrying out a sweep of every demo store takes a while on a loaded machine.
    180_000,
  );

async function item(tableName: string, key: Record<string, string>) {
  return (
    await dynamo().send(new GetCommand({ TableName: table(tableName), Key: key, ConsistentRead: true }))
  ).Item;
}

async function objectExists(bucketName: string, key: string): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: bucketName, Key: key }));
    return true;
  } catch {
    return false;
  }
}

const planned = (plan: SweepPlan, storeId: string, recordId: string) =>
  plan.stores.find((s) => s.storeId === storeId)?.records.find((r) => r.recordId === recordId);

const visitorIndex = indexObjectKey('index/by-subject/', 'email', oldVisit.userEmail);

beforeAll(async () => {
  stack = await startTestStack();
  cookie = await signIn(stack);
  for (const [name, record] of [
    ['crm', crmOld],
    ['crm', crmRecent],
    ['recruitment', candidateHeld],
    ['billing', invoiceExpired],
    ['billing', invoiceHeld],
  ] as const) {
    await dynamo().send(new PutCommand({ TableName: table(name), Item: record }));
  }
  const put = (key: string, body: string) =>
    s3().send(new PutObjectCommand({ Bucket: bucket('web-logs'), Key: key, Body: body }));
  await put('access/sweep-old.jsonl', `${JSON.stringify(oldVisit)}\n`);
  await put('access/sweep-new.jsonl', `${JSON.stringify(newVisit)}\n`);
  await put(visitorIndex, serialiseIndex(['access/sweep-old.jsonl']));
}, 120_000);

afterAll(async () => {
  await stack?.dispose();
});

describe('retention sweep', { timeout: 300_000 }, () => {
  it('a dry run from the command line prints the plan and changes nothing', async () => {
    const { stdout } = await cli('sweep', '--dry-run', '--json');
    const done = JSON.parse(stdout) as SweepDetail;
    expect(done.status).toBe('dry_run');
    expect(planned(done.plan as SweepPlan, 'crm', 'CONTACT#sweep-old|PROFILE')?.action).toBe('delete');
    expect(await item('crm', { pk: crmOld.pk, sk: crmOld.sk })).toBeDefined();
    await expect(cli('approve', done.sweepId)).rejects.toMatchObject({
      stderr: expect.stringMatching(/409/),
    });
    const { stdout: text } = await cli('show', done.sweepId);
    expect(text).toMatch(/dry run: nothing is changed/);
  });

  it('finds the records past retention, staff approve, they are gone and held ones stay with their reason', async () => {
    const requested = await api<SweepItem>('POST', '/api/retention-sweeps', {});
    const awaiting = await untilStatus(requested.sweepId, ['awaiting_approval']);
    const plan = awaiting.plan as SweepPlan;

    // A large plan comes a page at a time, one store at a time if asked.
    const page = await api<SweepDetail>(
      'GET',
      `/api/retention-sweeps/${requested.sweepId}?store=web-logs&limit=1`,
    );
    expect(page.plan?.stores.map((s) => [s.storeId, s.records.length])).toEqual([['web-logs', 1]]);
    expect(page.plan?.stores[0]?.recordCount).toBe(
      plan.stores.find((s) => s.storeId === 'web-logs')?.records.length,
    );

    // Every planned record is past its store's rule on the day of the plan.
    for (const store of plan.stores) {
      for (const record of store.records) expect(record.retentionEnded < plan.plannedOn).toBe(true);
    }
    expect(planned(plan, 'crm', 'CONTACT#sweep-old|PROFILE')?.action).toBe('delete');
    expect(planned(plan, 'crm', 'CONTACT#sweep-recent|PROFILE')).toBeUndefined();
    expect(planned(plan, 'recruitment', candidateHeld.candidateId)?.action).toBe('anonymise');
    expect(planned(plan, 'billing', invoiceExpired.invoiceId)).toMatchObject({
      action: 'delete',
      reason: 'legal_hold_expired',
    });
    expect(planned(plan, 'billing', invoiceHeld.invoiceId)).toMatchObject({
      action: 'retain',
      legalHold: { name: 'Bokföringslagen (1999:1078)', reference: '7 kap. 2 §' },
      retainUntil: `${year}-12-31`,
    });
    const webLogs = plan.stores.find((s) => s.storeId === 'web-logs');
    expect(webLogs?.records.some((r) => r.location.object === 'access/sweep-old.jsonl')).toBe(true);
    expect(webLogs?.records.some((r) => r.location.object === 'access/sweep-new.jsonl')).toBe(false);
    // Stores no connector can list are left to staff with what to do; consent ends the newsletter.
    expect(plan.stores.find((s) => s.storeId === 'file-share')).toMatchObject({ mode: 'manual' });
    expect(plan.stores.find((s) => s.storeId === 'newsletter')).toMatchObject({ mode: 'consent' });
    expect(await item('crm', { pk: crmOld.pk, sk: crmOld.sk })).toBeDefined();

    // Staff keep the candidate (a dispute about the recruitment) and approve the rest.
    const reason = 'Discrimination complaint pending';
    await api('POST', `/api/retention-sweeps/${requested.sweepId}/approve`, {
      holds: [{ storeId: 'recruitment', recordId: candidateHeld.candidateId, reason }],
    });
    const done = await untilStatus(requested.sweepId, ['completed', 'incomplete', 'failed']);
    expect(done.status).toBe('completed');

    expect(await item('crm', { pk: crmOld.pk, sk: crmOld.sk })).toBeUndefined();
    expect(await item('crm', { pk: crmRecent.pk, sk: crmRecent.sk })).toMatchObject({
      email: crmRecent.email,
    });
    expect(await item('billing', { invoiceId: invoiceExpired.invoiceId })).toBeUndefined();
    // The held invoice stays unaltered as an accounting record; what the hold does not need is gone.
    expect(await item('billing', { invoiceId: invoiceHeld.invoiceId })).toMatchObject({
      invoiceDate: invoiceHeld.invoiceDate,
      amount: 1000,
      contactEmail: invoiceHeld.contactEmail,
      contactPhone: '[anonymised]',
      notes: '[anonymised]',
    });
    expect(await item('recruitment', { candidateId: candidateHeld.candidateId })).toMatchObject({
      email: candidateHeld.email,
      firstName: 'Sara',
    });
    expect(await objectExists(bucket('web-logs'), 'access/sweep-old.jsonl')).toBe(false);
    // The visitor's index entry went with their last line, so nothing names them any more.
    expect(await objectExists(bucket('web-logs'), visitorIndex)).toBe(false);
    const kept = await s3().send(
      new GetObjectCommand({ Bucket: bucket('web-logs'), Key: 'access/sweep-new.jsonl' }),
    );
    expect(await kept.Body?.transformToString()).toContain(newVisit.ip);

    const report = done.report as SweepReport;
    expect(report.totals.leftovers).toBe(0);
    const heldIn = (storeId: string) => report.stores.find((s) => s.storeId === storeId)?.held ?? [];
    expect(heldIn('billing')).toContainEqual(
      expect.objectContaining({
        name: 'Bokföringslagen (1999:1078)',
        recordIds: expect.arrayContaining([invoiceHeld.invoiceId]),
      }),
    );
    expect(heldIn('recruitment')).toEqual([
      { name: 'Staff hold', reference: reason, recordIds: [candidateHeld.candidateId] },
    ]);
    expect(report.stores.find((s) => s.storeId === 'file-share')?.instructions).toMatch(/dated before/);
    expect(done.events.map((e) => e.action)).toEqual([
      'sweep_requested',
      'sweep_listing',
      'sweep_planned',
      'sweep_approved',
      'sweep_started',
      'sweep_finished',
    ]);
    expect(done.events.at(-1)?.detail).toMatchObject({ status: 'completed' });

    // The next sweep finds nothing left to delete: the legal hold still keeps the invoice, and
    // staff decide again on the record they held this time.
    const again = await api<SweepItem>('POST', '/api/retention-sweeps', { dryRun: true });
    const second = (await untilStatus(again.sweepId, ['dry_run'])).plan as SweepPlan;
    expect(second.counts.delete).toBe(0);
    expect(planned(second, 'billing', invoiceHeld.invoiceId)?.action).toBe('retain');
    expect(
      second.stores.flatMap((s) => s.records.filter((r) => r.action === 'anonymise').map((r) => r.recordId)),
    ).toEqual([candidateHeld.candidateId]);
  });
});
