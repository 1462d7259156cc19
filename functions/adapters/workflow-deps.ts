import { VERIFICATION_MAIL_TEMPLATES } from '../../config/templates';
import { parseMailbox } from '../core/intake/mailbox';
import { systemClock } from '../core/ports';
import type { VerificationMailDeps } from '../core/verification/verify-identity';
import { DynamoDbRequestStore } from './dynamodb-request-store';
import { DynamoDbTaskStore } from './dynamodb-task-store';
import { SesMailer } from './ses-mailer';

/** The ports of the step that mails verification links, wired to DynamoDB and SES. */
export function verificationMailDeps(config: {
  REQUESTS_TABLE: string;
  MAILBOX_ADDRESS: string;
  PUBLIC_BASE_URL: string;
}): VerificationMailDeps {
  return {
    requests: new DynamoDbRequestStore(config.REQUESTS_TABLE),
    tasks: new DynamoDbTaskStore(config.REQUESTS_TABLE),
    mailer: new SesMailer(config.MAILBOX_ADDRESS),
    templates: VERIFICATION_MAIL_TEMPLATES,
    mailbox: parseMailbox(config.MAILBOX_ADDRESS),
    clock: systemClock,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  };
}
