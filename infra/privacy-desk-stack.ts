import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { DEMO_DATA_MAP } from '../config/datamap';
import { API_ROUTES } from './api-routes';
import { AccessPackage } from './concerns/access-package';
import { Collection } from './concerns/collection';
import { Consents } from './concerns/consents';
import { Erasure } from './concerns/erasure';
import { IncidentDesk } from './concerns/incident-desk';
import { Intake } from './concerns/intake';
import { Rectification } from './concerns/rectification';
import { RequestSteps } from './concerns/request-steps';
import { RetentionSweeps } from './concerns/retention-sweeps';
import { ScheduledJobs } from './concerns/scheduled-jobs';
import { StaffConsole } from './concerns/staff-console';
import { Verification } from './concerns/verification';
import { DataStores } from './constructs/data-stores';
import type { Desk } from './constructs/desk';
import { PublicApi } from './constructs/http-api';
import { MailSending } from './constructs/mail-sending';
import { Operations } from './constructs/operations';
import type { PrivacyDeskFunction } from './constructs/privacy-desk-function';
import { StaffSignIn } from './constructs/staff-sign-in';
import type { StoreDeployments } from './constructs/store-access';
import { Workflow } from './constructs/workflow';
import type { FunctionName } from './function-catalog';

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

/**
 * The desk: what every concern builds on (the data stores, mail, the workflow, the API and
 * sign-in), then one construct per concern, each creating its functions and binding what they use.
 */
export class PrivacyDeskStack extends Stack {
  public readonly data: DataStores;
  public readonly functions: Record<FunctionName, PrivacyDeskFunction>;
  public readonly mailConfiguration: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: PrivacyDeskStackProps) {
    super(scope, id, props);
    this.data = new DataStores(this, 'Data');
    // Every mail goes out through this configuration set: bounces and complaints reach the staff's
    // alert topic, which is what SES production access asks a sender to handle.
    this.mailConfiguration = new ses.ConfigurationSet(this, 'MailConfiguration', { reputationMetrics: true });
    if (props.createMailIdentity ?? true)
      new ses.EmailIdentity(this, 'MailIdentity', {
        identity: ses.Identity.domain(props.mailDomain),
        configurationSet: this.mailConfiguration,
      });
    const signIn = new StaffSignIn(this, 'StaffSignIn');
    const api = new PublicApi(this, 'PublicApi', { staffAuthorizer: signIn.authorizer, routes: API_ROUTES });
    const desk: Desk = {
      data: this.data,
      mail: new MailSending(this, {
        mailDomain: props.mailDomain,
        mailbox: `gdpr@${props.mailDomain}`,
        configurationSet: this.mailConfiguration,
      }),
      workflow: new Workflow(this, 'Workflow'),
      api,
      publicBaseUrl: api.api.apiEndpoint,
      subjectKeySecret: this.subjectKeySecret(),
      staffAddress: props.staffAlertAddress,
      dataMap: DEMO_DATA_MAP,
      dataStores: props.dataStores ?? {},
    };

    const intake = new Intake(this, 'Intake', { desk });
    this.functions = {
      ...intake.functions,
      ...new Verification(this, 'Verification', { desk }).functions,
      ...new RequestSteps(this, 'RequestSteps', { desk }).functions,
      ...new Collection(this, 'Collection', { desk }).functions,
      ...new AccessPackage(this, 'AccessPackage', { desk }).functions,
      ...new Erasure(this, 'Erasure', { desk }).functions,
      ...new Rectification(this, 'Rectification', { desk }).functions,
      ...new Consents(this, 'Consents', { desk }).functions,
      ...new StaffConsole(this, 'Staff', { desk, signIn }).functions,
      ...new ScheduledJobs(this, 'ScheduledJobs', { desk }).functions,
      ...new IncidentDesk(this, 'IncidentDesk', { desk }).functions,
      ...new RetentionSweeps(this, 'RetentionSweeps', { desk }).functions,
    };

    // Alarms to the staff's alert topic, and every log group under the key (constructs/operations.ts).
    const operations = new Operations(this, 'Operations', {
      key: this.data.key,
      stateMachine: desk.workflow.stateMachine,
      intakeFunction: intake.functions.IntakeEmail.function,
      intakeDeadLetters: intake.deadLetters,
      alertEmail: this.node.tryGetContext('alertEmail') as string | undefined,
    });
    this.mailConfiguration.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(operations.alertTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });

    // What an operator needs after a deploy (README: Deploy).
    const apiUrl = desk.publicBaseUrl;
    const outputs: [string, string, string][] = [
      ['ApiUrl', apiUrl, 'The HTTP API: web form, links in mails, consent API, staff API'],
      ['ConsoleUrl', `${apiUrl}/console`, 'The staff console'],
      [
        'ReceiptRuleSetName',
        intake.mailIntake.ruleSet.receiptRuleSetName,
        'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
      ],
      [
        'UserPoolId',
        signIn.userPool.userPoolId,
        'Staff sign-in: create staff here, in the privacy-staff group',
      ],
      ['UserPoolClientId', signIn.client.userPoolClientId, "The console's app client"],
      [
        'MailConfigurationSetName',
        this.mailConfiguration.configurationSetName,
        'SES configuration set of every mail',
      ],
      [
        'AlertTopicArn',
        operations.alertTopic.topicArn,
        'Alarms, bounces and complaints: subscribe staff here',
      ],
    ];
    for (const [outputId, value, description] of outputs)
      new CfnOutput(this, outputId, { value, description });
  }

  /** Every stored subject key is derived from it: kept like the tables when the stack goes. */
  private subjectKeySecret(): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'SubjectKeySecret', {
      description: 'HMAC key that turns e-mail addresses into subject keys',
      encryptionKey: this.data.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotating the HMAC key would orphan every stored subject key; rotation is a planned re-keying job.',
    });
    return secret;
  }
}
