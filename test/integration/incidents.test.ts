import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_TEXTS } from '../../config/templates/incident-texts';
import { handler as deadlineWatch } from '../../functions/deadline-watch';
import { handler as incidentClock } from '../../functions/incident-clock';
import { generateDemoData, KNOWN_SUBJECTS } from '../../local/demo-data';
import { lambdaContext, runAsFunction } from '../../local/lambda-runtime';
import {
  allRequests,
  eventsOf,
  outbox,
  sendMail,
  startTestStack,
  type TestStack,
  waitFor,
} from '../support/stack';
import { CSRF, signIn } from '../support/staff';
import { mailsTo } from '../support/workflow';

let stack: TestStack;
let cookie: string;

beforeAll(async () => {
  stack = await startTestStack();
  cookie = await signIn(stack);
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

type Json = Record<string, unknown>;

/** A call to the breach desk's API, as the console and the command line make it. */
async function api(
  method: 'GET' | 'POST',
  path: string,
  body?: Json,
): Promise<{ status: number; data: Json; text: string }> {
  const response = await fetch(`${stack.urls.http}${path}`, {
    method,
    headers: { cookie, ...(method === 'POST' ? { 'content-type': 'application/json', ...CSRF } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let data: Json = {};
  try {
    data = JSON.parse(text) as Json;
  } catch {
    // CSV and HTML answers
  }
  return { status: response.status, data, text };
}

async function ok(method: 'GET' | 'POST', path: string, body?: Json): Promise<Json> {
  const { status, data } = await api(method, path, body);
  if (status >= 300) throw new Error(`${method} ${path} answered ${status}: ${JSON.stringify(data)}`);
  return data;
}

const HOUR = 3_600_000;
const WINDOW = { from: '2025-10-01T00:00:00.000Z', to: '2025-11-30T23:59:59.999Z' };

/** The people whose CRM records fall in the window, from the same generator that seeded the store. */
function crmPeopleIn(window: { from: string; to: string }): string[] {
  const { crm } = generateDemoData({ people: 200, seed: 42 }).records;
  const inWindow = crm.filter((r) => {
    const at = Date.parse(r.activityDate);
    return at >= Date.parse(window.from) && at <= Date.parse(window.to);
  });
  return [...new Set(inWindow.map((r) => r.email.trim().toLowerCase()))].sort();
}

describe('breach desk', () => {
  it('opens an incident from a mailed security report, scopes it, tells the people affected in their languages after approval, and registers it', async () => {
    const reporter = 'morgan.blake@example.com';
    await sendMail(stack, readFileSync('test/fixtures/mail/en-security-breach.eml'), {
      from: reporter,
      to: [stack.mailbox],
    });

    // An incident opens by itself, its deadline 72 hours after the report's receipt.
    const [summary] = await waitFor(async () => {
      const { incidents } = (await ok('GET', '/api/incidents')) as { incidents: Json[] };
      return incidents.length > 0 ? incidents : undefined;
    }, 'the incident');
    const incidentId = String(summary?.incidentId);
    const report = (await allRequests(stack)).find((r) => r.statusReason === 'security_report');
    expect(report).toBeDefined();
    expect(summary?.awareAt).toBe(report?.receivedAt);
    expect(Date.parse(String(summary?.authorityDeadline)) - Date.parse(String(summary?.awareAt))).toBe(
      72 * HOUR,
    );
    expect(summary?.clock).toBe('running');
    // The report's own trail names the incident it opened.
    const opened = await waitFor(
      async () => (await eventsOf(stack, String(report?.id))).find((e) => e.action === 'incident_opened'),
      'the report naming its incident',
    );
    expect(opened.detail).toMatchObject({ incidentId });

    // The reporter is told that the report is being looked into, with the reference.
    const acknowledgement = await waitFor(
      async () =>
        (await outbox(stack)).find(
          (m) => m.destination.to.includes(reporter) && m.subject.includes(incidentId),
        ),
      'the acknowledgement to the reporter',
    );
    expect(acknowledgement.body.text).toContain(incidentId);

    // Staff record the facts, assess the risk as high and scope the incident to the CRM and a window.
    await ok('POST', `/api/incidents/${incidentId}/facts`, {
      description: 'A CRM export was readable through a misconfigured share.',
      subjectCategories: ['customers', 'partner contacts'],
      consequences: 'Phishing using the exposed contact details.',
      measuresTaken: 'The share was closed and access logs reviewed.',
    });
    await ok('POST', `/api/incidents/${incidentId}/assess`, {
      risk: 'high_risk',
      reasoning: 'Contact details with purchase history enable targeted phishing.',
    });
    const scoped = (await ok('POST', `/api/incidents/${incidentId}/scope`, {
      storeId: 'crm',
      ...WINDOW,
    })) as {
      subjects: { email: string; language: string; categories: string[] }[];
    };
    const expected = crmPeopleIn(WINDOW);
    expect(expected.length).toBeGreaterThan(2);
    expect(scoped.subjects.map((s) => s.email).sort()).toEqual(expected);
    expect(expected).toContain(KNOWN_SUBJECTS.astrid.email);
    expect(expected).toContain(KNOWN_SUBJECTS.ola.email);
    // Only what a notice needs: the address, the language, the categories exposed.
    for (const subject of scoped.subjects) {
      expect(Object.keys(subject).sort()).toEqual(['categories', 'email', 'language', 'records', 'storeIds']);
      expect(subject.categories).toContain('contact-details');
    }

    const detail = (await ok('GET', `/api/incidents/${incidentId}`)) as {
      incident: { facts: { approxSubjects: number; approxRecords: number } };
      notice: { digest: string; languages: string[]; approved: boolean };
    };
    expect(detail.incident.facts.approxSubjects).toBe(expected.length);
    expect(detail.notice.approved).toBe(false);

    // Nothing goes out before staff approve the text and the list.
    expect((await api('POST', `/api/incidents/${incidentId}/notify-subjects`, {})).status).toBe(409);
    const texts = {
      sv: {
        nature: 'En export ur vårt kundregister gick att läsa via en felkonfigurerad delning.',
        consequences: 'Någon kan försöka lura dig med riktade mejl.',
        measures: 'Delningen är stängd och åtkomstloggarna granskade.',
      },
      nb: {
        nature: 'En eksport fra kunderegisteret vårt kunne leses via en feilkonfigurert deling.',
        consequences: 'Noen kan forsøke å lure deg med målrettede e-poster.',
        measures: 'Delingen er stengt og tilgangsloggene gjennomgått.',
      },
      en: {
        nature: 'An export of our customer register was readable through a misconfigured share.',
        consequences: 'Someone may try to deceive you with targeted mails.',
        measures: 'The share has been closed and the access logs reviewed.',
      },
    };
    const preview = (await ok('GET', `/api/incidents/${incidentId}`)) as { notice: { digest: string } };
    // The digest shown names the facts as text; the texts staff write change what they approve.
    const stale = await api('POST', `/api/incidents/${incidentId}/approve-notice`, {
      digest: preview.notice.digest,
      texts,
    });
    expect(stale.status).toBe(409);
    const languages = detail.notice.languages as ('sv' | 'nb' | 'en')[];
    const chosen = Object.fromEntries(languages.map((l) => [l, texts[l]]));
    const { digest } = (await ok('POST', `/api/incidents/${incidentId}/notice-preview`, {
      texts: chosen,
    })) as {
      digest: string;
    };
    await ok('POST', `/api/incidents/${incidentId}/approve-notice`, { digest, texts: chosen });

    const before = (await outbox(stack)).length;
    const sent = (await ok('POST', `/api/incidents/${incidentId}/notify-subjects`, {})) as { sent: number };
    expect(sent.sent).toBe(expected.length);
    const notices = (await outbox(stack)).slice(before);
    expect(notices.map((m) => m.destination.to[0]).sort()).toEqual(expected);
    const noticeTo = (email: string) => notices.find((m) => m.destination.to.includes(email));
    expect(noticeTo(KNOWN_SUBJECTS.astrid.email)?.subject).toBe(INCIDENT_TEXTS.sv.noticeSubject);
    expect(noticeTo(KNOWN_SUBJECTS.astrid.email)?.body.text).toContain(texts.sv.nature);
    expect(noticeTo(KNOWN_SUBJECTS.ola.email)?.subject).toBe(INCIDENT_TEXTS.nb.noticeSubject);
    expect(noticeTo(KNOWN_SUBJECTS.ola.email)?.body.text).toContain(texts.nb.measures);
    for (const mail of notices.filter((m) => /\.(dk|fi)$/.test(m.destination.to[0] ?? ''))) {
      expect(mail.subject).toBe(INCIDENT_TEXTS.en.noticeSubject);
    }
    // Art. 34(2): a contact point and the consequences are in every notice.
    for (const mail of notices) expect(mail.body.text).toContain('dpo@example.com');

    // One audit event per person, keyed without the address; sending again sends nothing.
    const trail = (await ok('GET', `/api/incidents/${incidentId}`)) as { timeline: Json[] };
    const notified = trail.timeline.filter((e) => e.action === 'subject_notified');
    expect(notified).toHaveLength(expected.length);
    expect(JSON.stringify(notified)).not.toContain('@');
    const again = (await ok('POST', `/api/incidents/${incidentId}/notify-subjects`, {})) as {
      sent: number;
      alreadyNotified: number;
    };
    expect(again).toMatchObject({ sent: 0, alreadyNotified: expected.length });
    expect((await outbox(stack)).length).toBe(before + expected.length);

    // The register holds the incident, as JSON and as CSV.
    const register = (await ok('GET', '/api/incident-register')) as { incidents: Json[] };
    expect(register.incidents.find((r) => r.incidentId === incidentId)).toMatchObject({
      risk: 'high_risk',
      subjectsNotified: expected.length,
      approxSubjects: expected.length,
      authorityNotified: 'no',
    });
    const csv = await api('GET', '/api/incident-register?format=csv');
    expect(csv.status).toBe(200);
    const [header, ...lines] = csv.text.trim().split('\r\n');
    expect(header?.split(',')[0]).toBe('incidentId');
    expect(lines.some((line) => line.startsWith(`${incidentId},`))).toBe(true);
  });
});

describe('a breach reported through the web form', () => {
  it('opens an incident from the submission; the address typed in gets only the acknowledgement the form promises', async () => {
    const email = 'form-reporter@example.org';
    const response = await fetch(`${stack.urls.http}/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({
        email,
        relationship: 'customer',
        text: "I think you have a data breach: your customer portal showed me another customer's invoices and bank details.",
      }),
    });
    expect(response.status).toBe(202);
    const report = await waitFor(
      async () =>
        (await allRequests(stack)).find(
          (r) => r.subjectEmail === email && r.statusReason === 'security_report',
        ),
      'the form report in triage',
    );
    const { incidents } = (await ok('GET', '/api/incidents')) as { incidents: Json[] };
    const incident = incidents.find((i) => i.incidentId === `INC-${String(report.id).replace(/^PD-/, '')}`);
    expect(incident).toMatchObject({ status: 'open', awareAt: report.receivedAt });
    const detail = (await ok('GET', `/api/incidents/${String(incident?.incidentId)}`)) as { incident: Json };
    expect(detail.incident).toMatchObject({ source: 'form', reportRequestId: report.id });
    // The form's answer promises a mail (capped per address a day); the incident itself mails nobody.
    const ack = await waitFor(
      async () => (await outbox(stack)).find((m) => m.destination.to.includes(email)),
      'the triage acknowledgement',
    );
    expect(ack.subject).toContain('We have received your message');
    expect((await outbox(stack)).filter((m) => m.destination.to.includes(email))).toHaveLength(1);
  });
});

/** What the EventBridge schedule (an interval locally) invokes. */
const runClock = () =>
  runAsFunction('IncidentClock', () =>
    incidentClock({ source: 'aws.events' }, lambdaContext('IncidentClock')),
  );

const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

interface Opened {
  incident: { incidentId: string };
  summary: { clock: string; hoursLeft: number };
}

/** Staff open an incident they became aware of `hours` ago. */
async function openAwareSince(title: string, hours: number): Promise<Opened> {
  return (await ok('POST', '/api/incidents', { title, awareAt: hoursAgo(hours) })) as unknown as Opened;
}

describe('the 72-hour clock', () => {
  it('alarms staff once at 24 hours left and once when the deadline has passed, and never for a breach without risk', async () => {
    const soon = await openAwareSince('Laptop stolen', 50);
    expect(soon.summary.clock).toBe('24h');
    const late = await openAwareSince('Misdirected payroll mail', 80);
    expect(late.summary.clock).toBe('passed');
    const harmless = await openAwareSince('Encrypted USB stick lost', 70);
    await ok('POST', `/api/incidents/${harmless.incident.incidentId}/assess`, {
      risk: 'no_risk',
      reasoning: 'Fully encrypted with a key that was not lost.',
    });

    const staffBefore = (await mailsTo(stack, 'privacy-staff@example.com')).length;
    expect(await runClock()).toEqual({ alarms: 2 });
    // One mail for the run, naming both; nothing for the breach without risk.
    const alarms = (await mailsTo(stack, 'privacy-staff@example.com')).slice(staffBefore);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.subject).toBe('Privacy Desk: 2 breaches – the deadline has passed to notify IMY');
    const text = alarms[0]?.body.text ?? '';
    expect(text).toContain(`${soon.incident.incidentId}: 24 hours or less are left to notify IMY.`);
    expect(text).toContain(`${late.incident.incidentId}: the deadline has passed to notify IMY.`);
    expect(text).not.toContain(harmless.incident.incidentId);
    // Each alarm once: the next run finds nothing new.
    expect(await runClock()).toEqual({ alarms: 0 });

    // The morning digest lists every breach whose clock runs, the nearest deadline first.
    const digestBefore = (await mailsTo(stack, 'privacy-staff@example.com')).length;
    await runAsFunction('DeadlineWatch', () =>
      deadlineWatch({ source: 'aws.events' }, lambdaContext('DeadlineWatch')),
    );
    const [digest] = (await mailsTo(stack, 'privacy-staff@example.com')).slice(digestBefore);
    const digestText = digest?.body.text ?? '';
    expect(digestText).toContain('Personal data breaches: the 72-hour clock');
    expect(digestText).toMatch(new RegExp(`${late.incident.incidentId} – notify IMY by .*: late by \\d+ h`));
    expect(digestText.indexOf(late.incident.incidentId)).toBeLessThan(
      digestText.indexOf(soon.incident.incidentId),
    );
    expect(digestText).not.toContain(harmless.incident.incidentId);

    // The list puts the late one first and gives every incident its deadline.
    const { incidents } = (await ok('GET', '/api/incidents')) as { incidents: Json[] };
    expect(incidents[0]?.incidentId).toBe(late.incident.incidentId);
    for (const item of incidents) {
      expect(Date.parse(String(item.authorityDeadline)) - Date.parse(String(item.awareAt))).toBe(72 * HOUR);
    }
  });

  it('asks for the reasons of a late notification, and accepts later phases', async () => {
    const { incident } = await openAwareSince('Backup tape missing', 100);
    const id = incident.incidentId;
    const noReason = await api('POST', `/api/incidents/${id}/record-filed`, {
      phase: 'initial',
      channel: 'imy_e_service',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors).toHaveProperty('lateReason');
    await ok('POST', `/api/incidents/${id}/record-filed`, {
      phase: 'initial',
      channel: 'imy_e_service',
      reference: 'IMY-2026-1234',
      lateReason: 'The tape was found missing only at the quarterly audit.',
    });
    await ok('POST', `/api/incidents/${id}/record-filed`, { phase: 'supplementary', channel: 'email' });

    const notice = (await ok('GET', `/api/incidents/${id}/authority-notice`)) as Json;
    expect(notice).toMatchObject({
      incidentId: id,
      notificationType: 'supplementary',
      late: true,
      reasonsForDelay: 'The tape was found missing only at the quarterly audit.',
      controller: { name: 'Nordkonsult AB (demo)', dpoEmail: 'dpo@example.com' },
    });
    expect(notice.earlierFilings).toHaveLength(2);
    const page = await api('GET', `/api/incidents/${id}/authority-notice?format=html`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Reasons for the delay');
    expect(page.text).toContain('IMY-2026-1234');

    const { incidents } = (await ok('GET', '/api/incident-register')) as { incidents: Json[] };
    expect(incidents.find((r) => r.incidentId === id)).toMatchObject({ authorityNotified: 'yes' });
  });
});
