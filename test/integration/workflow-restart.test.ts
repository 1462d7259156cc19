import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import {
  confirm,
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

const portOf = (url: string) => Number(new URL(url).port);

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
    const ports = {
      http: portOf(first.urls.http),
      smtp: first.smtpPort,
      dynamodb: portOf(first.urls.dynamodb),
      s3: portOf(first.urls.s3),
      ses: portOf(first.urls.ses),
      sfn: portOf(first.urls.sfn),
    };
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
});
