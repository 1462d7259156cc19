import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../functions/core/calendar/calendar-date';
import { eventsOf, outbox, startTestStack, type TestStack } from '../support/stack';
import { type FakeStepFunctions, fakeStepFunctions, seedRequest } from '../support/staff';

const run = promisify(execFile);
let stack: TestStack;
let sfn: FakeStepFunctions;

beforeAll(async () => {
  stack = await startTestStack();
  sfn = await fakeStepFunctions();
  process.env.SFN_ENDPOINT = sfn.url;
});

afterAll(async () => {
  await sfn?.close();
  await stack?.dispose();
});

/** The CLI in its own process (the stack answers from this one, so the call must not block). */
async function cli(...args: string[]) {
  const env = { ...process.env, PRIVACY_DESK_TOKEN: '', PRIVACY_DESK_API: '' };
  return run(process.execPath, ['bin/privacy-desk.mjs', 'requests', ...args, '--api', stack.urls.http], {
    env,
  });
}

describe('privacy-desk requests against the local stack', { timeout: 60_000 }, () => {
  it('lists open requests with their deadline and a masked requester', async () => {
    const request = await seedRequest(stack, { tasks: [{}] });
    const { stdout } = await cli('list');
    const line = stdout.split('\n').find((l) => l.startsWith(request.id));
    expect(line).toContain('awaiting_review');
    expect(line).toContain('a***@example.se');
    expect(line).toContain(request.dueAt);
    expect(stdout).not.toContain('astrid.lindqvist');
    const json = JSON.parse((await cli('list', '--json')).stdout) as { id: string }[];
    expect(json.some((r) => r.id === request.id)).toBe(true);
  });

  it('approves a request waiting for review and prints the new status', async () => {
    const request = await seedRequest(stack, { tasks: [{}] });
    const { stdout } = await cli('approve', request.id);
    expect(stdout).toContain(`${request.id}: approve done; status collecting`);
    const success = sfn.calls.find((c) => c.body.taskToken === `token-${request.id}-review`);
    expect(JSON.parse(String(success?.body.output))).toEqual({ decision: 'approve' });
    expect(
      (await eventsOf(stack, request.id)).some(
        (e) => e.action === 'review_approved' && e.actor === 'staff:privacy.officer',
      ),
    ).toBe(true);
    await expect(cli('approve', request.id)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('409'),
    });
  });

  it('extends the deadline with a reason and mails the requester', async () => {
    const request = await seedRequest(stack, { tasks: [{}] });
    const { stdout } = await cli(
      'extend',
      request.id,
      '--months',
      '1',
      '--reason',
      'Records in several systems',
    );
    const due = /due (\d{4}-\d{2}-\d{2})/.exec(stdout)?.[1] ?? '';
    expect(due > addDays(request.dueAt, 25)).toBe(true);
    const mails = await outbox(stack);
    expect(
      mails.some(
        (m) => m.subject.includes(request.id) && m.body.text?.includes('Records in several systems'),
      ),
    ).toBe(true);
  });

  it('explains a missing option without calling the API', async () => {
    await expect(cli('extend', 'R-X', '--months', '1')).rejects.toMatchObject({
      stderr: expect.stringContaining('--reason'),
    });
  });
});
