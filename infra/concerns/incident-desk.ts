import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type ConcernProps, createFunctions } from '../constructs/desk';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';
import { grantStoreReads } from '../constructs/store-access';

/**
 * The breach desk: incidents, their 72-hour clock, affected people and notices. Incidents live in
 * the Requests table under `INC#…` (listed through the byStatus index); scoping an incident reads
 * the located stores by date, which only a scan of a table or a listing of a bucket's data prefix
 * can do, so those two grants come on top of the collect step's read grants.
 */
export class IncidentDesk extends Construct {
  public readonly functions: Record<'IncidentsApi' | 'IncidentClock', PrivacyDeskFunction>;
  public readonly clockSchedule: events.Rule;

  constructor(scope: Construct, id: string, { desk }: ConcernProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.functions = createFunctions(this, desk, ['IncidentsApi', 'IncidentClock']);
    const { IncidentsApi: api, IncidentClock: clock } = this.functions;
    const table = desk.data.requestsTable;

    api
      // The incident, its trail, its affected people and its once-only notice claims; the queue
      // and the register: every incident sits in the index under INCIDENT.
      .bindTable('REQUESTS_TABLE', table, {
        items: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
        queryIndexes: ['byStatus'],
      })
      // Each notice's audit event is keyed by the person's subject key, never by the address.
      .bindSecret('SUBJECT_KEY_SECRET_ARN', desk.subjectKeySecret)
      .bindMailSending(desk.mail);
    grantStoreReads(api, desk.dataMap, desk.dataStores);
    for (const store of desk.dataMap.stores) {
      const deployed = desk.dataStores[store.id];
      const connector = store.connector;
      if (!deployed || !store.recordDateField) continue;
      if (connector.type === 'dynamodb' && deployed.table) {
        api.allow(
          ['dynamodb:Scan'],
          [stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: deployed.table })],
        );
      } else if (connector.type === 's3-jsonl' && deployed.bucket) {
        api.function.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [`arn:${stack.partition}:s3:::${deployed.bucket}`],
            conditions: { StringLike: { 's3:prefix': [`${connector.prefix}*`] } },
          }),
        );
      }
    }

    // PutItem: each alarm's once-claim and audit event; UpdateItem gives a claim back when SES
    // refused the mail. Alarms link to the console.
    clock
      .bindTable('REQUESTS_TABLE', table, { items: ['PutItem', 'UpdateItem'], queryIndexes: ['byStatus'] })
      .bindMailSending(desk.mail)
      .setVariable('STAFF_ADDRESS', desk.staffAddress)
      .setVariable('PUBLIC_BASE_URL', desk.publicBaseUrl);
    // Every 15 minutes, so an alarm is never more than a quarter of an hour late.
    this.clockSchedule = new events.Rule(this, 'ClockSchedule', {
      description: 'Privacy Desk breach clock: alarms at 24 h and 6 h left, and when late',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new targets.LambdaFunction(clock.function, { retryAttempts: 2 })],
    });
  }
}
