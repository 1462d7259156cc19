import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { outbox, startTestStack, type TestStack } from '../support/stack';

const run = promisify(execFile);
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.dispose();
});

/** The CLI in its own process (the stack answers from this one, so the call must not block). */
async function cli(...args: string[]) {
  const env = { ...process.env, PRIVACY_DESK_TOKEN: '', PRIVACY_DESK_API: '' };
  return run(process.execPath, ['bin/privacy-desk.mjs', 'incidents', ...args, '--api', stack.urls.http], {
    env,
  });
}

const json = async (...args: string[]) =>
  JSON.parse((await cli(...args, '--json')).stdout) as Record<string, unknown>;

describe('privacy-desk incidents against the local stack', { timeout: 180_000 }, () => {
  it('opens, assesses, scopes and notifies an incident, records its filing and exports the register', async () => {
    const awareAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const opened = await json('open', '--title', 'Stolen laptop with a CRM export', '--aware-at', awareAt);
    const id = String(opened.incidentId);
    expect(opened.authorityDeadline).toBe(new Date(Date.parse(awareAt) + 72 * 3_600_000).toISOString());

    const listed = JSON.parse((await cli('list', '--json')).stdout) as Record<string, unknown>[];
    expect(listed.find((i) => i.incidentId === id)).toMatchObject({
      incidentId: id,
      status: 'open',
      awareAt,
      authorityDeadline: opened.authorityDeadline,
    });
    const table = (await cli('list')).stdout;
    expect(table.split('\n').find((l) => l.startsWith(id))).toContain('69h left');

    await cli(
      'facts',
      id,
      '--description',
      'A laptop holding a CRM export was stolen from a car.',
      '--consequences',
      'Targeted phishing.',
      '--measures-taken',
      'The laptop was wiped remotely.',
    );
    await cli('assess', id, '--risk', 'high_risk', '--reasoning', 'The disk was not encrypted.');
    const scoped = (
      await cli('scope', id, '--store', 'crm', '--from', '2025-11-01', '--to', '2025-11-30T23:59:59Z')
    ).stdout;
    expect(scoped).toMatch(new RegExp(`^${id}: crm: \\d+ people, \\d+ records`));

    // A manual store becomes a task for staff.
    const manual = (
      await cli('scope', id, '--store', 'file-share', '--from', '2025-11-01', '--to', '2025-11-30')
    ).stdout;
    expect(manual).toContain('staff task');
    await cli('scope-done', id, '--store', 'file-share', '--people', '2', '--records', '3');

    // The preview names the digest that approval must quote.
    const preview = await json('notify-subjects', id);
    const subjects = preview.subjects as { email: string }[];
    expect(subjects.map((s) => s.email)).toContain(KNOWN_SUBJECTS.ola.email);
    const textsFile = path.join(mkdtempSync(path.join(tmpdir(), 'pd-texts-')), 'texts.json');
    const texts = {
      sv: {
        nature: 'En dator med kunduppgifter stals.',
        consequences: 'Riktat nätfiske.',
        measures: 'Datorn raderades.',
      },
      nb: {
        nature: 'En PC med kundedata ble stjålet.',
        consequences: 'Målrettet phishing.',
        measures: 'PC-en ble slettet.',
      },
      en: {
        nature: 'A laptop with customer data was stolen.',
        consequences: 'Targeted phishing.',
        measures: 'It was wiped.',
      },
    };
    writeFileSync(textsFile, JSON.stringify(texts));
    const withTexts = await json('notify-subjects', id, '--texts', textsFile);
    const before = (await outbox(stack)).length;
    const sent = await json(
      'notify-subjects',
      id,
      '--texts',
      textsFile,
      '--approve',
      String(withTexts.digest),
    );
    expect(sent).toEqual({ sent: subjects.length, alreadyNotified: 0 });
    expect((await outbox(stack)).length).toBe(before + subjects.length);

    await cli(
      'record-filed',
      id,
      '--phase',
      'initial',
      '--channel',
      'imy_e_service',
      '--reference',
      'IMY-42',
    );
    // The people staff found by hand count too, though they are not on the notice's list.
    const register = JSON.parse((await cli('register', '--json')).stdout) as Record<string, unknown>[];
    expect(register.find((r) => r.incidentId === id)?.approxSubjects).toBe(subjects.length + 2);
    const csv = (await cli('register', '--csv')).stdout;
    expect(csv.split('\r\n').find((l) => l.startsWith(`${id},`))).toContain('high_risk');
    const page = (await cli('authority-notice', id, '--html')).stdout;
    expect(page).toContain('A laptop holding a CRM export was stolen from a car.');
  });

  it('refuses a command without the arguments it needs, before signing in', async () => {
    await expect(cli('scope', 'INC-20261201-AAAAAA', '--store', 'crm')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('scope needs --from'),
    });
  });
});
