import { type AuthorizationRequest, UnsupportedPolicyError } from './policy-evaluator';

/**
 * What IAM authorizes for one SDK call: the action and resource ARN of each check AWS makes,
 * including the KMS permission a customer-managed key implies. A client or command not listed
 * here is an error: the local stack never lets through a call it cannot judge.
 */
export interface CallResources {
  readonly region: string;
  readonly account: string;
  /** Bucket name → the KMS key ARN of its default encryption. */
  readonly bucketKeys: Readonly<Record<string, string>>;
  /** Secret ARN → the KMS key ARN that encrypts it. */
  readonly secretKeys: Readonly<Record<string, string>>;
  /** A SecretId (name or ARN) → the secret's complete ARN, as AWS authorizes it. */
  readonly secretArn: (secretId: string) => string;
  /** The state machine whose tasks the callbacks' tokens belong to. */
  readonly stateMachineArn: string;
}

export interface SdkCall {
  readonly clientName: string;
  readonly commandName: string;
  readonly input: Record<string, unknown>;
}

export interface CallCheck extends AuthorizationRequest {
  /** A KMS check implied by the service's use of a customer-managed key. */
  readonly viaService?: boolean;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

function dynamodbChecks(call: SdkCall, where: CallResources): CallCheck[] {
  const table = (name: unknown) => `arn:aws:dynamodb:${where.region}:${where.account}:table/${str(name)}`;
  const input = call.input;
  const single = (action: string) => [{ action: `dynamodb:${action}`, resource: table(input.TableName) }];
  switch (call.commandName) {
    case 'GetItemCommand':
      return single('GetItem');
    case 'PutItemCommand':
      return single('PutItem');
    case 'UpdateItemCommand':
      return single('UpdateItem');
    case 'DeleteItemCommand':
      return single('DeleteItem');
    case 'QueryCommand':
    case 'ScanCommand': {
      const action = call.commandName === 'QueryCommand' ? 'dynamodb:Query' : 'dynamodb:Scan';
      const index = input.IndexName === undefined ? '' : `/index/${str(input.IndexName)}`;
      return [{ action, resource: `${table(input.TableName)}${index}` }];
    }
    case 'BatchGetItemCommand':
    case 'BatchWriteItemCommand': {
      const action = call.commandName === 'BatchGetItemCommand' ? 'BatchGetItem' : 'BatchWriteItem';
      return Object.keys((input.RequestItems as Record<string, unknown>) ?? {}).map((name) => ({
        action: `dynamodb:${action}`,
        resource: table(name),
      }));
    }
    case 'TransactWriteItemsCommand':
    case 'TransactGetItemsCommand': {
      const actions: Record<string, string> = {
        Put: 'PutItem',
        Update: 'UpdateItem',
        Delete: 'DeleteItem',
        ConditionCheck: 'ConditionCheckItem',
        Get: 'GetItem',
      };
      return ((input.TransactItems as Record<string, { TableName?: string }>[]) ?? []).flatMap((item) =>
        Object.entries(item).map(([kind, operation]) => {
          const action = actions[kind];
          if (!action) throw new UnsupportedPolicyError(`transaction item ${kind} is not evaluated`);
          return { action: `dynamodb:${action}`, resource: table(operation.TableName) };
        }),
      );
    }
    default:
      throw new UnsupportedPolicyError(`DynamoDB ${call.commandName} is not evaluated locally`);
  }
}

function s3Checks(call: SdkCall, where: CallResources): CallCheck[] {
  const input = call.input;
  const object = (bucket: unknown, key: unknown) => `arn:aws:s3:::${str(bucket)}/${str(key)}`;
  const kms = (bucket: string, action: 'kms:Decrypt' | 'kms:GenerateDataKey'): CallCheck[] => {
    const key = where.bucketKeys[bucket];
    return key ? [{ action, resource: key, viaService: true }] : [];
  };
  const bucket = str(input.Bucket);
  const noVersions = () => {
    if (input.VersionId !== undefined)
      throw new UnsupportedPolicyError(`S3 ${call.commandName} of a version is not evaluated locally`);
  };
  switch (call.commandName) {
    case 'GetObjectCommand':
      noVersions();
      return [{ action: 's3:GetObject', resource: object(bucket, input.Key) }, ...kms(bucket, 'kms:Decrypt')];
    case 'HeadObjectCommand':
      noVersions();
      return [{ action: 's3:GetObject', resource: object(bucket, input.Key) }];
    case 'PutObjectCommand':
      if (input.SSEKMSKeyId !== undefined)
        throw new UnsupportedPolicyError('S3 PutObject with its own key is not evaluated');
      return [
        { action: 's3:PutObject', resource: object(bucket, input.Key) },
        ...kms(bucket, 'kms:GenerateDataKey'),
      ];
    case 'DeleteObjectCommand':
      // Deleting one version (an old one, or a delete marker) is its own action in IAM.
      return [
        {
          action: input.VersionId === undefined ? 's3:DeleteObject' : 's3:DeleteObjectVersion',
          resource: object(bucket, input.Key),
        },
      ];
    case 'DeleteObjectsCommand': {
      const objects = (input.Delete as { Objects?: { Key?: string; VersionId?: string }[] })?.Objects ?? [];
      if (objects.some((o) => o.VersionId !== undefined))
        throw new UnsupportedPolicyError('S3 DeleteObjects of versions is not evaluated locally');
      return objects.map((o) => ({ action: 's3:DeleteObject', resource: object(bucket, o.Key) }));
    }
    case 'CopyObjectCommand': {
      const source = decodeURIComponent(str(input.CopySource));
      if (source.includes('?versionId='))
        throw new UnsupportedPolicyError('S3 CopyObject of a version is not evaluated');
      const [sourceBucket = '', ...key] = source.replace(/^\//, '').split('/');
      return [
        { action: 's3:GetObject', resource: object(sourceBucket, key.join('/')) },
        ...kms(sourceBucket, 'kms:Decrypt'),
        { action: 's3:PutObject', resource: object(bucket, input.Key) },
        ...kms(bucket, 'kms:GenerateDataKey'),
      ];
    }
    case 'ListObjectsV2Command':
      return [
        {
          action: 's3:ListBucket',
          resource: `arn:aws:s3:::${bucket}`,
          context: { 's3:prefix': str(input.Prefix) },
        },
      ];
    case 'ListObjectVersionsCommand':
      return [
        {
          action: 's3:ListBucketVersions',
          resource: `arn:aws:s3:::${bucket}`,
          context: { 's3:prefix': str(input.Prefix) },
        },
      ];
    default:
      throw new UnsupportedPolicyError(`S3 ${call.commandName} is not evaluated locally`);
  }
}

/** The bare address of `Name <address>` or `address`. */
export function addressOf(value: string): string {
  return (/<([^>]+)>\s*$/.exec(value)?.[1] ?? value).trim();
}

function sesChecks(call: SdkCall, where: CallResources): CallCheck[] {
  if (call.commandName !== 'SendEmailCommand')
    throw new UnsupportedPolicyError(`SES ${call.commandName} is not evaluated locally`);
  const input = call.input;
  const from = str(input.FromEmailAddress);
  if (!from)
    throw new UnsupportedPolicyError('SES SendEmail without FromEmailAddress is not evaluated locally');
  const address = addressOf(from);
  const displayName = /^\s*"?([^"<]*?)"?\s*</.exec(from)?.[1] ?? '';
  const destination = (input.Destination ?? {}) as Record<string, string[] | undefined>;
  const recipients = ['ToAddresses', 'CcAddresses', 'BccAddresses'].flatMap((k) => destination[k] ?? []);
  const context = {
    'ses:FromAddress': address,
    'ses:FromDisplayName': displayName,
    'ses:Recipients': recipients.map(addressOf),
    'ses:ApiVersion': '2',
  };
  const arn = (resource: string) => `arn:aws:ses:${where.region}:${where.account}:${resource}`;
  // SES authorizes the identity that verifies the sender: the account verifies the mail domain.
  const checks: CallCheck[] = [
    { action: 'ses:SendEmail', resource: arn(`identity/${address.split('@')[1] ?? ''}`), context },
  ];
  if (input.ConfigurationSetName !== undefined)
    checks.push({
      action: 'ses:SendEmail',
      resource: arn(`configuration-set/${str(input.ConfigurationSetName)}`),
      context,
    });
  return checks;
}

function sfnChecks(call: SdkCall, where: CallResources): CallCheck[] {
  const input = call.input;
  switch (call.commandName) {
    case 'StartExecutionCommand':
      return [{ action: 'states:StartExecution', resource: str(input.stateMachineArn) }];
    case 'SendTaskSuccessCommand':
      return [{ action: 'states:SendTaskSuccess', resource: where.stateMachineArn }];
    case 'SendTaskFailureCommand':
      return [{ action: 'states:SendTaskFailure', resource: where.stateMachineArn }];
    case 'StopExecutionCommand':
      return [{ action: 'states:StopExecution', resource: str(input.executionArn) }];
    case 'DescribeExecutionCommand':
      return [{ action: 'states:DescribeExecution', resource: str(input.executionArn) }];
    default:
      throw new UnsupportedPolicyError(`Step Functions ${call.commandName} is not evaluated locally`);
  }
}

function secretsChecks(call: SdkCall, where: CallResources): CallCheck[] {
  if (call.commandName !== 'GetSecretValueCommand')
    throw new UnsupportedPolicyError(`Secrets Manager ${call.commandName} is not evaluated locally`);
  const arn = where.secretArn(str(call.input.SecretId));
  const key = where.secretKeys[arn];
  return [
    { action: 'secretsmanager:GetSecretValue', resource: arn },
    ...(key ? [{ action: 'kms:Decrypt', resource: key, viaService: true }] : []),
  ];
}

const BY_CLIENT: Record<string, (call: SdkCall, where: CallResources) => CallCheck[]> = {
  DynamoDBClient: dynamodbChecks,
  S3Client: s3Checks,
  SESv2Client: sesChecks,
  SFNClient: sfnChecks,
  SecretsManagerClient: secretsChecks,
};

export function checksOf(call: SdkCall, where: CallResources): CallCheck[] {
  const checks = BY_CLIENT[call.clientName];
  if (!checks) throw new UnsupportedPolicyError(`${call.clientName} calls are not evaluated locally`);
  return checks(call, where);
}
