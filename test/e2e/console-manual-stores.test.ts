import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import { STAFF_USER } from '../support/staff';
import {
  completeTask,
  confirm,
  mailRequest,
  mailsTo,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/** In a browser: staff attach what they found in the file share, then revoke the package link. */
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

describe('a manual store and the package link in the console', { timeout: 90_000 }, () => {
  it('Art. 15(3), 5(1)(f): staff attach a file found in the file share, it is in the package, and they revoke the link', async () => {
    const subject = 'henrik.sandberg@example.org';
    const id = await mailRequest(
      stack,
      subject,
      'Access request',
      'Please send me a copy of my personal data.',
    );
    await confirm(await verificationLink(stack, subject));
    await completeTask(stack, id, 'review', { decision: 'approve' });
    await waitForStatus(stack, id, 'awaiting_action', 30_000);

    await page.goto(`${stack.urls.http}/console`);
    await page.fill('#username', STAFF_USER.username);
    await page.fill('#password', STAFF_USER.password);
    await page.click('button[type=submit]');
    await page.goto(`${stack.urls.http}/console#/request/${id}`);
    await page.fill('#task-manual-file-share', 'Offer.docx in Tenders/2025 names him as contact person.');
    await page.setInputFiles('#task-manual-file-share-files', {
      name: 'Offer notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Contact: Henrik Sandberg'),
    });
    await page.getByRole('button', { name: 'Done' }).click();
    await page.locator('#notice').waitFor();
    // The file share is checked before release (Art. 15(4)); its own browser test covers the check.
    await completeTask(stack, id, 'manual:package-review', { withheld: [] });
    await waitForStatus(stack, id, 'completed', 30_000);

    const mail = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /\/download\//.test(m.body.text ?? '')),
      'the package mail',
    );
    const link = new URL(/(https?:\/\/\S+\/download\/\S+)/.exec(mail.body.text ?? '')?.[1] ?? '');
    expect(await (await fetch(link)).text()).toContain('file-share-Offer_notes.txt');

    await page.goto('about:blank');
    await page.goto(`${stack.urls.http}/console#/request/${id}`);
    await page.fill('#revoke-reason', 'Mail forwarded to a colleague by mistake');
    await page.click('#revoke-link');
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice').textContent()).toContain('Download link revoked');
    expect((await fetch(link)).status).toBe(403);
    const revoked = (await eventsOf(stack, id)).find((e) => e.action === 'package_link_revoked');
    expect(revoked?.detail).toEqual({ reason: 'Mail forwarded to a colleague by mistake' });
    // Once revoked, the console no longer offers it.
    expect(await page.locator('#revoke-link').count()).toBe(0);
  });
});
