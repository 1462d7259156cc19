import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { DEFAULT_RETENTION_DAYS_AFTER_CLOSE } from '../../functions/core/retention/retention';
import { type ConcernProps, createFunctions, INBOUND_PREFIX, QUARANTINE_PREFIX } from '../constructs/desk';
import type { ObjectAccess, PrivacyDeskFunction } from '../constructs/privacy-desk-function';

/** What the collect, package and erasure steps leave in the packages bucket, per request. */
const ARTEFACT_PREFIXES = ['findings/', 'packages/', 'erasure/'];

/**
 * The desk's own schedules: the deadline watch every working morning, and the nightly retention
 * purge of requests closed longer ago than their retention.
 */
export class ScheduledJobs extends Construct {
  public readonly functions: Record<'DeadlineWatch' | 'RetentionPurge', PrivacyDeskFunction>;

  constructor(scope: Construct, id: string, { desk }: ConcernProps) {
    super(scope, id);
    this.functions = createFunctions(this, desk, ['DeadlineWatch', 'RetentionPurge']);
    const { DeadlineWatch: watch, RetentionPurge: purge } = this.functions;
    const { requestsTable, inboundBucket, packagesBucket } = desk.data;
    // Rules at the top of the stack, like the functions: their logical ids do not depend on the concern.
    const stack = Stack.of(this);

    // A digest of due-soon and overdue requests, and of the staff alerts folded since the last
    // digest, both read through the status index. A requester who left a question unanswered for
    // 14 days is reminded once (send-reply.ts); UpdateItem also takes the digested alerts off the index.
    watch
      .bindTable('REQUESTS_TABLE', requestsTable, {
        items: ['GetItem', 'PutItem', 'UpdateItem'],
        queryIndexes: ['byStatus'],
      })
      .bindMailSending(desk.mail)
      .setVariable('STAFF_ADDRESS', desk.staffAddress)
      .setVariable('PUBLIC_BASE_URL', desk.publicBaseUrl);
    new events.Rule(stack, 'DeadlineWatchSchedule', {
      description: 'Privacy Desk deadline watch, 06:00 UTC on weekdays',
      schedule: events.Schedule.cron({ minute: '0', hour: '6', weekDay: 'MON-FRI' }),
      targets: [new targets.LambdaFunction(watch.function, { retryAttempts: 2 })],
    });

    // The personal data of requests closed longer ago than RETENTION_DAYS_AFTER_CLOSE: their raw
    // mail, their artefacts, and the personal fields of their items.
    const deletes = (prefix: string): ObjectAccess => ({
      prefix,
      actions: ['DeleteObject'],
      because: 'deletes the objects of requests past retention',
    });
    purge
      .bindTable('REQUESTS_TABLE', requestsTable, {
        items: ['Query', 'UpdateItem', 'PutItem'],
        queryIndexes: ['byStatus'],
      })
      .bindBucket('INBOUND_BUCKET', inboundBucket, {
        objects: [INBOUND_PREFIX, QUARANTINE_PREFIX].map(deletes),
      })
      .bindBucket('PACKAGES_BUCKET', packagesBucket, {
        objects: ARTEFACT_PREFIXES.map(deletes),
        list: ARTEFACT_PREFIXES,
      })
      .setVariable('RETENTION_DAYS_AFTER_CLOSE', String(DEFAULT_RETENTION_DAYS_AFTER_CLOSE));
    new events.Rule(stack, 'RetentionPurgeSchedule', {
      description: 'Privacy Desk retention purge, daily 02:30 UTC',
      schedule: events.Schedule.cron({ minute: '30', hour: '2' }),
      targets: [new targets.LambdaFunction(purge.function, { retryAttempts: 2 })],
    });
  }
}
