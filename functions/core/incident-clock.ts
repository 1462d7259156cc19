import { MailNotSentError } from './errors';
import {
  ALARM_STATES,
  type ClockState,
  clockStateOf,
  hoursLeft,
  type Incident,
  type IncidentStore,
} from './incidents';
import type { Clock, Mailer } from './ports';

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
  timeZone: 'Europe/Stockholm',
  dateStyle: 'long',
  timeStyle: 'short',
});

/** "1 December 2026 at 14:05" in Stockholm time: staff read local time. */
export function stockholmTime(iso: string): string {
  return stockholm.format(new Date(iso));
}

export function alarmMail(incident: Incident, state: ClockState, now: Date, consoleUrl?: string) {
  const left = hoursLeft(incident, now);
  const subject = `Privacy Desk: breach ${incident.incidentId} – ${WORDS[state] ?? state} to notify IMY`;
  const lines = [
    `Breach ${incident.incidentId}: ${WORDS[state] ?? state} to notify the supervisory authority (IMY).`,
    `Aware since: ${stockholmTime(incident.awareAt)} (Swedish time)`,
    `Deadline (72 hours): ${stockholmTime(incident.authorityDeadline)} (Swedish time), ${left >= 0 ? `${left} h left` : `${-left} h ago`}`,
    incident.assessment ? `Risk assessed: ${incident.assessment.risk}` : 'Risk: not assessed yet',
    state === 'passed'
      ? 'File the notification now, with the reasons for the delay (Art. 33(1)); a first notification in phases is allowed (Art. 33(4)).'
      : 'File the notification, or record the assessment that the breach is unlikely to result in a risk.',
    ...(consoleUrl ? [`${consoleUrl}#/incidents/${incident.incidentId}`] : []),
  ];
  const text = `${lines.join('\n')}\n`;
  const html = `<!doctype html><html lang="en"><body>${lines
    .map((l) => `<p>${l.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</p>`)
    .join('')}</body></html>`;
  return { subject, text, html };
}

export async function runIncidentClock(
  deps: IncidentClockDeps,
): Promise<{ alarms: { incidentId: string; state: ClockState }[] }> {
  const now = deps.clock.now();
  const alarms: { incidentId: string; state: ClockState }[] = [];
  for (const incident of await deps.incidents.list()) {
    if (incident.status !== 'open') continue;
    const state = clockStateOf(incident, now);
    if (!ALARM_STATES.includes(state)) continue;
    // Keyed by the deadline too: corrected awareness is a new clock with its own alarms.
    const onceKey = `alarm#${state}#${incident.authorityDeadline}`;
    if (!(await deps.incidents.claimOnce(incident.incidentId, onceKey))) continue;
    try {
      const { messageId } = await deps.mailer.send({
        to: deps.staffAddress,
        ...alarmMail(incident, state, now, deps.consoleUrl),
        headers: { 'X-Privacy-Desk-Incident': incident.incidentId, 'Auto-Submitted': 'auto-generated' },
      });
      await deps.incidents.appendEvent(incident.incidentId, {
        at: now.toISOString(),
        actor: 'system:incident-clock',
        action: 'authority_clock_alarm',
        detail: { state, authorityDeadline: incident.authorityDeadline, sesMessageId: messageId },
      });
      alarms.push({ incidentId: incident.incidentId, state });
    } catch (error) {
      if (error instanceof MailNotSentError) await deps.incidents.releaseOnce(incident.incidentId, onceKey);
      throw error;
    }
  }
  return { alarms };
}
