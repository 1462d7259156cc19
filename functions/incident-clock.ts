import middy from '@middy/core';
import { functionConfig, optional, required } from './adapters/config';
import { DynamoDbIncidentStore } from './adapters/dynamodb-incident-store';
import { log } from './adapters/logger';
import { SesMailer } from './adapters/ses-mailer';
import { runIncidentClock } from './core/incidents/incident-clock';
import { systemClock } from './core/ports';

export const config = functionConfig({
  MAILBOX_ADDRESS: required(),
  PUBLIC_BASE_URL: optional(),
  REQUESTS_TABLE: required(),
  STAFF_ADDRESS: required(),
});

/**
 * Scheduled (EventBridge every 15 minutes on AWS, an interval locally): alarms staff when a breach
 * has 24 hours or 6 hours left to be notified to the authority, and when its deadline has passed.
 */
export const handler = middy<unknown, { alarms: number }>().handler(async () => {
  const env = config();
  const publicBaseUrl = env.PUBLIC_BASE_URL;
  const { alarms } = await runIncidentClock({
    incidents: new DynamoDbIncidentStore(env.REQUESTS_TABLE),
    mailer: new SesMailer(env.MAILBOX_ADDRESS),
    clock: systemClock,
    staffAddress: env.STAFF_ADDRESS,
    ...(publicBaseUrl ? { consoleUrl: `${publicBaseUrl}/console` } : {}),
  });
  for (const alarm of alarms) log.info('incident clock alarm', alarm);
  return { alarms: alarms.length };
});
