import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { addDays, localDateOf } from '../../functions/core/calendar/calendar-date';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { mime, startTestStack, type TestStack } from '../support/stack';
import {
  type FakeStepFunctions,
  fakeStepFunctions,
  NON_STAFF_USER,
  STAFF_USER,
  seedRequest,
  signIn,
} from '../support/staff';

const OUT = path.resolve('test/out');

let stack: TestStack;
let sfn: FakeStepFunctions;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  stack = await startTestStack();
  sfn = await fakeStepFunctions();
  process.env.SFN_ENDPOINT = sfn.url;
  mkdirSync(OUT, { recursive: true });
  browser = await launchBrowser();
  page = browser.page;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sfn?.close();
  await stack?.dispose();
});

const today = () => localDateOf(new Date());

describe('staff console in a browser', () => {
  it('signs in, finds a new request in the queue, opens it, approves it and shows the new status', async () => {
    const hostile =
      'Hej!\nJag vill ha ut mina uppgifter.\n<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">\nMvh Astrid';
    const request = await seedRequest(stack, {
      raw: mime({
        from: 'Astrid Lindqvist <astrid.lindqvist@example.se>',
        subject: 'Begäran om registerutdrag',
        body: hostile,
      }),
      tasks: [{}],
    });
    // Neighbours, so the queue shows what its highlighting means.
    await seedRequest(stack, {
      status: 'awaiting_action',
      statusReason: 'erasure_plan',
      types: ['erasure'],
      dueAt: addDays(today(), 3),
      subjectEmail: 'lars.berg@example.no',
      language: 'nb',
    });
    await seedRequest(stack, {
      status: 'collecting',
      types: ['access', 'erasure'],
      dueAt: addDays(today(), -2),
      channel: 'form',
      subjectEmail: 'erik@example.com',
      language: 'en',
    });
    await seedRequest(stack, {
      status: 'awaiting_verification',
      types: ['rectification'],
      subjectEmail: 'maja@example.se',
    });

    await page.goto(`${stack.urls.http}/console`);
    await page.fill('#username', STAFF_USER.username);
    await page.fill('#password', STAFF_USER.password);
    await page.click('button[type=submit]');
    const row = page.locator(`tr[data-request="${request.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('a***@example.se');
    expect(await page.locator('tr.overdue').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('tr.due_soon').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(OUT, 'console-queue.png'), fullPage: true });

    await row.locator('a').click();
    await page.locator('#message-text').waitFor();
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('awaiting_review');
    await page.screenshot({ path: path.join(OUT, 'console-request.png'), fullPage: true });

    await page.click('#approve');
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice').textContent()).toContain('Collecting data');
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('collecting');
    await page.screenshot({ path: path.join(OUT, 'console-request-approved.png'), fullPage: true });
  });

  it('renders a mail body containing <script> as text, never as markup', async () => {
    const request = await seedRequest(stack, {
      raw: mime({
        from: 'x@example.org',
        subject: '<b>bold</b>',
        body: 'before <script>window.__pwned = 3</script> after',
      }),
      tasks: [{}],
    });
    await page.goto('about:blank');
    await page.goto(`${stack.urls.http}/console#/request/${request.id}`);
    await page.locator('#message-text').waitFor();
    expect(await page.locator('#message-text').textContent()).toContain(
      '<script>window.__pwned = 3</script>',
    );
    expect(await page.locator('#message-text script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.getByText('<b>bold</b>').count()).toBeGreaterThan(0);
  });

  it('shows an erasure plan with its legal holds and approves it', async () => {
    const request = await seedRequest(stack, {
      status: 'awaiting_action',
      statusReason: 'erasure_plan',
      types: ['erasure'],
      subjectEmail: 'lars.berg@example.no',
      language: 'nb',
      tasks: [{ taskId: 'erasure_plan', kind: 'erasure_plan' }],
    });
    const count = (d: number, a: number, r: number) => ({ delete: d, anonymise: a, retain: r, review: 0 });
    await dynamo().send(
      new PutCommand({
        TableName: stack.env.REQUESTS_TABLE,
        Item: {
          pk: `REQ#${request.id}`,
          sk: 'ERASURE_PLAN',
          plannedOn: today(),
          counts: count(4, 1, 2),
          stores: [
            {
              storeId: 'crm',
              storeName: 'CRM',
              connectorType: 'dynamodb',
              policy: 'delete',
              counts: count(3, 0, 0),
            },
            {
              storeId: 'newsletter',
              storeName: 'Newsletter',
              connectorType: 'dynamodb',
              policy: 'delete',
              counts: count(1, 0, 0),
            },
            {
              storeId: 'events',
              storeName: 'Events',
              connectorType: 's3-jsonl',
              policy: 'anonymise',
              counts: count(0, 1, 0),
            },
            {
              storeId: 'billing',
              storeName: 'Billing',
              connectorType: 'dynamodb',
              policy: 'retain',
              counts: count(0, 0, 2),
              legalHold: { name: 'Bokföringslagen', reference: '7 kap. 2 §' },
              retainUntil: '2033-12-31',
            },
          ],
          retained: [{ storeId: 'billing' }, { storeId: 'billing' }],
          review: [],
          erase: ['crm', 'newsletter', 'events'],
        },
      }),
    );
    await page.goto('about:blank');
    await page.goto(`${stack.urls.http}/console#/request/${request.id}`);
    await page.locator('#erasure-plan').waitFor();
    expect(await page.locator('#erasure-plan').textContent()).toContain('Bokföringslagen (7 kap. 2 §)');
    await page.screenshot({ path: path.join(OUT, 'console-erasure-plan.png'), fullPage: true });
    await page.click('#approve-erasure-plan');
    await page.locator('#notice').waitFor();
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('executing');
  });

  it('shows why the API refused an action next to the actions, and keeps the request as it was', async () => {
    const request = await seedRequest(stack, { tasks: [{}] });
    await page.goto('about:blank');
    await page.goto(`${stack.urls.http}/console#/request/${request.id}`);
    await page.locator('#reject').waitFor();
    await page.selectOption('#reject-reason', 'manifestly_unfounded');
    await page.click('#reject');
    await page.locator('#action-error .error').waitFor();
    expect(await page.locator('#action-error').textContent()).toContain('needs your explanation in detail');
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('awaiting_review');
    expect(await page.locator('#reject').isEnabled()).toBe(true);
  });

  it('shows the dashboard', async () => {
    await page.goto('about:blank');
    await page.goto(`${stack.urls.http}/console#/dashboard`);
    await page.locator('#tiles').waitFor();
    expect(await page.locator('.tile.overdue .n').textContent()).not.toBe('0');
    await page.screenshot({ path: path.join(OUT, 'console-dashboard.png'), fullPage: true });
  });

  it('keeps the focus in a queue filter while staff change it from the keyboard', async () => {
    await page.goto('about:blank');
    await page.goto(`${stack.urls.http}/console#/queue`);
    await page.locator('#queue').waitFor();
    await page.focus('#f-type');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#f-type')).toBe('access');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-type');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#f-type')).toBe('portability');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-type');
    await page.focus('#f-urgent');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#f-urgent')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-urgent');
    // Filters are kept while the console is open; put them back for the tests after this one.
    await page.selectOption('#f-type', '');
    await page.uncheck('#f-urgent');
  });

  it('sends the security headers that keep the console out of frames and inline scripts out', async () => {
    const response = await fetch(`${stack.urls.http}/console`);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('gives a user without the staff role 403 from the API, and the console says so', async () => {
    const cookie = await signIn(stack, NON_STAFF_USER);
    expect((await fetch(`${stack.urls.http}/api/requests`, { headers: { cookie } })).status).toBe(403);
    await page.click('#signout');
    await page.locator('#username').waitFor();
    await page.fill('#username', NON_STAFF_USER.username);
    await page.fill('#password', NON_STAFF_USER.password);
    await page.click('button[type=submit]');
    await page.getByText('does not have the privacy-staff role').waitFor();
  });
});
