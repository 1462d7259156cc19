import type { PolicyStatement } from './policy-evaluator';

/**
 * Reads the IAM side of a synthesized CloudFormation template: each function's role policy, the
 * state machine's, and which KMS key encrypts each bucket and secret, with every reference
 * resolved to the names the local stack gives those resources. What it cannot resolve (an
 * intrinsic, a resource type, an attribute, a managed policy it does not know) is an error.
 */
export interface IamPrincipal {
  /** The ARN a denial names, as STS shows an assumed role. */
  readonly principalArn: string;
  readonly statements: readonly PolicyStatement[];
}

export interface IamModel {
  /** By function catalogue name. */
  readonly functions: Readonly<Record<string, IamPrincipal>>;
  readonly stateMachine?: IamPrincipal;
  /** Bucket name → ARN of the KMS key its default encryption uses. */
  readonly bucketKeys: Readonly<Record<string, string>>;
  /** Secret ARN → ARN of the KMS key that encrypts it. */
  readonly secretKeys: Readonly<Record<string, string>>;
}

export interface LocalNaming {
  readonly stackName: string;
  readonly region: string;
  readonly account: string;
  /**
   * Physical names by construct path under the stack (`Data/Requests`, `SubjectKeySecret`); a
   * secret's or state machine's name here is its ARN. Other resources get a name from their path.
   */
  readonly byPath: Readonly<Record<string, string>>;
  /** The function catalogue's names: `<Name>/Function` is that function's construct path. */
  readonly functionNames: readonly string[];
}

export class TemplateResolutionError extends Error {
  override readonly name = 'TemplateResolutionError';
}

interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

type Attributes = Record<string, string>;

/** Ref and the attributes policies use, per resource type, from the local physical name. */
function attributesOf(type: string, name: string, naming: LocalNaming): Attributes | undefined {
  const { region, account } = naming;
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return { Ref: name, Arn: `arn:aws:dynamodb:${region}:${account}:table/${name}` };
    case 'AWS::S3::Bucket':
      return { Ref: name, Arn: `arn:aws:s3:::${name}` };
    case 'AWS::SecretsManager::Secret':
      return { Ref: name, Id: name };
    case 'AWS::StepFunctions::StateMachine':
      return { Ref: name, Arn: name, Name: name.split(':').at(-1) ?? name };
    case 'AWS::KMS::Key':
      return { Ref: name, Arn: `arn:aws:kms:${region}:${account}:key/${name}`, KeyId: name };
    case 'AWS::Lambda::Function':
      return { Ref: name, Arn: `arn:aws:lambda:${region}:${account}:function:${name}` };
    case 'AWS::SQS::Queue':
      return {
        Ref: `https://sqs.${region}.amazonaws.com/${account}/${name}`,
        Arn: `arn:aws:sqs:${region}:${account}:${name}`,
        QueueName: name,
      };
    case 'AWS::SNS::Topic':
      return {
        Ref: `arn:aws:sns:${region}:${account}:${name}`,
        TopicArn: `arn:aws:sns:${region}:${account}:${name}`,
      };
    case 'AWS::Logs::LogGroup':
      return { Ref: name, Arn: `arn:aws:logs:${region}:${account}:log-group:${name}:*` };
    case 'AWS::SES::ConfigurationSet':
      return { Ref: name };
    case 'AWS::IAM::Role':
      return { Ref: name, Arn: `arn:aws:iam::${account}:role/${name}` };
    default:
      return undefined;
  }
}

const BASIC_EXECUTION_ROLE = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
/** The AWS managed policies a role may carry, as AWS publishes them. */
const MANAGED_POLICIES: Readonly<Record<string, readonly PolicyStatement[]>> = {
  [BASIC_EXECUTION_ROLE]: [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    },
  ],
};

export function iamModelFromTemplate(template: CfnTemplate, naming: LocalNaming): IamModel {
  const resources = template.Resources;
  const pathOf = (logicalId: string): string | undefined => {
    const path = resources[logicalId]?.Metadata?.['aws:cdk:path'];
    if (typeof path !== 'string') return undefined;
    return path.replace(new RegExp(`^${naming.stackName}/`), '').replace(/\/Resource$/, '');
  };
  const functionPaths = new Map(naming.functionNames.map((name) => [`${name}/Function`, name]));
  const physicalName = (logicalId: string): string => {
    const path = pathOf(logicalId);
    if (path === undefined)
      throw new TemplateResolutionError(`${logicalId} has no aws:cdk:path metadata to name it locally`);
    return naming.byPath[path] ?? functionPaths.get(path) ?? `privacy-desk-${path.replaceAll('/', '-')}`;
  };
  const attribute = (logicalId: string, name: string): string => {
    const resource = resources[logicalId];
    if (!resource) throw new TemplateResolutionError(`no resource ${logicalId} in the template`);
    const values = attributesOf(resource.Type, physicalName(logicalId), naming);
    const value = values?.[name];
    if (value === undefined)
      throw new TemplateResolutionError(`${resource.Type} ${logicalId}: ${name} has no local value`);
    return value;
  };
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': naming.region,
    'AWS::AccountId': naming.account,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': naming.stackName,
  };
  const ref = (name: string) => pseudo[name] ?? attribute(name, 'Ref');

  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [key, argument] = entries[0] ?? [];
    if (entries.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::')))
      return resolveIntrinsic(key, argument);
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v)]));
  };
  const text = (value: unknown): string => {
    const resolved = resolve(value);
    if (typeof resolved !== 'string')
      throw new TemplateResolutionError(`expected text, got ${JSON.stringify(value)}`);
    return resolved;
  };
  const resolveIntrinsic = (fn: string, argument: unknown): unknown => {
    switch (fn) {
      case 'Ref':
        return ref(text(argument));
      case 'Fn::GetAtt': {
        const [logicalId, name] = Array.isArray(argument) ? argument : String(argument).split('.');
        return attribute(text(logicalId), text(name));
      }
      case 'Fn::Join': {
        const [delimiter, parts] = argument as [unknown, unknown[]];
        return (resolve(parts) as unknown[]).map((part) => text(part)).join(text(delimiter));
      }
      case 'Fn::Split': {
        const [delimiter, source] = argument as [unknown, unknown];
        return text(source).split(text(delimiter));
      }
      case 'Fn::Select': {
        const [index, list] = argument as [unknown, unknown];
        const items = resolve(list) as unknown[];
        const item = items[Number(resolve(index))];
        if (item === undefined)
          throw new TemplateResolutionError(`Fn::Select out of range: ${JSON.stringify(argument)}`);
        return item;
      }
      case 'Fn::Sub': {
        const [pattern, variables] = Array.isArray(argument) ? argument : [argument, {}];
        const own = resolve(variables) as Record<string, unknown>;
        return text(pattern).replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
          if (name in own) return text(own[name]);
          if (name.includes('.') && !name.startsWith('AWS::')) {
            const [logicalId = '', attr = ''] = name.split('.');
            return attribute(logicalId, attr);
          }
          return ref(name);
        });
      }
      default:
        throw new TemplateResolutionError(`${fn} is not resolved locally`);
    }
  };

  const statementsOf = (document: unknown, where: string): PolicyStatement[] => {
    try {
      const resolved = resolve(document) as { Statement?: PolicyStatement | PolicyStatement[] };
      const statements = resolved.Statement;
      return statements === undefined ? [] : Array.isArray(statements) ? statements : [statements];
    } catch (error) {
      throw new TemplateResolutionError(`the policy of ${where}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };

  const roleStatements = (roleLogicalId: string, where: string): PolicyStatement[] => {
    const role = resources[roleLogicalId];
    if (role?.Type !== 'AWS::IAM::Role')
      throw new TemplateResolutionError(`${where}: ${roleLogicalId} is not a role`);
    const statements: PolicyStatement[] = [];
    for (const managed of (role.Properties?.ManagedPolicyArns as unknown[] | undefined) ?? []) {
      const arn = text(managed);
      const known = MANAGED_POLICIES[arn];
      if (!known) throw new TemplateResolutionError(`${where}: managed policy ${arn} is not known locally`);
      statements.push(...known);
    }
    for (const inline of (role.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
      statements.push(...statementsOf(inline.PolicyDocument, where));
    for (const [, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
      const roles = (resource.Properties?.Roles as unknown[] | undefined) ?? [];
      if (!roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId }))) continue;
      statements.push(...statementsOf(resource.Properties?.PolicyDocument, where));
    }
    return statements;
  };
  const roleOf = (value: unknown, where: string): string => {
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
    if (getAtt?.[1] !== 'Arn')
      throw new TemplateResolutionError(`${where}: its role is not a role of the stack`);
    return getAtt[0];
  };
  const principal = (roleLogicalId: string, sessionName: string, where: string): IamPrincipal => ({
    principalArn: `arn:aws:sts::${naming.account}:assumed-role/${physicalName(roleLogicalId)}/${sessionName}`,
    statements: roleStatements(roleLogicalId, where),
  });

  const functions: Record<string, IamPrincipal> = {};
  let stateMachine: IamPrincipal | undefined;
  const bucketKeys: Record<string, string> = {};
  const secretKeys: Record<string, string> = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    const path = pathOf(logicalId);
    if (resource.Type === 'AWS::Lambda::Function' && path && functionPaths.has(path)) {
      const name = functionPaths.get(path) ?? '';
      functions[name] = principal(roleOf(resource.Properties?.Role, name), name, name);
    } else if (resource.Type === 'AWS::StepFunctions::StateMachine') {
      const name = attribute(logicalId, 'Name');
      stateMachine = principal(roleOf(resource.Properties?.RoleArn, name), name, `state machine ${name}`);
    } else if (resource.Type === 'AWS::S3::Bucket') {
      const rules = (
        resource.Properties?.BucketEncryption as { ServerSideEncryptionConfiguration?: unknown[] }
      )?.ServerSideEncryptionConfiguration;
      for (const rule of rules ?? []) {
        const byDefault = (
          rule as { ServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: unknown } }
        ).ServerSideEncryptionByDefault;
        if (byDefault?.SSEAlgorithm?.startsWith('aws:kms') && byDefault.KMSMasterKeyID !== undefined)
          bucketKeys[attribute(logicalId, 'Ref')] = text(byDefault.KMSMasterKeyID);
      }
    } else if (
      resource.Type === 'AWS::SecretsManager::Secret' &&
      resource.Properties?.KmsKeyId !== undefined
    ) {
      secretKeys[attribute(logicalId, 'Ref')] = text(resource.Properties.KmsKeyId);
    }
  }
  const missing = naming.functionNames.filter((name) => !functions[name]);
  if (missing.length > 0)
    throw new TemplateResolutionError(`no function in the template for ${missing.join(', ')}`);
  return { functions, stateMachine, bucketKeys, secretKeys };
}
