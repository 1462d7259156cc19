import { describe, expect, it } from 'vitest';
import { evaluate, type PolicyStatement, UnsupportedPolicyError } from '../../local/iam/policy-evaluator';
import { type CallResources, checksOf } from '../../local/iam/sdk-requests';

const KEY = 'arn:aws:kms:eu-west-1:000000000000:key/data';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:privacy-desk/subject-key';
const where: CallResources = {
  region: 'eu-west-1',
  account: '000000000000',
  bucketKeys: { 'privacy-desk-packages': KEY },
  secretKeys: { [SECRET]: KEY },
  secretArn: (id) =>
    id.startsWith('arn:') ? id : `arn:aws:secretsmanager:eu-west-1:000000000000:secret:${id}-AbCdEf`,
  stateMachineArn: 'arn:aws:states:eu-west-1:000000000000:stateMachine:privacy-desk-dsr',
};
const TABLE = 'arn:aws:dynamodb:eu-west-1:000000000000:table/privacy-desk-requests';

describe('what IAM authorizes for each SDK call', () => {
  it('names the table, or the index a query reads', () => {
    expect(
      checksOf(
        {
          clientName: 'DynamoDBClient',
          commandName: 'UpdateItemCommand',
          input: { TableName: 'privacy-desk-requests' },
        },
        where,
      ),
    ).toEqual([{ action: 'dynamodb:UpdateItem', resource: TABLE }]);
    expect(
      checksOf(
        {
          clientName: 'DynamoDBClient',
          commandName: 'QueryCommand',
          input: { TableName: 'privacy-desk-requests', IndexName: 'bySubject' },
        },
        where,
      ),
    ).toEqual([{ action: 'dynamodb:Query', resource: `${TABLE}/index/bySubject` }]);
    expect(
      checksOf(
        {
          clientName: 'DynamoDBClient',
          commandName: 'BatchGetItemCommand',
          input: { RequestItems: { a: {}, b: {} } },
        },
        where,
      ).map((c) => c.resource),
    ).toEqual([TABLE.replace('privacy-desk-requests', 'a'), TABLE.replace('privacy-desk-requests', 'b')]);
  });

  it('names bucket/key, the listing prefix, and the KMS use a key-encrypted bucket implies', () => {
    const s3 = (commandName: string, input: Record<string, unknown>) =>
      checksOf({ clientName: 'S3Client', commandName, input }, where);
    expect(
      s3('GetObjectCommand', { Bucket: 'privacy-desk-packages', Key: 'erasure/PD-1/plan.json' }),
    ).toEqual([
      { action: 's3:GetObject', resource: 'arn:aws:s3:::privacy-desk-packages/erasure/PD-1/plan.json' },
      { action: 'kms:Decrypt', resource: KEY, viaService: true },
    ]);
    expect(s3('PutObjectCommand', { Bucket: 'privacy-desk-demo-events', Key: 'index/x' })).toEqual([
      { action: 's3:PutObject', resource: 'arn:aws:s3:::privacy-desk-demo-events/index/x' },
    ]);
    expect(s3('ListObjectsV2Command', { Bucket: 'b', Prefix: 'findings/PD-1/' })).toEqual([
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::b', context: { 's3:prefix': 'findings/PD-1/' } },
    ]);
    expect(
      s3('CopyObjectCommand', { Bucket: 'b', Key: 'quarantine/m', CopySource: 'b/inbound/m' }).map(
        (c) => `${c.action} ${c.resource}`,
      ),
    ).toEqual(['s3:GetObject arn:aws:s3:::b/inbound/m', 's3:PutObject arn:aws:s3:::b/quarantine/m']);
    expect(() => s3('GetObjectCommand', { Bucket: 'b', Key: 'k', VersionId: 'v1' })).toThrow(
      UnsupportedPolicyError,
    );
  });

  it("names the sender's identity and gives the conditions SES knows", () => {
    const [check] = checksOf(
      {
        clientName: 'SESv2Client',
        commandName: 'SendEmailCommand',
        input: {
          FromEmailAddress: 'Privacy Desk <gdpr@example.com>',
          Destination: { ToAddresses: ['a@example.org'] },
        },
      },
      where,
    );
    expect(check).toEqual({
      action: 'ses:SendEmail',
      resource: 'arn:aws:ses:eu-west-1:000000000000:identity/example.com',
      context: {
        'ses:FromAddress': 'gdpr@example.com',
        'ses:FromDisplayName': 'Privacy Desk',
        'ses:Recipients': ['a@example.org'],
        'ses:ApiVersion': '2',
      },
    });
  });

  it("names a secret by its complete ARN, with the decrypt its key implies, and the state machine's callbacks", () => {
    expect(
      checksOf(
        {
          clientName: 'SecretsManagerClient',
          commandName: 'GetSecretValueCommand',
          input: { SecretId: SECRET },
        },
        where,
      ),
    ).toEqual([
      { action: 'secretsmanager:GetSecretValue', resource: SECRET },
      { action: 'kms:Decrypt', resource: KEY, viaService: true },
    ]);
    expect(
      checksOf(
        {
          clientName: 'SecretsManagerClient',
          commandName: 'GetSecretValueCommand',
          input: { SecretId: 'acme/api' },
        },
        where,
      ),
    ).toEqual([
      {
        action: 'secretsmanager:GetSecretValue',
        resource: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:acme/api-AbCdEf',
      },
    ]);
    expect(
      checksOf(
        { clientName: 'SFNClient', commandName: 'SendTaskSuccessCommand', input: { taskToken: 't' } },
        where,
      ),
    ).toEqual([{ action: 'states:SendTaskSuccess', resource: where.stateMachineArn }]);
  });

  it('names the version listing with its prefix, and deleting one version as its own action', () => {
    const s3 = (commandName: string, input: Record<string, unknown>) =>
      checksOf({ clientName: 'S3Client', commandName, input }, where);
    const logs = 'privacy-desk-demo-web-logs';
    expect(s3('ListObjectVersionsCommand', { Bucket: logs, Prefix: 'access/2026-01-01.jsonl' })).toEqual([
      {
        action: 's3:ListBucketVersions',
        resource: `arn:aws:s3:::${logs}`,
        context: { 's3:prefix': 'access/2026-01-01.jsonl' },
      },
    ]);
    expect(s3('DeleteObjectCommand', { Bucket: logs, Key: 'access/a.jsonl', VersionId: 'v1' })).toEqual([
      { action: 's3:DeleteObjectVersion', resource: `arn:aws:s3:::${logs}/access/a.jsonl` },
    ]);
    expect(s3('DeleteObjectCommand', { Bucket: logs, Key: 'access/a.jsonl' })).toEqual([
      { action: 's3:DeleteObject', resource: `arn:aws:s3:::${logs}/access/a.jsonl` },
    ]);
    // A role allowed to list versions under one prefix only is refused elsewhere, as on AWS.
    const statements: PolicyStatement[] = [
      {
        Effect: 'Allow',
        Action: 's3:ListBucketVersions',
        Resource: `arn:aws:s3:::${logs}`,
        Condition: { StringLike: { 's3:prefix': ['access/*'] } },
      },
      { Effect: 'Allow', Action: 's3:DeleteObjectVersion', Resource: `arn:aws:s3:::${logs}/access/*` },
    ];
    const decide = (commandName: string, input: Record<string, unknown>) =>
      s3(commandName, input).map((check) => evaluate(statements, check));
    expect(decide('ListObjectVersionsCommand', { Bucket: logs, Prefix: 'access/a.jsonl' })).toEqual([
      'allow',
    ]);
    expect(decide('ListObjectVersionsCommand', { Bucket: logs, Prefix: 'other/' })).toEqual([
      'implicit-deny',
    ]);
    expect(decide('ListObjectVersionsCommand', { Bucket: logs })).toEqual(['implicit-deny']);
    expect(decide('DeleteObjectCommand', { Bucket: logs, Key: 'access/a.jsonl', VersionId: 'v1' })).toEqual([
      'allow',
    ]);
    // Deleting the current object is not deleting a version: the version grant does not cover it.
    expect(decide('DeleteObjectCommand', { Bucket: logs, Key: 'access/a.jsonl' })).toEqual(['implicit-deny']);
  });

  it('refuses a client or command it does not know', () => {
    expect(() =>
      checksOf({ clientName: 'DynamoDBClient', commandName: 'DeleteTableCommand', input: {} }, where),
    ).toThrow(/DeleteTable/);
    expect(() =>
      checksOf({ clientName: 'SNSClient', commandName: 'PublishCommand', input: {} }, where),
    ).toThrow(/SNSClient/);
  });
});
