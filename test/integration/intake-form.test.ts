import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRequests, outbox, startTestStack, type TestStack, waitFor } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ env: { FORM_LIMIT_PER_ADDRESS: '3', FORM_LIMIT_PER_IP: '12' } });
});

afterAll(async () => {
  // Let running workflows reach a wait or their end before the stand-ins stop under them.
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

const postJson = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.urls.http}/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const postForm = (pairs: [string, string][], query = '', headers: Record<string, string> = {}) =>
  fetch(`${stack.urls.http}/requests${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(pairs).toString(),
  });
const requestsFor = async (address: string) =>
  (await allRequests(stack)).filter((r) => r.subjectEmail === address);

describe('the form page', () => {
  it('is served at / in the browser language, switchable with ?lang=, under a strict CSP', async () => {
    const swedish = await fetch(`${stack.urls.http}/`, {
      headers: { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.8' },
    });
    expect(swedish.status).toBe(200);
    expect(swedish.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(swedish.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await swedish.text();
    expect(page).toContain('<html lang="sv">');
    expect(page).toContain('Radera mina uppgifter');
    expect(page).toContain('name="website"');

    const norwegian = await (
      await fetch(`${stack.urls.http}/?lang=nb`, { headers: { 'accept-language': 'sv' } })
    ).text();
    expect(norwegian).toContain('<html lang="nb">');
    expect(norwegian).toContain('Slette opplysningene mine');
    const english = await (
      await fetch(`${stack.urls.http}/`, { headers: { 'accept-language': 'fi,de;q=0.5' } })
    ).text();
    expect(english).toContain('<html lang="en">');
  });
});

describe('a valid submission', () => {
  it('as JSON: 202 with the request id, a stored form request, a workflow and an acknowledgement mail', async () => {
    const email = 'form-json@example.org';
    const response = await postJson(
      {
        email: 'Form-JSON@example.org',
        name: 'Eva Berg',
        types: ['access', 'erasure'],
        relationship: 'candidate',
        text: 'Hej',
      },
      { 'accept-language': 'sv' },
    );
    expect(response.status).toBe(202);
    // The answer names no request: the reference goes to the address typed in.
    expect(JSON.stringify(await response.json())).not.toMatch(/PD-\d{8}-/);
    const [request] = await requestsFor(email);
    expect(String(request?.id)).toMatch(/^PD-\d{8}-[A-Z2-9]{6}$/);
    expect(request).toMatchObject({
      channel: 'form',
      types: ['access', 'erasure'],
      language: 'sv',
    });
    expect(request?.form).toEqual({ name: 'Eva Berg', relationship: 'candidate', text: 'Hej' });
    const ack = await waitFor(
      async () => (await outbox(stack)).find((m) => m.destination.to.includes(email)),
      'the acknowledgement',
    );
    expect(ack.subject).toContain(String(request?.id));
    expect(stack.stepFunctions.listExecutions().some((e) => e.name === request?.id)).toBe(true);
  });

  it('posted by the page: an HTML confirmation that names no request id', async () => {
    const response = await postForm(
      [
        ['lang', 'nb'],
        ['email', 'form-page@example.org'],
        ['types', 'objection'],
        ['types', 'withdraw_consent'],
        ['relationship', 'event_contact'],
        ['text', ''],
        ['website', ''],
      ],
      '?lang=nb',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const page = await response.text();
    const [request] = await requestsFor('form-page@example.org');
    expect(request).toMatchObject({
      types: ['objection', 'withdraw_consent'],
      language: 'nb',
      channel: 'form',
    });
    expect(page).not.toContain(String(request?.id));
    expect(page).toContain('Takk, vi har mottatt forespørselen din');
  });

  it('Art. 7(3): a withdrawal whose text names the newsletter carries that scope, not every consent', async () => {
    const response = await postJson({
      email: 'form-withdraws@example.org',
      types: ['withdraw_consent'],
      text: 'Jag återkallar mitt samtycke till nyhetsbrevet.',
      relationship: 'customer',
    });
    expect(response.status).toBe(202);
    const [request] = await requestsFor('form-withdraws@example.org');
    expect(request?.consentScope).toEqual({ marketing: [], general: false, withdraw: ['newsletter'] });
  });

  it('with free text only: the text is classified into request types', async () => {
    const response = await postJson({
      email: 'form-text@example.org',
      text: 'Please delete all my personal data.',
      relationship: 'customer',
    });
    expect(response.status).toBe(202);
    const [request] = await requestsFor('form-text@example.org');
    expect(request).toMatchObject({ status: expect.not.stringMatching(/^triage$/), types: ['erasure'] });
  });

  it('sent twice with the same content: the same request', async () => {
    const body = {
      email: 'form-twice@example.org',
      types: ['access'],
      text: 'Send  me my data',
      relationship: 'customer',
    };
    expect((await postJson(body)).status).toBe(202);
    expect((await postJson({ ...body, text: 'send me my DATA ' })).status).toBe(202);
    expect(await requestsFor('form-twice@example.org')).toHaveLength(1);
  });
});

describe('an invalid submission', () => {
  const invalid = { email: 'not-an-address', types: [], text: '', relationship: 'alien' };

  it.each([
    ['sv', 'Ange en giltig e-postadress', 'Välj minst en typ av begäran', 'Välj ett av alternativen'],
    ['nb', 'Oppgi en gyldig e-postadresse', 'Velg minst én type forespørsel', 'Velg ett av alternativene'],
    ['en', 'Enter a valid email address', 'Choose at least one type of request', 'Choose one of the options'],
  ])('answers 400 with a message per field in %s', async (lang, email, types, relationship) => {
    const response = await postJson(invalid, { 'accept-language': lang });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: Record<string, string> };
    expect(errors.email).toContain(email);
    expect(errors.types).toContain(types);
    expect(errors.relationship).toContain(relationship);
    expect(Object.keys(errors).sort()).toEqual(['email', 'relationship', 'types']);
  });

  it('shows the page again with the messages and the values typed, HTML-escaped', async () => {
    const response = await postForm([
      ['lang', 'en'],
      ['email', '"><script>alert(1)</script>'],
      ['relationship', ''],
      ['text', '<b>delete</b> me'],
    ]);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('Enter a valid email address');
    expect(page).toContain('Please fill in this field.');
    expect(page).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;b&gt;delete&lt;/b&gt; me');
    expect(page).not.toContain('<script>');
  });

  it('stores nothing', async () => {
    expect((await allRequests(stack)).some((r) => r.subjectEmail === 'not-an-address')).toBe(false);
  });
});

describe('abuse guards', () => {
  it('answers a filled honeypot as if accepted, and stores nothing', async () => {
    const response = await postJson({
      email: 'bot@example.org',
      types: ['erasure'],
      relationship: 'customer',
      website: 'http://spam.example',
    });
    expect(response.status).toBe(202);
    expect(((await response.json()) as { received: boolean }).received).toBe(true);
    expect(await requestsFor('bot@example.org')).toHaveLength(0);
    expect((await outbox(stack)).some((m) => m.destination.to.includes('bot@example.org'))).toBe(false);
  });

  it('limits submissions per address: 429 with a message in the page language', async () => {
    const statuses: number[] = [];
    for (const type of ['access', 'erasure', 'objection', 'restriction']) {
      const response = await postJson(
        { email: 'busy@example.org', types: [type], relationship: 'customer' },
        { 'accept-language': 'nb' },
      );
      statuses.push(response.status);
      if (response.status === 429) {
        expect(((await response.json()) as { detail: string }).detail).toContain('Prøv igjen om en time');
        expect(response.headers.get('retry-after')).toBe('3600');
      }
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(await requestsFor('busy@example.org')).toHaveLength(3);
  });

  it('limits submissions per source address, and shows the page with the message', async () => {
    let response: Response | undefined;
    for (let i = 0; i < 13; i++) {
      response = await postForm([
        ['lang', 'sv'],
        ['email', `many-${i}@example.org`],
        ['types', 'access'],
        ['relationship', 'website_visitor'],
      ]);
      if (response.status === 429) break;
    }
    expect(response?.status).toBe(429);
    expect(await response?.text()).toContain('Försök igen om en timme');
  });
});
