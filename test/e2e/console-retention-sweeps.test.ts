import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { DEMO_NAME_PREFIX } from '../../infra/demo-deployment';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { startTestStack, type TestStack, waitFor } from '../support/stack';
import { STAFF_USER } from '../support/staff';

/** Retention sweeps in the console: plan one, read it, keep a record with a reason, approve. */
const OUT = path.resolve('test/out');
const CRM = `${DEMO_NAME_PREFIX}crm`;
let stack: TestStack;
let browser: TestBrowser;
let page: Page;

const old = {
  pk: 'CONTACT#console-sweep',
  sk: 'PROFILE',
  email: 'console.sweep@example.org',
  company: 'Gamla AB',
  activityDate: new Date(Date.now() - 5 * 365 * 86_400_000).toISOString().slice(0, 10),
};
const kept = { ...old, pk: 'CONTACT#console-sweep-kept', email: 'console.kept@example.org' };
const exists = async (item: { pk: string; sk: string }) =>
  (
    await dynamo().send(
      new GetCommand({ TableName: CRM, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }),
    )
  ).Item !== undefined;

beforeAll(async () => {
  stack = await startTestStack();
  for (const item of [old, kept]) await dynamo().send(new PutCommand({ TableName: CRM, Item: item }));
  mkdirSync(OUT, { recursive: true });
  browser = await launchBrowser();
  page = browser.page;
  await page.goto(`${stack.urls.http}/console`);
  await page.fill('#username', STAFF_USER.username);
  await page.fill('#password', STAFF_USER.password);
  await page.click('button[type=submit]');
  await page.locator('#signout').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

/** Reloads the sweep's page until its status reads `label`. */
async function untilStatus(label: string, timeoutMs = 180_000): Promise<void> {
  const url = page.url();
  await waitFor(
    async () => {
      await page.goto('about:blank');
      await page.goto(url);
      await page.locator('#sweep-status').waitFor();
      return (await page.locator('#sweep-status').textContent()) === label;
    },
    `the sweep to read "${label}"`,
    timeoutMs,
  );
}

describe('retention sweeps in the console', { timeout: 300_000 }, () => {
  it('plans a sweep, keeps one record with a reason, and carries out the rest once approved', async () => {
    await page.goto(`${stack.urls.http}/console#/retention`);
    await page.locator('#plan-sweep').click();
    await page.waitForURL(/#\/retention\/RS-/);
    await untilStatus('Waiting for approval');
    const crm = page.locator('section[data-store="crm"]');
    const keptRow = crm.locator('tr', { hasText: `${kept.pk}|PROFILE` });
    await keptRow.getByLabel('Reason to keep it').fill('Open dispute about the last order');
    await page.screenshot({ path: path.join(OUT, 'console-retention-sweep-plan.png'), fullPage: true });
    await page.locator('#approve-sweep').click();
    await untilStatus('Completed');
    expect(await page.locator('#sweep-report').textContent()).toContain(
      'crm: 1 kept under Staff hold (Open dispute about the last order)',
    );
    expect(await exists(old)).toBe(false);
    expect(await exists(kept)).toBe(true);
  });
});
