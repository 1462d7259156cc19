import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEveryRequestAnswered } from '../support/invariant';
import { startTestStack, type TestStack, waitFor } from '../support/stack';
import { executionStopped, mailRequest, mailsTo, statesEntered, waitForStatus } from '../support/workflow';

// A fourteen-day verification window, shortened to a second for this stack only.
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ stepTimeouts: { VerifyIdentity: 1 } });
});

afterAll(async () => {
  if (stack) await expectEveryRequestAnswered(stack);
  await stack?.dispose();
});

describe('unverified request', () => {
  it('is rejected when the link is never clicked, and the subject is told why and where to complain', async () => {
    const subject = 'oskar.lund@example.com';
    const id = await mailRequest(
      stack,
      subject,
      'Copy of my data',
      'Please send me a copy of all personal data you hold about me.',
    );
    const rejected = await waitForStatus(stack, id, 'rejected');
    expect(rejected.statusReason).toBe('unverified');
    const mail = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /imy\.se/.test(m.body.text ?? '')),
      'the rejection mail',
    );
    expect(mail.body.text).toContain(id);
    expect(await executionStopped(stack, id)).toBe('SUCCEEDED');
    expect(statesEntered(stack, id)).toEqual([
      'Route',
      'StopMarketing',
      'MarketingOnly',
      'Acknowledge',
      'OnBehalf',
      'VerifyIdentity',
      'RejectUnverified',
      'SendUnverifiedRejection',
      'Rejected',
    ]);
  });
});
