import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { DEMO_STAFF_ALERT_ADDRESS } from '../../infra/demo-deployment';
import { FUNCTIONS } from '../../infra/function-catalog';
import { buildPrivacyDeskApp, requireStaffAlertAddress } from '../../infra/privacy-desk-app';

/**
 * The template as a deploy synthesizes it (the app with the demo stores), checked for what AWS
 * needs on day one. Asset bundling is skipped: none of this depends on the bundles.
 */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const synth = (context: Record<string, unknown>) =>
  Template.fromStack(buildPrivacyDeskApp({ context: { ...NO_BUNDLING, ...context }, checks: false }).stack);

let template: Template;
beforeAll(() => {
  template = synth({ demo: true, mailDomain: 'privacy.example.com' });
}, 120_000);

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };
const resources = (type: string) => Object.entries(template.findResources(type) as Record<string, Resource>);
const logicalIdOf = (type: string, prefix: string) => {
  const found = resources(type).filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0]?.[0] ?? '';
};
/** The statements of a function's role, from every policy attached to it. */
const statementsOf = (fn: string): Statement[] => {
  const functionId = logicalIdOf('AWS::Lambda::Function', `${fn}Function`);
  const role = (template.toJSON().Resources[functionId].Properties.Role as { 'Fn::GetAtt': string[] })[
    'Fn::GetAtt'
  ][0];
  return resources('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const grants = (fn: string, action: string) => statementsOf(fn).filter((s) => actions(s).includes(action));
const requestsTableArn = () => ({
  'Fn::GetAtt': [logicalIdOf('AWS::DynamoDB::Table', 'DataRequests'), 'Arn'],
});
const packagesBucketArn = () => ({ 'Fn::GetAtt': [logicalIdOf('AWS::S3::Bucket', 'DataPackages'), 'Arn'] });

describe('the function catalogue', () => {
  it.each(Object.entries(FUNCTIONS))('gives %s exactly the environment variables it names', (name, spec) => {
    const functionId = logicalIdOf('AWS::Lambda::Function', `${name}Function`);
    const properties = template.toJSON().Resources[functionId].Properties as {
      Environment?: { Variables?: Record<string, unknown> };
    };
    expect(Object.keys(properties.Environment?.Variables ?? {}).sort()).toEqual([...spec.variables].sort());
  });
});

describe('the grants the steps need on AWS', () => {
  it('lets Assess append its audit event (PutItem on the requests table)', () => {
    expect(grants('AssessRequest', 'dynamodb:PutItem').map((s) => s.Resource)).toEqual([requestsTableArn()]);
  });

  it("lets intake update the rate limiter's counters (UpdateItem on the requests table)", () => {
    expect(grants('IntakeEmail', 'dynamodb:UpdateItem').map((s) => s.Resource)).toEqual([requestsTableArn()]);
  });

  it('lets the deadline watch read folded alerts through the status index only, and take them off it (UpdateItem)', () => {
    expect(grants('DeadlineWatch', 'dynamodb:Query').map((s) => s.Resource)).toEqual([
      { 'Fn::Join': ['', [requestsTableArn(), '/index/byStatus']] },
    ]);
    expect(grants('DeadlineWatch', 'dynamodb:UpdateItem').map((s) => s.Resource)).toEqual([
      requestsTableArn(),
    ]);
    expect(grants('DeadlineWatch', 'dynamodb:DeleteItem')).toEqual([]);
  });

  it('lets intake query the status index for folded alerts, and no other index', () => {
    expect(grants('IntakeEmail', 'dynamodb:Query').map((s) => s.Resource)).toEqual([
      requestsTableArn(),
      { 'Fn::Join': ['', [requestsTableArn(), '/index/byStatus']] },
    ]);
  });

  it('lets EraseStore list the erasure/ prefix only, so a missing outcome reads as 404', () => {
    const ofPackages = grants('EraseStore', 's3:ListBucket').filter(
      (s) => JSON.stringify(s.Resource) === JSON.stringify(packagesBucketArn()),
    );
    expect(ofPackages).toEqual([
      expect.objectContaining({
        Resource: packagesBucketArn(),
        Condition: { StringLike: { 's3:prefix': ['erasure/*'] } },
      }),
    ]);
  });

  it.each(['BuildPackage', 'VerifyErasure', 'UpdateConsents'])(
    'lets %s give a send-once claim back (UpdateItem on the requests table only)',
    (fn) => {
      expect(grants(fn, 'dynamodb:UpdateItem').map((s) => s.Resource)).toEqual([requestsTableArn()]);
    },
  );

  it('scopes every s3:ListBucket with an s3:prefix condition', () => {
    const listings = resources('AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((s) =>
        actions(s).includes('s3:ListBucket'),
      ),
    );
    expect(listings.length).toBeGreaterThan(5);
    for (const listing of listings)
      expect(listing.Condition).toMatchObject({ StringLike: { 's3:prefix': expect.anything() } });
  });

  it('lets every sender send only as the privacy mailbox, through the identity and the configuration set', () => {
    const sending = resources('AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((s) =>
        actions(s).some((a) => a.startsWith('ses:')),
      ),
    );
    expect(sending.length).toBeGreaterThanOrEqual(8);
    for (const statement of sending) {
      expect(actions(statement)).toEqual(['ses:SendEmail']);
      expect(statement.Condition).toEqual({
        StringEquals: { 'ses:FromAddress': 'gdpr@privacy.example.com' },
      });
      expect(JSON.stringify(statement.Resource)).toContain('identity/privacy.example.com');
      expect(JSON.stringify(statement.Resource)).toContain('configuration-set/');
    }
  });

  it('gives each function its own role that writes only its own log group (no AWSLambdaBasicExecutionRole)', () => {
    for (const [, role] of resources('AWS::IAM::Role'))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const logs = grants('AssessRequest', 'logs:PutLogEvents');
    expect(logs.map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [logicalIdOf('AWS::Logs::LogGroup', 'AssessRequestLogs'), 'Arn'] },
    ]);
  });
});

describe('erased and purged data does not outlive its erasure in old object versions', () => {
  const rulesOf = (prefix: string) => {
    const id = logicalIdOf('AWS::S3::Bucket', prefix);
    return template.toJSON().Resources[id].Properties as Record<string, unknown> as {
      VersioningConfiguration?: { Status: string };
      LifecycleConfiguration: { Rules: Record<string, unknown>[] };
    };
  };

  it('expires noncurrent versions and their delete markers bucket-wide, not under one prefix', () => {
    for (const bucket of ['DataInbound', 'DataPackages']) {
      const bucketWide = rulesOf(bucket).LifecycleConfiguration.Rules.filter((r) => r.Prefix === undefined);
      expect(bucketWide).toEqual([
        expect.objectContaining({
          NoncurrentVersionExpiration: { NoncurrentDays: expect.any(Number) },
          ExpiredObjectDeleteMarker: true,
          Status: 'Enabled',
        }),
      ]);
    }
    const inboundWindow = rulesOf('DataInbound').LifecycleConfiguration.Rules.find(
      (r) => r.Prefix === undefined,
    );
    expect(
      (inboundWindow?.NoncurrentVersionExpiration as { NoncurrentDays: number } | undefined)?.NoncurrentDays,
    ).toBeLessThanOrEqual(7);
  });

  it('keeps versions of raw mail only; the packages bucket (derived artefacts) keeps none', () => {
    expect(rulesOf('DataInbound').VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(rulesOf('DataPackages').VersioningConfiguration).toEqual({ Status: 'Suspended' });
  });
});

describe('staff alerts reach people', () => {
  it('requires a staff alert address, and refuses one at the domain whose mail SES receives', () => {
    expect(() => requireStaffAlertAddress(undefined, 'privacy.example.com')).toThrow(
      /staffAlertAddress is required/,
    );
    expect(() =>
      requireStaffAlertAddress('privacy-staff@privacy.example.com', 'privacy.example.com'),
    ).toThrow(/SES receives/);
    expect(() => requireStaffAlertAddress('team@eu.privacy.example.com', 'privacy.example.com')).toThrow(
      /SES receives/,
    );
    expect(requireStaffAlertAddress('privacy-team@example.com', 'privacy.example.com')).toBe(
      'privacy-team@example.com',
    );
    expect(() =>
      buildPrivacyDeskApp({ context: { ...NO_BUNDLING, dataStores: {}, mailDomain: 'x.example' } }),
    ).toThrow();
  });

  it('hands the functions that alert staff the configured address', () => {
    const withAddress = synth({
      demo: true,
      mailDomain: 'privacy.example.com',
      staffAlertAddress: 'dpo@example.com',
    });
    const variables = Object.values(withAddress.findResources('AWS::Lambda::Function')).flatMap((fn) =>
      Object.entries((fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>).filter(
        ([name]) => name === 'STAFF_ADDRESS',
      ),
    );
    expect(variables.length).toBeGreaterThanOrEqual(4);
    for (const [, value] of variables) expect(value).toBe('dpo@example.com');
    const demo = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (fn) => fn.Properties.Environment?.Variables?.STAFF_ADDRESS,
    );
    expect(demo).toContain(DEMO_STAFF_ALERT_ADDRESS);
  });

  it('sends bounces and complaints of every mail to the alert topic, through the identity default configuration set', () => {
    const topic = logicalIdOf('AWS::SNS::Topic', 'OperationsStaffAlerts');
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: { TopicARN: { Ref: topic } },
      }),
    });
    const configurationSet = logicalIdOf('AWS::SES::ConfigurationSet', 'MailConfiguration');
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'privacy.example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: configurationSet } },
    });
    // SES publishes to the encrypted topic: the key lets it.
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Action: Match.arrayWith(['kms:Decrypt']),
          }),
        ]),
      }),
    });
  });
});

describe('a deploy that works on day one', () => {
  it('outputs the API and console URLs, the rule set to activate and the sign-in ids', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'ConsoleUrl',
        'ReceiptRuleSetName',
        'UserPoolId',
        'UserPoolClientId',
      ]),
    );
  });

  it('keeps dead letters 14 days and alarms on timed-out as well as failed executions', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600 });
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut'])
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Namespace: 'AWS/States',
        AlarmActions: Match.anyValue(),
      });
  });

  it('retains the secret every stored subject key derives from, like the tables', () => {
    const secret = resources('AWS::SecretsManager::Secret').find(([id]) => id.startsWith('SubjectKeySecret'));
    expect(secret?.[1].DeletionPolicy).toBe('Retain');
  });

  it('reuses an existing SES identity with createMailIdentity=false', () => {
    const reuse = synth({ demo: true, mailDomain: 'privacy.example.com', createMailIdentity: 'false' });
    reuse.resourceCountIs('AWS::SES::EmailIdentity', 0);
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
  });

  it('refuses to synthesize without the stores the data map needs located, unless the demo is asked for', () => {
    const settings = {
      ...NO_BUNDLING,
      mailDomain: 'privacy.example.com',
      staffAlertAddress: 'dpo@example.com',
    };
    const bare = () => buildPrivacyDeskApp({ context: settings });
    expect(bare).toThrow(/dataStores does not say where these stores of the data map are: crm \(table\)/);
    expect(bare).toThrow(/-c demo=true/);
    const located: Record<string, { table?: string; bucket?: string }> = {};
    for (const store of DEMO_DATA_MAP.stores) {
      if (store.connector.type === 'dynamodb') located[store.id] = { table: `acme-${store.id}` };
      if (store.connector.type === 's3-jsonl') located[store.id] = { bucket: `acme-${store.id}` };
    }
    expect(() =>
      buildPrivacyDeskApp({
        context: { ...settings, dataStores: JSON.stringify(located) },
        checks: false,
      }),
    ).not.toThrow();
  });
});

describe('erasure in a store whose bucket keeps versions', () => {
  const all = () =>
    resources('AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.map((s) => ({
        ...s,
        text: JSON.stringify(s),
      })),
    );

  it('lets EraseStore list and delete old versions under the versioned store’s prefixes only', () => {
    const store = DEMO_DATA_MAP.stores.find((s) => s.id === 'web-logs');
    expect(store?.connector).toMatchObject({ type: 's3-jsonl', versioned: true });
    const bucket = 'privacy-desk-demo-web-logs';
    const listings = grants('EraseStore', 's3:ListBucketVersions');
    expect(listings).toHaveLength(1);
    expect(actions(listings[0] as Statement)).toEqual(['s3:ListBucketVersions']);
    expect(JSON.stringify(listings[0]?.Resource)).toContain(`:s3:::${bucket}"`);
    expect(listings[0]?.Condition).toEqual({
      StringLike: { 's3:prefix': ['access/*', 'index/by-subject/*'] },
    });
    const deletes = grants('EraseStore', 's3:DeleteObjectVersion');
    expect(deletes).toHaveLength(1);
    expect(actions(deletes[0] as Statement)).toEqual(['s3:DeleteObjectVersion']);
    const resourceText = JSON.stringify(deletes[0]?.Resource);
    expect(resourceText).toContain(`${bucket}/access/*`);
    expect(resourceText).toContain(`${bucket}/index/by-subject/*`);
    expect(deletes[0]?.Resource).toHaveLength(2);
  });

  it('gives no other function (corrections included), and no unversioned store, a version grant', () => {
    const versionGrants = all().filter((s) => /s3:(ListBucketVersions|DeleteObjectVersion)/.test(s.text));
    // The erase step and the retention sweep, which removes old versions of what it rewrote.
    expect(versionGrants).toHaveLength(4);
    expect(statementsOf('RetentionSweep').filter((s) => /Version/.test(JSON.stringify(s)))).toHaveLength(2);
    for (const s of versionGrants) expect(s.text).not.toContain('privacy-desk-demo-events');
    expect(statementsOf('EraseStore').filter((s) => /Version/.test(JSON.stringify(s)))).toHaveLength(2);
  });
});
