import middy from '@middy/core';
import { DynamoDbIncidentStore } from './adapters/dynamodb-incident-store';
import { optionalEnv, requireEnv } from './adapters/env';
import { log } from './adapters/logger';
import { SesMailer } from './adapters/ses-mailer';
import { runIncidentClock } from './core/incidents/incident-clock';
import { systemClock } from './core/ports';

/**
 * Scheduled (EventBridge every 15 minutes on AWS, an interval locally): alarms staff when a breach
 * has 24 hours or 6 hours left to be notified to the authority, and when its deadline has passed.
 */
export const handler = middy<unknown, { alarms: number }>().handler(async () => {
  const publicBaseUrl = optionalEnv('PUBLIC_BASE_URL', '');
  const { alarms } = await runIncidentClock({
    incidents: new DynamoDbIncidentStore(requireEnv('REQUESTS_TABLE')),
    mailer: new SesMailer(requireEnv('MAILBOX_ADDRESS')),
    clock: systemClock,
    staffAddress: requireEnv('STAFF_ADDRESS'),
    ...(publicBaseUrl ? { consoleUrl: `${publicBaseUrl}/console` } : {}),
  });
  for (const alarm of alarms) log.info('incident clock alarm', alarm);
  return { alarms: alarms.length };
});
