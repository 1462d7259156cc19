import { describe, expect, it } from 'vitest';
import { REPLY_TEMPLATES } from '../../config/templates';
import type { RequestStore } from '../../functions/core/ports';
import { sendReply } from '../../functions/core/replies/send-reply';
import type { AuditEvent, DsrRequest } from '../../functions/core/request/request';

const REQUEST: DsrRequest = {
  id: 'PD-20261201-ABC123',
  status: 'replying',
  channel: 'email',
  types: ['rectification'],
  language: 'sv',
  subjectEmail: 'astrid.lindqvist@example.se',
  subjectKey: 'key',
  receivedAt: '2026-12-01T09:00:00Z',
  dueAt: '2027-01-04',
  version: 1,
};

/** The request table's claims and trail, in memory: what sendReply writes is what is asserted. */
function memoryRequests(request: DsrRequest) {
  const claims = new Set<string>();
  const events: AuditEvent[] = [];
  const store = {
    getRequest: async () => request,
    claimOnce: async (_id: string, key: string) => {
      if (claims.has(key)) return false;
      claims.add(key);
      return true;
    },
    releaseOnce: async (_id: string, key: string) => void claims.delete(key),
    appendEvent: async (_id: string, event: AuditEvent) => void events.push(event),
    recordOutgoing: async () => undefined,
  } as unknown as RequestStore;
  return { store, claims, events };
}

function deps(requests: RequestStore, sent: string[]) {
  return {
    requests,
    mailer: {
      send: async (mail: { subject: string }) => {
        sent.push(mail.subject);
        return { messageId: `m-${sent.length}` };
      },
    },
    clock: { now: () => new Date('2026-12-10T10:00:00Z') },
    mailbox: { local: 'gdpr', domain: 'example.com' },
    templates: REPLY_TEMPLATES,
  };
}

describe('sendReply', () => {
  it('takes the send-once claim only after the mail rendered, so a retried step sends it', async () => {
    const { store, claims } = memoryRequests(REQUEST);
    const sent: string[] = [];
    // A variable of the wrong shape: the mail cannot be rendered.
    const broken = { correctedItems: 'phone' as unknown as string[] };
    await expect(
      sendReply(
        { requestId: REQUEST.id, template: 'completion_rectification', vars: broken },
        deps(store, sent),
      ),
    ).rejects.toThrow(/correctedItems/);
    expect(claims.size).toBe(0);
    const retried = await sendReply(
      { requestId: REQUEST.id, template: 'completion_rectification', vars: { correctedItems: [] } },
      deps(store, sent),
    );
    expect(retried).toEqual({ sent: true });
    expect(sent).toHaveLength(1);
  });

  it('records why an answer could not be mailed when the request has no address', async () => {
    const { store, events } = memoryRequests({ ...REQUEST, subjectEmail: '' });
    const sent: string[] = [];
    const result = await sendReply(
      { requestId: REQUEST.id, template: 'rejection', vars: { rejectionReason: 'not_a_request' } },
      deps(store, sent),
    );
    expect(result).toEqual({ sent: false });
    expect(sent).toHaveLength(0);
    expect(events.map((e) => [e.action, e.detail])).toEqual([
      ['answer_not_sent', { template: 'rejection', reason: 'no_address' }],
    ]);
  });
});
