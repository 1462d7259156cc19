import {
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DEMO_DATA_MAP } from '../config/datamap';
import { suppressionOf } from '../functions/core/consents/update-consents';
import { DEFAULT_RETENTION_DAYS_AFTER_CLOSE } from '../functions/core/retention/retention';
import { API_ROUTES } from './api-routes';
import { DataStores } from './constructs/data-stores';
import { PublicApi } from './constructs/http-api';
import { IncidentDesk } from './constructs/incident-desk';
import { MailIntake } from './constructs/mail-intake';
import { Operations } from './constructs/operations';
import { PrivacyDeskFunction } from './constructs/privacy-desk-function';
import { RetentionSweeps } from './constructs/retention-sweeps';
import { StaffConsole } from './constructs/staff-console';
import { StaffSignIn } from './constructs/staff-sign-in';
import { grantStoreReads, type StoreDeployments } from './constructs/store-access';
import { grantStoreErasure } from './constructs/store-erasure-access';
import { Workflow } from './constructs/workflow';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from './function-catalog';

export interface PrivacyDeskStackProps extends StackProps {
  /** The domain that receives mail, e.g. example.com; the mailbox is gdpr@<mailDomain>. */
  readonly mailDomain: string;
  /** Where the data map's stores are in this deployment (default: none located; see store-access.ts). */
  readonly dataStores?: StoreDeployments;
  /**
   * Where staff alerts (virus, security, deadline digests) go. Not at `mailDomain`: SES receives
   * that domain's mail, and only the privacy mailbox has a rule there.
   */
  readonly staffAlertAddress: string;
  /** Create the SES domain identity for `mailDomain` (default true; false reuses an existing one). */
  readonly createMailIdentity?: boolean;
}

const INBOUND_PREFIX = 'inbound/';
const QUARANTINE_PREFIX = 'quarantine/';

export class PrivacyDeskStack extends Stack {
  public readonly data: DataStores;
  public readonly functions: Record<FunctionName, PrivacyDeskFunction>;
  public readonly mailConfiguration: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: PrivacyDeskStackProps) {
    super(scope, id, props);
    const mailbox = `gdpr@${props.mailDomain}`;
    this.data = new DataStores(this, 'Data');
    const { key, requestsTable, inboundBucket } = this.data;

    // Every mail goes out through this configuration set: bounces and complaints reach the staff's
    // alert topic (wired below), which is what SES production access asks a sender to handle.
    this.mailConfiguration = new ses.ConfigurationSet(this, 'MailConfiguration', {
      reputationMetrics: true,
    });
    if (props.createMailIdentity ?? true)
      new ses.EmailIdentity(this, 'MailIdentity', {
        identity: ses.Identity.domain(props.mailDomain),
        configurationSet: this.mailConfiguration,
      });
    // Sending is allowed as the privacy mailbox only, through the domain's identity (SES also
    // authorizes the configuration set a mail uses).
    const sending = new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: props.mailDomain }),
        this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.mailConfiguration.configurationSetName,
        }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': mailbox } },
    });
    const sendsMail = (fn: PrivacyDeskFunction) => fn.function.addToRolePolicy(sending);
    // Every stored subject key is derived from it: kept like the tables when the stack goes.
    const subjectKeySecret = new secretsmanager.Secret(this, 'SubjectKeySecret', {
      description: 'HMAC key that turns e-mail addresses into subject keys',
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const common = {
      REQUESTS_TABLE: requestsTable.tableName,
      MAILBOX_ADDRESS: mailbox,
    };
    // Every function of the catalogue, with the team's defaults; extra settings are added below.
    this.functions = Object.fromEntries(
      (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [
        name,
        new PrivacyDeskFunction(this, name, { spec: FUNCTIONS[name], environment: common }),
      ]),
    ) as Record<FunctionName, PrivacyDeskFunction>;
    const f = this.functions;
    const env = (fn: PrivacyDeskFunction, variables: Record<string, string>) => {
      for (const [name, value] of Object.entries(variables)) fn.function.addEnvironment(name, value);
    };
    const workflow = new Workflow(this, 'Workflow', {
      stepFunctions: Object.fromEntries(
        (Object.keys(FUNCTIONS) as FunctionName[]).flatMap((name) => {
          const spec: FunctionSpec = FUNCTIONS[name];
          return spec.aslPlaceholder ? [[spec.aslPlaceholder, f[name].function]] : [];
        }),
      ),
    });
    const staffSignIn = new StaffSignIn(this, 'StaffSignIn');
    const publicApi = new PublicApi(this, 'PublicApi', {
      staffAuthorizer: staffSignIn.authorizer,
      routes: API_ROUTES,
      functions: Object.fromEntries(Object.entries(f).map(([name, fn]) => [name, fn.function])),
    });
    const publicBaseUrl = publicApi.api.apiEndpoint;
    const staffAddress = props.staffAlertAddress;
    new StaffConsole(this, 'StaffConsoleWiring', {
      apiFunction: f.StaffApi,
      messagesFunction: f.StaffMessages,
      consoleFunction: f.StaffConsole,
      signIn: staffSignIn,
      apiEndpoint: publicBaseUrl,
      requestsTable,
      consentsTable: this.data.consentsTable,
      key,
      inboundBucket,
      rawMailPrefixes: [INBOUND_PREFIX, QUARANTINE_PREFIX],
      stateMachine: workflow.stateMachine,
      sending,
      staffAddress,
    });
    // The breach desk: incidents, their clock, affected people and notices (constructs/incident-desk.ts).
    new IncidentDesk(this, 'IncidentDesk', {
      apiFunction: f.IncidentsApi,
      clockFunction: f.IncidentClock,
      staffAddress: props.staffAlertAddress,
      apiEndpoint: publicApi.api.apiEndpoint,
      requestsTable,
      key,
      sending,
      subjectKeySecret,
      dataMap: DEMO_DATA_MAP,
      dataStores: props.dataStores,
    });
    const intakeEmail = f.IntakeEmail;
    const sendReply = f.SendReply;
    const setStatus = f.SetStatus;
    env(intakeEmail, {
      INBOUND_BUCKET: inboundBucket.bucketName,
      INBOUND_PREFIX,
      STATE_MACHINE_ARN: workflow.stateMachine.stateMachineArn,
      // Read at run time (functions/adapters/secrets.ts): no key sits in a function's configuration.
      SUBJECT_KEY_SECRET_ARN: subjectKeySecret.secretArn,
      STAFF_ADDRESS: staffAddress,
      // A reply from the requester while the request waits for verification brings a fresh link.
      PUBLIC_BASE_URL: publicBaseUrl,
    });
    const readSecret = (fn: PrivacyDeskFunction, secret: secretsmanager.ISecret) =>
      this.allow(fn, ['secretsmanager:GetSecretValue'], [secret.secretArn]);
    readSecret(intakeEmail, subjectKeySecret);
    env(sendReply, { STAFF_ADDRESS: staffAddress });
    env(f.RequestVerification, { PUBLIC_BASE_URL: publicBaseUrl });
    // The link pages count attempts per source under a keyed hash of its address.
    env(f.VerifyLink, { PUBLIC_BASE_URL: publicBaseUrl, SUBJECT_KEY_SECRET_ARN: subjectKeySecret.secretArn });
    readSecret(f.VerifyLink, subjectKeySecret);

    // Least privilege: each function gets only the table actions, objects and calls it makes.
    const requestItems = [requestsTable.tableArn];
    // UpdateItem: the rate counters (requests, acknowledgements, staff alerts per window), and the
    // requester's reply restarting a paused clock (request-clock.ts). PutItem also lists the alerts
    // past the hourly cap for the staff digest (folded-alerts.ts).
    this.allow(
      intakeEmail,
      ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      requestItems,
    );
    // UpdateItem gives a once-claim back when SES refused the mail (send-reply.ts).
    this.allow(sendReply, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], requestItems);
    // A rejection or cancellation reads the trail: an objection to marketing honoured on receipt still stands.
    this.allow(sendReply, ['dynamodb:Query'], requestItems);
    this.allow(setStatus, ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], requestItems);
    for (const f of [intakeEmail, sendReply, setStatus]) {
      this.allow(f, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    }
    // A new hour's staff alert names the alerts of its kind folded since the last digest.
    this.allow(intakeEmail, ['dynamodb:Query'], [`${requestsTable.tableArn}/index/byStatus`]);
    this.allow(intakeEmail, ['s3:GetObject'], [inboundBucket.arnForObjects(`${INBOUND_PREFIX}*`)]);
    // A virus verdict moves the raw mail to quarantine (copy + delete); a retry reads it there.
    this.allow(intakeEmail, ['s3:DeleteObject'], [inboundBucket.arnForObjects(`${INBOUND_PREFIX}*`)]);
    this.allow(
      intakeEmail,
      ['s3:PutObject', 's3:GetObject'],
      [inboundBucket.arnForObjects(`${QUARANTINE_PREFIX}*`)],
    );
    // A retry finds the raw mail gone from inbound/ (moved to quarantine): S3 says 404, not 403,
    // only to a role that may list where the object would be.
    this.allowListing(intakeEmail, inboundBucket, [INBOUND_PREFIX, QUARANTINE_PREFIX]);
    workflow.stateMachine.grantStartExecution(intakeEmail.function);
    // Intake mails staff alerts (virus, security) and triage acknowledgements.
    for (const fn of [sendReply, intakeEmail]) sendsMail(fn);

    // The verification step and link pages: the request and its tasks, the subject's mail, the callback.
    for (const fn of [f.RequestVerification, f.VerifyLink]) {
      this.allow(fn, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], requestItems);
      sendsMail(fn);
    }
    workflow.stateMachine.grantTaskResponse(f.VerifyLink.function);
    // PutItem: the assessment's audit event.
    this.allow(f.AssessRequest, ['dynamodb:GetItem', 'dynamodb:PutItem'], requestItems);
    this.allow(f.AssessRequest, ['dynamodb:Query'], [`${requestsTable.tableArn}/index/bySubject`]);
    this.allow(f.OpenTask, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], requestItems);
    this.allow(
      f.CloseRequest,
      ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      requestItems,
    );
    // The deadline watch: every working morning, a digest of due-soon and overdue requests, and of
    // the staff alerts folded since the last digest, both read through the status index.
    env(f.DeadlineWatch, { STAFF_ADDRESS: staffAddress, PUBLIC_BASE_URL: publicBaseUrl });
    this.allow(f.DeadlineWatch, ['dynamodb:Query'], [`${requestsTable.tableArn}/index/byStatus`]);
    // A requester who left a question unanswered for 14 days is reminded once (send-reply.ts);
    // UpdateItem also takes the digested folded alerts off the index.
    this.allow(
      f.DeadlineWatch,
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      requestItems,
    );
    this.allow(f.DeadlineWatch, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    sendsMail(f.DeadlineWatch);
    new events.Rule(this, 'DeadlineWatchSchedule', {
      description: 'Privacy Desk deadline watch, 06:00 UTC on weekdays',
      schedule: events.Schedule.cron({ minute: '0', hour: '6', weekDay: 'MON-FRI' }),
      targets: [new targets.LambdaFunction(f.DeadlineWatch.function, { retryAttempts: 2 })],
    });
    this.retentionPurge(f.RetentionPurge);
    new RetentionSweeps(this, 'RetentionSweeps', {
      sweepFunction: f.RetentionSweep,
      apiFunction: f.RetentionSweepsApi,
      requestsTable,
      packagesBucket: this.data.packagesBucket,
      key,
      dataMap: DEMO_DATA_MAP,
      dataStores: props.dataStores ?? {},
    });
    for (const fn of [f.RequestVerification, f.VerifyLink, f.AssessRequest, f.OpenTask, f.CloseRequest]) {
      this.allow(fn, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    }

    // The web form: stores requests, content claims and rate counters (conditional writes), starts workflows.
    env(f.HttpApi, {
      STATE_MACHINE_ARN: workflow.stateMachine.stateMachineArn,
      SUBJECT_KEY_SECRET_ARN: subjectKeySecret.secretArn,
    });
    readSecret(f.HttpApi, subjectKeySecret);
    this.allow(f.HttpApi, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], requestItems);
    this.allow(f.HttpApi, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    workflow.stateMachine.grantStartExecution(f.HttpApi.function);
    // A submission staff must read first is acknowledged by mail, as the form's answer promises.
    sendsMail(f.HttpApi);
    // Staff name the subject of a representative's request: its subject key comes from this secret.
    env(f.StaffApi, { SUBJECT_KEY_SECRET_ARN: subjectKeySecret.secretArn });
    readSecret(f.StaffApi, subjectKeySecret);

    // Collect: the request (address) and its STORE# items, findings objects, reads of the stores.
    const collectStore = f.CollectStore;
    collectStore.function.addEnvironment('PACKAGES_BUCKET', this.data.packagesBucket.bucketName);
    this.allow(
      collectStore,
      ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
      [requestsTable.tableArn],
    );
    this.allow(collectStore, ['s3:PutObject'], [this.data.packagesBucket.arnForObjects('findings/*')]);
    // A manual store's findings: what staff attached to its task becomes the store's records.
    this.allow(collectStore, ['s3:GetObject'], [this.data.packagesBucket.arnForObjects('findings/*')]);
    this.allowListing(collectStore, this.data.packagesBucket, ['findings/']);
    this.allow(collectStore, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    grantStoreReads(collectStore, DEMO_DATA_MAP, props.dataStores ?? {});

    // Access package and erasure: findings in, packages and erasure records out, in the packages bucket.
    const packages = this.data.packagesBucket;
    const downloadLinkSecret = new secretsmanager.Secret(this, 'DownloadLinkSecret', {
      description: 'HMAC key that signs the expiring download links of access packages',
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const objects = (prefix: string) => [packages.arnForObjects(`${prefix}*`)];
    env(f.BuildPackage, {
      PACKAGES_BUCKET: packages.bucketName,
      CONSENTS_TABLE: this.data.consentsTable.tableName,
      PUBLIC_BASE_URL: publicBaseUrl,
      DOWNLOAD_LINK_SECRET_ARN: downloadLinkSecret.secretArn,
      DOWNLOAD_LINK_DAYS: '7',
    });
    // UpdateItem gives the send-once claim of the package mail back when SES refused it.
    this.allow(f.BuildPackage, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], requestItems);
    this.allow(f.BuildPackage, ['dynamodb:Query'], [this.data.consentsTable.tableArn]);
    this.allow(f.BuildPackage, ['s3:GetObject'], objects('findings/'));
    this.allow(f.BuildPackage, ['s3:PutObject'], objects('packages/'));
    sendsMail(f.BuildPackage);
    env(f.DownloadPackage, {
      PACKAGES_BUCKET: packages.bucketName,
      DOWNLOAD_LINK_SECRET_ARN: downloadLinkSecret.secretArn,
    });
    for (const fn of [f.BuildPackage, f.DownloadPackage]) readSecret(fn, downloadLinkSecret);
    this.allow(f.DownloadPackage, ['dynamodb:GetItem', 'dynamodb:PutItem'], requestItems);
    // The presigned URL is signed with this role: it can hand out package objects and nothing else.
    this.allow(f.DownloadPackage, ['s3:GetObject'], objects('packages/'));
    env(f.PlanErasure, { PACKAGES_BUCKET: packages.bucketName });
    this.allow(f.PlanErasure, ['dynamodb:GetItem', 'dynamodb:PutItem'], requestItems);
    this.allow(f.PlanErasure, ['s3:GetObject'], objects('findings/'));
    this.allow(f.PlanErasure, ['s3:PutObject'], objects('erasure/'));
    env(f.EraseStore, { PACKAGES_BUCKET: packages.bucketName });
    this.allow(f.EraseStore, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], requestItems);
    this.allow(f.EraseStore, ['s3:GetObject', 's3:PutObject'], objects('erasure/'));
    grantStoreErasure(f.EraseStore, DEMO_DATA_MAP, props.dataStores ?? {});
    // Rectification: the corrections staff confirmed, written through the stores' connectors.
    this.allow(
      f.ApplyCorrections,
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      requestItems,
    );
    this.allow(f.ApplyCorrections, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    grantStoreErasure(f.ApplyCorrections, DEMO_DATA_MAP, props.dataStores ?? {}, {
      removesOldVersions: false,
    });
    // Art. 19: the trail says which stores held the subject; a recipient with an address gets a
    // mail under a send-once claim (UpdateItem gives it back when SES refused the mail).
    this.allow(
      f.NotifyRecipients,
      ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      requestItems,
    );
    this.allow(f.NotifyRecipients, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    sendsMail(f.NotifyRecipients);
    env(f.VerifyErasure, { PACKAGES_BUCKET: packages.bucketName });
    // UpdateItem gives the send-once claim of the certificate mail back when SES refused it.
    this.allow(
      f.VerifyErasure,
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      requestItems,
    );
    this.allow(f.VerifyErasure, ['s3:GetObject', 's3:PutObject'], objects('erasure/'));
    // Once certified, the collected copies are erased too, with those of the subject's other
    // requests (found through the bySubject index): their findings and packages (own-copies.ts).
    this.allow(f.VerifyErasure, ['s3:DeleteObject'], objects('findings/'));
    this.allow(f.VerifyErasure, ['s3:DeleteObject'], objects('packages/'));
    this.allow(f.VerifyErasure, ['dynamodb:Query'], [`${requestsTable.tableArn}/index/bySubject`]);
    sendsMail(f.VerifyErasure);
    grantStoreReads(f.VerifyErasure, DEMO_DATA_MAP, props.dataStores ?? {});
    // Staff attach what they found in a manual store to its task (manual-findings.ts).
    env(f.StaffApi, { PACKAGES_BUCKET: packages.bucketName });
    this.allow(f.StaffApi, ['s3:PutObject'], objects('findings/*/manual/'));
    // Staff read the collected records to confirm corrections; each viewing is an audit event.
    env(f.StaffMessages, { PACKAGES_BUCKET: packages.bucketName });
    this.allow(f.StaffMessages, ['s3:GetObject'], objects('findings/'));
    this.allow(f.StaffMessages, ['dynamodb:PutItem'], requestItems);
    // Each reader of an object that may not exist yet (an outcome before the store is erased, a
    // package past its expiry) may list its prefix: without it S3 answers 403 where code expects 404.
    for (const fn of [f.BuildPackage, f.PlanErasure, f.StaffMessages])
      this.allowListing(fn, packages, ['findings/']);
    this.allowListing(f.DownloadPackage, packages, ['packages/']);
    this.allowListing(f.EraseStore, packages, ['erasure/']);
    this.allowListing(f.VerifyErasure, packages, ['erasure/', 'findings/', 'packages/']);
    for (const fn of [f.BuildPackage, f.DownloadPackage, f.PlanErasure, f.EraseStore, f.VerifyErasure]) {
      this.allow(fn, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    }

    // Consents: the ledger behind the consent API, the unsubscribe link and the workflow step.
    const consentItems = [this.data.consentsTable.tableArn];
    const consentApiKeys = new secretsmanager.Secret(this, 'ConsentApiKeys', {
      description:
        'Comma-separated SHA-256 hex hashes of the consent API keys; operators set it, a deploy applies it',
      encryptionKey: key,
      // Hex only: a valid hash of a key nobody holds, so the API refuses every call until keys are set.
      generateSecretString: {
        passwordLength: 64,
        excludePunctuation: true,
        excludeUppercase: true,
        excludeCharacters: 'ghijklmnopqrstuvwxyz',
      },
    });
    // Kept when the stack goes: links in mails already sent must keep working.
    const unsubscribeSecrets = new secretsmanager.Secret(this, 'UnsubscribeSecrets', {
      description: 'HMAC keys of the unsubscribe links, comma-separated, newest first (the newest signs)',
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    env(f.ConsentApi, {
      CONSENTS_TABLE: this.data.consentsTable.tableName,
      SUBJECT_KEY_SECRET_ARN: subjectKeySecret.secretArn,
      CONSENT_API_KEYS_ARN: consentApiKeys.secretArn,
      UNSUBSCRIBE_SECRETS_ARN: unsubscribeSecrets.secretArn,
    });
    for (const secret of [subjectKeySecret, consentApiKeys, unsubscribeSecrets])
      readSecret(f.ConsentApi, secret);
    env(f.UpdateConsents, { CONSENTS_TABLE: this.data.consentsTable.tableName });
    for (const fn of [f.ConsentApi, f.UpdateConsents]) {
      this.allow(fn, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], consentItems);
      this.allow(fn, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    }
    // UpdateItem gives the send-once claim of the reply back when SES refused it.
    this.allow(
      f.UpdateConsents,
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      requestItems,
    );
    sendsMail(f.UpdateConsents);
    // Only the stores that drop people who withdraw (the newsletter service); the rest keep records.
    const suppressing = DEMO_DATA_MAP.stores.filter((store) => suppressionOf(store) === 'remove_records');
    grantStoreErasure(f.UpdateConsents, { ...DEMO_DATA_MAP, stores: suppressing }, props.dataStores ?? {});
    Validations.of(consentApiKeys).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'It holds hashes of keys that client systems keep; operators rotate by adding a new hash, then removing the old.',
    });
    Validations.of(unsubscribeSecrets).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Links in mails already sent must keep working; operators rotate by prepending a new key and keeping the old ones.',
    });

    // An intake that fails three times lands here (the raw mail is in S3 regardless).
    const intakeDeadLetters = new sqs.Queue(this, 'IntakeDeadLetters', {
      encryptionMasterKey: key,
      enforceSSL: true,
      // Lambda's maximum: two weeks to notice the alarm and redrive the event.
      retentionPeriod: Duration.days(14),
    });
    const cfnIntake = intakeEmail.function;
    cfnIntake.configureAsyncInvoke({ retryAttempts: 2 });
    (cfnIntake.node.defaultChild as import('aws-cdk-lib/aws-lambda').CfnFunction).deadLetterConfig = {
      targetArn: intakeDeadLetters.queueArn,
    };
    this.allow(intakeEmail, ['sqs:SendMessage'], [intakeDeadLetters.queueArn]);

    const mailIntake = new MailIntake(this, 'MailIntake', {
      mailbox,
      bucket: inboundBucket,
      objectKeyPrefix: INBOUND_PREFIX,
      intakeFunction: intakeEmail.function,
    });

    // Alarms to the staff's alert topic, and every log group under the key (constructs/operations.ts).
    const operations = new Operations(this, 'Operations', {
      key,
      stateMachine: workflow.stateMachine,
      intakeFunction: intakeEmail.function,
      intakeDeadLetters,
      alertEmail: this.node.tryGetContext('alertEmail') as string | undefined,
    });
    this.mailConfiguration.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(operations.alertTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });

    // What an operator needs after a deploy (README: Deploy).
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('ApiUrl', publicBaseUrl, 'The HTTP API: web form, links in mails, consent API, staff API');
    output('ConsoleUrl', `${publicBaseUrl}/console`, 'The staff console');
    output(
      'ReceiptRuleSetName',
      mailIntake.ruleSet.receiptRuleSetName,
      'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
    );
    output(
      'UserPoolId',
      staffSignIn.userPool.userPoolId,
      'Staff sign-in: create staff here, in the privacy-staff group',
    );
    output('UserPoolClientId', staffSignIn.client.userPoolClientId, "The console's app client");
    output(
      'MailConfigurationSetName',
      this.mailConfiguration.configurationSetName,
      'SES configuration set of every mail',
    );
    output(
      'AlertTopicArn',
      operations.alertTopic.topicArn,
      'Alarms, bounces and complaints: subscribe staff here',
    );
    this.acknowledgeFindings({ intakeDeadLetters, subjectKeySecret, workflow });
    this.acknowledgePackageFindings(downloadLinkSecret);
  }

  /** The package and erasure functions' accepted findings: prefixes of the packages bucket, the link key. */
  private acknowledgePackageFindings(downloadLinkSecret: secretsmanager.Secret): void {
    const bucket = this.getLogicalId(this.data.packagesBucket.node.defaultChild as CfnElement);
    const f = this.functions;
    const uses: [PrivacyDeskFunction, string, string][] = [
      [f.BuildPackage, 'findings/', 'reads the findings objects the collect step wrote for the request'],
      [f.BuildPackage, 'packages/', 'writes the package files, named per request, under this prefix'],
      [
        f.DownloadPackage,
        'packages/',
        'presigns downloads of the package files of the request the link names',
      ],
      [f.PlanErasure, 'findings/', 'reads the findings objects the collect step wrote for the request'],
      [
        f.StaffMessages,
        'findings/',
        'shows staff the records collected for the request, to confirm its corrections',
      ],
      [f.PlanErasure, 'erasure/', 'writes the plan, named per request, under this prefix'],
      [f.EraseStore, 'erasure/', 'reads the plan and writes one outcome per store, named per request'],
      [
        f.VerifyErasure,
        'erasure/',
        'reads the plan and outcomes and writes the certificate, named per request',
      ],
      [
        f.VerifyErasure,
        'findings/',
        'deletes the collected copies of the request once the erasure is certified',
      ],
      [f.StaffApi, 'findings/*/manual/', 'keeps what staff attach to a manual store task, per request'],
      [
        f.VerifyErasure,
        'packages/',
        "deletes the packages of the subject's requests once their erasure is certified",
      ],
    ];
    for (const [fn, prefix, reason] of uses) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${prefix}*]`,
        reason: `The function ${reason}; object names hold request ids only known at run time.`,
      });
    }
    Validations.of(downloadLinkSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotating the link key would break links already mailed; links live 7 days, so rotation is a planned job.',
    });
  }

  /** Retention: nightly, the personal data of requests closed longer ago than RETENTION_DAYS_AFTER_CLOSE. */
  private retentionPurge(purge: PrivacyDeskFunction): void {
    const { requestsTable, inboundBucket, packagesBucket, key } = this.data;
    const artefactPrefixes = ['findings/', 'packages/', 'erasure/'];
    purge.function.addEnvironment('INBOUND_BUCKET', inboundBucket.bucketName);
    purge.function.addEnvironment('PACKAGES_BUCKET', packagesBucket.bucketName);
    purge.function.addEnvironment('RETENTION_DAYS_AFTER_CLOSE', String(DEFAULT_RETENTION_DAYS_AFTER_CLOSE));
    this.allow(
      purge,
      ['dynamodb:Query'],
      [`${requestsTable.tableArn}/index/byStatus`, requestsTable.tableArn],
    );
    this.allow(purge, ['dynamodb:UpdateItem', 'dynamodb:PutItem'], [requestsTable.tableArn]);
    this.allow(purge, ['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn]);
    this.allow(
      purge,
      ['s3:DeleteObject'],
      [
        inboundBucket.arnForObjects(`${INBOUND_PREFIX}*`),
        inboundBucket.arnForObjects(`${QUARANTINE_PREFIX}*`),
        ...artefactPrefixes.map((prefix) => packagesBucket.arnForObjects(`${prefix}*`)),
      ],
    );
    purge.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [packagesBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': artefactPrefixes.map((prefix) => `${prefix}*`) } },
      }),
    );
    new events.Rule(this, 'RetentionPurgeSchedule', {
      description: 'Privacy Desk retention purge, daily 02:30 UTC',
      schedule: events.Schedule.cron({ minute: '30', hour: '2' }),
      targets: [new targets.LambdaFunction(purge.function, { retryAttempts: 2 })],
    });
    const logicalId = (construct: Construct) => this.getLogicalId(construct.node.defaultChild as CfnElement);
    const objects: [Construct, string][] = [
      [inboundBucket, INBOUND_PREFIX],
      [inboundBucket, QUARANTINE_PREFIX],
      ...artefactPrefixes.map((prefix): [Construct, string] => [packagesBucket, prefix]),
    ];
    for (const [bucket, prefix] of objects) {
      Validations.of(purge).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(bucket)}.Arn>/${prefix}*]`,
        reason:
          'The purge deletes the objects of requests past retention; their names hold request ids only known at run time.',
      });
    }
  }

  private allow(fn: PrivacyDeskFunction, actions: string[], resources: string[]): void {
    fn.function.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
  }

  /** Lists the bucket under these prefixes only (`s3:prefix`), so a missing object reads as 404. */
  private allowListing(fn: PrivacyDeskFunction, bucket: IBucket, prefixes: string[]): void {
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': prefixes.map((prefix) => `${prefix}*`) } },
      }),
    );
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
      reason:
        'Rotating the HMAC key would orphan every stored subject key; rotation is a planned re-keying job.',
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
