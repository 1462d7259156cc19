import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type ConcernProps, createFunctions, INBOUND_PREFIX, QUARANTINE_PREFIX } from '../constructs/desk';
import { MailIntake } from '../constructs/mail-intake';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';

/**
 * Requests coming in: mail to the privacy mailbox (SES stores it, then intake parses, classifies,
 * deduplicates and stores it, and starts the workflow) and the web form.
 */
export class Intake extends Construct {
  public readonly functions: Record<'IntakeEmail' | 'HttpApi', PrivacyDeskFunction>;
  /** Where an intake that failed three times lands (the raw mail is in S3 regardless). */
  public readonly deadLetters: sqs.Queue;
  public readonly mailIntake: MailIntake;

  constructor(scope: Construct, id: string, { desk }: ConcernProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.functions = createFunctions(this, desk, ['IntakeEmail', 'HttpApi']);
    const { IntakeEmail: intake, HttpApi: form } = this.functions;
    const { requestsTable, inboundBucket } = desk.data;

    intake
      // UpdateItem: the rate counters (requests, acknowledgements, staff alerts per window), and the
      // requester's reply restarting a paused clock (request-clock.ts). PutItem also lists the
      // alerts past the hourly cap for the staff digest, which a new hour's alert names (byStatus).
      .bindTable('REQUESTS_TABLE', requestsTable, {
        items: ['PutItem', 'GetItem', 'Query', 'UpdateItem'],
        queryIndexes: ['byStatus'],
      })
      .bindBucket('INBOUND_BUCKET', inboundBucket, {
        objects: [
          // A virus verdict moves the raw mail to quarantine (copy + delete); a retry reads it there.
          {
            prefix: INBOUND_PREFIX,
            actions: ['GetObject', 'DeleteObject'],
            because: 'reads the raw mail objects under the inbound prefix, whose names SES chooses',
          },
          {
            prefix: QUARANTINE_PREFIX,
            actions: ['PutObject', 'GetObject'],
            because: 'moves infected mail to the quarantine prefix under the name SES chose for it',
          },
        ],
        // A retry finds the raw mail gone from inbound/ (moved to quarantine).
        list: [INBOUND_PREFIX, QUARANTINE_PREFIX],
      })
      .setVariable('INBOUND_PREFIX', INBOUND_PREFIX)
      .bindStateMachine(desk.workflow.stateMachine, { start: true })
      // Read at run time (functions/adapters/secrets.ts): no key sits in a function's configuration.
      .bindSecret('SUBJECT_KEY_SECRET_ARN', desk.subjectKeySecret)
      // Intake mails staff alerts (virus, security) and triage acknowledgements.
      .bindMailSending(desk.mail)
      .setVariable('STAFF_ADDRESS', desk.staffAddress)
      // A reply from the requester while the request waits for verification brings a fresh link.
      .setVariable('PUBLIC_BASE_URL', desk.publicBaseUrl);

    // The web form: stores requests, content claims and rate counters (conditional writes), starts
    // workflows; a submission staff must read first is acknowledged by mail, as its answer promises.
    form
      .bindTable('REQUESTS_TABLE', requestsTable, { items: ['GetItem', 'PutItem', 'UpdateItem'] })
      .bindStateMachine(desk.workflow.stateMachine, { start: true })
      .bindSecret('SUBJECT_KEY_SECRET_ARN', desk.subjectKeySecret)
      .bindMailSending(desk.mail);

    // Created at the top of the stack, like the functions: a new queue would drop the dead letters
    // waiting in the old one, a new rule set would not be the active one.
    this.deadLetters = new sqs.Queue(stack, 'IntakeDeadLetters', {
      encryptionMasterKey: desk.data.key,
      enforceSSL: true,
      // Lambda's maximum: two weeks to notice the alarm and redrive the event.
      retentionPeriod: Duration.days(14),
    });
    intake.function.configureAsyncInvoke({ retryAttempts: 2 });
    (intake.function.node.defaultChild as lambda.CfnFunction).deadLetterConfig = {
      targetArn: this.deadLetters.queueArn,
    };
    intake.allow(['sqs:SendMessage'], [this.deadLetters.queueArn]);
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the intake function.',
    });
    this.mailIntake = new MailIntake(stack, 'MailIntake', {
      mailbox: desk.mail.mailbox,
      bucket: inboundBucket,
      objectKeyPrefix: INBOUND_PREFIX,
      intakeFunction: intake.function,
    });
  }
}
