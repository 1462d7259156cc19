import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../infra/api-routes';
import { PublicApi } from '../../infra/constructs/http-api';
import { MailSending } from '../../infra/constructs/mail-sending';
import { PrivacyDeskFunction } from '../../infra/constructs/privacy-desk-function';
import { Workflow } from '../../infra/constructs/workflow';
import { FUNCTIONS } from '../../infra/function-catalog';

/**
 * The bind methods on their own: one call, and the function's configuration and its role agree.
 * Asset bundling is skipped: none of this depends on the bundle.
 */
function fixture() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Bind', { env: { account: '123456789012', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key');
  const table = new dynamodb.Table(stack, 'Requests', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
  });
  const bucket = new s3.Bucket(stack, 'Packages', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
  });
  const secret = new secretsmanager.Secret(stack, 'SubjectKey', { encryptionKey: key });
  const machine = new sfn.StateMachine(stack, 'Machine', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Pass')),
  });
  const configurationSet = new ses.ConfigurationSet(stack, 'MailConfiguration');
  const mail = new MailSending(stack, {
    mailDomain: 'privacy.example.com',
    mailbox: 'gdpr@privacy.example.com',
    configurationSet,
  });
  // The staff API's catalogue entry lists a table, a bucket, a secret, the workflow and the mailbox.
  const fn = new PrivacyDeskFunction(stack, 'StaffApi', { spec: FUNCTIONS.StaffApi });
  const ref = (construct: { node: { defaultChild?: unknown } }) => ({
    Ref: stack.getLogicalId(construct.node.defaultChild as never),
  });
  const arn = (construct: { node: { defaultChild?: unknown } }) => ({
    'Fn::GetAtt': [stack.getLogicalId(construct.node.defaultChild as never), 'Arn'],
  });
  return { stack, key, table, bucket, secret, machine, mail, fn, ref, arn };
}

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
function synthesized(stack: Stack, fn: PrivacyDeskFunction) {
  const template = Template.fromStack(stack).toJSON();
  const functionId = stack.getLogicalId(fn.function.node.defaultChild as never);
  const properties = template.Resources[functionId].Properties;
  const role = properties.Role['Fn::GetAtt'][0];
  const statements: Statement[] = Object.values(
    template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
  )
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: role }]),
    )
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const variables = (properties.Environment?.Variables ?? {}) as Record<string, unknown>;
  const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
  const granting = (action: string) => statements.filter((s) => actions(s).includes(action));
  return { variables, statements, granting };
}

describe('a function bound to what it uses', () => {
  it('gets the table name and its item calls, index queries and the key they need, from one bindTable', () => {
    const { stack, fn, table, key, ref, arn } = fixture();
    fn.bindTable('REQUESTS_TABLE', table, { items: ['GetItem', 'PutItem'], queryIndexes: ['byStatus'] });
    const { variables, granting } = synthesized(stack, fn);
    expect(variables).toEqual({ REQUESTS_TABLE: ref(table) });
    expect(granting('dynamodb:PutItem').map((s) => s.Resource)).toEqual([arn(table)]);
    expect(granting('dynamodb:Query').map((s) => s.Resource)).toEqual([
      { 'Fn::Join': ['', [arn(table), '/index/byStatus']] },
    ]);
    // A write: decrypt and generate data keys, on the table's own key.
    expect(granting('kms:Decrypt').map((s) => [s.Action, s.Resource])).toEqual([
      [['kms:Decrypt', 'kms:GenerateDataKey'], arn(key)],
    ]);
  });

  it('decrypts only, for a function that only reads', () => {
    const { stack, fn, table, bucket } = fixture();
    fn.bindTable('REQUESTS_TABLE', table, { items: ['GetItem', 'Query'] }).bindBucket(
      'PACKAGES_BUCKET',
      bucket,
      {
        objects: [{ prefix: 'findings/', actions: ['GetObject'], because: 'reads findings' }],
      },
    );
    const { granting } = synthesized(stack, fn);
    expect(granting('kms:Decrypt').map((s) => s.Action)).toEqual(['kms:Decrypt']);
    expect(granting('kms:GenerateDataKey')).toEqual([]);
  });

  it('gets the bucket name, its object calls under one prefix and a listing scoped by s3:prefix', () => {
    const { stack, fn, bucket, ref, arn } = fixture();
    fn.bindBucket('PACKAGES_BUCKET', bucket, {
      objects: [{ prefix: 'findings/', actions: ['PutObject'], because: 'writes findings' }],
      list: ['findings/'],
    });
    const { variables, granting } = synthesized(stack, fn);
    expect(variables).toEqual({ PACKAGES_BUCKET: ref(bucket) });
    expect(granting('s3:PutObject').map((s) => s.Resource)).toEqual([
      { 'Fn::Join': ['', [arn(bucket), '/findings/*']] },
    ]);
    expect(granting('s3:ListBucket')).toEqual([
      expect.objectContaining({
        Resource: arn(bucket),
        Condition: { StringLike: { 's3:prefix': ['findings/*'] } },
      }),
    ]);
    expect(granting('kms:GenerateDataKey')).toHaveLength(1);
  });

  it("gets a secret's ARN, never its value, with the read and the decrypt it needs", () => {
    const { stack, fn, secret, key, ref, arn } = fixture();
    fn.bindSecret('SUBJECT_KEY_SECRET_ARN', secret);
    const { variables, granting } = synthesized(stack, fn);
    expect(variables).toEqual({ SUBJECT_KEY_SECRET_ARN: ref(secret) });
    expect(granting('secretsmanager:GetSecretValue').map((s) => s.Resource)).toEqual([ref(secret)]);
    expect(granting('kms:Decrypt').map((s) => [s.Action, s.Resource])).toEqual([['kms:Decrypt', arn(key)]]);
  });

  it('gets the workflow ARN with only the calls asked for', () => {
    const { stack, fn, machine, ref } = fixture();
    fn.bindStateMachine(machine, { start: true, taskResponse: true });
    const { variables, granting } = synthesized(stack, fn);
    expect(variables).toEqual({ STATE_MACHINE_ARN: ref(machine) });
    expect(granting('states:StartExecution').map((s) => s.Resource)).toEqual([ref(machine)]);
    expect(granting('states:SendTaskSuccess').map((s) => s.Resource)).toEqual([ref(machine)]);
    expect(granting('states:StopExecution')).toEqual([]);
  });

  it('sends only as the mailbox its MAILBOX_ADDRESS names, through the identity and the configuration set', () => {
    const { stack, fn, mail } = fixture();
    fn.bindMailSending(mail);
    const { variables, granting } = synthesized(stack, fn);
    expect(variables).toEqual({ MAILBOX_ADDRESS: 'gdpr@privacy.example.com' });
    const [sending, ...others] = granting('ses:SendEmail');
    expect(others).toEqual([]);
    expect(sending?.Action).toBe('ses:SendEmail');
    expect(sending?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'gdpr@privacy.example.com' } });
    expect(JSON.stringify(sending?.Resource)).toContain('identity/privacy.example.com');
    expect(JSON.stringify(sending?.Resource)).toContain('configuration-set/');
  });

  it('refuses a variable the function catalogue does not list for the function', () => {
    const { fn, bucket } = fixture();
    expect(() => fn.setVariable('RETENTION_DAYS_AFTER_CLOSE', '30')).toThrow(
      /lists no RETENTION_DAYS_AFTER_CLOSE/,
    );
    expect(() => fn.bindBucket('INBOUND_BUCKET', bucket, {})).toThrow(/lists no INBOUND_BUCKET/);
  });
});

describe('the workflow', () => {
  it('fails the synth while a Task state of the definition has no function bound', () => {
    const { stack } = fixture();
    const workflow = new Workflow(stack, 'Workflow');
    workflow.bindStep(new PrivacyDeskFunction(stack, 'SetStatus', { spec: FUNCTIONS.SetStatus }));
    expect(() => Template.fromStack(stack)).toThrow(/no function for .*SendReplyFunctionArn/);
  });
});

describe('the HTTP API', () => {
  it('fails the synth while a route of the catalogue has no function serving it', () => {
    const { stack } = fixture();
    new PublicApi(stack, 'Api', { routes: API_ROUTES.filter((route) => route.auth !== 'staff') });
    expect(() => Template.fromStack(stack)).toThrow(/route \w+ \S+ needs function \w+/);
  });
});
