import { type CfnElement, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { API_ROUTES } from './api-routes';
import { DataStores } from './constructs/data-stores';
import { PublicApi } from './constructs/http-api';
import { MailIntake } from './constructs/mail-intake';
import { PrivacyDeskFunction } from './constructs/privacy-desk-function';
import { Workflow } from './constructs/workflow';
import { DEMO_DATA_MAP } from '../config/datamap';
import { grantStoreReads, type StoreDeployments } from './constructs/store-access';
import { FUNCTIONS, type FunctionName } from './function-catalog';

export interface PrivacyDeskStackProps extends StackProps {
  /** The domain that receives mail, e.g. example.com; the mailbox is gdpr@<mailDomain>. */
  readonly mailDomain: string;
  /** Where the data map's stores are in this deployment (default: none located; see store-access.ts). */
  readonly dataStores?: StoreDeployments;
}

const INBOUND_PREFIX = 'inbound/';
const QUARANTINE_PREFIX = 'quarantine/';

export class PrivacyDeskStack extends Stack {
  public readonly data: DataStores;
  public readonly functions: Record<FunctionName, PrivacyDeskFunction>;

  constructor(scope: Construct, id: string, props: PrivacyDeskStackProps) {
    super(scope, id, props);
    const mailbox = `gdpr@${props.mailDomain}`;
    this.data = new DataStores(this, 'Data');
    const { key, requestsTable, inboundBucket } = this.data;

    new ses.EmailIdentity(this, 'MailIdentity', { identity: ses.Identity.domain(props.mailDomain) });
    const subjectKeySecret = new secretsmanager.Secret(this, 'SubjectKeySecret', {
      description: 'HMAC key that turns e-mail addresses into subject keys',
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    const common = {
      REQUESTS_TABLE: requestsTable.tableName,
      MAILBOX_ADDRESS: mailbox,
    };
    const fn = (name: FunctionName, environment: Record<string, string> = {}) =>
      new PrivacyDeskFunction(this, name, { spec: FUNCTIONS[name], environment: { ...common, ...environment } });

    const sendReply = fn('SendReply');
    const setStatus = fn('SetStatus');
    const workflow = new Workflow(this, 'Workflow', {
      stepFunctions: {
        [FUNCTIONS.SendReply.aslPlaceholder]: sendReply.function,
        [FUNCTIONS.SetStatus.aslPlaceholder]: setStatus.function,
      },
    });
    const intakeEmail = fn('IntakeEmail', {
      INBOUND_BUCKET: inboundBucket.bucketName,
      INBOUND_PREFIX,
      STATE_MACHINE_ARN: workflow.stateMachine.stateMachineArn,
      // Resolved by CloudFormation at deploy time: the template itself never holds the key.
      SUBJECT_KEY_SECRET: subjectKeySecret.secretValue.unsafeUnwrap(),
      STAFF_ADDRESS: `privacy-staff@${props.mailDomain}`,
    });
    const httpApi = fn('HttpApi', {
      STATE_MACHINE_ARN: workflow.stateMachine.stateMachineArn,
      SUBJECT_KEY_SECRET: subjectKeySecret.secretValue.unsafeUnwrap(),
    });
    // Collect: the request (address) and its STORE# items, findings objects, reads of the stores.
    const collectStore = fn('CollectStore');
    collectStore.function.addEnvironment('PACKAGES_BUCKET', this.data.packagesBucket.bucketName);
    this.allow(collectStore, ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], [requestsTable.tableArn]);
    this.allow(collectStore, ['s3:PutObject'], [this.data.packagesBucket.arnForObjects('findings/*')]);
    this.allow(collectStore, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    grantStoreReads(collectStore, DEMO_DATA_MAP, props.dataStores ?? {});
    this.functions = {
      IntakeEmail: intakeEmail,
      HttpApi: httpApi,
      SendReply: sendReply,
      SetStatus: setStatus,
      CollectStore: collectStore,
    };

    // Least privilege: each function gets only the table actions, objects and calls it makes.
    const requestItems = [requestsTable.tableArn];
    this.allow(intakeEmail, ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'], requestItems);
    this.allow(sendReply, ['dynamodb:GetItem', 'dynamodb:PutItem'], requestItems);
    this.allow(setStatus, ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], requestItems);
    for (const f of [intakeEmail, sendReply, setStatus]) {
      this.allow(f, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    }
    this.allow(intakeEmail, ['s3:GetObject'], [inboundBucket.arnForObjects(`${INBOUND_PREFIX}*`)]);
    // A virus verdict moves the raw mail to quarantine (copy + delete); a retry reads it there.
    this.allow(intakeEmail, ['s3:DeleteObject'], [inboundBucket.arnForObjects(`${INBOUND_PREFIX}*`)]);
    this.allow(intakeEmail, ['s3:PutObject', 's3:GetObject'], [inboundBucket.arnForObjects(`${QUARANTINE_PREFIX}*`)]);
    workflow.stateMachine.grantStartExecution(intakeEmail.function);
    this.allow(sendReply, ['ses:SendEmail'], [
      this.formatArn({ service: 'ses', resource: 'identity', resourceName: props.mailDomain }),
    ]);
    // Intake mails staff alerts (virus, security) and triage acknowledgements, only as the mailbox.
    intakeEmail.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: props.mailDomain })],
        conditions: { StringEquals: { 'ses:FromAddress': mailbox } },
      }),
    );
    // The web form: stores requests, content claims and rate counters (conditional writes), starts workflows.
    this.allow(httpApi, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], requestItems);
    this.allow(httpApi, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    workflow.stateMachine.grantStartExecution(httpApi.function);

    // An intake that fails three times lands here (the raw mail is in S3 regardless).
    const intakeDeadLetters = new sqs.Queue(this, 'IntakeDeadLetters', {
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: undefined,
    });
    const cfnIntake = intakeEmail.function;
    cfnIntake.configureAsyncInvoke({ retryAttempts: 2 });
    (cfnIntake.node.defaultChild as import('aws-cdk-lib/aws-lambda').CfnFunction).deadLetterConfig = {
      targetArn: intakeDeadLetters.queueArn,
    };
    this.allow(intakeEmail, ['sqs:SendMessage'], [intakeDeadLetters.queueArn]);

    new MailIntake(this, 'MailIntake', {
      mailbox,
      bucket: inboundBucket,
      objectKeyPrefix: INBOUND_PREFIX,
      intakeFunction: intakeEmail.function,
    });
    new PublicApi(this, 'PublicApi', { routes: API_ROUTES, functions: { HttpApi: httpApi.function } });

    this.acknowledgeFindings({ intakeDeadLetters, subjectKeySecret, workflow });
  }

  private allow(fn: PrivacyDeskFunction, actions: string[], resources: string[]): void {
    fn.function.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
  }

  /** Each accepted cdk-nag finding, with the reason it is right here. */
  private acknowledgeFindings(parts: {
    intakeDeadLetters: sqs.Queue;
    subjectKeySecret: secretsmanager.Secret;
    workflow: Workflow;
  }): void {
    const logicalId = (construct: Construct) => this.getLogicalId(construct.node.defaultChild as CfnElement);
    Validations.of(parts.intakeDeadLetters).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the intake function.',
    });
    Validations.of(parts.subjectKeySecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: 'Rotating the HMAC key would orphan every stored subject key; rotation is a planned re-keying job.',
    });
    Validations.of(this.functions.IntakeEmail).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(this.data.inboundBucket)}.Arn>/${INBOUND_PREFIX}*]`,
      reason: 'Intake reads the raw mail objects under the inbound prefix, whose names SES chooses.',
    });
    Validations.of(this.functions.IntakeEmail).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(this.data.inboundBucket)}.Arn>/${QUARANTINE_PREFIX}*]`,
      reason: 'Intake moves infected mail to the quarantine prefix under the name SES chose for it.',
    });
    Validations.of(this.functions.CollectStore).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(this.data.packagesBucket)}.Arn>/findings/*]`,
      reason: 'The collect step writes one findings object per request and store under this prefix.',
    });
    for (const fn of Object.values(this.functions)) {
      Validations.of(parts.workflow).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(fn.function)}.Arn>:*]`,
        reason: 'The state machine may invoke any version of its own step functions.',
      });
    }
  }
}
