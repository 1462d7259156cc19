import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { allRequests, type OutboxMail, startTestStack, type TestStack, waitFor } from '../support/stack';
import { mailsTo, requestItem, verificationLink, waitForStatus } from '../support/workflow';

/**
 * Attack: an unverified requester probes whether the company holds data on an address (a known
 * subject against an unknown one). Defence: before verification nothing touches the company's
 * systems, so the answers, mails, statuses and response times are the same either way.
 */
const known = KNOWN_SUBJECTS.astrid.email;
let stack: TestStack;

beforeAll(async () => {
  // The probe posts many times for one address: limits are raised so they do not end the probe.
  stack = await startTestStack({ env: { FORM_LIMIT_PER_ADDRESS: '1000', FORM_LIMIT_PER_IP: '1000' } });
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

async function post(email: string, text: string): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${stack.urls.http}/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    body: JSON.stringify({ email, types: ['access'], relationship: 'customer', text }),
  });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

/** A mail with what differs per request taken out: ids, links, digits. */
function shape(mail: OutboxMail, address: string): string {
  return [mail.subject, mail.body.text ?? '', mail.body.html ?? '']
    .join('\n')
    .replaceAll(address, '<address>')
    .replace(/https?:\/\/[^\s"<]+/g, '<url>')
    .replace(/PD-[0-9]{8}-[A-Z0-9]+/g, '<id>')
    .replace(/[0-9]/g, '#');
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

describe('probing whether the company holds data on an address', () => {
  it('gives a known and an unknown address the same answer, the same mails and the same status until verification', async () => {
    const unknown = 'no.such.person@example.se';
    const answers = [await post(known, 'probe one'), await post(unknown, 'probe one')];
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers[0]?.body).toBe(answers[1]?.body);
    const ids = await Promise.all(
      [known, unknown].map(async (address) => {
        const request = await waitFor(
          async () => (await allRequests(stack)).find((r) => r.subjectEmail === address),
          `the request of ${address}`,
        );
        return String(request.id);
      }),
    );

    await verificationLink(stack, known);
    await verificationLink(stack, unknown);
    for (const id of ids) await waitForStatus(stack, id, 'awaiting_verification');
    const items = await Promise.all(ids.map((id) => requestItem(stack, id)));
    expect(items.map((i) => [i.status, i.statusReason ?? null])).toEqual([
      ['awaiting_verification', null],
      ['awaiting_verification', null],
    ]);
    const knownMails = (await mailsTo(stack, known)).map((m) => shape(m, known));
    const unknownMails = (await mailsTo(stack, unknown)).map((m) => shape(m, unknown));
    expect(knownMails).toHaveLength(2);
    expect(knownMails).toEqual(unknownMails);
  });

  it('answers the form for a known and an unknown address in similar time (medians of 30 each)', async () => {
    const known30: number[] = [];
    const unknown30: number[] = [];
    // Warm-up, then alternate so that load drifts hit both sides alike.
    await post('warm.up@example.se', 'warm up');
    for (let n = 0; n < 30; n++) {
      known30.push((await post(known, `timing ${n}`)).ms);
      unknown30.push((await post(`unknown.${n}@example.se`, `timing ${n}`)).ms);
    }
    const [k, u] = [median(known30), median(unknown30)];
    const slower = Math.max(k, u);
    const faster = Math.min(k, u);
    // Wide on purpose (a loaded 2-core machine): a lookup in the company's systems would show.
    expect(slower - faster < 50 || slower < 2 * faster).toBe(true);
  }, 90_000);
});
