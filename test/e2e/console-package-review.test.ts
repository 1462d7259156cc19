import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/clients/s3';
import { launchBrowser, openConsolePage, type TestBrowser } from '../support/browser';
import { eventsOf, startTestStack, type TestStack } from '../support/stack';
import { STAFF_USER, signIn, staffAction } from '../support/staff';
import {
  completeTask,
  confirm,
  mailRequest,
  mailsTo,
  statesEntered,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/**
 * Art. 15(4): the demo file share is marked review-before-release. An access package that
 * includes what staff found there waits in the console until staff have checked it.
 */
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

const MEETING_NOTES = 'file-share:file:meeting-notes.txt';

describe('the package check in the console', { timeout: 120_000 }, () => {
  it('Art. 15(4): staff see the file share records, withhold one, and the package leaves without it', async () => {
    const subject = 'astrid.lindqvist@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    await confirm(await verificationLink(stack, subject));
    await completeTask(stack, id, 'review', { decision: 'approve' });
    await taskItem(stack, id, 'manual:file-share');
    // What staff found on the file share, attached to its task as staff do.
    const file = (name: string, text: string) => ({
      name,
      contentType: 'text/plain',
      dataBase64: Buffer.from(text).toString('base64'),
    });
    await staffAction(stack, await signIn(stack), id, 'complete-task', {
      taskId: 'manual:file-share',
      output: {
        outcome: 'done',
        files: [
          file('offer.txt', 'Astrid Lindqvist, contact'),
          file('meeting-notes.txt', 'A colleague’s appraisal'),
        ],
      },
    });
    await taskItem(stack, id, 'manual:package-review');
    expect(
      (await mailsTo(stack, subject)).some((m) => (m.body.text ?? '').includes(`/download/${id}?t=`)),
    ).toBe(false);

    await openConsolePage(
      page,
      `${stack.urls.http}/console#/request/${id}`,
      '#load-package-review',
      STAFF_USER,
    );
    await page.locator('#load-package-review').click();
    await page.locator(`#package-review input[data-withhold="${MEETING_NOTES}"]`).check();
    await page.screenshot({ path: path.resolve('test/out/console-package-review.png'), fullPage: true });
    await page.locator('#release-package').click();
    await page.locator('#notice').waitFor();

    await waitForStatus(stack, id, 'completed', 40_000);
    expect(statesEntered(stack, id)).toContain('ReleasePackage');
    const object = await s3().send(
      new GetObjectCommand({ Bucket: stack.env.PACKAGES_BUCKET, Key: `packages/${id}/access-package.json` }),
    );
    const pkg = JSON.parse((await object.Body?.transformToString('utf8')) ?? '{}');
    const fileShare = pkg.stores.find((s: { storeId: string }) => s.storeId === 'file-share');
    expect(fileShare.records.map((r: { recordId: string }) => r.recordId)).toEqual([
      'file-share:file:offer.txt',
    ]);
    expect(pkg.withheld).toMatchObject([{ storeId: 'file-share', records: 1 }]);
    expect(
      (await mailsTo(stack, subject)).some((m) => (m.body.text ?? '').includes(`/download/${id}?t=`)),
    ).toBe(true);
    const events = await eventsOf(stack, id);
    expect(events.find((e) => e.action === 'manual_task_completed' && e.detail)).toBeDefined();
    expect(events.find((e) => e.action === 'findings_viewed')).toMatchObject({
      actor: `staff:${STAFF_USER.username}`,
    });
  });
});
