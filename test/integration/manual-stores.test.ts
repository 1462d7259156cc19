import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/clients/s3';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import { signIn, staffAction } from '../support/staff';
import {
  confirm,
  mailRequest,
  mailsTo,
  requestItem,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/**
 * A person whose data is only in the shared drive, which staff search by hand: what they find is
 * part of the answer to an access request, and an erasure is done only when staff erased it there.
 */
let stack: TestStack;
let cookie: string;
const subject = 'henrik.sandberg@example.org';
const note = 'Tenders/2025/Offert-Kund-AB.docx names Henrik Sandberg as contact person (2025-02-11).';
const fileText = 'Mötesanteckningar 2025-03-04: Henrik Sandberg, kontaktperson.';
let accessId = '';
let downloadLink: URL;

beforeAll(async () => {
  stack = await startTestStack();
  cookie = await signIn(stack);
}, 120_000);

afterAll(async () => {
  if (stack) await expectEveryRequestAnswered(stack, cookie);
  await stack?.dispose();
});

const get = (url: string | URL) => fetch(url, { redirect: 'manual' });

async function verifiedAndApproved(id: string, count: number) {
  await confirm(await verificationLink(stack, subject, count));
  await waitForStatus(stack, id, 'awaiting_review');
  await staffAction(stack, cookie, id, 'approve');
  await taskItem(stack, id, 'manual:file-share');
  await waitForStatus(stack, id, 'awaiting_action');
}

describe('a store searched by hand', () => {
  it('Art. 15(1), (3): what staff found in the file share, described and attached, is in the access package', async () => {
    accessId = await mailRequest(
      stack,
      subject,
      'Access request',
      'Please send me a copy of my personal data.',
    );
    await verifiedAndApproved(accessId, 1);

    // "Done" says something was found: staff must say what, or attach it.
    await expect(
      staffAction(stack, cookie, accessId, 'complete-task', {
        taskId: 'manual:file-share',
        output: { outcome: 'done' },
      }),
    ).rejects.toThrow(/400/);
    await staffAction(stack, cookie, accessId, 'complete-task', {
      taskId: 'manual:file-share',
      output: {
        outcome: 'done',
        note,
        files: [
          {
            name: 'Möte 2025-03-04.txt',
            contentType: 'text/plain',
            dataBase64: Buffer.from(fileText).toString('base64'),
          },
        ],
      },
    });
    // The file share is checked before release (Art. 15(4)): staff withhold nothing here.
    await taskItem(stack, accessId, 'manual:package-review');
    await staffAction(stack, cookie, accessId, 'complete-task', {
      taskId: 'manual:package-review',
      output: { withheld: [] },
    });
    await waitForStatus(stack, accessId, 'completed');

    const mail = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /\/download\//.test(m.body.text ?? '')),
      'the package mail',
    );
    expect(mail.body.text).toContain('Documents on our file server');
    const match = /(https?:\/\/\S+\/download\/\S+)/.exec(mail.body.text ?? '');
    downloadLink = new URL(match?.[1] ?? '');
    const listing = await get(downloadLink);
    expect(listing.status).toBe(200);
    const page = await listing.text();
    expect(page).toContain('file-share-Mote_2025-03-04.txt');

    const json = await get(
      new URL(`${downloadLink.pathname}/access-package.json${downloadLink.search}`, downloadLink),
    );
    expect(json.status).toBe(302);
    const document = (await (await fetch(String(json.headers.get('location')))).json()) as {
      stores: { storeId: string; records: { fields: Record<string, unknown> }[] }[];
    };
    const fileShare = document.stores.find((s) => s.storeId === 'file-share');
    expect(fileShare?.records.map((r) => r.fields)).toEqual([
      { description: note },
      {
        file: 'file-share-Mote_2025-03-04.txt',
        contentType: 'text/plain',
        bytes: Buffer.byteLength(fileText),
      },
    ]);

    const file = await get(
      new URL(`${downloadLink.pathname}/file-share-Mote_2025-03-04.txt${downloadLink.search}`, downloadLink),
    );
    expect(file.status).toBe(302);
    expect(await (await fetch(String(file.headers.get('location')))).text()).toBe(fileText);

    // The workflow learns how much was attached, never the text: its history holds no personal data.
    const execution = stack.stepFunctions.listExecutions().find((e) => e.name === accessId);
    expect(JSON.stringify(execution?.history ?? [])).not.toContain('Henrik');
    const completed = (await eventsOf(stack, accessId)).find((e) => e.action === 'manual_task_completed');
    expect(completed?.detail).toMatchObject({ outcome: 'done', attachments: 1 });
    expect((await requestItem(stack, accessId)).statusReason).toBe('fulfilled');
  });

  it('Art. 17(1), 5(1)(a): an erasure waits for staff to erase the file share by hand, then its mail and certificate name it', async () => {
    const id = await mailRequest(
      stack,
      subject,
      'Erasure',
      'Please erase all personal data you hold about me.',
    );
    await verifiedAndApproved(id, 2);
    await staffAction(stack, cookie, id, 'complete-task', {
      taskId: 'manual:file-share',
      output: { outcome: 'done', note },
    });
    await taskItem(stack, id, 'erasure_plan');
    await waitForStatus(stack, id, 'awaiting_action');
    await staffAction(stack, cookie, id, 'approve-erasure-plan');

    // The erasure stops at the manual store: no answer goes out while the file share is untouched.
    const task = await taskItem(stack, id, 'manual:erase:file-share');
    expect(task.instructions).toMatch(/Erase what was found/);
    const waiting = await waitForStatus(stack, id, 'awaiting_action');
    expect(waiting.statusReason).toBe('manual_erasure');
    expect((await eventsOf(stack, id)).some((e) => e.action === 'erasure_certified')).toBe(false);

    await staffAction(stack, cookie, id, 'complete-task', {
      taskId: 'manual:erase:file-share',
      output: { outcome: 'done' },
    });
    await waitForStatus(stack, id, 'completed');
    const events = await eventsOf(stack, id);
    const erasedByStaff = events.find((e) => e.action === 'store_erased_by_staff');
    expect(erasedByStaff?.detail).toMatchObject({ storeId: 'file-share', outcome: 'done', deleted: 1 });
    const certified = events.find((e) => e.action === 'erasure_certified');
    expect(certified?.detail).toMatchObject({ deleted: 1, pending: 0 });
    const answer = await waitFor(
      async () =>
        (await mailsTo(stack, subject)).find((m) => m.body.text?.includes(id) && /erased/i.test(m.body.text)),
      'the erasure answer',
    );
    expect(answer.body.text).toContain('Documents on our file server');
  });

  it("Art. 17(1): the erasure also erases Privacy Desk's own copies: the earlier request's findings, its package and its link", async () => {
    const leftovers = await packagesBucketKeys(accessId);
    expect(leftovers).toEqual([]);
    // The link mailed for the earlier access request no longer hands anything out.
    const listing = await get(downloadLink);
    expect(listing.status).toBe(404);
    const findings = await fetch(`${stack.urls.http}/api/requests/${accessId}/findings`, {
      headers: { cookie },
    });
    expect(((await findings.json()) as { stores: unknown[] }).stores).toEqual([]);
    const erased = (await eventsOf(stack, accessId)).find((e) => e.action === 'own_copies_erased');
    const detail = (erased?.detail ?? {}) as { byErasure?: string; objectsDeleted?: number };
    expect(detail.byErasure).toMatch(/^PD-/);
    expect(detail.objectsDeleted).toBeGreaterThan(4);
  });
});

async function packagesBucketKeys(requestId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of [`findings/${requestId}/`, `packages/${requestId}/`]) {
    const page = await s3().send(
      new ListObjectsV2Command({ Bucket: stack.env.PACKAGES_BUCKET, Prefix: prefix }),
    );
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
  }
  return keys;
}
