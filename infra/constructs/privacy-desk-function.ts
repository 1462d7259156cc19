import path from 'node:path';
import { ArnFormat, type CfnElement, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BUNDLE_OPTIONS } from '../bundling';
import type { FunctionSpec, FunctionVariable } from '../function-catalog';
import type { MailSending } from './mail-sending';

export interface PrivacyDeskFunctionProps {
  readonly spec: FunctionSpec;
  /** Log retention (default: 90 days; logs hold no personal data, but ids for a quarter). */
  readonly logRetention?: logs.RetentionDays;
}

/** The variables that name a table of the desk. */
export type TableVariable = Extract<FunctionVariable, 'REQUESTS_TABLE' | 'CONSENTS_TABLE'>;
/** The variables that name a bucket of the desk. */
export type BucketVariable = Extract<FunctionVariable, 'INBOUND_BUCKET' | 'PACKAGES_BUCKET'>;
/** The variables that hold a secret's ARN; the function reads the secret at run time. */
export type SecretVariable = Extract<
  FunctionVariable,
  'SUBJECT_KEY_SECRET_ARN' | 'DOWNLOAD_LINK_SECRET_ARN' | 'CONSENT_API_KEYS_ARN' | 'UNSUBSCRIBE_SECRETS_ARN'
>;

/** Item calls on a desk table. None deletes: items leave by TTL, and the purge blanks fields. */
export type ItemAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'Query';
const ITEM_WRITES: readonly ItemAction[] = ['PutItem', 'UpdateItem'];

export interface TableAccess {
  /** Calls on the table's items (default: none, the function only gets the table's name). */
  readonly items?: readonly ItemAction[];
  /** Global secondary indexes the function queries (default: none). */
  readonly queryIndexes?: readonly string[];
}

export type ObjectAction = 'GetObject' | 'PutObject' | 'DeleteObject';

export interface ObjectAccess {
  /** Key prefix, e.g. `findings/`; the grant covers `<prefix>*`. */
  readonly prefix: string;
  readonly actions: readonly ObjectAction[];
  /**
   * What the function does with the objects there. It is the reason the wildcard on their names
   * is accepted (cdk-nag IAM5): object names hold ids only known at run time.
   */
  readonly because: string;
}

export interface BucketAccess {
  /** Object calls, by prefix (default: none). */
  readonly objects?: readonly ObjectAccess[];
  /**
   * Prefixes the function may list (an `s3:prefix` condition), so that an object it looks for and
   * that does not exist reads as 404: S3 answers 403 to a role that may not list (default: none).
   */
  readonly list?: readonly string[];
}

export interface StateMachineAccess {
  /** Start executions (default false). */
  readonly start?: boolean;
  /** Complete the callback tasks of its executions, success or failure (default false). */
  readonly taskResponse?: boolean;
  /** Stop and describe its executions, named by request id (default false). */
  readonly manageExecutions?: boolean;
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Extra files for a bundle: the spec's commands, run after esbuild with the directories filled in. */
const afterBundling = (commands: readonly string[]) => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) =>
    commands.map((c) => c.replaceAll('{inputDir}', inputDir).replaceAll('{outputDir}', outputDir)),
});

/**
 * A Lambda with the team's defaults: Node 22 on arm64, local esbuild, own log group, tracing.
 *
 * Its `bind…` methods set one of the catalogue's variables and grant what the function does with
 * the resource it names, including the use of the key that encrypts it, in one call; `grant…`
 * methods grant without a variable, for a resource the function finds another way (a raw mail's
 * bucket named in the request, a callback's task token).
 */
export class PrivacyDeskFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly spec: FunctionSpec;
  /** One statement per key, its actions the union of what the bindings imply. */
  private readonly keyStatements = new Map<kms.IKey, iam.PolicyStatement>();

  constructor(scope: Construct, id: string, props: PrivacyDeskFunctionProps) {
    super(scope, id);
    this.spec = props.spec;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    // Its own role, without AWSLambdaBasicExecutionRole (log writes to every log group of the
    // account): it may write to this function's log group and nowhere else.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Privacy Desk ${id}: exactly the calls its handler makes`,
    });
    logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      role,
      entry: path.join(REPO_ROOT, props.spec.entry),
      handler: 'handler',
      description: props.spec.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.spec.memoryMb ?? 512,
      timeout: Duration.seconds(props.spec.timeoutSeconds ?? 30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        ...BUNDLE_OPTIONS,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        forceDockerBundling: false,
        ...(props.spec.afterBundling ? { commandHooks: afterBundling(props.spec.afterBundling) } : {}),
      },
    });
    const findings = Validations.of(this);
    findings.acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x, the major version the test suite and local stack run on; upgrades are tested changes.',
    });
    findings.acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing (PutTraceSegments, PutTelemetryRecords) accepts no narrower resource.',
    });
  }

  /**
   * Sets one of the variables the catalogue lists for this function. Any other variable fails the
   * synth: the local stack gives the handler only the catalogue's, so it would pass there and
   * differ here.
   */
  setVariable(name: FunctionVariable, value: string): this {
    if (!this.spec.variables.includes(name))
      throw new Error(`${this.node.id}: the function catalogue lists no ${name} for ${this.spec.entry}`);
    this.function.addEnvironment(name, value);
    return this;
  }

  /** Names a desk table and grants its item calls and index queries, and the key's use they imply. */
  bindTable(variable: TableVariable, table: dynamodb.ITable, access: TableAccess): this {
    this.setVariable(variable, table.tableName);
    const items = access.items ?? [];
    if (items.length > 0)
      this.allow(
        items.map((action) => `dynamodb:${action}`),
        [table.tableArn],
      );
    for (const index of access.queryIndexes ?? [])
      this.allow(['dynamodb:Query'], [`${table.tableArn}/index/${index}`]);
    if (items.length > 0 || (access.queryIndexes ?? []).length > 0)
      this.useKey(
        table.encryptionKey,
        items.some((action) => ITEM_WRITES.includes(action)),
      );
    return this;
  }

  /** Names a desk bucket and grants its object calls and listings (`grantBucket`). */
  bindBucket(variable: BucketVariable, bucket: s3.IBucket, access: BucketAccess): this {
    this.setVariable(variable, bucket.bucketName);
    return this.grantBucket(bucket, access);
  }

  /**
   * Object calls by prefix and listings under prefixes only, and the key's use they imply: reads
   * decrypt, writes generate data keys. Each object grant acknowledges its wildcard with `because`.
   */
  grantBucket(bucket: s3.IBucket, access: BucketAccess): this {
    const stack = Stack.of(this);
    const cfnBucket = bucket.node.defaultChild as CfnElement | undefined;
    for (const objects of access.objects ?? []) {
      this.allow(
        objects.actions.map((action) => `s3:${action}`),
        [bucket.arnForObjects(`${objects.prefix}*`)],
      );
      if (cfnBucket)
        Validations.of(this).acknowledge({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(cfnBucket)}.Arn>/${objects.prefix}*]`,
          reason: `The function ${objects.because}; object names hold ids only known at run time.`,
        });
    }
    const list = access.list ?? [];
    if (list.length > 0)
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': list.map((prefix) => `${prefix}*`) } },
        }),
      );
    const actions = (access.objects ?? []).flatMap((objects) => objects.actions);
    if (actions.includes('GetObject') || actions.includes('PutObject'))
      this.useKey(bucket.encryptionKey, actions.includes('PutObject'));
    return this;
  }

  /** Names a secret the function reads at run time (never its value), and grants the read and decrypt. */
  bindSecret(variable: SecretVariable, secret: secretsmanager.ISecret): this {
    this.setVariable(variable, secret.secretArn);
    this.allow(['secretsmanager:GetSecretValue'], [secret.secretArn]);
    this.useKey(secret.encryptionKey, false);
    return this;
  }

  /** Names the request workflow (`STATE_MACHINE_ARN`) and grants the calls `access` lists. */
  bindStateMachine(stateMachine: sfn.IStateMachine, access: StateMachineAccess): this {
    this.setVariable('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    if (access.start) this.allow(['states:StartExecution'], [stateMachine.stateMachineArn]);
    if (access.taskResponse) this.grantTaskResponse(stateMachine);
    if (access.manageExecutions) {
      const stack = Stack.of(this);
      const machineName = stack.splitArn(
        stateMachine.stateMachineArn,
        ArnFormat.COLON_RESOURCE_NAME,
      ).resourceName;
      const executions = stack.formatArn({
        service: 'states',
        resource: 'execution',
        resourceName: `${machineName}:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      this.allow(['states:StopExecution', 'states:DescribeExecution'], [executions]);
      // cdk-nag names the wildcard by the tokens it is made of.
      const concrete = (value: string, pseudo: string) =>
        Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
      const machineId = stack.getLogicalId(stateMachine.node.defaultChild as CfnElement);
      Validations.of(this).acknowledge({
        id:
          `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${concrete(stack.region, 'Region')}:` +
          `${concrete(stack.account, 'AccountId')}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}:*]`,
        reason:
          'The function stops or describes executions of this state machine only; their names are request ids.',
      });
    }
    return this;
  }

  /** Completes callback tasks of the workflow: the task token names the execution, no variable needed. */
  grantTaskResponse(stateMachine: sfn.IStateMachine): this {
    return this.allow(['states:SendTaskSuccess', 'states:SendTaskFailure'], [stateMachine.stateMachineArn]);
  }

  /** Sends mail as the privacy mailbox (`MAILBOX_ADDRESS`), the only From address the grant allows. */
  bindMailSending(mail: MailSending): this {
    this.setVariable('MAILBOX_ADDRESS', mail.mailbox);
    mail.grantSend(this.function);
    return this;
  }

  /** A grant no binding covers (a queue, a company store), as one statement. */
  allow(actions: readonly string[], resources: readonly string[]): this {
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: [...actions], resources: [...resources] }),
    );
    return this;
  }

  /** The key behind a bound resource: decrypt to read, and generate data keys to write. */
  private useKey(key: kms.IKey | undefined, writes: boolean): void {
    if (!key) return;
    let statement = this.keyStatements.get(key);
    if (!statement) {
      statement = new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [key.keyArn] });
      this.keyStatements.set(key, statement);
      this.function.addToRolePolicy(statement);
    }
    if (writes && !statement.actions.includes('kms:GenerateDataKey'))
      statement.addActions('kms:GenerateDataKey');
  }
}
