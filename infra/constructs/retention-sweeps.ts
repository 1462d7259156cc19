import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SWEEP_OBJECT_PREFIX } from '../../functions/adapters/dynamodb-retention-sweeps';
import type { DataMap } from '../../functions/core/datamap';
import { sweepModeOf } from '../../functions/core/retention/retention-sweep';
import type { PrivacyDeskFunction } from './privacy-desk-function';
import type { StoreDeployments } from './store-access';
import { grantStoreErasure } from './store-erasure-access';

export interface RetentionSweepsProps {
  /** Plans, carries out and verifies sweeps (scheduled). */
  readonly sweepFunction: PrivacyDeskFunction;
  /** The staff API of sweeps: list, request, show, approve, reject. */
  readonly apiFunction: PrivacyDeskFunction;
  readonly requestsTable: dynamodb.ITable;
  readonly packagesBucket: IBucket;
  readonly key: kms.IKey;
  readonly dataMap: DataMap;
  readonly dataStores: StoreDeployments;
  /** When the daily plan is made (default 03:00 UTC). */
  readonly planSchedule?: events.Schedule;
  /** How often approved and requested sweeps are picked up (default every 5 minutes). */
  readonly runSchedule?: events.Schedule;
}

/**
 * Retention sweeps across the company's stores: the two schedules, and the grants. The sweep
 * function reads every record of each store (a table scan, a listing of the data prefix) and
 * changes them as an erasure does; the API only reads and writes the sweeps themselves.
 */
export class RetentionSweeps extends Construct {
  public readonly planRule: events.Rule;
  public readonly runRule: events.Rule;

  constructor(scope: Construct, id: string, props: RetentionSweepsProps) {
    super(scope, id);
    const { sweepFunction: sweep, apiFunction: api, requestsTable, packagesBucket, key } = props;
    const stack = Stack.of(this);
    const objects = packagesBucket.arnForObjects(`${SWEEP_OBJECT_PREFIX}*`);
    for (const fn of [sweep, api]) {
      fn.function.addEnvironment('PACKAGES_BUCKET', packagesBucket.bucketName);
      const allow = (actions: string[], resources: string[]) =>
        fn.function.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
      allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], [requestsTable.tableArn]);
      allow(['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
      allow(fn === api ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'], [objects]);
      // A plan or report not written yet must read as 404, which S3 answers only to a role that may list.
      fn.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [packagesBucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${SWEEP_OBJECT_PREFIX}*`] } },
        }),
      );
      const logicalId = stack.getLogicalId(packagesBucket.node.defaultChild as CfnElement);
      Validations.of(fn).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${SWEEP_OBJECT_PREFIX}*]`,
        reason: 'A sweep keeps its plan and report under its own id, which is only known at run time.',
      });
    }

    // Reads and erasure as the erase step has them, plus listing every record of each store.
    // Only the stores a sweep lists and changes: not an API's credential, not a manual store.
    const swept = {
      ...props.dataMap,
      stores: props.dataMap.stores.filter((s) => sweepModeOf(s) === 'connector'),
    };
    grantStoreErasure(sweep, swept, props.dataStores);
    for (const store of swept.stores) {
      const deployed = props.dataStores[store.id];
      const connector = store.connector;
      if (connector.type === 'dynamodb' && deployed?.table) {
        const table = stack.formatArn({
          service: 'dynamodb',
          resource: 'table',
          resourceName: deployed.table,
        });
        sweep.function.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['dynamodb:Scan'], resources: [table] }),
        );
      } else if (connector.type === 's3-jsonl' && deployed?.bucket) {
        sweep.function.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [`arn:${stack.partition}:s3:::${deployed.bucket}`],
            conditions: { StringLike: { 's3:prefix': [`${connector.prefix}*`] } },
          }),
        );
      }
    }

    this.planRule = new events.Rule(this, 'PlanSchedule', {
      description: 'Privacy Desk retention sweep: a plan for staff to approve, daily',
      schedule: props.planSchedule ?? events.Schedule.cron({ minute: '0', hour: '3' }),
      targets: [
        new targets.LambdaFunction(sweep.function, {
          event: events.RuleTargetInput.fromObject({ kind: 'plan' }),
          retryAttempts: 2,
        }),
      ],
    });
    this.runRule = new events.Rule(this, 'RunSchedule', {
      description: 'Privacy Desk retention sweep: plans requested sweeps and carries out approved ones',
      schedule: props.runSchedule ?? events.Schedule.cron({ minute: '*/5' }),
      targets: [
        new targets.LambdaFunction(sweep.function, {
          event: events.RuleTargetInput.fromObject({ kind: 'run' }),
          retryAttempts: 0,
        }),
      ],
    });
  }
}
