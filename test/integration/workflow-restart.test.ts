import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventsOf, portsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import {
  completeTask,
  confirm,
  executionStopped,
  mailRequest,
  mailsTo,
  statesEntered,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

const dataDir = mkdtempSync(path.join(tmpdir(), 'privacy-desk-restart-'));
let stack: TestStack | undefined;

afterAll(async () => {
  await stack?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a restart of the local stack', () => {
  it('keeps a workflow waiting for verification: the link mailed before the restart still works after it', async () => {
    const first = await startTestStack({ dataDir });
    stack = first;
    const subject = 'elin.sjoberg@example.se';
    const id = await mailRequest(
      first,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    const link = await verificationLink(first, subject);
    await waitForStatus(first, id, 'awaiting_verification');
    const ports = portsOf(first);
    await first.stop();
    stack = undefined;

    // Same data folder and ports: the clients of this process keep their endpoints.
    const second = await startTestStack({ dataDir, ports });
    stack = second;
    expect(second.logs).toContain('resumed 1 running workflow(s)');
    expect((await confirm(link)).status).toBe(200);
    await waitForStatus(second, id, 'awaiting_review');
    const resumed = statesEntered(second, id);
    expect(resumed).toEqual(expect.arrayContaining(['VerifyIdentity', 'Assess', 'NeedsReview', 'Review']));
    // The verification mail was not sent again on resume (the SES stand-in keeps its outbox in this process).
    const links = (await mailsTo(second, subject)).filter((m) => /\/verify\//.test(m.body.text ?? ''));
    expect(links).toHaveLength(1);
  });

  it('keeps a staff task of a store search across a restart: the task opened before it completes after it, and no store is searched twice', async () => {
    const running = stack as TestStack;
    const subject = 'astrid.lindqvist@example.se'; // in every store, the manual file share included
    const id = await mailRequest(
      running,
      subject,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    await confirm(await verificationLink(running, subject));
    await completeTask(running, id, 'review', { decision: 'approve' });
    const before = await taskItem(running, id, 'manual:file-share');
    await running.stepFunctions.settled();
    const ports = portsOf(running);
    await running.stop();
    stack = undefined;

    const restarted = await startTestStack({ dataDir, ports });
    stack = restarted;
    // The token staff see in the console is the one the resumed workflow waits for.
    await completeTask(restarted, id, 'manual:file-share', { outcome: 'nothing_found' });
    const done = await waitForStatus(restarted, id, 'completed');
    expect(done.statusReason).toBe('fulfilled');
    expect((await taskItem(restarted, id, 'manual:file-share')).taskToken).toBe(before.taskToken);
    const events = (await eventsOf(restarted, id)).map((e) => String(e.action));
    expect(events.filter((a) => a === 'task_opened:manual:file-share')).toHaveLength(1);
    const searches = (await eventsOf(restarted, id)).filter((e) => e.action === 'store_collected');
    const perStore = new Map<string, number>();
    for (const e of searches) {
      const storeId = String((e.detail as { storeId: string }).storeId);
      perStore.set(storeId, (perStore.get(storeId) ?? 0) + 1);
    }
    // Each store once, the file share twice: its task opened, then what staff found.
    expect(Object.fromEntries(perStore)).toMatchObject({
      crm: 1,
      newsletter: 1,
      billing: 1,
      'file-share': 2,
    });
  });

  it('resumes a workflow stopped between steps: the step runs again, nothing is lost, no mail twice', async () => {
    const running = stack as TestStack;
    const subject = 'ola.nordmann@example.no'; // a newsletter subscriber
    // The newsletter service is down: the objection, honoured on receipt, fails and waits to be retried.
    running.demoStores.newsletter.failNextRequests(1_000);
    const id = await mailRequest(
      running,
      subject,
      'Avregistrering',
      'Hei, meld meg av nyhetsbrevet deres. Jeg vil ikke ha flere utsendelser.',
    );
    await waitFor(
      async () =>
        running.stepFunctions
          .listExecutions()
          .find((e) => e.name === id)
          ?.history.some((h) => h.type === 'StateRetried' && h.state === 'StopMarketing'),
      'StopMarketing to fail once and wait for its retry',
    );
    const ports = portsOf(running);
    // Killed mid-workflow, between two attempts of a step.
    await running.stop();
    stack = undefined;

    const restarted = await startTestStack({ dataDir, ports });
    stack = restarted;
    const done = await waitForStatus(restarted, id, 'completed');
    expect(done.statusReason).toBe('fulfilled');
    // Close writes `completed`; the execution enters Done just after.
    expect(await executionStopped(restarted, id)).toBe('SUCCEEDED');
    expect(statesEntered(restarted, id)).toEqual(
      expect.arrayContaining(['StopMarketing', 'Reply', 'Close', 'Done']),
    );
    const events = (await eventsOf(restarted, id)).map((e) => String(e.action));
    expect(events.filter((a) => a === 'request_received')).toHaveLength(1);
    expect(events).toEqual(
      expect.arrayContaining(['marketing_stopped', 'consents_recorded', 'request_closed']),
    );
    const confirmations = (await mailsTo(restarted, subject)).filter((m) => m.subject.includes(id));
    const subjects = confirmations.map((m) => m.subject);
    // The objection needs no acknowledgement or verification: its confirmation, exactly once.
    expect(subjects).toHaveLength(1);
  });
});
