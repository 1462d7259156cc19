import { MailNotSentError } from '../errors';
import type { Mailbox } from '../intake/mailbox';
import type { Clock, Mailer, RequestStore } from '../ports';
import type { DsrRequest } from '../request/request';
import { type IncidentTextPacks, renderAcknowledgement } from './incident-notices';
import { type Incident, type IncidentStore, incidentIdForReport, openIncident } from './incidents';

/**
 * A security report (a mail classified `security`, or a form submission saying so) opens an
 * incident by itself: the company is aware from the report's receipt, so the 72-hour clock runs
 * from there. The report stays a triage request; its trail names the incident.
 */
export interface ReportedIncidentDeps {
  incidents: IncidentStore;
  /** The privacy mailbox: the acknowledgement's contact and sender. */
  mailbox?: Mailbox;
  requests: RequestStore;
  /** Absent for the web form: its answer page acknowledges, and a typed-in address is not mailed. */
  mailer?: Mailer;
  /** The acknowledgement's texts; with the mailer. */
  incidentTexts?: IncidentTextPacks;
  clock: Clock;
}

/** The title staff see until they write their own: the mail's subject, or a plain label. */
function titleOf(request: DsrRequest): string {
  const subject = request.subject?.replace(/\s+/g, ' ').trim();
  return subject ? subject.slice(0, 200) : `Security report ${request.id}`;
}

/**
 * Opens the incident of a reported breach, once per report, and acknowledges it to the reporter
 * when `acknowledge` (intake decides: never to machines, lists or failed sender checks).
 */
export async function openReportedIncident(
  request: DsrRequest,
  acknowledge: boolean,
  deps: ReportedIncidentDeps,
): Promise<Incident> {
  const incident = await openIncident(
    {
      incidentId: incidentIdForReport(request.id),
      title: titleOf(request),
      awareAt: request.receivedAt,
      source: request.channel === 'form' ? 'form' : 'mail',
      actor: 'system:intake',
      reportRequestId: request.id,
      ...(request.subjectEmail ? { reporterEmail: request.subjectEmail } : {}),
    },
    deps,
  );
  if (await deps.requests.claimOnce(request.id, 'incident_opened')) {
    await deps.requests.appendEvent(request.id, {
      at: deps.clock.now().toISOString(),
      actor: 'system:intake',
      action: 'incident_opened',
      detail: { incidentId: incident.incidentId, authorityDeadline: incident.authorityDeadline },
    });
  }
  const { mailer, mailbox, incidentTexts } = deps;
  if (
    acknowledge &&
    mailer &&
    incidentTexts &&
    mailbox &&
    request.subjectEmail &&
    (await deps.incidents.claimOnce(incident.incidentId, 'acknowledgement'))
  ) {
    const mail = renderAcknowledgement(
      incident.incidentId,
      request.subjectEmail,
      request.language,
      `${mailbox.local}@${mailbox.domain}`,
      incidentTexts,
    );
    let messageId: string;
    try {
      ({ messageId } = await mailer.send({
        ...mail,
        headers: { 'X-Privacy-Desk-Incident': incident.incidentId, 'Auto-Submitted': 'auto-replied' },
      }));
    } catch (error) {
      // Not sent: a redelivery of the report acknowledges it then.
      if (error instanceof MailNotSentError)
        await deps.incidents.releaseOnce(incident.incidentId, 'acknowledgement');
      throw error;
    }
    await deps.incidents.appendEvent(incident.incidentId, {
      at: deps.clock.now().toISOString(),
      actor: 'system:intake',
      action: 'report_acknowledged',
      detail: { sesMessageId: messageId },
    });
  }
  return incident;
}
