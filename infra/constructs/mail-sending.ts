import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';

export interface MailSendingProps {
  /** The domain whose SES identity sends, e.g. privacy.example.com. */
  readonly mailDomain: string;
  /** The only From address senders may use, e.g. gdpr@privacy.example.com. */
  readonly mailbox: string;
  /** The configuration set every mail goes out through; SES authorizes it with the identity. */
  readonly configurationSet: ses.IConfigurationSet;
}

/**
 * Sending as the privacy mailbox: one statement, the identity's and configuration set's ARNs
 * formatted once, for every function that mails. Not `EmailIdentity.grantSendEmail`: that grants
 * raw sends too, from any address of the domain, and needs the identity to be this stack's,
 * while a deployment may reuse an existing one (`createMailIdentity: false`).
 */
export class MailSending {
  public readonly mailbox: string;
  private readonly statement: iam.PolicyStatement;

  constructor(scope: Construct, props: MailSendingProps) {
    const stack = Stack.of(scope);
    this.mailbox = props.mailbox;
    this.statement = new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.mailDomain }),
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: props.configurationSet.configurationSetName,
        }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': props.mailbox } },
    });
  }

  grantSend(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(this.statement);
  }
}
