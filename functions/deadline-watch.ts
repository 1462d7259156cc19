import middy from '@middy/core';
import { REPLY_TEMPLATES } from '../config/templates';
import { functionConfig, optional, required } from './adapters/config';
import { DynamoDbFoldedAlertStore } from './adapters/dynamodb-folded-alerts';
import { DynamoDbIncidentStore } from './adapters/dynamodb-incident-store';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { DynamoDbStaffStore } from './adapters/dynamodb-staff-store';
import { publishCounts } from './adapters/emf-metrics';
import { log } from './adapters/logger';
import { SesMailer } from './adapters/ses-mailer';
import { localDateOf } from './core/calendar/calendar-date';
import { DEADLINE_METRICS, deadlineMetricCounts } from './core/calendar/deadline-metrics';
import { runDeadlineWatch } from './core/calendar/deadline-watch';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';
import { sendReply } from './core/replies/send-reply';

export const config = functionConfig({
  MAILBOX_ADDRESS: required(),
  PUBLIC_BASE_URL: optional(),
  REQUESTS_TABLE: required(),
  STAFF_ADDRESS: required(),
});

/**
 * Scheduled (EventBridge on AWS, an interval locally): the staff's digest of due-soon and overdue
 * requests, and of the staff alerts intake folded since the last digest.
 */
export const handler = middy<
  unknown,
  { dueSoon: number; overdue: number; foldedAlerts: number; sent: boolean }
>().handler(async () => {
  const {
    MAILBOX_ADDRESS: mailbox,
    PUBLIC_BASE_URL: publicBaseUrl,
    REQUESTS_TABLE: table,
    STAFF_ADDRESS,
  } = config();
  const requests = new DynamoDbRequestStore(table);
  const staff = new DynamoDbStaffStore(table, requests);
  const replyDeps = {
    requests,
    mailer: new SesMailer(mailbox),
    templates: REPLY_TEMPLATES,
    clock: systemClock,
    mailbox: parseMailbox(mailbox),
  };
  const { digest, foldedAlerts, sent } = await runDeadlineWatch({
    listByStatus: (status) => staff.listByStatus(status),
    mailer: replyDeps.mailer,
    templates: REPLY_TEMPLATES,
    foldedAlerts: new DynamoDbFoldedAlertStore(table),
    listIncidents: () => new DynamoDbIncidentStore(table).list(),
    clock: systemClock,
    // Once per pause: the dedupe key is the moment the clock stopped.
    remindRequester: async (requestId, pausedSince) => {
      await sendReply(
        {
          requestId,
          template: 'pause_reminder',
          vars: { pausedSinceDate: localDateOf(pausedSince) },
          dedupeKey: `pause-${pausedSince}`,
        },
        replyDeps,
      );
    },
    staffAddress: STAFF_ADDRESS,
    today: localDateOf(new Date()),
    ...(publicBaseUrl ? { consoleUrl: `${publicBaseUrl}/console` } : {}),
  });
  const counts = { dueSoon: digest.dueSoon.length, overdue: digest.overdue.length, sent };
  const folded = foldedAlerts.reduce((sum, group) => sum + group.foldedCount, 0);
  log.info('deadline watch', { ...counts, foldedAlerts: folded });
  // The OverdueRequests alarm reads this metric (embedded metric format: a log line, no API call).
  publishCounts(
    DEADLINE_METRICS.namespace,
    DEADLINE_METRICS.dimensions.service,
    deadlineMetricCounts(counts),
  );
  return { ...counts, foldedAlerts: folded };
});
