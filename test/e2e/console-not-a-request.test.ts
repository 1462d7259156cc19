import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestId } from '../../functions/core/request/request-id';
import { launchBrowser, type TestBrowser } from '../support/browser';
import {
  allRequests,
  eventsOf,
  mime,
  sendMail,
  startTestStack,
  type TestStack,
  waitFor,
} from '../support/stack';
import { STAFF_USER, seedRequest } from '../support/staff';

/** The console's "Not a request" list and the replies that wait for staff, in a browser. */
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
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

describe('mail that is not a request, in the console', { timeout: 90_000 }, () => {
  it('lists a newsletter with the reason, and one click makes it a request', async () => {
    const from = 'club.news@example.org';
    await sendMail(
      stack,
      mime({
        from,
        subject: 'Club news <b>December</b>',
        body: 'Our December events. Click here to manage your preferences.',
        headers: ['List-Id: <news.club.example.org>', 'List-Unsubscribe: <https://club.example.org/u>'],
      }),
      { from, to: [stack.mailbox] },
    );
    await page.goto(`${stack.urls.http}/console#/not-a-request`);
    const row = page.locator('#not-a-request tbody tr', { hasText: 'Club news' });
    await waitFor(async () => {
      await page.goto('about:blank');
      await page.goto(`${stack.urls.http}/console#/not-a-request`);
      await page.locator('h1').waitFor();
      return (await row.count()) > 0;
    }, 'the newsletter in the list');
    expect(await row.textContent()).toContain('Marketing or newsletter');
    // Mail is hostile input: its subject is text, never markup.
    expect(await row.locator('b').count()).toBe(0);
    await page.screenshot({ path: path.join(OUT, 'console-not-a-request.png'), fullPage: true });

    await row.getByLabel('Objection').check();
    await row.getByRole('button', { name: 'Make it a request' }).click();
    await page.locator('#notice').waitFor();
    const request = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.subjectEmail === from),
      'the request made from the listed mail',
    );
    expect(request.types).toEqual(['objection']);
    expect(await page.locator('h1.mono').textContent()).toBe(String(request.id));
  });

  it('shows a reply to a closed case in the queue until staff mark it answered', async () => {
    const from = 'eva.dahl@example.org';
    const closed = await seedRequest(stack, {
      id: newRequestId(new Date()),
      status: 'completed',
      statusReason: 'fulfilled',
      subjectEmail: from,
    });
    const reply = `gdpr+${closed.id.toLowerCase()}@example.com`;
    await sendMail(
      stack,
      mime({ from, to: reply, subject: 'SV: Ärende', body: 'Tack! Hur länge sparar ni loggarna?' }),
      {
        from,
        to: [reply],
      },
    );
    const queueRow = page.locator(`tr[data-request="${closed.id}"]`);
    await waitFor(async () => {
      await page.goto('about:blank');
      await page.goto(`${stack.urls.http}/console#/queue`);
      await page.locator('h1').waitFor();
      return (await queueRow.count()) > 0;
    }, 'the closed case in the queue');
    expect(await queueRow.textContent()).toContain('the requester replied');
    await queueRow.locator('a').click();
    await page.locator('#attention').waitFor();
    await page.screenshot({ path: path.join(OUT, 'console-reply-attention.png'), fullPage: true });
    await page.click('#resolve-attention');
    await page.locator('#notice').waitFor();
    expect(await page.locator('#attention').count()).toBe(0);
    expect((await eventsOf(stack, closed.id)).some((e) => e.action === 'attention_resolved')).toBe(true);
  });
});
