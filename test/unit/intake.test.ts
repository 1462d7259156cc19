import { describe, expect, it } from 'vitest';
import { REPLY_TEMPLATES } from '../../config/templates';
import type { InboundMail } from '../../functions/core/intake/inbound-mail';
import {
  type IntakeDeps,
  intakeMail,
  type MailDelivery,
  messageKeyOf,
  sesMessageIdsOf,
} from '../../functions/core/intake/intake';
import type { IgnoredMail } from '../../functions/core/intake/not-a-request';
import type { OutgoingMail, RequestStore, StatusChange } from '../../functions/core/ports';
import type { AttentionItem } from '../../functions/core/request/attention';
import type { AuditEvent, DsrRequest } from '../../functions/core/request/request';
import { memoryFoldedAlerts } from '../support/memory-folded-alerts';

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
  const ignored: IgnoredMail[] = [];
  const attention: AttentionItem[] = [];
  let n = 0;
  const deps: IntakeDeps = {
    requests: memory.store,
    workflow: { start: async (id) => void started.push(id) },
    clock: { now: () => new Date('2026-03-02T10:00:00Z') },
    mailbox: { local: 'gdpr', domain: 'example.com' },
    templates: REPLY_TEMPLATES,
    subjectKeySecret: 'secret',
    raw: { quarantine: async (ref) => ref.replace('/inbound/', '/quarantine/') },
    mailer: {
      send: async (mail) => {
        sent.push(mail);
        return { messageId: `ses-${++n}` };
      },
    },
    staffAddress: 'privacy-staff@example.com',
    foldedAlerts: memoryFoldedAlerts(),
    rateLimiter: { hit: async () => true, exhausted: async () => false },
    limits: { perAddress: 3, windowSeconds: 3600 },
    ignored: {
      record: async (mail) => void ignored.push(mail),
      list: async () => ignored,
      get: async (id) => ignored.find((m) => m.mailId === id),
      markTakenIn: async () => undefined,
    },
    attention: {
      raise: async (item) => void attention.push(item),
      listOpen: async () => attention,
      listFor: async (id) => attention.filter((a) => a.requestId === id),
      resolve: async () => true,
      markOpened: async () => undefined,
    },
  };
  return { ...memory, deps, sent, started, ignored, attention };
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

  it("dates a request received 24 November to julafton, a working day under lag (1989:253), unless the company's days off name it", async () => {
    const received = { receivedAt: '2026-11-24T10:00:00.000Z' };
    const legal = setup();
    const plain = await intakeMail(
      delivery({ subject: 'Delete my data', text: 'Please erase all my personal data.' }, received),
      legal.deps,
    );
    const closed = setup();
    closed.deps.daysOff = { eves: ['julafton'] };
    const onEve = await intakeMail(
      delivery({ subject: 'Delete my data', text: 'Please erase all my personal data.' }, received),
      closed.deps,
    );
    const dueOf = (t: typeof legal, outcome: typeof plain) =>
      outcome.kind === 'started' ? t.requests.get(outcome.requestId)?.dueAt : outcome.kind;
    expect(dueOf(legal, plain)).toBe('2026-12-24');
    expect(dueOf(closed, onEve)).toBe('2026-12-28');
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

  it("names in a new hour's security alert the reports folded since the last digest, by request id", async () => {
    const t = setup();
    await t.deps.foldedAlerts.record({
      requestId: 'PD-20260302-FOLD01',
      alertKind: 'security',
      foldedAt: '2026-03-02T09:10:00.000Z',
    });
    await t.deps.foldedAlerts.record({
      requestId: 'PD-20260302-VIRUS1',
      alertKind: 'virus',
      foldedAt: '2026-03-02T09:20:00.000Z',
    });
    await intakeMail(
      delivery({
        subject: 'Possible data breach',
        text: "I think you have a data breach: I could see another candidate's test results and phone number in your portal.",
      }),
      t.deps,
    );
    const [alert] = t.sent;
    expect(alert?.to).toBe('privacy-staff@example.com');
    expect(alert?.text).toContain(
      'Also folded since the last digest, not mailed one by one: 1 between 2 March 2026 at 10:10 (Swedish time) and 2 March 2026 at 10:10 (Swedish time) – PD-20260302-FOLD01',
    );
    expect(alert?.text).not.toContain('PD-20260302-VIRUS1');
    expect(alert?.text).not.toContain('kim@example.org');
  });

  it('folds an alert past the hourly cap: no mail, listed for the digest', async () => {
    const t = setup();
    const capped = { ...t.deps, rateLimiter: { hit: async () => false, exhausted: async () => true } };
    const outcome = await intakeMail(
      delivery({
        subject: 'Possible data breach',
        text: "I think you have a data breach: I could see another candidate's test results and phone number in your portal.",
      }),
      capped,
    );
    expect(t.sent).toHaveLength(0);
    expect(await t.deps.foldedAlerts.listUndigested()).toEqual([
      {
        requestId: outcome.kind === 'triage' ? outcome.requestId : '',
        alertKind: 'security',
        foldedAt: '2026-03-02T10:00:00.000Z',
      },
    ]);
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

describe('replies, request signals and mail that is not a request', () => {
  const startedId = (o: Awaited<ReturnType<typeof intakeMail>>) => (o.kind === 'started' ? o.requestId : '');

  it('opens a new linked request for a reply to a closed case that asks for something, and notes it once', async () => {
    const t = setup();
    const first = startedId(
      await intakeMail(
        delivery({ subject: 'Registerutdrag', text: 'Jag vill ha ett registerutdrag.' }),
        t.deps,
      ),
    );
    const closed = t.requests.get(first);
    if (closed) t.requests.set(first, { ...closed, status: 'completed' });
    await t.deps.requests.recordOutgoing('done-1', first);
    const reply = delivery({
      subject: 'SV: Ärende: Dina personuppgifter är klara att hämta',
      text: 'Tack! Nu vill jag att ni raderar alla mina personuppgifter.',
      inReplyTo: '<done-1@eu-west-1.amazonses.com>',
    });
    const outcome = await intakeMail(reply, t.deps);
    expect(outcome.kind).toBe('started');
    const created = t.requests.get(startedId(outcome));
    expect(created).toMatchObject({ relatedTo: first, types: ['erasure'], receivedAt: reply.receivedAt });
    expect(await intakeMail({ ...reply, deliveryId: 'again' }, t.deps)).toEqual({
      kind: 'duplicate',
      requestId: created?.id,
    });
    const notes = (t.events.get(first) ?? []).filter((e) => e.action === 'related_request_opened');
    expect(notes).toHaveLength(1);
    expect(t.requests.get(first)?.types).toEqual(['access']);
  });

  it('reads in a reply to a closed case only what it asks now, not the erasure it thanks for', async () => {
    const t = setup();
    const first = startedId(
      await intakeMail(delivery({ subject: 'Radera mig', text: 'Radera mitt konto, tack.' }), t.deps),
    );
    const closed = t.requests.get(first);
    if (closed) t.requests.set(first, { ...closed, status: 'completed' });
    await t.deps.requests.recordOutgoing('erased-1', first);
    const thanks = await intakeMail(
      delivery({
        subject: 'SV: Ärende: Dina uppgifter är raderade',
        text: 'Tack för att ni raderade mitt konto så snabbt!',
        inReplyTo: '<erased-1@eu-west-1.amazonses.com>',
      }),
      t.deps,
    );
    expect(thanks).toEqual({ kind: 'threaded', requestId: first });
    expect(t.requests.size).toBe(1);

    const more = await intakeMail(
      delivery({
        subject: 'SV: Ärende: Dina uppgifter är raderade',
        text: 'Ni har raderat mitt konto, men jag får fortfarande sms från er. Skicka mig en kopia av det ni har kvar om mig.',
        inReplyTo: '<erased-1@eu-west-1.amazonses.com>',
      }),
      t.deps,
    );
    expect(more.kind).toBe('started');
    expect(t.requests.get(startedId(more))).toMatchObject({ relatedTo: first, types: ['access'] });
  });

  it('puts a reply asking for more on an open case in front of staff, and a thank-you on a closed one', async () => {
    const t = setup();
    const open = startedId(
      await intakeMail(
        delivery({ subject: 'Registerutdrag', text: 'Jag vill ha ett registerutdrag.' }),
        t.deps,
      ),
    );
    const more = await intakeMail(
      delivery(
        { subject: 'Re: Ärende', text: 'Radera också allt om mig.' },
        { recipients: [`gdpr+${open.toLowerCase()}@example.com`] },
      ),
      t.deps,
    );
    expect(more).toEqual({ kind: 'threaded', requestId: open });
    expect(t.attention).toEqual([
      expect.objectContaining({ requestId: open, kind: 'asked_for_more', types: ['erasure'] }),
    ]);
    expect(t.requests.get(open)?.types).toEqual(['access']);

    const request = t.requests.get(open);
    if (request) t.requests.set(open, { ...request, status: 'completed' });
    // Our own subject names the old request's right: only the reply's text counts.
    await intakeMail(
      delivery(
        { subject: 'SV: Ärende: Ditt registerutdrag', text: 'Tack så mycket!' },
        { recipients: [`gdpr+${open.toLowerCase()}@example.com`] },
      ),
      t.deps,
    );
    expect(t.attention[1]).toMatchObject({ requestId: open, kind: 'reply', requestStatus: 'completed' });
    expect(t.requests.size).toBe(1);
  });

  it('makes a request of a mail that reads like marketing but asks for erasure in its own words', async () => {
    const t = setup();
    const outcome = await intakeMail(
      delivery({
        subject: 'Your newsletter',
        text: 'I no longer wish to receive your newsletter. Please erase all personal data your company holds about me, including what your team noted during our 30-minute phone call last spring.',
      }),
      t.deps,
    );
    expect(outcome.kind).toBe('started');
    expect(t.requests.get(startedId(outcome))?.types).toEqual(['objection', 'erasure']);
    expect(t.ignored).toHaveLength(0);
  });

  it('lists list mail and auto-replies for staff with the reason, whatever their footer says', async () => {
    const t = setup();
    const newsletter = await intakeMail(
      delivery({
        subject: 'Weekly news',
        text: 'News of the week. If you no longer wish to receive these mails, unsubscribe here.',
        headers: { 'list-id': '<weekly.example.org>' },
      }),
      t.deps,
    );
    const autoReply = await intakeMail(
      delivery({
        subject: 'Autosvar',
        text: 'Jag är på semester.',
        headers: { 'auto-submitted': 'auto-replied' },
      }),
      t.deps,
    );
    expect(newsletter).toMatchObject({ kind: 'ignored', reason: 'marketing' });
    expect(autoReply).toMatchObject({ kind: 'ignored', reason: 'automated' });
    expect(t.ignored.map((m) => [m.reason, m.senderEmail])).toEqual([
      ['marketing', 'kim@example.org'],
      ['automated', 'kim@example.org'],
    ]);
    expect(t.requests.size).toBe(0);
  });

  it('keys a delivery by Message-ID, sender and content', () => {
    const one = delivery({ messageId: '<same@example.org>', subject: 'A', text: 'x' });
    expect(messageKeyOf({ ...one, deliveryId: 'other' })).toBe(messageKeyOf(one));
    const otherSender = delivery({
      messageId: '<same@example.org>',
      subject: 'A',
      text: 'x',
      from: { address: 'eve@example.net' },
    });
    const otherText = delivery({ messageId: '<same@example.org>', subject: 'A', text: 'y' });
    expect(messageKeyOf(otherSender)).not.toBe(messageKeyOf(one));
    expect(messageKeyOf(otherText)).not.toBe(messageKeyOf(one));
  });
});

describe('a request on behalf of someone else', () => {
  it('Art. 12(2): without the subject’s address it is held for staff to name them; the writer is acknowledged', async () => {
    const t = setup();
    const outcome = await intakeMail(
      delivery({
        subject: 'Erasure',
        text: 'Hello, I am writing on behalf of my mother. Please erase all personal data you hold about her.',
      }),
      t.deps,
    );
    expect(outcome).toMatchObject({ kind: 'triage', reason: 'subject_not_named' });
    const [request] = [...t.requests.values()];
    expect(request).toMatchObject({ onBehalf: true, subjectEmail: 'kim@example.org', types: ['erasure'] });
    expect(request?.senderEmail).toBeUndefined();
    expect(t.started).toHaveLength(0);
    expect(t.sent.map((m) => m.to)).toEqual(['kim@example.org']);
  });

  it('with the subject’s address in the mail it starts at once, the subject and the representative kept apart', async () => {
    const t = setup();
    const outcome = await intakeMail(
      delivery({
        subject: 'Erasure',
        text: 'I am writing on behalf of my mother, maria.berg@example.org. Please delete her account and all her personal data.',
      }),
      t.deps,
    );
    expect(outcome).toMatchObject({ kind: 'started' });
    const [request] = [...t.requests.values()];
    expect(request).toMatchObject({ subjectEmail: 'maria.berg@example.org', senderEmail: 'kim@example.org' });
  });
});
