import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';

export interface MailIntakeProps {
  /** The privacy mailbox, e.g. gdpr@example.com. */
  readonly mailbox: string;
  readonly bucket: s3.IBucket;
  readonly objectKeyPrefix: string;
  readonly intakeFunction: lambda.IFunction;
}

/**
 * SES receiving for the privacy mailbox: store the raw MIME in S3 first (so nothing is lost
 * even if intake fails), then invoke intake asynchronously. The rule set must be made the
 * active one once, by hand or in the console: CloudFormation cannot activate it.
 */
export class MailIntake extends Construct {
  public readonly ruleSet: ses.ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: MailIntakeProps) {
    super(scope, id);
    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet');
    this.ruleSet.addRule('PrivacyMailbox', {
      recipients: [props.mailbox],
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.OPTIONAL,
      actions: [
        new actions.S3({ bucket: props.bucket, objectKeyPrefix: props.objectKeyPrefix }),
        new actions.Lambda({
          function: props.intakeFunction,
          invocationType: actions.LambdaInvocationType.EVENT,
        }),
      ],
    });
  }
}
