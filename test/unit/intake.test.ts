import { describe, expect, it } from 'vitest';
import type { InboundMail } from '../../functions/core/inbound-mail';
import { type IntakeDeps, intakeMail, type MailDelivery, sesMessageIdsOf } from '../../functions/core/intake';
import type { OutgoingMail, RequestStore, StatusChange } from '../../functions/core/ports';
import type { AuditEvent, DsrRequest } from '../../functions/core/request';

/** An in-memory request store with the DynamoDB adapter's semantics. */
function memoryStore() {
  const claims = new Map<string, string>();
  const requests = new Map<string, DsrRequest>();
  const events = new Map<string, AuditEvent[]>();
  const once = new Set<string>();
  const outgoing = new Map<string, string>();
  const store: RequestStore = {
    claimMessage: async (key, id) => {
      const existing = claims.get(key);
      if (existing) return existing;
      claims.set(key, id);
      return undefined;
    },
    putRequest: async (request, event) => {
      if (requests.has(request.id)) return;
      requests.set(request.id, request);
      await store.appendEvent(request.id, event);
    },
    getRequest: async (id) => requests.get(id),
    transition: async (_id: string, _change: StatusChange) => {
      throw new Error('not used');
    },
    appendEvent: async (id, event) => {
      events.set(id, [...(events.get(id) ?? []), event]);
    },
    claimOnce: async (id, key) => {
      if (once.has(`${id}#${key}`)) return false;
      once.add(`${id}#${key}`);
      return true;
    },
    listEvents: async (id) => events.get(id) ?? [],
    recordOutgoing: async (sesId, id) => {
      outgoing.set(sesId, id);
    },
    findOutgoing: async (sesId) => outgoing.get(sesId),
    claimContent: async () => undefined,
  };
  return { store, requests, events };
}

function setup() {
  const memory = memoryStore();
  const sent: OutgoingMail[] = [];
  const started: string[] = [];
  let n = 0;
  const deps: IntakeDeps = {
    requests: memory.store,
    workflow: { start: async (id) => void started.push(id) },
    clock: { now: () => new Date('2026-03-02T10:00:00Z') },
    mailbox: { local: 'gdpr', domain: 'example.com' },
    subjectKeySecret: 'secret',
    raw: { quarantine: async (ref) => ref.replace('/inbound/', '/quarantine/') },
    mailer: {
      send: async (mail) => {
        sent.push(mail);
        return { messageId: `ses-${++n}` };
      },
    },
    staffAddress: 'privacy-staff@example.com',
    rateLimiter: { hit: async () => true, exhausted: async () => false },
    limits: { perAddress: 3, windowSeconds: 3600 },
  };
  return { ...memory, deps, sent, started };
}

const GRAY = { spf: 'GRAY', dkim: 'GRAY', dmarc: 'GRAY', spam: 'GRAY', virus: 'GRAY' } as const;

function delivery(mail: Partial<InboundMail>, extra: Partial<MailDelivery> = {}): MailDelivery {
  return {
    deliveryId: `d-${Math.random()}`,
    rawRef: 's3://bucket/inbound/abc',
    rawSize: 100,
    recipients: ['gdpr@example.com'],
    verdicts: GRAY,
    receivedAt: '2026-03-02T10:00:00.000Z',
    mail: {
      messageId: `<${Math.random()}@example.org>`,
      references: [],
      from: { address: 'kim@example.org' },
      to: ['gdpr@example.com'],
      cc: [],
      subject: '',
      text: '',
      headers: {},
      attachments: [],
      ...mail,
    },
    ...extra,
  };
}

describe('SES message ids in a reply', () => {
  it('finds ours among In-Reply-To and References, newest first', () => {
    expect(
      sesMessageIdsOf({
        inReplyTo: '<0102abc@eu-west-1.amazonses.com>',
        references: [
          '<x@example.org>',
          '<ses-1@eu-north-1.amazonses.com>',
          '<0102abc@eu-west-1.amazonses.com>',
        ],
      }),
    ).toEqual(['0102abc', 'ses-1']);
    expect(sesMessageIdsOf({ references: ['<a@amazonses.com.evil.example>'] })).toEqual([]);
  });
});

describe('intake of one mail', () => {
  it('threads a reply to one of our mails instead of opening a request', async () => {
    const t = setup();
    const first = await intakeMail(
      delivery({ subject: 'Delete my data', text: 'Please erase all my personal data.' }),
      t.deps,
    );
    expect(first.kind).toBe('started');
    await t.deps.requests.recordOutgoing('0102abc', first.kind === 'started' ? first.requestId : '');
    const reply = await intakeMail(
      delivery({
        subject: 'Re: Request',
        text: 'Also send me a copy.',
        inReplyTo: '<0102abc@eu-west-1.amazonses.com>',
      }),
      t.deps,
    );
    expect(reply).toEqual({ kind: 'threaded', requestId: first.kind === 'started' ? first.requestId : '' });
    expect(t.requests.size).toBe(1);
  });

  it('opens a new request when gdpr+<id>@ names a request that does not exist', async () => {
    const t = setup();
    const outcome = await intakeMail(
      delivery(
        { subject: 'Delete my data', text: 'Please erase my data.' },
        { recipients: ['gdpr+PD-20260302-ABCDEF@example.com'] },
      ),
      t.deps,
    );
    expect(outcome.kind).toBe('started');
  });

  it('keeps the sender the mail server read when the mail cannot be parsed, and mails no one', async () => {
    const t = setup();
    const outcome = await intakeMail(
      delivery({}, { mail: undefined, reportedSender: 'Kim.Andersson@Example.org' }),
      t.deps,
    );
    expect(outcome).toMatchObject({ kind: 'triage', reason: 'unparseable_mime' });
    const request = t.requests.get(String((outcome as { requestId: string }).requestId));
    expect(request?.subjectEmail).toBe('kim.andersson@example.org');
    expect(t.events.get(String(request?.id))?.[0]?.detail).toMatchObject({ senderFrom: 'mail_server' });
    expect(t.sent).toHaveLength(0);
  });

  it('trusts the mail over the mail server when the mail names its sender', async () => {
    const t = setup();
    const outcome = await intakeMail(
      delivery(
        { subject: 'Question', text: 'How long do you keep my CV?' },
        { reportedSender: 'bounces@mailer.example.net' },
      ),
      t.deps,
    );
    const request = t.requests.get(String((outcome as { requestId: string }).requestId));
    expect(request?.subjectEmail).toBe('kim@example.org');
    expect(t.events.get(String(request?.id))?.[0]?.detail).not.toHaveProperty('senderFrom');
  });

  it('sends suspected spam to triage without any reply', async () => {
    const t = setup();
    const outcome = await intakeMail(
      delivery(
        { subject: 'Question', text: 'How long do you keep my CV?' },
        { verdicts: { ...GRAY, spam: 'FAIL' } },
      ),
      t.deps,
    );
    expect(outcome).toMatchObject({ kind: 'triage', reason: 'spam_suspected' });
    expect(t.sent).toHaveLength(0);
  });

  it('acknowledges a question once, also when it is delivered twice', async () => {
    const t = setup();
    const mail = delivery({ subject: 'Question', text: 'How long do you keep my CV after I applied?' });
    await intakeMail(mail, t.deps);
    expect(await intakeMail(mail, t.deps)).toMatchObject({ kind: 'duplicate' });
    expect(t.sent.map((m) => m.to)).toEqual(['kim@example.org']);
    expect(t.started).toHaveLength(0);
  });

  it('does not acknowledge a question asked on behalf of someone else, or from a no-reply sender', async () => {
    const t = setup();
    await intakeMail(
      delivery({
        subject: 'Question',
        text: 'How long do you keep my CV?',
        from: { address: 'noreply@example.org' },
      }),
      t.deps,
    );
    expect(t.sent).toHaveLength(0);
  });

  it('quarantines a virus and alerts staff without personal data', async () => {
    const t = setup();
    const outcome = await intakeMail(
      delivery(
        { subject: 'Delete me', text: 'Please delete my data' },
        { verdicts: { ...GRAY, virus: 'FAIL' } },
      ),
      t.deps,
    );
    expect(outcome).toMatchObject({ kind: 'triage', reason: 'virus_detected' });
    const [request] = [...t.requests.values()];
    expect(request?.rawRef).toBe('s3://bucket/quarantine/abc');
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]?.to).toBe('privacy-staff@example.com');
    expect(t.sent[0]?.text).not.toContain('kim@example.org');
  });

  it('restarts the workflow of a request whose first delivery stopped before starting it', async () => {
    const t = setup();
    const mail = delivery({ subject: 'Delete my data', text: 'Please erase all my personal data.' });
    const failing = { ...t.deps, workflow: { start: async () => Promise.reject(new Error('down')) } };
    await expect(intakeMail(mail, failing)).rejects.toThrow('down');
    expect(await intakeMail(mail, t.deps)).toMatchObject({ kind: 'duplicate' });
    expect(t.started).toHaveLength(1);
  });
});
