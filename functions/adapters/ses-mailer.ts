import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { MailNotSentError } from '../core/errors';
import type { Mailer, OutgoingMail } from '../core/ports';
import { ses } from './clients/ses';

/** Sends mail through SES v2 as plain-text + HTML; never with attachments (ARCHITECTURE.md §6). */
export class SesMailer implements Mailer {
  constructor(
    private readonly fromAddress: string,
    private readonly configurationSetName?: string,
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const headers = Object.entries(mail.headers ?? {}).map(([Name, Value]) => ({ Name, Value }));
    const result = await ses()
      .send(
        new SendEmailCommand({
          FromEmailAddress: this.fromAddress,
          Destination: { ToAddresses: [mail.to] },
          ReplyToAddresses: mail.replyTo ? [mail.replyTo] : undefined,
          ConfigurationSetName: this.configurationSetName,
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: mail.text, Charset: 'UTF-8' },
                Html: { Data: mail.html, Charset: 'UTF-8' },
              },
              Headers: headers.length > 0 ? headers : undefined,
            },
          },
        }),
      )
      .catch((error: unknown) => {
        // SES answered with an error (throttled, rejected): the mail did not go out.
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode) {
          throw new MailNotSentError('SES refused the mail', { cause: error });
        }
        throw error;
      });
    return { messageId: result.MessageId ?? '' };
  }
}
