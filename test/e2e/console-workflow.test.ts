import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { connectorRegistryFromEnv } from '../../functions/adapters/connectors/connector-registry';
import { findStore } from '../../functions/core/datamap';
import { launchBrowser, openConsolePage, type TestBrowser } from '../support/browser';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import { CSRF, STAFF_USER, signIn } from '../support/staff';
import {
  completeTask,
  confirm,
  mailRequest,
  requestItem,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/** The console against the real workflow: mail over SMTP, the link confirmed, staff review in a browser. */
let stack: TestStack;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
  page = browser.page;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

async function reviewableRequest(subject: string): Promise<string> {
  const id = await mailRequest(
    stack,
    subject,
    'Registerutdrag',
    'Hej, jag vill ha en kopia av mina personuppgifter.',
  );
  const link = await verificationLink(stack, subject);
  expect((await confirm(link)).status).toBe(200);
  await waitForStatus(stack, id, 'awaiting_review');
  return id;
}

describe('staff review of a mailed request in the console', { timeout: 90_000 }, () => {
  it('finds the verified request in the queue, approves it, and the workflow moves on', async () => {
    const id = await reviewableRequest('astrid.lindqvist@example.se');
    await page.goto(`${stack.urls.http}/console`);
    await page.fill('#username', STAFF_USER.username);
    await page.fill('#password', STAFF_USER.password);
    await page.click('button[type=submit]');
    await page.locator(`tr[data-request="${id}"] a`).click();
    await page.locator('#approve').waitFor();
    expect(await page.locator('#explain').textContent()).toContain('confirmed their identity');
    await page.click('#approve');
    await page.locator('#notice').waitFor();
    const shown = await page.locator('[data-status]').first().getAttribute('data-status');
    expect(shown).not.toBe('awaiting_review');
    // Collection opens a manual lookup for the file share: staff record what they found.
    await waitForStatus(stack, id, 'awaiting_action', 30_000);
    await page.goto('about:blank');
    await page.goto(`${stack.urls.http}/console#/request/${id}`);
    await page.getByRole('button', { name: 'Nothing found' }).click();
    await page.locator('#notice').waitFor();
    await page.screenshot({ path: path.resolve('test/out/console-manual-task-done.png'), fullPage: true });
    const done = await waitFor(
      async () => {
        const item = await requestItem(stack, id);
        return item.status === 'completed' ? item : undefined;
      },
      'the approved request to complete',
      30_000,
    );
    expect(done.statusReason).toBe('fulfilled');
  });

  it('corrects a phone number from the records found, and the workflow writes it to the CRM', async () => {
    const subject = 'astrid.lindqvist@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Fel telefonnummer',
      'Hej, mitt telefonnummer hos er är fel. Rätta det till 070-174 06 99.',
    );
    await confirm(await verificationLink(stack, subject, 2));
    await completeTask(stack, id, 'review', { decision: 'approve' });
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
    await taskItem(stack, id, 'manual:rectification');

    await page.goto('about:blank');
    await openConsolePage(page, `${stack.urls.http}/console#/request/${id}`, '#load-corrections', STAFF_USER);
    await page.click('#load-corrections');
    await page.click('#corrections details[data-store="crm"] summary');
    const phone = page.locator('#corrections input[data-store="crm"][data-field="phone"]').first();
    await phone.waitFor();
    const recordId = await phone.getAttribute('data-record');
    await phone.fill('+46 70 174 06 99');
    await page.fill('#task-manual-rectification', 'phone number');
    await page.screenshot({ path: path.resolve('test/out/console-corrections.png'), fullPage: true });
    await page.getByRole('button', { name: 'Mark done' }).click();
    await page.locator('#notice').waitFor();

    await waitForStatus(stack, id, 'completed', 30_000);
    const crm = findStore(DEMO_DATA_MAP, 'crm');
    if (!crm) throw new Error('no crm store in the demo map');
    const records = await connectorRegistryFromEnv(stack.env).connectorFor(crm).find({ email: subject });
    expect(records.find((r) => r.recordId === recordId)?.fields.phone).toBe('+46 70 174 06 99');
    const events = await eventsOf(stack, id);
    expect(events.find((e) => e.action === 'findings_viewed')).toMatchObject({
      actor: `staff:${STAFF_USER.username}`,
    });
    expect(events.find((e) => e.action === 'corrections_applied')?.detail).toEqual({ applied: 1, manual: 0 });
  });

  it('Art. 21(1): staff weigh an objection to analytics per purpose in the console, and the answer gives the grounds', async () => {
    const subject = 'sofia.objects@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Invändning',
      'Hej! Jag invänder mot att ni använder mina personuppgifter för profilering och analys av mina besök på er webbplats.',
    );
    await confirm(await verificationLink(stack, subject));
    await taskItem(stack, id, 'manual:consents');

    await page.goto('about:blank');
    await openConsolePage(page, `${stack.urls.http}/console#/request/${id}`, '#consent-task', STAFF_USER);
    await page.locator('#consent-task').waitFor();
    await page.selectOption('#objection-website-operations', 'continue');
    const grounds = 'The logs protect the website against attacks and are deleted after three months.';
    await page.fill('#grounds-website-operations', grounds);
    await page.selectOption('#objection-partner-relationship', 'stop');
    await page.screenshot({ path: path.resolve('test/out/console-objection-balancing.png'), fullPage: true });
    await page.click('#consent-decide');
    await page.locator('#notice').waitFor();

    await waitForStatus(stack, id, 'completed', 30_000);
    const balanced = (await eventsOf(stack, id)).find((e) => e.action === 'objection_balanced');
    expect(balanced?.detail).toEqual({
      basis: 'Art. 21(1)',
      decisions: [
        { purposeId: 'partner-relationship', decision: 'stop' },
        { purposeId: 'website-operations', decision: 'continue', grounds },
      ],
    });
  });

  it('cancels a request waiting for review: its execution stops', async () => {
    const id = await reviewableRequest('lars.berg@example.no');
    const cookie = await signIn(stack);
    const response = await fetch(`${stack.urls.http}/api/requests/${id}/cancel`, {
      method: 'POST',
      headers: { cookie, ...CSRF },
    });
    expect(await response.json()).toMatchObject({ status: 'cancelled' });
    const execution = stack.stepFunctions.listExecutions().find((e) => e.name === id);
    expect(execution?.status).toBe('ABORTED');
  });
});
