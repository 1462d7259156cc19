import { ArnFormat, Aspects, Duration, type IAspect, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { DEADLINE_METRICS } from '../../functions/core/calendar/deadline-metrics';

export interface OperationsProps {
  /** The customer-managed key: the alert topic and every log group of the stack are encrypted with it. */
  readonly key: kms.Key;
  readonly stateMachine: sfn.IStateMachine;
  /** The mail intake function, whose errors mean mail waits in S3 unprocessed. */
  readonly intakeFunction: lambda.IFunction;
  /** Where intake events land after Lambda's retries. */
  readonly intakeDeadLetters: sqs.IQueue;
  /** Staff who receive the alerts by e-mail (default: none; subscribe later, e.g. a chat integration). */
  readonly alertEmail?: string;
}

/** Sets the key on every log group of the stack that has none (function, workflow and API logs). */
class EncryptLogGroups implements IAspect {
  constructor(private readonly keyArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof logs.CfnLogGroup && node.kmsKeyId === undefined) node.kmsKeyId = this.keyArn;
  }
}

/**
 * Operations for the privacy staff: an encrypted SNS topic, and alarms on what needs a person —
 * failed workflows, intake errors, mail in the dead-letter queue, throttling, overdue requests.
 * Every log group of the stack is encrypted with the customer-managed key.
 */
export class Operations extends Construct {
  public readonly alertTopic: sns.Topic;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.alertTopic = new sns.Topic(this, 'StaffAlerts', {
      displayName: 'Privacy Desk alerts',
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alertEmail)
      this.alertTopic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));
    // Alarms publish to the encrypted topic as CloudWatch: it must be able to use the key.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    // CloudWatch Logs encrypts the stack's log groups with the key, and only log groups of this account.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    // SES publishes bounces and complaints of the mail configuration set to the encrypted topic.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    Aspects.of(stack).add(new EncryptLogGroups(props.key.keyArn));

    const fiveMinutes = Duration.minutes(5);
    this.alarm(
      'FailedExecutions',
      'A request workflow failed: the request is `failed` and needs a retry from the console.',
      {
        metric: props.stateMachine.metricFailed({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
      },
    );
    this.alarm(
      'TimedOutExecutions',
      'A request workflow timed out: the request is stuck at a step and needs a retry from the console.',
      {
        metric: props.stateMachine.metricTimedOut({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
      },
    );
    this.alarm('IntakeErrors', 'The mail intake function failed: the raw mail is in S3, Lambda retries it.', {
      metric: props.intakeFunction.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
    });
    this.alarm(
      'IntakeDeadLetters',
      'Mail intake gave up on a delivery: its event is in the dead-letter queue.',
      {
        metric: props.intakeDeadLetters.metricApproximateNumberOfMessagesVisible({
          period: fiveMinutes,
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      },
    );
    this.alarm(
      'LambdaThrottles',
      'Lambda throttled invocations in this account and region (Privacy Desk runs in its own account).',
      {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Lambda',
          metricName: 'Throttles',
          period: fiveMinutes,
          statistic: 'Sum',
        }),
        threshold: 1,
      },
    );
    this.alarm('WorkflowThrottles', 'Step Functions throttled request workflows.', {
      metric: props.stateMachine.metric('ExecutionThrottled', { period: fiveMinutes, statistic: 'Sum' }),
      threshold: 1,
    });
    this.alarm('OverdueRequests', 'The deadline watch found requests past their GDPR deadline.', {
      metric: new cloudwatch.Metric({
        namespace: DEADLINE_METRICS.namespace,
        metricName: DEADLINE_METRICS.overdue,
        dimensionsMap: DEADLINE_METRICS.dimensions,
        period: Duration.days(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // The watch runs on working days: a weekend without data keeps the alarm as it was.
      missingData: cloudwatch.TreatMissingData.IGNORE,
    });
  }

  private alarm(
    id: string,
    description: string,
    options: {
      metric: cloudwatch.IMetric;
      threshold: number;
      comparison?: cloudwatch.ComparisonOperator;
      missingData?: cloudwatch.TreatMissingData;
    },
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: `Privacy Desk: ${description}`,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator:
        options.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.missingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new cwActions.SnsAction(this.alertTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
