import { describe, expect, it } from 'vitest';
import { UnsupportedPolicyError } from '../../local/iam/policy-evaluator';
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

  it('refuses a client or command it does not know', () => {
    expect(() =>
      checksOf({ clientName: 'DynamoDBClient', commandName: 'DeleteTableCommand', input: {} }, where),
    ).toThrow(/DeleteTable/);
    expect(() =>
      checksOf({ clientName: 'SNSClient', commandName: 'PublishCommand', input: {} }, where),
    ).toThrow(/SNSClient/);
  });
});
