import { REPLY_TEMPLATES } from '../../config/templates';
import { parseMailbox } from '../core/intake/mailbox';
import { systemClock } from '../core/ports';
import type { VerificationMailDeps } from '../core/verification/verify-identity';
import { DynamoDbRequestStore } from './dynamodb-request-store';
import { DynamoDbTaskStore } from './dynamodb-task-store';
import { requireEnv } from './env';
import { SesMailer } from './ses-mailer';

/** The ports of the step that mails verification links, wired to DynamoDB and SES. */
export function verificationMailDeps(): VerificationMailDeps {
  const table = requireEnv('REQUESTS_TABLE');
  const mailbox = requireEnv('MAILBOX_ADDRESS');
  return {
    requests: new DynamoDbRequestStore(table),
    tasks: new DynamoDbTaskStore(table),
    mailer: new SesMailer(mailbox),
    templates: REPLY_TEMPLATES,
    mailbox: parseMailbox(mailbox),
    clock: systemClock,
    publicBaseUrl: requireEnv('PUBLIC_BASE_URL'),
  };
}
