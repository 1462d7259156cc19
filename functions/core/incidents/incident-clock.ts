import { TIME_ZONE } from '../calendar/calendar-date';
import { MailNotSentError } from '../errors';
import { escapeHtml } from '../escape-html';
import type { Clock, Mailer } from '../ports';
import {
  ALARM_STATES,
  type ClockState,
  clockStateOf,
  hoursLeft,
  type Incident,
  type IncidentStore,
} from './incidents';

/**
 * The 72-hour clock's alarms (Art. 33(1)): staff are mailed when 24 hours or less are left, again
 * at 6 hours, and when the deadline has passed, each once per incident. Runs on a short schedule;
 * an incident assessed as no risk, or already notified, raises nothing. Ids and times only.
 */
export interface IncidentClockDeps {
  incidents: IncidentStore;
  mailer: Mailer;
  clock: Clock;
  staffAddress: string;
  consoleUrl?: string;
}

const WORDS: Readonly<Record<string, string>> = {
  '24h': '24 hours or less are left',
  '6h': '6 hours or less are left',
  passed: 'the deadline has passed',
};

const stockholm = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  dateStyle: 'long',
  timeStyle: 'short',
});

/** "1 December 2026 at 14:05" in Stockholm time: staff read local time. */
export function stockholmTime(iso: string): string {
  return stockholm.format(new Date(iso));
}

/** One line per breach that crossed a threshold since the last run. */
function alarmLine(incident: Incident, state: ClockState, now: Date): string {
  const left = hoursLeft(incident, now);
  return [
    `${incident.incidentId}: ${WORDS[state] ?? state} to notify IMY.`,
    `Aware since ${stockholmTime(incident.awareAt)}; deadline ${stockholmTime(incident.authorityDeadline)} (Swedish time), ${left >= 0 ? `${left} h left` : `${-left} h ago`}.`,
    incident.assessment ? `Risk assessed: ${incident.assessment.risk}.` : 'Risk not assessed yet.',
  ].join(' ');
}

/**
 * One mail per run, naming every breach that crossed a threshold: a flood of reports (real or
 * forged) reaching their 24 hours together makes one alarm, not one each.
 */
export function alarmMail(
  alarms: readonly { incident: Incident; state: ClockState }[],
  now: Date,
  consoleUrl?: string,
) {
  const first = alarms[0];
  const worst = alarms.some((a) => a.state === 'passed')
    ? 'passed'
    : alarms.some((a) => a.state === '6h')
      ? '6h'
      : '24h';
  const subject =
    alarms.length === 1 && first
      ? `Privacy Desk: breach ${first.incident.incidentId} – ${WORDS[first.state] ?? first.state} to notify IMY`
      : `Privacy Desk: ${alarms.length} breaches – ${WORDS[worst]} to notify IMY`;
  const lines = [
    ...alarms.map((a) => alarmLine(a.incident, a.state, now)),
    worst === 'passed'
      ? 'File the notification now, with the reasons for the delay (Art. 33(1)); it may come in phases (Art. 33(4)).'
      : 'File the notification, or record the assessment that the breach is unlikely to result in a risk.',
    ...(consoleUrl ? [`${consoleUrl}#/incidents`] : []),
    'This message contains no personal data.',
  ];
  const text = `${lines.join('\n\n')}\n`;
  const html = `<!doctype html><html lang="en"><body>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`;
  return { subject, text, html };
}

export async function runIncidentClock(
  deps: IncidentClockDeps,
): Promise<{ alarms: { incidentId: string; state: ClockState }[] }> {
  const now = deps.clock.now();
  const claimed: { incident: Incident; state: ClockState; onceKey: string }[] = [];
  for (const incident of await deps.incidents.list()) {
    if (incident.status !== 'open') continue;
    const state = clockStateOf(incident, now);
    if (!ALARM_STATES.includes(state)) continue;
    // Keyed by the deadline too: corrected awareness is a new clock with its own alarms.
    const onceKey = `alarm#${state}#${incident.authorityDeadline}`;
    if (await deps.incidents.claimOnce(incident.incidentId, onceKey))
      claimed.push({ incident, state, onceKey });
  }
  if (claimed.length === 0) return { alarms: [] };
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({
      to: deps.staffAddress,
      ...alarmMail(claimed, now, deps.consoleUrl),
      headers: { 'Auto-Submitted': 'auto-generated' },
    }));
  } catch (error) {
    // Not sent: the claims go back, so the next run alarms again.
    if (error instanceof MailNotSentError)
      for (const c of claimed) await deps.incidents.releaseOnce(c.incident.incidentId, c.onceKey);
    throw error;
  }
  for (const { incident, state } of claimed) {
    await deps.incidents.appendEvent(incident.incidentId, {
      at: now.toISOString(),
      actor: 'system:incident-clock',
      action: 'authority_clock_alarm',
      detail: { state, authorityDeadline: incident.authorityDeadline, sesMessageId: messageId },
    });
  }
  return { alarms: claimed.map((c) => ({ incidentId: c.incident.incidentId, state: c.state })) };
}

/** A line of the staff digest: an open breach whose 72-hour clock runs. Ids and times only. */
export interface BreachClockEntry {
  incidentId: string;
  authorityDeadline: string;
  /** "37 h left" or "late by 5 h". */
  breachClock: string;
}

/** The open breaches still to be notified, the nearest deadline first. */
export function breachClockEntries(incidents: readonly Incident[], now: Date): BreachClockEntry[] {
  return incidents
    .filter((i) => i.status === 'open')
    .filter((i) => !['filed', 'not_required'].includes(clockStateOf(i, now)))
    .sort((a, b) => a.authorityDeadline.localeCompare(b.authorityDeadline))
    .map((i) => {
      const left = hoursLeft(i, now);
      return {
        incidentId: i.incidentId,
        authorityDeadline: i.authorityDeadline,
        breachClock: left >= 0 ? `${left} h left` : `late by ${-left} h`,
      };
    });
}
