import { describe, expect, it } from 'vitest';
import { eraseOwnCopies, expireOwnCopies, ownCopiesExpireAt } from '../../functions/core/erasure/own-copies';
import type { ObjectStore } from '../../functions/core/request/artefacts';
import type { AuditEvent, Status } from '../../functions/core/request/request';

function memoryObjects(keys: string[]): ObjectStore & { keys: Set<string> } {
  const all = new Set(keys);
  return {
    keys: all,
    getText: async () => undefined,
    put: async (key) => void all.add(key),
    copy: async (_from, to) => void all.add(to),
    list: async (prefix) => [...all].filter((k) => k.startsWith(prefix)).sort(),
    delete: async (key) => void all.delete(key),
  };
}

const closed = (at: string): AuditEvent => ({
  at,
  actor: 'system:workflow',
  action: 'request_closed',
  fromStatus: 'replying',
  toStatus: 'completed',
});
const built = (at: string, linkExpiresAt: string): AuditEvent => ({
  at,
  actor: 'system:workflow',
  action: 'access_package_built',
  detail: { linkExpiresAt },
});

describe("Privacy Desk's own copies of a subject's data", () => {
  it("Art. 17(1): a certified erasure deletes the findings and packages of the subject's other requests, and notes it in their trails", async () => {
    const objects = memoryObjects([
      'findings/PD-OLD/crm.json',
      'packages/PD-OLD/manifest.json',
      'packages/PD-OLD/summary.html',
      'findings/PD-OTHER-PERSON/crm.json',
      'packages/PD-ERASE/summary.html',
      'erasure/PD-OLD/plan.json',
    ]);
    const events: [string, AuditEvent][] = [];
    const result = await eraseOwnCopies(
      { requestId: 'PD-ERASE', subjectKey: 'subject' },
      {
        requestsOfSubject: async () => ['PD-OLD', 'PD-ERASE', 'PD-EMPTY'],
        objects,
        appendEvent: async (id, event) => void events.push([id, event]),
        now: new Date('2026-11-25T12:00:00Z'),
      },
    );
    expect(result).toEqual({ requests: ['PD-OLD'], objectsDeleted: 3 });
    expect([...objects.keys].sort()).toEqual([
      'erasure/PD-OLD/plan.json',
      'findings/PD-OTHER-PERSON/crm.json',
      // The erasure request's own package: the subject asked for that copy; it goes with its link.
      'packages/PD-ERASE/summary.html',
    ]);
    expect(events).toEqual([
      [
        'PD-OLD',
        expect.objectContaining({
          action: 'own_copies_erased',
          detail: { byErasure: 'PD-ERASE', objectsDeleted: 3 },
        }),
      ],
    ]);
  });

  it('Art. 5(1)(e): the copies of a closed request expire with its package link, or at closure without one', async () => {
    expect(
      ownCopiesExpireAt([
        built('2026-11-01T10:00:00Z', '2026-11-08T10:00:00Z'),
        closed('2026-11-01T11:00:00Z'),
      ]),
    ).toBe('2026-11-08T10:00:00Z');
    expect(ownCopiesExpireAt([closed('2026-11-01T11:00:00Z')])).toBe('2026-11-01T11:00:00Z');
    expect(ownCopiesExpireAt([built('2026-11-01T10:00:00Z', '2026-11-08T10:00:00Z')])).toBeUndefined();

    const objects = memoryObjects([
      'findings/PD-A/crm.json',
      'packages/PD-A/summary.html',
      'findings/PD-B/crm.json',
    ]);
    const trails: Record<string, AuditEvent[]> = {
      'PD-A': [built('2026-11-01T10:00:00Z', '2026-11-08T10:00:00Z'), closed('2026-11-01T11:00:00Z')],
      'PD-B': [built('2026-11-05T10:00:00Z', '2026-11-12T10:00:00Z'), closed('2026-11-05T11:00:00Z')],
    };
    const marked: string[] = [];
    const result = await expireOwnCopies({
      listUnexpired: async (status: Status) =>
        status === 'completed' ? [{ id: 'PD-A' }, { id: 'PD-B' }] : [],
      listEvents: async (id) => trails[id] ?? [],
      objects,
      markExpired: async (id) => void marked.push(id),
      appendEvent: async () => {},
      now: new Date('2026-11-10T00:00:00Z'),
    });
    expect(result).toEqual({ expired: ['PD-A'], objectsDeleted: 2 });
    expect(marked).toEqual(['PD-A']);
    expect([...objects.keys]).toEqual(['findings/PD-B/crm.json']);
  });
});
