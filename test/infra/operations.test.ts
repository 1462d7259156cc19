import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PrivacyDeskStack } from '../../infra/privacy-desk-stack';

// Synthesizing bundles every Lambda with esbuild: once for the whole file.
let template: Template;
let stack: PrivacyDeskStack;

beforeAll(() => {
  const app = new App({ context: { mailDomain: 'example.com', alertEmail: 'privacy-ops@example.com' } });
  stack = new PrivacyDeskStack(app, 'Ops', {
    mailDomain: 'example.com',
    staffAlertAddress: 'privacy-team@example.org',
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  template = Template.fromStack(stack);
}, 180_000);

type Resource = { Type: string; Properties: Record<string, unknown> };
const resourcesOf = (type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);
const json = (value: unknown) => JSON.stringify(value);

/** The logical id of the customer-managed key: everything personal must reference it. */
const keyId = () => {
  const keys = resourcesOf('AWS::KMS::Key');
  expect(keys).toHaveLength(1);
  return keys[0]?.[0] ?? '';
};
const usesKey = (value: unknown) => json(value).includes(`"${keyId()}"`);
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

describe('alerts for the privacy staff', () => {
  it('publishes to an SNS topic encrypted with the customer-managed key, with an e-mail subscription from the alertEmail context', () => {
    const topics = resourcesOf('AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    const [topicId, topic] = topics[0] ?? ['', { Type: '', Properties: {} as Record<string, unknown> }];
    expect(usesKey(topic.Properties.KmsMasterKeyId)).toBe(true);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'privacy-ops@example.com',
      TopicArn: { Ref: topicId },
    });
    // The topic refuses publishing without TLS, and CloudWatch may use the key to publish to it.
    expect(json(resourcesOf('AWS::SNS::TopicPolicy'))).toContain('"aws:SecureTransport":"false"');
    expect(json(resourcesOf('AWS::KMS::Key'))).toContain('cloudwatch.amazonaws.com');
  });

  const alarmOn = (namespace: string, metricName: string) => {
    const alarms = resourcesOf('AWS::CloudWatch::Alarm').filter(
      ([, a]) => a.Properties.Namespace === namespace && a.Properties.MetricName === metricName,
    );
    expect(alarms, `an alarm on ${namespace} ${metricName}`).toHaveLength(1);
    const [, alarm] = alarms[0] ?? ['', { Type: '', Properties: {} as Record<string, unknown> }];
    const topicId = resourcesOf('AWS::SNS::Topic')[0]?.[0];
    expect(json(alarm.Properties.AlarmActions)).toContain(`"${topicId}"`);
    return alarm.Properties;
  };

  it('alarms on failed executions of the request workflow', () => {
    const alarm = alarmOn('AWS/States', 'ExecutionsFailed');
    expect(json(alarm.Dimensions)).toContain('StateMachineArn');
    expect(alarm).toMatchObject({
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms on errors of the mail intake function', () => {
    const alarm = alarmOn('AWS/Lambda', 'Errors');
    expect(json(alarm.Dimensions)).toContain(logicalIdOf(stack.functions.IntakeEmail.function));
  });

  it('alarms as soon as one intake event is in the dead-letter queue', () => {
    const alarm = alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
    expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    const [queueId] = resourcesOf('AWS::SQS::Queue').find(([id]) => id.startsWith('IntakeDeadLetters')) ?? [
      '',
    ];
    expect(json(alarm.Dimensions)).toContain(queueId);
  });

  it('alarms on throttled Lambda invocations and throttled workflows', () => {
    alarmOn('AWS/Lambda', 'Throttles');
    alarmOn('AWS/States', 'ExecutionThrottled');
  });

  it('alarms on overdue requests, the custom metric the deadline watch publishes as EMF', () => {
    const alarm = alarmOn('PrivacyDesk', 'OverdueRequests');
    expect(alarm).toMatchObject({
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      Period: 86_400,
    });
    expect(alarm.Dimensions).toEqual([{ Name: 'service', Value: 'deadline-watch' }]);
  });
});

describe('retention purge', () => {
  it('runs daily on a schedule with the retention after closure configured', () => {
    const fn = logicalIdOf(stack.functions.RetentionPurge.function);
    const rules = resourcesOf('AWS::Events::Rule').filter(([, r]) => json(r.Properties.Targets).includes(fn));
    expect(rules).toHaveLength(1);
    expect(rules[0]?.[1].Properties.ScheduleExpression).toBe('cron(30 2 * * ? *)');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { RETENTION_DAYS_AFTER_CLOSE: '3653' } },
    });
  });

  it('may delete only the raw mail and artefact prefixes, and no table item', () => {
    const policies = resourcesOf('AWS::IAM::Policy').filter(([id]) => id.startsWith('RetentionPurge'));
    const text = json(policies.map(([, p]) => p.Properties.PolicyDocument));
    for (const prefix of ['inbound/*', 'quarantine/*', 'findings/*', 'packages/*', 'erasure/*'])
      expect(text).toContain(prefix);
    expect(text).toContain('s3:DeleteObject');
    expect(text).not.toContain('s3:PutObject');
    expect(text).not.toContain('dynamodb:DeleteItem');
    expect(text).not.toContain('dynamodb:Scan');
  });
});

describe('encryption with the customer-managed key everywhere', () => {
  it('tables', () => {
    for (const [id, table] of resourcesOf('AWS::DynamoDB::Table')) {
      expect(table.Properties.SSESpecification, id).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
      expect(usesKey(table.Properties.SSESpecification), id).toBe(true);
    }
  });

  it('buckets, except the access-log bucket: S3 server access logging can only write to SSE-S3 buckets', () => {
    const buckets = resourcesOf('AWS::S3::Bucket');
    const logTargets = new Set(
      buckets.flatMap(([, b]) => {
        const target = (
          b.Properties.LoggingConfiguration as { DestinationBucketName?: { Ref?: string } } | undefined
        )?.DestinationBucketName?.Ref;
        return target ? [target] : [];
      }),
    );
    expect(logTargets.size).toBe(1);
    for (const [id, bucket] of buckets) {
      const encryption = json(bucket.Properties.BucketEncryption);
      if (logTargets.has(id)) {
        expect(encryption, id).toContain('AES256');
        // Nothing but access logs goes there: it receives no object from any function.
        expect(json(resourcesOf('AWS::IAM::Policy'))).not.toContain(`"${id}"`);
      } else {
        expect(encryption, id).toContain('aws:kms');
        expect(usesKey(bucket.Properties.BucketEncryption), id).toBe(true);
      }
    }
  });

  it('queues, topics and secrets', () => {
    for (const [id, queue] of resourcesOf('AWS::SQS::Queue'))
      expect(usesKey(queue.Properties.KmsMasterKeyId), id).toBe(true);
    for (const [id, topic] of resourcesOf('AWS::SNS::Topic'))
      expect(usesKey(topic.Properties.KmsMasterKeyId), id).toBe(true);
    const secrets = resourcesOf('AWS::SecretsManager::Secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const [id, secret] of secrets) expect(usesKey(secret.Properties.KmsKeyId), id).toBe(true);
  });

  it('log groups, with the key policy letting CloudWatch Logs use it for this account only', () => {
    const groups = resourcesOf('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(Object.keys(stack.functions).length);
    for (const [id, group] of groups) expect(usesKey(group.Properties.KmsKeyId), id).toBe(true);
    const keyPolicy = json(resourcesOf('AWS::KMS::Key')[0]?.[1].Properties.KeyPolicy);
    expect(keyPolicy).toContain('logs.eu-west-1.amazonaws.com');
    expect(keyPolicy).toContain('kms:EncryptionContext:aws:logs:arn');
  });
});

describe('least privilege in every function role', () => {
  interface Statement {
    Action: string | string[];
    Resource: unknown;
    Effect: string;
  }
  const functionRoles = () =>
    new Set(
      resourcesOf('AWS::Lambda::Function').flatMap(([, fn]) => {
        const role = (fn.Properties.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.[
          'Fn::GetAtt'
        ]?.[0];
        return role ? [role] : [];
      }),
    );
  const statementsOfFunctionRoles = (): [string, Statement][] => {
    const roles = functionRoles();
    return resourcesOf('AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => roles.has(r.Ref)))
      .flatMap(([id, p]) =>
        (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.map(
          (s): [string, Statement] => [id, s],
        ),
      );
  };
  const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  it('grants no service-wide wildcard action (dynamodb:*, s3:*, kms:*, *)', () => {
    const statements = statementsOfFunctionRoles();
    expect(statements.length).toBeGreaterThan(40);
    for (const [id, statement] of statements) {
      for (const action of actionsOf(statement)) {
        expect(action, id).not.toMatch(/^(\*|dynamodb:\*|s3:\*|kms:\*|ses:\*|states:\*)$/);
      }
    }
  });

  it('uses Resource "*" only for X-Ray, which has no narrower resource', () => {
    for (const [id, statement] of statementsOfFunctionRoles()) {
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      if (resources.includes('*'))
        expect(
          actionsOf(statement).every((a) => a.startsWith('xray:')),
          id,
        ).toBe(true);
    }
  });

  it('never lets a function delete table items', () => {
    for (const [id, statement] of statementsOfFunctionRoles()) {
      expect(actionsOf(statement), id).not.toContain('dynamodb:DeleteItem');
    }
  });
});
