import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { outbox, startTestStack, type TestStack } from '../support/stack';
import { STAFF_USER } from '../support/staff';

/** The console's breach pages in a browser: open, record facts and risk, scope, the clock on the dashboard. */
const OUT = path.resolve('test/out');
let stack: TestStack;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  stack = await startTestStack();
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

describe('breaches in the console', { timeout: 90_000 }, () => {
  it('opens an incident, records its facts and risk, lists the people affected and shows the clock', async () => {
    await page.goto(`${stack.urls.http}/console#/incidents`);
    await page.locator('#open-incident').waitFor();
    await page.fill('#incident-title', 'CRM export on a <b>public</b> share');
    await page.click('#open-incident button[type=submit]');
    await page.locator('#incident-facts').waitFor();
    const heading = (await page.locator('h1').textContent()) ?? '';
    const incidentId = /INC-\d{8}-[A-Z2-9]{6}/.exec(heading)?.[0] ?? '';
    expect(incidentId).not.toBe('');
    // Staff text is text, never markup.
    expect(await page.locator('h1 b').count()).toBe(0);
    expect(await page.locator('[data-clock]').first().textContent()).toMatch(/^7[12] h left$/);

    await page.fill('#f-description', 'A CRM export was readable on a public share.');
    await page.click('#incident-facts button');
    // The page is drawn again from the saved incident: its timeline names the change.
    await page.locator('li', { hasText: 'incident_facts_updated' }).waitFor();
    expect(await page.inputValue('#f-description')).toBe('A CRM export was readable on a public share.');

    await page.selectOption('#risk', 'high_risk');
    await page.fill('#risk-reasoning', 'Contact details enable phishing.');
    await page.click('#incident-assess button');
    await page.locator('dd', { hasText: 'High risk' }).waitFor();

    await page.fill('#scope-store', 'crm');
    await page.fill('#scope-from', '2025-11-01');
    await page.fill('#scope-to', '2025-11-30');
    await page.click('#incident-scope button');
    await page.locator('#incident-scope li', { hasText: 'people' }).waitFor();
    await page.locator('#incident-notice summary', { hasText: 'The list' }).click();
    expect(await page.locator('#incident-notice').textContent()).toContain(KNOWN_SUBJECTS.ola.email);

    // Staff write the notice per language, approve it with the list, and send it.
    const listed = await page.locator('#incident-notice li').count();
    for (const area of await page.locator('#incident-notice fieldset textarea').all()) {
      await area.fill(`Text for ${(await area.getAttribute('id')) ?? ''}.`);
    }
    await page.click('#approve-notice');
    await page.locator('#incident-notice p', { hasText: '; approved.' }).waitFor();
    const before = (await outbox(stack)).length;
    await page.getByRole('button', { name: 'Send the notices' }).click();
    await page.locator('dt:text-is("People told") + dd', { hasText: new RegExp(`^${listed}$`) }).waitFor();
    const sent = (await outbox(stack)).slice(before);
    expect(sent).toHaveLength(listed);
    const ola = sent.find((m) => m.destination.to.includes(KNOWN_SUBJECTS.ola.email));
    expect(ola?.body.text).toContain('Text for notice-nb-nature.');
    await page.screenshot({ path: path.join(OUT, 'console-incident.png'), fullPage: true });

    await page.goto(`${stack.urls.http}/console#/incidents`);
    const row = page.locator(`#incidents tr[data-incident="${incidentId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('High risk');

    await page.goto(`${stack.urls.http}/console#/dashboard`);
    await page.locator('#breach-clock').waitFor();
    expect(await page.locator('#breach-clock').textContent()).toContain(incidentId);
  });
});
