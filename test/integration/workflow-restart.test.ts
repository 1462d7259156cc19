import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventsOf, portsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import {
  confirm,
  executionStopped,
  mailRequest,
  mailsTo,
  statesEntered,
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

  it('resumes a workflow stopped between steps: the step runs again, nothing is lost, no mail twice', async () => {
    const running = stack as TestStack;
    const subject = 'ola.nordmann@example.no'; // a newsletter subscriber
    const id = await mailRequest(
      running,
      subject,
      'Avregistrering',
      'Hei, meld meg av nyhetsbrevet deres. Jeg vil ikke ha flere utsendelser.',
    );
    // The newsletter service is down: UpdateConsents fails and waits to be retried.
    running.demoStores.newsletter.failNextRequests(1_000);
    await confirm(await verificationLink(running, subject));
    await waitFor(
      async () =>
        running.stepFunctions
          .listExecutions()
          .find((e) => e.name === id)
          ?.history.some((h) => h.type === 'StateRetried' && h.state === 'UpdateConsents'),
      'UpdateConsents to fail once and wait for its retry',
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
      expect.arrayContaining(['UpdateConsents', 'Reply', 'Close', 'Done']),
    );
    const events = (await eventsOf(restarted, id)).map((e) => String(e.action));
    expect(events.filter((a) => a === 'request_received')).toHaveLength(1);
    expect(events.filter((a) => a === 'identity_verified')).toHaveLength(1);
    expect(events).toEqual(expect.arrayContaining(['consents_recorded', 'request_closed']));
    const confirmations = (await mailsTo(restarted, subject)).filter((m) => m.subject.includes(id));
    const subjects = confirmations.map((m) => m.subject);
    // Acknowledgement, verification link, confirmation of the objection: each exactly once.
    expect(subjects).toHaveLength(3);
    expect(new Set(subjects).size).toBe(3);
  });
});
