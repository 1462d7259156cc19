import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { connectorRegistryFromEnv } from '../../functions/adapters/connectors/connector-registry';
import { requestsCommand } from '../../local/cli-requests';
import { LOCAL_CONSENT_API_KEY } from '../../local/consent-secrets';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import { signIn, staffAction } from '../support/staff';
import {
  confirm,
  executionStopped,
  mailRequest,
  mailsTo,
  statesEntered,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

let stack: TestStack;
let cookie: string;

beforeAll(async () => {
  stack = await startTestStack();
  cookie = await signIn(stack);
});

afterAll(async () => {
  if (stack) await expectEveryRequestAnswered(stack);
  await stack?.dispose();
});

async function consentStatus(email: string, purpose: string): Promise<string | undefined> {
  const response = await fetch(
    `${stack.urls.http}/consents?email=${encodeURIComponent(email)}&purpose=${purpose}`,
    { headers: { 'x-api-key': LOCAL_CONSENT_API_KEY } },
  );
  const body = (await response.json()) as { states: { status: string }[] };
  return body.states[0]?.status;
}

async function giveConsent(email: string, purpose: string) {
  const response = await fetch(`${stack.urls.http}/consents`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': LOCAL_CONSENT_API_KEY,
      'idempotency-key': `give-${purpose}-${email}`,
    },
    body: JSON.stringify({
      email,
      purpose,
      textVersion: `${purpose}-v1`,
      channel: 'form',
      evidence: { form: 'signup' },
    }),
  });
  expect(response.status).toBe(201);
}

const newsletterStore = () => {
  const store = DEMO_DATA_MAP.stores.find((s) => s.id === 'newsletter');
  if (!store) throw new Error('the demo data map has a newsletter store');
  return connectorRegistryFromEnv().connectorFor(store);
};

describe('objections and withdrawals on the local stack', () => {
  it('Art. 21(3): an objection to the newsletter is honoured on receipt, with no identity check or review, and answered', async () => {
    const ola = KNOWN_SUBJECTS.ola;
    expect((await newsletterStore().find({ email: ola.email })).length).toBeGreaterThan(0);
    const id = await mailRequest(
      stack,
      ola.email,
      'Avmelding',
      'Hei, meld meg av nyhetsbrevet deres. Jeg vil ikke ha flere utsendelser.',
    );
    const done = await waitForStatus(stack, id, 'completed');
    expect(done.statusReason).toBe('fulfilled');
    expect(await executionStopped(stack, id)).toBe('SUCCEEDED');
    expect(statesEntered(stack, id)).toEqual([
      'Route',
      'StopMarketing',
      'MarketingOnly',
      'Reply',
      'Close',
      'Done',
    ]);
    expect(await consentStatus(ola.email, 'newsletter')).toBe('objected');
    expect(await newsletterStore().find({ email: ola.email })).toEqual([]);
    const mails = (await mailsTo(stack, ola.email)).filter((m) => m.subject.includes(id));
    // No acknowledgement, no verification link: one answer, in Norwegian.
    expect(mails).toHaveLength(1);
    expect(mails[0]?.body.text).toContain('Å motta nyhetsbrevet vårt på e-post.');
    const actions = (await eventsOf(stack, id)).map((e) => String(e.action));
    expect(actions).toContain('marketing_stopped');
    expect(actions).not.toContain('identity_verified');
  });

  it('Art. 21(2): with another request in the same mail, marketing stops before verification, and a rejection at review leaves it stopped', async () => {
    const subject = 'karin.objects@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Registerutdrag och avregistrering',
      'Hej! Jag vill ha en kopia av mina personuppgifter. Avregistrera mig också från ert nyhetsbrev.',
    );
    const link = await verificationLink(stack, subject);
    await waitForStatus(stack, id, 'awaiting_verification');
    expect(await consentStatus(subject, 'newsletter')).toBe('objected');
    expect(await consentStatus(subject, 'event_invitations')).toBe('none');

    await confirm(link);
    await waitForStatus(stack, id, 'awaiting_review');
    await staffAction(stack, cookie, id, 'reject', { reason: 'duplicate' });
    await waitForStatus(stack, id, 'rejected');
    expect(await consentStatus(subject, 'newsletter')).toBe('objected');
    const notice = await waitFor(
      async () =>
        (await mailsTo(stack, subject)).find((m) => m.subject.includes(id) && /beslut/i.test(m.subject)),
      'the rejection notice',
    );
    expect(notice.body.text).toContain('Din invändning mot direktmarknadsföring påverkas inte');
  });

  it('Art. 21(1): an objection to profiling and analytics goes to staff, who record the balancing, and the answer addresses each purpose', async () => {
    const subject = 'nils.objects@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Invändning',
      'Hej! Jag invänder mot att ni använder mina personuppgifter för profilering och analys av mina besök på er webbplats.',
    );
    await confirm(await verificationLink(stack, subject));
    const task = await taskItem(stack, id, 'manual:consents');
    expect(String(task.instructions)).toContain('Art. 21(1)');
    expect(String(task.instructions)).toContain('website-operations');
    const waiting = await waitForStatus(stack, id, 'awaiting_action');
    expect(waiting.statusReason).toBe('consent_decision');
    // A general objection is not a marketing objection.
    expect(await consentStatus(subject, 'newsletter')).toBe('none');

    const grounds = 'The logs protect the website against attacks and are deleted after three months.';
    // The command line, as staff without the console would do it.
    await requestsCommand([
      'complete-task',
      id,
      '--task',
      'manual:consents',
      '--stop',
      'partner-relationship',
      '--continue',
      `website-operations=${grounds}`,
      '--api',
      stack.urls.http,
    ]);
    await waitForStatus(stack, id, 'completed');
    const answer = (await mailsTo(stack, subject)).find(
      (m) => m.subject.includes(id) && (m.body.text ?? '').includes(grounds),
    );
    expect(answer?.body.text).toContain(`Administrera, underhålla och skydda vår webbplats. – ${grounds}`);
    expect(answer?.body.text).toContain('Hålla kontakt med samarbetspartners och deras kontaktpersoner.');
    expect(answer?.body.text).toContain('artikel 21.1');
    expect(answer?.body.text).toContain('Integritetsskyddsmyndigheten');
    const balanced = (await eventsOf(stack, id)).find((e) => e.action === 'objection_balanced');
    expect(balanced?.detail).toMatchObject({
      basis: 'Art. 21(1)',
      decisions: [
        { purposeId: 'partner-relationship', decision: 'stop' },
        { purposeId: 'website-operations', decision: 'continue', grounds },
      ],
    });
  });

  it('Art. 7(3): a withdrawal that names no consent lets staff choose from those in force, and withdraws only that one', async () => {
    const subject = 'lena.withdraws@example.se';
    await giveConsent(subject, 'newsletter');
    await giveConsent(subject, 'candidate_data_retention');
    const id = await mailRequest(
      stack,
      subject,
      'Återkallelse av samtycke',
      'Hej! Jag återkallar mitt samtycke till att ni behandlar mina personuppgifter.',
    );
    await confirm(await verificationLink(stack, subject));
    const task = await taskItem(stack, id, 'manual:consents');
    expect(String(task.instructions)).toContain('In force: newsletter, candidate_data_retention');
    expect(task.consentChoices).toEqual({
      withdraw: ['newsletter', 'candidate_data_retention'],
      objectTo: [],
    });
    await staffAction(stack, cookie, id, 'complete-task', {
      taskId: 'manual:consents',
      output: { withdraw: ['newsletter'] },
    });
    await waitForStatus(stack, id, 'completed');
    expect(await consentStatus(subject, 'newsletter')).toBe('withdrawn');
    expect(await consentStatus(subject, 'candidate_data_retention')).toBe('given');
    const actions = (await eventsOf(stack, id)).map((e) => String(e.action));
    expect(actions).not.toContain('consent_erasure_needed');
    await waitFor(
      async () =>
        (await mailsTo(stack, subject)).some((m) => m.subject.includes(id) && /genomförd/.test(m.subject)),
      'the answer',
    );
  });
});
