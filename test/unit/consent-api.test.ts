import { describe, expect, it } from 'vitest';
import {
  authenticate,
  changeConsent,
  hashApiKey,
  parseApiKeyHashes,
  readConsents,
  UnauthorisedError,
} from '../../functions/core/consents/consent-api';
import { ObjectionInForceError } from '../../functions/core/consents/consents';
import { ConfigurationError, ValidationError } from '../../functions/core/errors';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
import { MemoryConsentLedger } from '../support/memory-consent-ledger';

const SECRET = 'unit-subject-key-secret-0123456789abcdef';
const client = { id: 'abcdef012345' };

function setup() {
  const ledger = new MemoryConsentLedger();
  const deps = {
    ledger,
    subjectKeyOf: (email: string) => subjectKeyOf(email, SECRET),
    now: () => new Date(),
  };
  return { ledger, deps };
}

const signUp = {
  email: 'Anna.Svensson@example.com',
  purpose: 'newsletter',
  textVersion: 'newsletter-sv-2026-01',
  channel: 'form',
  evidence: { formSubmission: 'f-123' },
};

async function fieldErrors(call: Promise<unknown>): Promise<Record<string, string>> {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fields;
}

describe('API keys', () => {
  const hashes = parseApiKeyHashes(`${hashApiKey('first-key')}, ${hashApiKey('second-key').toUpperCase()}`);

  it('accepts any configured key and names the client by a prefix of its hash', () => {
    expect(authenticate('second-key', hashes)).toEqual({ id: hashApiKey('second-key').slice(0, 12) });
  });

  it('refuses a missing, empty, unknown or oversized key', () => {
    for (const key of [undefined, '', 'third-key', 'x'.repeat(600)]) {
      expect(() => authenticate(key, hashes)).toThrow(UnauthorisedError);
    }
  });

  it('fails loudly on a configuration that is not a list of SHA-256 hashes', () => {
    expect(() => parseApiKeyHashes('')).toThrow(ConfigurationError);
    expect(() => parseApiKeyHashes('plain-text-key')).toThrow(ConfigurationError);
  });
});

describe('changeConsent', () => {
  it('records consent under the subject key, never the address, and replays an idempotency key', async () => {
    const { ledger, deps } = setup();
    const first = await changeConsent('given', JSON.stringify(signUp), 'k-1', client, deps);
    expect(first).toMatchObject({ replayed: false, state: { status: 'given', version: 1 } });
    expect(first.change).not.toHaveProperty('idempotencyKey');
    expect(JSON.stringify(first)).not.toContain('example.com');
    const again = await changeConsent('given', JSON.stringify(signUp), 'k-1', client, deps);
    expect(again).toMatchObject({ replayed: true, state: { version: 1 } });
    const subject = subjectKeyOf('anna.svensson@example.com', SECRET);
    expect(await ledger.history(subject)).toHaveLength(1);
    expect([...ledger.changes.keys()]).toEqual([subject]);
  });

  it('reports every bad field at once', async () => {
    const { deps } = setup();
    const fields = await fieldErrors(
      changeConsent(
        'given',
        JSON.stringify({ email: 'not-an-address', purpose: 'spam', channel: 'fax', kind: 'objected' }),
        undefined,
        client,
        deps,
      ),
    );
    expect(Object.keys(fields).sort()).toEqual(['Idempotency-Key', 'channel', 'email', 'kind', 'purpose']);
  });

  it('asks for the consent text version when consent is given', async () => {
    const { deps } = setup();
    const { textVersion: _omitted, ...withoutText } = signUp;
    expect(await fieldErrors(changeConsent('given', JSON.stringify(withoutText), 'k', client, deps))).toEqual(
      {
        textVersion: expect.stringContaining('is required'),
      },
    );
  });

  it('asks for a JSON object body', async () => {
    const { deps } = setup();
    expect(await fieldErrors(changeConsent('withdrawn', '[1]', 'k', client, deps))).toEqual({
      body: 'must be a JSON object',
    });
  });

  it('defaults the channel to api, which cannot lift an objection', async () => {
    const { deps } = setup();
    await changeConsent(
      'objected',
      JSON.stringify({ email: 'a@example.com', purpose: 'newsletter' }),
      'o',
      client,
      deps,
    );
    const resubscribe = changeConsent(
      'given',
      JSON.stringify({ email: 'a@example.com', purpose: 'newsletter', textVersion: 'v1' }),
      'g',
      client,
      deps,
    );
    await expect(resubscribe).rejects.toThrow(ObjectionInForceError);
  });
});

describe('readConsents', () => {
  it('returns every purpose and the history, oldest first', async () => {
    const { deps } = setup();
    await changeConsent('given', JSON.stringify(signUp), 'g', client, deps);
    await changeConsent(
      'withdrawn',
      JSON.stringify({ email: signUp.email, purpose: 'newsletter' }),
      'w',
      client,
      deps,
    );
    const read = await readConsents({ email: 'anna.svensson@example.com' }, deps);
    expect(read.states).toHaveLength(4);
    expect(read.states.find((s) => s.purpose === 'newsletter')?.status).toBe('withdrawn');
    expect(read.history.map((c) => c.kind)).toEqual(['given', 'withdrawn']);
  });

  it('validates the query', async () => {
    const { deps } = setup();
    expect(await fieldErrors(readConsents({ purpose: 'spam' }, deps))).toEqual({
      email: 'is required',
      purpose: expect.stringContaining('must be one of'),
    });
  });
});
