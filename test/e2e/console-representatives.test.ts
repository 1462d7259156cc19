import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { STAFF_USER } from '../support/staff';
import { confirm, mailsTo, taskItem, verificationLink, waitForStatus } from '../support/workflow';

/** A representative's request in the console: staff name the subject, then refuse with their reason quoted. */
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

describe('a request made on someone else’s behalf, in the console', { timeout: 90_000 }, () => {
  it('Art. 12(2), 12(4): staff name the subject the mail left out, then refuse for want of a mandate with their reason quoted to the writer', async () => {
    const representative = 'sara.lund@example.org';
    const subject = 'olof.lund@example.org';
    await sendMail(
      stack,
      mime({
        from: representative,
        subject: 'Access',
        body: 'Hello, I am writing on behalf of my father. Please send me a copy of all personal data you hold about him.',
      }),
      { from: representative, to: [stack.mailbox] },
    );
    const held = await waitFor(
      async () =>
        (await allRequests(stack)).find((r) => r.subjectEmail === representative && r.status === 'triage'),
      'the held request',
    );
    const id = String(held.id);

    await page.goto(`${stack.urls.http}/console#/request/${id}`);
    await page.fill('#username', STAFF_USER.username);
    await page.fill('#password', STAFF_USER.password);
    await page.click('button[type=submit]');
    await page.locator('#name-subject').waitFor();
    expect(await page.locator('#approve').count()).toBe(0);
    await page.fill('#subject-email', subject);
    await page.click('#name-subject');
    await page.locator('#notice').waitFor();

    // The subject confirms their own address; staff then review the mandate.
    await confirm(await verificationLink(stack, subject));
    await waitForStatus(stack, id, 'awaiting_review');
    await taskItem(stack, id, 'review');
    await page.goto('about:blank');
    await page.goto(`${stack.urls.http}/console#/request/${id}`);
    await page.locator('#reject').waitFor();
    await page.selectOption('#reject-reason', 'third_party_unauthorised');
    await page.fill('#reject-detail', 'No power of attorney came with the request or after our question.');
    await page.check('#reject-quote');
    await page.screenshot({ path: path.resolve('test/out/console-refusal-reason.png'), fullPage: true });
    await page.click('#reject');
    await page.locator('#notice').waitFor();

    const notice = await waitFor(
      async () => (await mailsTo(stack, representative)).find((m) => /decision/i.test(m.subject)),
      'the refusal to the representative',
    );
    expect(notice.body.text).toContain('> No power of attorney came with the request');
    expect((await mailsTo(stack, subject)).some((m) => /decision/i.test(m.subject))).toBe(false);
    const events = await eventsOf(stack, id);
    expect(events.find((e) => e.action === 'subject_named')?.actor).toBe('staff:privacy.officer');
    expect(events.find((e) => e.action === 'review_rejected')?.detail).toMatchObject({
      reason: 'third_party_unauthorised',
      quoted: true,
    });
  });
});
