import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { startTestStack, type TestStack, waitFor } from '../support/stack';
import {
  completeTask,
  confirm,
  mailRequest,
  mailsTo,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/**
 * Our own records: a full scenario runs while everything the handlers and the local stack write
 * (stdout, stderr, console, the stack's log) is captured, then the capture is searched for the
 * subjects' addresses, names and phone numbers. Spies call through: nothing is mocked.
 */
const astrid = KNOWN_SUBJECTS.astrid;
const formPerson = {
  email: 'sigrid.vallin@example.se',
  name: 'Sigrid Vallin',
  phone: '+46 73 555 01 99',
};
const captured: string[] = [];
let stack: TestStack;

function capture() {
  const text = (args: unknown[]) =>
    args.map((a) =>
      typeof a === 'string' ? a : a instanceof Uint8Array ? Buffer.from(a).toString() : JSON.stringify(a),
    );
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      captured.push(...text([chunk]));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push(...text(args));
      original(...args);
    });
  }
}

beforeAll(async () => {
  capture();
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
  vi.restoreAllMocks();
});

/** Each piece of personal data, and the forms it could take in a log line. */
function needles(): string[] {
  const phones = [astrid.phone, formPerson.phone].flatMap((p) => [p, p.replace(/\s+/g, '')]);
  return [
    astrid.email,
    astrid.email.split('@')[0] ?? astrid.email,
    `${astrid.firstName} ${astrid.lastName}`,
    astrid.lastName,
    formPerson.email,
    formPerson.email.split('@')[0] ?? formPerson.email,
    formPerson.name,
    'Vallin',
    ...phones,
  ];
}

describe('no personal data in logs', () => {
  it('logs no address, name or phone number through a full access request and a form request', async () => {
    // Mail: verify, staff approve, collect from every store, package, download, close.
    const id = await mailRequest(
      stack,
      astrid.email,
      'Registerutdrag',
      `Hej, jag heter ${astrid.firstName} ${astrid.lastName} (tel ${astrid.phone}) och vill ha en kopia av mina personuppgifter.`,
    );
    expect((await confirm(await verificationLink(stack, astrid.email))).status).toBe(200);
    await waitForStatus(stack, id, 'awaiting_review');
    await completeTask(stack, id, 'review', { decision: 'approve' });
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
    await waitForStatus(stack, id, 'completed');
    const packageMail = await waitFor(
      async () => (await mailsTo(stack, astrid.email)).find((m) => /\/download\//.test(m.body.text ?? '')),
      'the package mail',
    );
    const download = packageMail.body.text?.match(/https?:\/\/\S+\/download\/PD-\S+/)?.[0] ?? '';
    expect((await fetch(download)).status).toBe(200);

    // Form: a name and a phone number in the text.
    const posted = await fetch(`${stack.urls.http}/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: formPerson.email,
        name: formPerson.name,
        types: ['access'],
        relationship: 'customer',
        text: `Please call me on ${formPerson.phone} if anything is unclear.`,
      }),
    });
    expect(posted.status).toBe(202);
    await verificationLink(stack, formPerson.email);
    await stack.stepFunctions.settled();

    const all = [...captured, ...stack.logs].join('\n');
    // The capture works: the handlers did log (ids and outcomes), so silence is not what passes.
    expect(all).toContain(id);
    const found = needles().filter((needle) => all.toLowerCase().includes(needle.toLowerCase()));
    expect(found).toEqual([]);
  }, 60_000);
});
