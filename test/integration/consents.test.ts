import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { connectorRegistryFromEnv } from '../../functions/adapters/connectors/connector-registry';
import { DynamoDbRequestStore } from '../../functions/adapters/dynamodb-request-store';
import { listUnsubscribe } from '../../functions/core/consents/unsubscribe-link';
import type { DsrRequest } from '../../functions/core/request/request';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
import { handler as updateConsentsHandler } from '../../functions/workflow-update-consents';
import { LOCAL_CONSENT_API_KEY } from '../../local/consent-secrets';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { lambdaContext, runAsFunction } from '../../local/lambda-runtime';
import { eventsOf, outbox, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let subjects = 0;
/** A fresh address per test: tests never see each other's ledger. */
const newEmail = () => `consent-subject-${++subjects}@example.org`;

beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);

afterAll(async () => {
  await stack?.dispose();
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; key?: string | null; idempotencyKey?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.key !== null) headers['x-api-key'] = options.key ?? LOCAL_CONSENT_API_KEY;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(`${stack.urls.http}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const signUp = (email: string) => ({
  email,
  purpose: 'newsletter',
  textVersion: 'newsletter-sv-2026-01',
  channel: 'form',
  evidence: { formSubmission: 'signup-42' },
});

async function read(email: string, purpose = 'newsletter') {
  const answer = await call('GET', `/consents?email=${encodeURIComponent(email)}&purpose=${purpose}`);
  expect(answer.status).toBe(200);
  const body = answer.body as {
    states: { purpose: string; status: string; version: number }[];
    history: { kind: string; channel: string; evidence?: Record<string, string> }[];
  };
  return { state: body.states[0], history: body.history };
}

describe('consent API', () => {
  it('records give, withdraw and object, and reads the history in order', async () => {
    const email = newEmail();
    const given = await call('POST', '/consents', { body: signUp(email), idempotencyKey: 'give-1' });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ state: { purpose: 'newsletter', status: 'given' }, replayed: false });
    expect(JSON.stringify(given.body)).not.toContain(email);
    const withdrawn = await call('POST', '/consents/withdraw', {
      body: { email, purpose: 'newsletter' },
      idempotencyKey: 'withdraw-1',
    });
    expect(withdrawn.body).toMatchObject({ state: { status: 'withdrawn' } });
    const objected = await call('POST', '/consents/object', {
      body: { email, purpose: 'newsletter', channel: 'mail' },
      idempotencyKey: 'object-1',
    });
    expect(objected.body).toMatchObject({ state: { status: 'objected', version: 3 } });

    const { state, history } = await read(email);
    expect(state).toMatchObject({ status: 'objected', version: 3 });
    expect(history.map((c) => [c.kind, c.channel])).toEqual([
      ['given', 'form'],
      ['withdrawn', 'api'],
      ['objected', 'mail'],
    ]);
  });

  it('answers 409 to consent from a system while an objection is in force', async () => {
    const email = newEmail();
    await call('POST', '/consents/object', {
      body: { email, purpose: 'event_invitations' },
      idempotencyKey: 'o',
    });
    const again = await call('POST', '/consents', {
      body: { email, purpose: 'event_invitations', textVersion: 'events-v1' },
      idempotencyKey: 'g',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ errors: { purpose: expect.any(String) } });
  });

  it('replays an Idempotency-Key without recording twice, and refuses it for another change', async () => {
    const email = newEmail();
    const first = await call('POST', '/consents', { body: signUp(email), idempotencyKey: 'replay-me' });
    const second = await call('POST', '/consents', { body: signUp(email), idempotencyKey: 'replay-me' });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toMatchObject({ replayed: true, change: first.body.change });
    expect((await read(email)).history).toHaveLength(1);
    const reused = await call('POST', '/consents/withdraw', {
      body: { email, purpose: 'newsletter' },
      idempotencyKey: 'replay-me',
    });
    expect(reused.status).toBe(422);
  });

  it('answers 400 with a message per invalid field', async () => {
    const answer = await call('POST', '/consents', {
      body: { email: 'nobody', purpose: 'telemarketing', channel: 'carrier-pigeon', at: 'yesterday' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual({
      'Idempotency-Key': expect.stringContaining('required'),
      email: 'must be an e-mail address',
      purpose: expect.stringContaining('must be one of'),
      channel: expect.stringContaining('must be one of'),
      at: expect.stringContaining('ISO 8601'),
    });
    const noBody = await call('POST', '/consents/withdraw', { idempotencyKey: 'k' });
    expect(noBody).toMatchObject({ status: 400, body: { errors: { body: 'must be a JSON object' } } });
    const badQuery = await call('GET', '/consents?email=x');
    expect(badQuery).toMatchObject({ status: 400, body: { errors: { email: 'must be an e-mail address' } } });
  });

  it('answers 401 without a valid API key and records nothing', async () => {
    const email = newEmail();
    const missing = await call('POST', '/consents', { body: signUp(email), idempotencyKey: 'a', key: null });
    const wrong = await call('POST', '/consents', {
      body: signUp(email),
      idempotencyKey: 'b',
      key: 'guessed-key',
    });
    const reading = await call('GET', `/consents?email=${encodeURIComponent(email)}`, { key: 'guessed-key' });
    expect([missing.status, wrong.status, reading.status]).toEqual([401, 401, 401]);
    expect((await read(email)).history).toHaveLength(0);
  });

  it('keeps one consistent state after two concurrent withdrawals, with both in the history', async () => {
    const email = newEmail();
    await call('POST', '/consents', { body: signUp(email), idempotencyKey: 'give' });
    const answers = await Promise.all(
      ['crm-sync', 'mail-tool'].map((client) =>
        call('POST', '/consents/withdraw', {
          body: { email, purpose: 'newsletter', evidence: { source: client } },
          idempotencyKey: `withdraw-${client}`,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    const { state, history } = await read(email);
    expect(state).toMatchObject({ status: 'withdrawn', version: 3 });
    expect(history.map((c) => c.kind)).toEqual(['given', 'withdrawn', 'withdrawn']);
    expect(
      history
        .map((c) => c.evidence?.source)
        .slice(1)
        .sort(),
    ).toEqual(['crm-sync', 'mail-tool']);
  });
});

describe('one-click unsubscribe link', () => {
  const linkFor = (email: string, purpose: 'newsletter' | 'event_invitations' = 'newsletter') =>
    listUnsubscribe({
      publicBaseUrl: stack.urls.http,
      subjectKey: subjectKeyOf(email, stack.secrets.subjectKey),
      purpose,
      secrets: stack.secrets.unsubscribe.split(','),
      now: new Date(),
    });

  it('shows a confirmation page in the asked language without recording anything', async () => {
    const email = newEmail();
    await call('POST', '/consents', { body: signUp(email), idempotencyKey: 'give' });
    const { url } = linkFor(email);
    const page = await fetch(`${url}&lang=sv`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('lang="sv"');
    expect(html).toContain('<form method="post"');
    const norwegian = await (
      await fetch(url, { headers: { 'accept-language': 'nb-NO,nb;q=0.9,en;q=0.5' } })
    ).text();
    expect(norwegian).toContain('Meld deg av');
    expect((await read(email)).state).toMatchObject({ status: 'given' });
  });

  it('withdraws on an RFC 8058 one-click POST, once', async () => {
    const email = newEmail();
    await call('POST', '/consents', { body: signUp(email), idempotencyKey: 'give' });
    const { url, headers } = linkFor(email);
    expect(headers['List-Unsubscribe']).toBe(`<${url}>`);
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    const [first, second] = [await post(), await post()];
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await first.text()).toContain('You are unsubscribed');
    const { state, history } = await read(email);
    expect(state).toMatchObject({ status: 'withdrawn' });
    expect(history.map((c) => [c.kind, c.channel])).toEqual([
      ['given', 'form'],
      ['withdrawn', 'link'],
    ]);
  });

  it('rejects a forged or altered link with a 400 page and records nothing', async () => {
    const email = newEmail();
    await call('POST', '/consents', { body: signUp(email), idempotencyKey: 'give' });
    const token = new URL(linkFor(email).url).searchParams.get('t') ?? '';
    const [payload = '', signature = ''] = token.split('.');
    // Someone else's subject key in a payload carrying this link's signature.
    const other = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    other.k = subjectKeyOf(newEmail(), stack.secrets.subjectKey);
    const swapped = `${Buffer.from(JSON.stringify(other)).toString('base64url')}.${signature}`;
    const flipped = `${payload}.${signature.slice(0, -3)}${signature.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const forged = `${payload}.${Buffer.alloc(32, 7).toString('base64url')}`;
    for (const bad of [swapped, flipped, forged, 'not-a-token', '']) {
      const target = `${stack.urls.http}/unsubscribe?t=${encodeURIComponent(bad)}&lang=en`;
      const shown = await fetch(target);
      expect(shown.status).toBe(400);
      const posted = await fetch(target, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
      expect(posted.status).toBe(400);
      expect(await posted.text()).toContain('Nothing has been recorded');
    }
    expect((await read(email)).history).toHaveLength(1);
  });
});

describe('workflow step UpdateConsents', () => {
  it('suppresses a newsletter objection in the newsletter store and confirms in the subject language', async () => {
    const ola = KNOWN_SUBJECTS.ola;
    const newsletter = DEMO_DATA_MAP.stores.find((s) => s.id === 'newsletter');
    if (!newsletter) throw new Error('the demo data map has a newsletter store');
    const connector = connectorRegistryFromEnv().connectorFor(newsletter);
    expect((await connector.find({ email: ola.email })).length).toBeGreaterThan(0);

    const request: DsrRequest = {
      id: 'R-CONSENT-OLA',
      status: 'executing',
      channel: 'email',
      types: ['objection'],
      language: 'nb',
      subjectEmail: ola.email,
      subjectKey: subjectKeyOf(ola.email, stack.secrets.subjectKey),
      receivedAt: new Date().toISOString(),
      dueAt: '2026-12-25',
      version: 1,
    };
    await new DynamoDbRequestStore(stack.env.REQUESTS_TABLE ?? '').putRequest(request, {
      at: request.receivedAt,
      actor: 'system:intake',
      action: 'received',
    });
    const invoke = () =>
      runAsFunction('UpdateConsents', () =>
        updateConsentsHandler({ requestId: request.id }, lambdaContext('UpdateConsents')),
      );
    const result = await invoke();
    expect(result).toEqual({
      purposes: ['newsletter', 'event_invitations'],
      suppressedIn: ['newsletter'],
      ledgerOnly: ['events'],
    });
    expect(await connector.find({ email: ola.email })).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(ola.email);

    // A retried step changes nothing and mails nobody twice.
    expect(await invoke()).toEqual(result);
    const mails = (await outbox(stack)).filter((m) => m.destination.to.includes(ola.email));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('R-CONSENT-OLA');
    expect(mails[0]?.body.text).toContain('Å motta nyhetsbrevet vårt på e-post.');
    expect(mails[0]?.body.text).toContain('Hei');

    const ledger = await read(ola.email, 'newsletter');
    expect(ledger.state).toMatchObject({ status: 'objected' });
    const actions = (await eventsOf(stack, request.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['consents_recorded', 'consent_suppressed', 'mail_sent']));
  });
});
