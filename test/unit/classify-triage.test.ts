import { describe, expect, it } from 'vitest';
import { REPLY_TEMPLATES } from '../../config/templates';
import { classifyMail, needsTriage } from '../../functions/core/intake/classify/classify-mail';
import type { InboundMail } from '../../functions/core/intake/inbound-mail';
import { type IntakeDeps, intakeMail } from '../../functions/core/intake/intake';
import type { OutgoingMail, RequestStore } from '../../functions/core/ports';
import type { AuditEvent, DsrRequest } from '../../functions/core/request/request';
import { memoryFoldedAlerts } from '../support/memory-folded-alerts';

function setup() {
  const requests = new Map<string, DsrRequest>();
  const events = new Map<string, AuditEvent[]>();
  const claims = new Map<string, string>();
  const once = new Set<string>();
  const store: RequestStore = {
    claimMessage: async (key, id) => {
      const existing = claims.get(key);
      if (!existing) claims.set(key, id);
      return existing;
    },
    putRequest: async (request, event) => {
      requests.set(request.id, request);
      events.set(request.id, [event]);
    },
    getRequest: async (id) => requests.get(id),
    transition: async () => {
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
    recordOutgoing: async () => undefined,
    findOutgoing: async () => undefined,
    claimContent: async () => undefined,
  };
  const sent: OutgoingMail[] = [];
  const started: string[] = [];
  const deps: IntakeDeps = {
    requests: store,
    workflow: { start: async (id) => void started.push(id) },
    clock: { now: () => new Date('2026-03-02T10:00:00Z') },
    mailbox: { local: 'gdpr', domain: 'example.com' },
    templates: REPLY_TEMPLATES,
    subjectKeySecret: 'secret',
    raw: { quarantine: async (ref) => ref },
    mailer: {
      send: async (mail) => {
        sent.push(mail);
        return { messageId: `ses-${sent.length}` };
      },
    },
    staffAddress: 'privacy-staff@example.com',
    foldedAlerts: memoryFoldedAlerts(),
    rateLimiter: { hit: async () => true, exhausted: async () => false },
    limits: { perAddress: 3, windowSeconds: 3600 },
    ignored: {
      record: async () => undefined,
      list: async () => [],
      get: async () => undefined,
      markTakenIn: async () => undefined,
    },
    attention: {
      raise: async () => undefined,
      listOpen: async () => [],
      listFor: async () => [],
      resolve: async () => true,
      markOpened: async () => undefined,
    },
  };
  return { deps, requests, events, sent, started };
}

function mail(subject: string, text: string): InboundMail {
  return {
    messageId: `<${subject.length}-${text.length}@example.org>`,
    references: [],
    from: { address: 'kim@example.se' },
    to: ['gdpr@example.com'],
    cc: [],
    subject,
    text,
    headers: {},
    attachments: [],
  };
}

async function intake(m: InboundMail, deps: IntakeDeps) {
  return intakeMail(
    {
      deliveryId: 'd-1',
      rawRef: 's3://bucket/inbound/d-1',
      rawSize: 100,
      recipients: ['gdpr@example.com'],
      verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' },
      receivedAt: '2026-03-02T10:00:00.000Z',
      mail: m,
    },
    deps,
  );
}

describe('a request the classifier is unsure of', () => {
  it('goes to staff triage with the best guess on the request, and the sender hears a person will read it', async () => {
    // Off the lists (objection) or out of the systems (erasure)? The model's guess is short of sure.
    const unsure = mail('', 'jag vill ut ur era listor och system');
    const guess = classifyMail(unsure);
    expect(guess.category, 'the mail must be a request the model is unsure of').toBe('request');
    expect(needsTriage(guess), 'the mail must be below the triage threshold').toBe(true);

    const { deps, requests, events, sent, started } = setup();
    const outcome = await intake(unsure, deps);

    expect(outcome).toMatchObject({ kind: 'triage', reason: 'low_confidence' });
    const request = [...requests.values()][0];
    expect(request).toMatchObject({ status: 'triage', statusReason: 'low_confidence', types: guess.types });
    expect(events.get(request?.id ?? '')?.[0]?.detail).toMatchObject({ confidence: guess.confidence });
    expect(started).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('starts the workflow for a request the classifier is sure of', async () => {
    const sure = mail(
      'Radera mina uppgifter',
      'Hej, jag vill att ni raderar alla mina personuppgifter. Tack!',
    );
    expect(needsTriage(classifyMail(sure))).toBe(false);
    const { deps, started } = setup();
    expect(await intake(sure, deps)).toMatchObject({ kind: 'started' });
    expect(started).toHaveLength(1);
  });
});
