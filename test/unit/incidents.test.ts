import { describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { INCIDENT_TEXTS } from '../../config/templates';
import { findStore } from '../../functions/core/datamap';
import { ConflictError, MailNotSentError, ValidationError } from '../../functions/core/errors';
import { runIncidentClock } from '../../functions/core/incidents/incident-clock';
import {
  approveNotice,
  noticePreview,
  notifySubjects,
} from '../../functions/core/incidents/incident-notices';
import {
  authorityNotice,
  authorityNoticeHtml,
  registerCsv,
  registerRows,
} from '../../functions/core/incidents/incident-register';
import {
  affectedSubjectsOf,
  noticeLanguageOf,
  scopeIncident,
} from '../../functions/core/incidents/incident-scope';
import {
  assessIncident,
  clockStateOf,
  closeIncident,
  type Incident,
  incidentQueue,
  openIncident,
  recordFiling,
  updateFacts,
} from '../../functions/core/incidents/incidents';
import { parseMailbox } from '../../functions/core/intake/mailbox';
import type { OutgoingMail } from '../../functions/core/ports';
import { memoryIncidents } from '../support/memory-incidents';

const HOUR = 3_600_000;
const T0 = new Date('2026-12-01T08:00:00.000Z');

function setup(now = T0) {
  const clock = { current: now, now: () => clock.current };
  const incidents = memoryIncidents();
  const sent: OutgoingMail[] = [];
  const mailer = {
    failNext: false,
    send: async (mail: OutgoingMail) => {
      if (mailer.failNext) {
        mailer.failNext = false;
        throw new MailNotSentError('throttled');
      }
      sent.push(mail);
      return { messageId: `m-${sent.length}` };
    },
  };
  const deps = {
    incidents,
    clock,
    mailer,
    dataMap: DEMO_DATA_MAP,
    mailbox: parseMailbox('gdpr@example.com'),
    incidentTexts: INCIDENT_TEXTS,
    subjectKeySecret: 'test-secret',
    search: {
      search: async () => [
        { recordId: 'a', email: 'Astrid.Lindqvist@example.se' },
        { recordId: 'b', email: 'astrid.lindqvist@example.se' },
        { recordId: 'c', email: 'ola.nordmann@example.no' },
        { recordId: 'd', email: 'kim@example.dk', language: 'sv' },
        { recordId: 'e' },
      ],
    },
  };
  return { deps, clock, sent, mailer, incidents };
}

const open = (deps: ReturnType<typeof setup>['deps'], awareAt = T0.toISOString()) =>
  openIncident({ title: 'Leaked export', awareAt, source: 'staff', actor: 'staff:a' }, deps);

describe('the 72-hour clock', () => {
  it('runs from awareness: 24 h and 6 h alarms, then late; filed or assessed as no risk stops it', async () => {
    const { deps } = setup();
    const incident = await open(deps);
    expect(incident.authorityDeadline).toBe('2026-12-04T08:00:00.000Z');
    const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
    expect(clockStateOf(incident, at(47))).toBe('running');
    expect(clockStateOf(incident, at(48))).toBe('24h');
    expect(clockStateOf(incident, at(66))).toBe('6h');
    expect(clockStateOf(incident, at(72))).toBe('passed');
    const harmless: Incident = {
      ...incident,
      assessment: { risk: 'no_risk', reasoning: 'x', assessedAt: '', assessedBy: '' },
    };
    expect(clockStateOf(harmless, at(80))).toBe('not_required');
  });

  it('refuses awareness in the future, and moves the deadline when awareness is corrected', async () => {
    const { deps } = setup();
    await expect(open(deps, '2026-12-02T08:00:00.000Z')).rejects.toBeInstanceOf(ValidationError);
    const incident = await open(deps);
    const moved = await updateFacts(
      incident.incidentId,
      { awareAt: '2026-11-30T08:00:00Z' },
      'staff:a',
      deps,
    );
    expect(moved.authorityDeadline).toBe('2026-12-03T08:00:00.000Z');
  });

  it('alarms once per threshold, and gives the claim back when the mail was not sent', async () => {
    const { deps, clock, sent, mailer } = setup();
    const incident = await open(deps);
    const clockDeps = { ...deps, staffAddress: 'staff@example.com' };
    clock.current = new Date(T0.getTime() + 50 * HOUR);
    mailer.failNext = true;
    await expect(runIncidentClock(clockDeps)).rejects.toBeInstanceOf(MailNotSentError);
    expect((await runIncidentClock(clockDeps)).alarms).toEqual([
      { incidentId: incident.incidentId, state: '24h' },
    ]);
    expect((await runIncidentClock(clockDeps)).alarms).toEqual([]);
    clock.current = new Date(T0.getTime() + 67 * HOUR);
    expect((await runIncidentClock(clockDeps)).alarms).toEqual([
      { incidentId: incident.incidentId, state: '6h' },
    ]);
    expect(sent.map((m) => m.to)).toEqual(['staff@example.com', 'staff@example.com']);
    expect(sent[0]?.text).not.toContain('Leaked export');
  });

  it('puts late incidents first in the queue and closed ones last', async () => {
    const { deps, clock } = setup();
    const early = await open(deps, new Date(T0.getTime() - 80 * HOUR).toISOString());
    const fresh = await open(deps);
    await assessIncident(fresh.incidentId, { risk: 'no_risk', reasoning: 'Encrypted.' }, 'staff:a', deps);
    await closeIncident(fresh.incidentId, 'no risk', 'staff:a', deps);
    const later = await open(deps, new Date(T0.getTime() - 10 * HOUR).toISOString());
    const queue = incidentQueue(await deps.incidents.list(), clock.now());
    expect(queue.map((q) => q.incidentId)).toEqual([early.incidentId, later.incidentId, fresh.incidentId]);
  });
});

describe('filing with the authority', () => {
  it('asks for the reasons of a late first filing, then takes further phases, and closes on the final one', async () => {
    const { deps, clock } = setup();
    const incident = await open(deps);
    clock.current = new Date(T0.getTime() + 80 * HOUR);
    await expect(
      recordFiling(incident.incidentId, { phase: 'initial', channel: 'imy_e_service' }, 'staff:a', deps),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      recordFiling(incident.incidentId, { phase: 'supplementary', channel: 'email' }, 'staff:a', deps),
    ).rejects.toBeInstanceOf(ValidationError);
    await recordFiling(
      incident.incidentId,
      { phase: 'initial', channel: 'imy_e_service', lateReason: 'Found at the audit.' },
      'staff:a',
      deps,
    );
    await expect(
      recordFiling(incident.incidentId, { phase: 'initial', channel: 'email' }, 'staff:a', deps),
    ).rejects.toBeInstanceOf(ConflictError);
    const closed = await recordFiling(
      incident.incidentId,
      { phase: 'final', channel: 'email' },
      'staff:a',
      deps,
    );
    expect(closed.status).toBe('closed');
    expect(closed.filings.map((f) => [f.phase, f.lateReason])).toEqual([
      ['initial', 'Found at the audit.'],
      ['final', undefined],
    ]);
  });

  it('will not close an incident at risk before it is notified', async () => {
    const { deps } = setup();
    const incident = await open(deps);
    await assessIncident(
      incident.incidentId,
      { risk: 'risk', reasoning: 'Names and addresses.' },
      'staff:a',
      deps,
    );
    await expect(closeIncident(incident.incidentId, 'done', 'staff:a', deps)).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it("prepares the authority's notice with the controller and escapes every value in the printable page", async () => {
    const { deps, clock } = setup();
    const incident = await open(deps);
    const withFacts = await updateFacts(
      incident.incidentId,
      { description: '<script>alert(1)</script>', consequences: 'Phishing.' },
      'staff:a',
      deps,
    );
    const notice = authorityNotice(withFacts, DEMO_DATA_MAP, clock.now());
    expect(notice).toMatchObject({
      notificationType: 'preliminary',
      late: false,
      controller: { name: 'Nordkonsult AB (demo)', dpoEmail: 'dpo@example.com' },
    });
    const page = authorityNoticeHtml(notice);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });
});

describe('the register', () => {
  it('exports CSV a spreadsheet cannot run as formulas, quoting what needs it', async () => {
    const { deps } = setup();
    const incident = await open(deps);
    const edited = await updateFacts(
      incident.incidentId,
      { title: '=HYPERLINK("http://x")', description: 'a, "b"\nc' },
      'staff:a',
      deps,
    );
    const csv = registerCsv(registerRows([edited]));
    const [, line] = csv.split('\r\n');
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain('"a, ""b""\nc"');
  });
});

describe('who was affected', () => {
  it('tells each person in their own language: the record says, else the address', () => {
    expect(noticeLanguageOf('a@example.se')).toBe('sv');
    expect(noticeLanguageOf('a@example.no')).toBe('nb');
    expect(noticeLanguageOf('a@example.fi')).toBe('en');
    expect(noticeLanguageOf('a@example.se', 'en')).toBe('en');
    expect(noticeLanguageOf('a@example.com', 'no')).toBe('nb');
  });

  it('groups records per person by normalised address and leaves out records without one', () => {
    const crm = findStore(DEMO_DATA_MAP, 'crm');
    if (!crm) throw new Error('no crm store');
    const subjects = affectedSubjectsOf(crm, [
      { recordId: '1', email: ' Astrid.Lindqvist@Example.se' },
      { recordId: '2', email: 'astrid.lindqvist@example.se' },
      { recordId: '3' },
    ]);
    expect(subjects).toEqual([
      {
        email: 'astrid.lindqvist@example.se',
        language: 'sv',
        categories: ['contact-details', 'employer-and-role', 'purchase-history'],
        storeIds: ['crm'],
        records: 2,
      },
    ]);
  });

  it('makes a store no connector can search by date a task for staff', async () => {
    const { deps } = setup();
    const incident = await open(deps);
    const noSearch = { ...deps, search: { search: async () => undefined } };
    const { scope } = await scopeIncident(
      incident.incidentId,
      { storeId: 'file-share', from: '2025-01-01', to: '2025-12-31' },
      'staff:a',
      noSearch,
    );
    expect(scope.outcome).toBe('manual');
    expect(scope.task?.instructions).toBeTruthy();
  });
});

describe('telling the people (Art. 34)', () => {
  async function scoped() {
    const s = setup();
    const incident = await open(s.deps);
    await updateFacts(
      incident.incidentId,
      { description: 'An export leaked.', consequences: 'Phishing.', measuresTaken: 'Closed the share.' },
      'staff:a',
      s.deps,
    );
    await scopeIncident(
      incident.incidentId,
      { storeId: 'crm', from: '2025-01-01', to: '2025-12-31' },
      'staff:a',
      s.deps,
    );
    return { ...s, incidentId: incident.incidentId };
  }

  it('tells nobody unless the risk is high and staff approved exactly the text and list they saw', async () => {
    const { deps, incidentId, sent } = await scoped();
    const preview = await noticePreview(incidentId, undefined, deps);
    expect(preview.subjects.map((s) => [s.email, s.language])).toEqual([
      ['astrid.lindqvist@example.se', 'sv'],
      ['kim@example.dk', 'sv'],
      ['ola.nordmann@example.no', 'nb'],
    ]);
    await expect(
      approveNotice(incidentId, { digest: preview.digest }, 'staff:a', deps),
    ).rejects.toBeInstanceOf(ConflictError);
    await assessIncident(incidentId, { risk: 'high_risk', reasoning: 'Phishing risk.' }, 'staff:a', deps);
    await expect(notifySubjects(incidentId, 'staff:a', deps)).rejects.toBeInstanceOf(ConflictError);
    await expect(approveNotice(incidentId, { digest: 'other' }, 'staff:a', deps)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await approveNotice(incidentId, { digest: preview.digest }, 'staff:a', deps);
    expect(sent).toHaveLength(0);
  });

  it('sends each person one notice in their language, retries what the mail service refused, and never twice', async () => {
    const { deps, incidentId, sent, mailer, incidents } = await scoped();
    await assessIncident(incidentId, { risk: 'high_risk', reasoning: 'Phishing risk.' }, 'staff:a', deps);
    const preview = await noticePreview(incidentId, undefined, deps);
    await approveNotice(incidentId, { digest: preview.digest }, 'staff:a', deps);
    mailer.failNext = true;
    await expect(notifySubjects(incidentId, 'staff:a', deps)).rejects.toBeInstanceOf(MailNotSentError);
    const first = await notifySubjects(incidentId, 'staff:a', deps);
    expect(first).toMatchObject({ sent: 3, alreadyNotified: 0 });
    expect((await notifySubjects(incidentId, 'staff:a', deps)).sent).toBe(0);
    expect(sent.map((m) => [m.to, m.subject])).toEqual([
      ['astrid.lindqvist@example.se', INCIDENT_TEXTS.sv.noticeSubject],
      ['kim@example.dk', INCIDENT_TEXTS.sv.noticeSubject],
      ['ola.nordmann@example.no', INCIDENT_TEXTS.nb.noticeSubject],
    ]);
    const astrid = sent[0]?.text ?? '';
    for (const part of ['An export leaked.', 'Phishing.', 'Closed the share.', 'dpo@example.com', incidentId])
      expect(astrid).toContain(part);
    expect(astrid).toContain('kontaktuppgifter, arbetsgivare och roll och köphistorik');
    const audit = (await incidents.listEvents(incidentId)).filter((e) => e.action === 'subject_notified');
    expect(audit).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain('@');
  });

  it('asks for approval again when the list grew after it', async () => {
    const { deps, incidentId } = await scoped();
    await assessIncident(incidentId, { risk: 'high_risk', reasoning: 'Phishing risk.' }, 'staff:a', deps);
    const preview = await noticePreview(incidentId, undefined, deps);
    await approveNotice(incidentId, { digest: preview.digest }, 'staff:a', deps);
    const more = { ...deps, search: { search: async () => [{ recordId: 'x', email: 'new@example.se' }] } };
    await scopeIncident(
      incidentId,
      { storeId: 'billing', from: '2025-01-01', to: '2025-12-31' },
      'staff:a',
      more,
    );
    await expect(notifySubjects(incidentId, 'staff:a', deps)).rejects.toBeInstanceOf(ConflictError);
  });
});
