import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbConsentStore } from '../../functions/adapters/dynamodb-consent-store';
import { addDays, addMonths, localDateOf } from '../../functions/core/calendar/calendar-date';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
import { eventsOf, mime, outbox, startTestStack, type TestStack } from '../support/stack';
import {
  CSRF,
  type FakeStepFunctions,
  fakeStepFunctions,
  NON_STAFF_USER,
  seedRequest,
  signIn,
} from '../support/staff';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, asserted field by field
type Detail = Record<string, any>;

let stack: TestStack;
let sfn: FakeStepFunctions;
let cookie: string;

beforeAll(async () => {
  stack = await startTestStack();
  // Callbacks go to a recording endpoint: the tests read the exact output the workflow would get.
  sfn = await fakeStepFunctions();
  process.env.SFN_ENDPOINT = sfn.url;
  cookie = await signIn(stack);
});

afterAll(async () => {
  await sfn?.close();
  await stack?.dispose();
});

const get = (path: string, headers: Record<string, string> = { cookie }) =>
  fetch(`${stack.urls.http}${path}`, { headers });
const post = (path: string, body: unknown = {}, headers: Record<string, string> = { cookie, ...CSRF }) =>
  fetch(`${stack.urls.http}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('staff API sign-in and roles', () => {
  it('answers 401 without a session and 403 to a user without the privacy-staff role', async () => {
    expect((await get('/api/requests', {})).status).toBe(401);
    const helpdesk = await signIn(stack, NON_STAFF_USER);
    const response = await get('/api/requests', { cookie: helpdesk });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/privacy-staff/);
  });

  it('refuses a wrong password and sets an HttpOnly SameSite=Strict cookie on success', async () => {
    const wrong = await fetch(`${stack.urls.http}/local/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...CSRF },
      body: JSON.stringify({ username: 'privacy.officer', password: 'nope' }),
    });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${stack.urls.http}/local/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...CSRF },
      body: JSON.stringify({ username: 'privacy.officer', password: 'privacy-desk-demo' }),
    });
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses a state-changing call without the CSRF header', async () => {
    const request = await seedRequest(stack, { tasks: [{}] });
    const response = await post(`/api/requests/${request.id}/approve`, {}, { cookie });
    expect(response.status).toBe(403);
  });
});

describe('queue and detail', () => {
  it('lists open requests with a masked address and days left, and shows the message as text', async () => {
    const request = await seedRequest(stack, {
      raw: mime({
        from: 'Astrid <astrid.lindqvist@example.se>',
        subject: 'Registerutdrag',
        body: 'Hej <script>alert(1)</script> tack',
      }),
      tasks: [{}],
    });
    const queue = (await (await get('/api/requests')).json()) as { requests: Record<string, unknown>[] };
    const item = queue.requests.find((r) => r.id === request.id);
    expect(item).toMatchObject({
      status: 'awaiting_review',
      subject: 'a***@example.se',
      types: ['access'],
      channel: 'email',
    });
    expect(JSON.stringify(queue)).not.toContain('astrid.lindqvist');
    expect(typeof item?.daysLeft).toBe('number');

    const detail = (await (await get(`/api/requests/${request.id}`)).json()) as Detail;
    const mails = (await (await get(`/api/requests/${request.id}/messages`)).json()) as Detail;
    expect(mails.message.text).toContain('<script>alert(1)</script>');
    expect(mails.message.subject).toBe('Registerutdrag');
    expect((await get(`/api/requests/${request.id}/messages`, {})).status).toBe(401);
    expect(detail.classification).toMatchObject({ category: 'request', confidence: 0.92 });
    expect(detail.actions).toEqual(expect.arrayContaining(['approve', 'reject', 'extend', 'more-info']));
    expect(JSON.stringify(detail.tasks)).not.toContain('token-');
    expect(detail.request.subjectKey).toBeUndefined();
  });

  it("shows the subject's consents and their history on the request page", async () => {
    const subjectKey = subjectKeyOf('consent.holder@example.se', stack.secrets.subjectKey);
    const ledger = new DynamoDbConsentStore(stack.env.CONSENTS_TABLE ?? '');
    await ledger.record(subjectKey, {
      purpose: 'newsletter',
      kind: 'given',
      at: '2026-01-10T09:00:00.000Z',
      channel: 'form',
      textVersion: 'newsletter-v3',
      evidence: { form: 'signup' },
    });
    await ledger.record(subjectKey, {
      purpose: 'newsletter',
      kind: 'objected',
      at: '2026-03-02T12:00:00.000Z',
      channel: 'link',
    });
    const request = await seedRequest(stack, {
      subjectEmail: 'consent.holder@example.se',
      subjectKey,
      types: ['objection'],
    });
    const detail = (await (await get(`/api/requests/${request.id}`)).json()) as Detail;
    expect(detail.consents.states).toEqual([
      expect.objectContaining({ purpose: 'newsletter', status: 'objected' }),
    ]);
    expect(detail.consents.history.map((c: Detail) => c.kind)).toEqual(['given', 'objected']);
  });

  it('answers 404 for an unknown request', async () => {
    expect((await get('/api/requests/R-NOPE')).status).toBe(404);
  });
});

describe('staff actions', () => {
  it('approves a review once: the workflow gets {decision: approve}, a second click gets 409', async () => {
    const request = await seedRequest(stack, { tasks: [{}] });
    const response = await post(`/api/requests/${request.id}/approve`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'collecting' });
    const success = sfn.calls.find(
      (c) => c.target === 'SendTaskSuccess' && c.body.taskToken === `token-${request.id}-review`,
    );
    expect(JSON.parse(String(success?.body.output))).toEqual({ decision: 'approve' });
    expect((await post(`/api/requests/${request.id}/approve`)).status).toBe(409);
    const events = await eventsOf(stack, request.id);
    expect(events.find((e) => e.action === 'review_approved')?.actor).toBe('staff:privacy.officer');
  });

  it('rejects with a reason from the list only', async () => {
    const request = await seedRequest(stack, { tasks: [{}] });
    expect((await post(`/api/requests/${request.id}/reject`, { reason: 'because' })).status).toBe(400);
    const response = await post(`/api/requests/${request.id}/reject`, { reason: 'duplicate' });
    expect(await response.json()).toMatchObject({ status: 'rejected', statusReason: 'duplicate' });
    const success = sfn.calls.find(
      (c) => c.target === 'SendTaskSuccess' && c.body.taskToken === `token-${request.id}-review`,
    );
    expect(JSON.parse(String(success?.body.output))).toEqual({
      decision: 'reject',
      reason: 'duplicate',
    });
  });

  it('reclassifies before approval, with the change audited', async () => {
    const request = await seedRequest(stack, { tasks: [{}] });
    const response = await post(`/api/requests/${request.id}/reclassify`, { types: ['erasure', 'access'] });
    expect(response.status).toBe(200);
    const detail = (await (await get(`/api/requests/${request.id}`)).json()) as Detail;
    expect(detail.request.types).toEqual(['access', 'erasure']);
    const event = (await eventsOf(stack, request.id)).find((e) => e.action === 'reclassified');
    expect(event).toMatchObject({
      actor: 'staff:privacy.officer',
      detail: { from: ['access'], to: ['access', 'erasure'] },
    });
  });

  it('asks for more information: mails the subject once and pauses the clock; approval resumes it', async () => {
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const request = await seedRequest(stack, { tasks: [{}], pausedSince: undefined });
    const asked = await post(`/api/requests/${request.id}/more-info`, {
      question: 'Which customer number did you have?',
    });
    expect(await asked.json()).toMatchObject({ status: 'awaiting_review', pausedSince: expect.any(String) });
    const mail = (await outbox(stack)).find(
      (m) => m.subject.includes(request.id) && m.body.text?.includes('customer number'),
    );
    expect(mail?.destination.to).toEqual(['astrid.lindqvist@example.se']);

    const paused = await seedRequest(stack, { tasks: [{}], pausedSince: tenDaysAgo });
    const approved = (await (await post(`/api/requests/${paused.id}/approve`)).json()) as { dueAt: string };
    // Ten paused days count from the unmoved one-month date; only the result moves to a working day.
    const unmoved = addMonths(localDateOf(paused.receivedAt), 1);
    expect(approved.dueAt >= addDays(unmoved, 10)).toBe(true);
    expect(approved.dueAt <= addDays(unmoved, 14)).toBe(true);
  });

  it('extends the deadline once, within the first month, and tells the subject', async () => {
    const request = await seedRequest(stack, { tasks: [{}] });
    const response = await post(`/api/requests/${request.id}/extend`, {
      months: 2,
      reason: 'Many systems to search',
    });
    const body = (await response.json()) as { dueAt: string };
    expect(response.status).toBe(200);
    expect(body.dueAt > addDays(request.dueAt, 55)).toBe(true);
    expect((await post(`/api/requests/${request.id}/extend`, { months: 1, reason: 'again' })).status).toBe(
      409,
    );
    const mail = (await outbox(stack)).find(
      (m) => m.subject.includes(request.id) && m.body.text?.includes('Many systems to search'),
    );
    expect(mail).toBeDefined();

    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const late = await seedRequest(stack, { receivedAt: old });
    expect((await post(`/api/requests/${late.id}/extend`, { months: 1, reason: 'late' })).status).toBe(409);
  });

  it('completes manual tasks with the contract of each kind', async () => {
    const request = await seedRequest(stack, {
      status: 'awaiting_action',
      statusReason: 'corrections',
      tasks: [{ taskId: 'manual:rectification', kind: 'manual', instructions: 'Correct the items' }],
    });
    const bad = await post(`/api/requests/${request.id}/complete-task`, {
      taskId: 'manual:rectification',
      output: { outcome: 'done' },
    });
    expect(bad.status).toBe(400);
    const ok = await post(`/api/requests/${request.id}/complete-task`, {
      taskId: 'manual:rectification',
      output: { correctedItems: ['CRM: phone number'] },
    });
    expect(ok.status).toBe(200);
    const success = sfn.calls.find((c) => c.body.taskToken === `token-${request.id}-manual:rectification`);
    expect(JSON.parse(String(success?.body.output))).toEqual({ correctedItems: ['CRM: phone number'] });
  });

  it('approves an erasure plan and shows the plan on the request', async () => {
    const request = await seedRequest(stack, {
      status: 'awaiting_action',
      statusReason: 'erasure_plan',
      types: ['erasure'],
      tasks: [{ taskId: 'erasure_plan', kind: 'erasure_plan' }],
    });
    const ok = await post(`/api/requests/${request.id}/approve-erasure-plan`);
    expect(await ok.json()).toMatchObject({ status: 'executing' });
    const success = sfn.calls.find((c) => c.body.taskToken === `token-${request.id}-erasure_plan`);
    expect(JSON.parse(String(success?.body.output))).toEqual({ decision: 'approve' });
  });

  it('answers 409 when the workflow no longer waits for the task', async () => {
    const request = await seedRequest(stack, { tasks: [{ taskToken: 'gone-1' }] });
    const response = await post(`/api/requests/${request.id}/approve`);
    expect(response.status).toBe(409);
  });

  it('retries a failed request in a new execution named <id>-retry-1 that resumes at the failed step', async () => {
    const request = await seedRequest(stack, { status: 'replying' });
    const { DynamoDbRequestStore } = await import('../../functions/adapters/dynamodb-request-store');
    await new DynamoDbRequestStore(stack.env.REQUESTS_TABLE ?? '').transition(request.id, {
      from: ['replying'],
      to: 'failed',
      reason: 'step_failed',
      actor: 'system:workflow',
      action: 'status_changed',
      detail: { error: 'Lambda.Unknown' },
    });
    const response = await post(`/api/requests/${request.id}/retry`);
    expect(await response.json()).toMatchObject({ status: 'replying' });
    const start = sfn.calls.find(
      (c) => c.target === 'StartExecution' && c.body.name === `${request.id}-retry-1`,
    );
    expect(JSON.parse(String(start?.body.input))).toMatchObject({
      requestId: request.id,
      resumeFrom: 'Reply',
      config: expect.any(Object),
    });
  });

  it('cancels: stops the execution and closes the request', async () => {
    const request = await seedRequest(stack, { tasks: [{}] });
    const response = await post(`/api/requests/${request.id}/cancel`);
    expect(await response.json()).toMatchObject({ status: 'cancelled' });
    expect(
      sfn.calls.some(
        (c) => c.target === 'StopExecution' && String(c.body.executionArn).endsWith(`:${request.id}`),
      ),
    ).toBe(true);
    expect((await post(`/api/requests/${request.id}/cancel`)).status).toBe(409);
  });
});

describe('dashboard', () => {
  it('counts open, due soon and overdue requests, by type and channel', async () => {
    const long = new Date(Date.now() - 45 * 86_400_000).toISOString();
    await seedRequest(stack, { receivedAt: long, status: 'collecting' });
    await seedRequest(stack, {
      dueAt: addDays(localDateOf(new Date()), 2),
      channel: 'form',
      types: ['erasure'],
    });
    const d = (await (await get('/api/dashboard')).json()) as Detail;
    expect(d.overdue).toBeGreaterThanOrEqual(1);
    expect(d.dueSoon).toBeGreaterThanOrEqual(1);
    expect(d.byChannel.form).toBeGreaterThanOrEqual(1);
    expect(d.byType.erasure).toBeGreaterThanOrEqual(1);
    expect(d.open).toBeGreaterThanOrEqual(d.overdue + d.dueSoon);
  });
});
