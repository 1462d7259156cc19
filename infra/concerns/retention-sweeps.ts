import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SWEEP_OBJECT_PREFIX } from '../../functions/adapters/dynamodb-retention-sweeps';
import { sweepModeOf } from '../../functions/core/retention/retention-sweep';
import { type ConcernProps, createFunctions } from '../constructs/desk';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';
import { grantStoreErasure } from '../constructs/store-erasure-access';

export interface RetentionSweepsProps extends ConcernProps {
  /** When the daily plan is made (default 03:00 UTC). */
  readonly planSchedule?: events.Schedule;
  /** How often approved and requested sweeps are picked up (default every 5 minutes). */
  readonly runSchedule?: events.Schedule;
}

/**
 * Retention sweeps across the company's stores: the sweep function plans, carries out and verifies
 * them on two schedules; the staff API lists, requests, shows, approves and rejects them. The sweep
 * reads every record of each store (a table scan, a listing of the data prefix) and changes them
 * as an erasure does; the API only reads and writes the sweeps themselves.
 */
export class RetentionSweeps extends Construct {
  public readonly functions: Record<'RetentionSweep' | 'RetentionSweepsApi', PrivacyDeskFunction>;
  public readonly planRule: events.Rule;
  public readonly runRule: events.Rule;

  constructor(scope: Construct, id: string, props: RetentionSweepsProps) {
    super(scope, id);
    const { desk } = props;
    const stack = Stack.of(this);
    this.functions = createFunctions(this, desk, ['RetentionSweep', 'RetentionSweepsApi']);
    const { RetentionSweep: sweep, RetentionSweepsApi: api } = this.functions;
    const because = 'keeps the plan and report of a sweep under the id of the sweep';
    for (const fn of [sweep, api]) {
      fn.bindTable('REQUESTS_TABLE', desk.data.requestsTable, { items: ['GetItem', 'PutItem', 'Query'] })
        // A plan or report not written yet reads as 404.
        .bindBucket('PACKAGES_BUCKET', desk.data.packagesBucket, {
          objects: [
            {
              prefix: SWEEP_OBJECT_PREFIX,
              actions: fn === api ? ['GetObject'] : ['GetObject', 'PutObject'],
              because,
            },
          ],
          list: [SWEEP_OBJECT_PREFIX],
        });
    }

    // Reads and erasure as the erase step has them, plus listing every record of each store.
    // Only the stores a sweep lists and changes: not an API's credential, not a manual store.
    const swept = {
      ...desk.dataMap,
      stores: desk.dataMap.stores.filter((s) => sweepModeOf(s) === 'connector'),
    };
    grantStoreErasure(sweep, swept, desk.dataStores);
    for (const store of swept.stores) {
      const deployed = desk.dataStores[store.id];
      const connector = store.connector;
      if (connector.type === 'dynamodb' && deployed?.table) {
        sweep.allow(
          ['dynamodb:Scan'],
          [stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: deployed.table })],
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
