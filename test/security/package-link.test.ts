import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadToken } from '../../functions/core/access-package/download-link';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import { signIn, staffAction } from '../support/staff';
import {
  completeTask,
  confirm,
  mailRequest,
  mailsTo,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/**
 * Attack: the access package link mailed at the end of the workflow, tampered with (signature,
 * expiry, another request's id) or used after it expired. Defence: 403 for each, and the files
 * stay out of reach; only the untouched link works.
 */
const ola = KNOWN_SUBJECTS.ola;
let stack: TestStack;
let link: URL;
let id: string;

beforeAll(async () => {
  stack = await startTestStack();
  id = await mailRequest(
    stack,
    ola.email,
    'Innsyn',
    'Hei, jeg ønsker en kopi av alle personopplysninger dere har om meg.',
  );
  expect((await confirm(await verificationLink(stack, ola.email))).status).toBe(200);
  await waitForStatus(stack, id, 'awaiting_review');
  await completeTask(stack, id, 'review', { decision: 'approve' });
  await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
  await waitForStatus(stack, id, 'completed');
  const mail = await waitFor(
    async () => (await mailsTo(stack, ola.email)).find((m) => /\/download\//.test(m.body.text ?? '')),
    'the package mail',
  );
  link = new URL(mail.body.text?.match(/https?:\/\/\S+\/download\/PD-\S+/)?.[0] ?? '');
}, 90_000);

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

const withToken = (token: string, path = link.pathname) => {
  const url = new URL(path, link);
  url.searchParams.set('t', token);
  return url;
};

describe('the access package link from the workflow', () => {
  it('works untouched, for the page and a file', async () => {
    expect((await fetch(link)).status).toBe(200);
    const file = await fetch(
      withToken(link.searchParams.get('t') ?? '', `${link.pathname}/access-package.json`),
      {
        redirect: 'manual',
      },
    );
    expect(file.status).toBe(302);
  });

  it('refuses a tampered signature, a pushed-back expiry and another request id', async () => {
    const token = link.searchParams.get('t') ?? '';
    const [expiry, signature = ''] = token.split('.');
    const flipped = `${expiry}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const later = `${Number(expiry) + 365 * 86_400}.${signature}`;
    for (const url of [
      withToken(flipped),
      withToken(later),
      withToken(flipped, `${link.pathname}/access-package.json`),
      withToken(
        token,
        link.pathname.replace(
          id,
          id.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        ),
      ),
    ]) {
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status).toBe(403);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  it('refuses the link after its expiry, for the page and every file', async () => {
    // Time passes: the same request, signed with the deployment's secret, a second past expiry.
    const expired = downloadToken(id, new Date(Date.now() - 1000), stack.secrets.downloadLink);
    const page = await fetch(withToken(expired));
    expect(page.status).toBe(403);
    // Signed by us, so the request is known: the page speaks the subject's language.
    expect(await page.text()).toMatch(/utløpt/i);
    const file = await fetch(withToken(expired, `${link.pathname}/access-package.json`), {
      redirect: 'manual',
    });
    expect(file.status).toBe(403);
  });

  it('Art. 5(1)(f), 32: a forwarded link opens for whoever holds it until staff revoke it; every use and refusal is in the trail', async () => {
    // Anyone holding the mail's link (a forward, a shared mailbox) gets in: the trail shows each use.
    expect((await fetch(link)).status).toBe(200);
    const cookie = await signIn(stack);
    await staffAction(stack, cookie, id, 'revoke-link', {
      reason: 'The subject forwarded the mail by mistake.',
    });
    const page = await fetch(link);
    expect(page.status).toBe(403);
    expect(await page.text()).toMatch(/trukket tilbake/);
    const file = await fetch(
      withToken(link.searchParams.get('t') ?? '', `${link.pathname}/access-package.json`),
      {
        redirect: 'manual',
      },
    );
    expect(file.status).toBe(403);
    expect(file.headers.get('location')).toBeNull();

    const events = await eventsOf(stack, id);
    const actions = events.map((e) => e.action);
    expect(actions).toContain('package_opened');
    expect(events.find((e) => e.action === 'package_downloaded')?.detail).toEqual({
      file: 'access-package.json',
    });
    const refusals = events
      .filter((e) => e.action === 'package_download_refused')
      .map((e) => (e.detail as { reason: string }).reason);
    expect(refusals).toEqual(expect.arrayContaining(['expired', 'revoked']));
    const revoked = events.find((e) => e.action === 'package_link_revoked');
    expect(revoked).toMatchObject({
      actor: expect.stringContaining('privacy.officer'),
      detail: { reason: 'The subject forwarded the mail by mistake.' },
    });
  });
});
