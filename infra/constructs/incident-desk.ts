import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DataMap } from '../../functions/core/datamap';
import type { PrivacyDeskFunction } from './privacy-desk-function';
import { grantStoreReads, type StoreDeployments } from './store-access';

export interface IncidentDeskProps {
  /** The breach desk's API function (functions/incidents-api.ts). */
  readonly apiFunction: PrivacyDeskFunction;
  /** The scheduled alarms of the 72-hour clock (functions/incident-clock.ts). */
  readonly clockFunction: PrivacyDeskFunction;
  /** Where the clock's alarms go. */
  readonly staffAddress: string;
  /** The HTTP API's endpoint: alarms link to the console there. */
  readonly apiEndpoint: string;
  readonly requestsTable: dynamodb.ITable;
  readonly key: kms.IKey;
  /** The statement that lets a function send mail, as the privacy mailbox only. */
  readonly sending: iam.PolicyStatement;
  /** Keys each notice's audit event by the person's subject key, never by the address. */
  readonly subjectKeySecret: secretsmanager.ISecret;
  readonly dataMap: DataMap;
  /** Where the data map's stores are (default: none located; scopes then become staff tasks). */
  readonly dataStores?: StoreDeployments;
}

/**
 * The breach desk on AWS: gives its API function exactly the calls it makes. Incidents live in the
 * Requests table under `INC#…` (listed through the byStatus index); scoping an incident reads the
 * located stores by date, which only a scan of a table or a listing of a bucket's data prefix can
 * do, so those two grants come on top of the collect step's read grants.
 */
export class IncidentDesk extends Construct {
  public readonly clockSchedule: events.Rule;

  constructor(scope: Construct, id: string, props: IncidentDeskProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const api = props.apiFunction.function;
    const allow = (actions: string[], resources: string[]) =>
      api.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
    const table = props.requestsTable.tableArn;
    // The incident, its trail, its affected people and its once-only notice claims.
    allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], [table]);
    // The queue and the register: every incident sits in the index under INCIDENT.
    allow(['dynamodb:Query'], [`${table}/index/byStatus`]);
    allow(['kms:Decrypt', 'kms:GenerateDataKey'], [props.key.keyArn]);
    api.addToRolePolicy(props.sending);
    api.addEnvironment('SUBJECT_KEY_SECRET_ARN', props.subjectKeySecret.secretArn);
    allow(['secretsmanager:GetSecretValue'], [props.subjectKeySecret.secretArn]);

    // The clock: every 15 minutes, so an alarm is never more than a quarter of an hour late.
    const clock = props.clockFunction.function;
    const allowClock = (actions: string[], resources: string[]) =>
      clock.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
    allowClock(['dynamodb:Query'], [`${table}/index/byStatus`]);
    // PutItem: each alarm's once-claim and audit event; UpdateItem gives a claim back when SES refused the mail.
    allowClock(['dynamodb:PutItem', 'dynamodb:UpdateItem'], [table]);
    allowClock(['kms:Decrypt', 'kms:GenerateDataKey'], [props.key.keyArn]);
    clock.addToRolePolicy(props.sending);
    clock.addEnvironment('STAFF_ADDRESS', props.staffAddress);
    clock.addEnvironment('PUBLIC_BASE_URL', props.apiEndpoint);
    this.clockSchedule = new events.Rule(this, 'ClockSchedule', {
      description: 'Privacy Desk breach clock: alarms at 24 h and 6 h left, and when late',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new targets.LambdaFunction(clock, { retryAttempts: 2 })],
    });

    const stores = props.dataStores ?? {};
    grantStoreReads(props.apiFunction, props.dataMap, stores);
    for (const store of props.dataMap.stores) {
      const deployed = stores[store.id];
      const connector = store.connector;
      if (!deployed || !store.recordDateField) continue;
      if (connector.type === 'dynamodb' && deployed.table) {
        allow(
          ['dynamodb:Scan'],
          [stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: deployed.table })],
        );
      } else if (connector.type === 's3-jsonl' && deployed.bucket) {
        api.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [`arn:${stack.partition}:s3:::${deployed.bucket}`],
            conditions: { StringLike: { 's3:prefix': [`${connector.prefix}*`] } },
          }),
        );
      }
    }
  }
}
