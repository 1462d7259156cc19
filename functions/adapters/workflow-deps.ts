import { parseMailbox } from '../core/mailbox';
import { systemClock } from '../core/ports';
import type { VerifyIdentityDeps } from '../core/verify-identity';
import { DynamoDbRequestStore } from './dynamodb-request-store';
import { DynamoDbTaskStore } from './dynamodb-task-store';
import { requireEnv } from './env';
import { SesMailer } from './ses-mailer';
import { SfnTaskCompleter } from './sfn-task-completer';

/** The ports of the verification and review steps, wired to DynamoDB, SES and Step Functions. */
export function workflowDeps(): VerifyIdentityDeps {
  const table = requireEnv('REQUESTS_TABLE');
  const mailbox = requireEnv('MAILBOX_ADDRESS');
  return {
    requests: new DynamoDbRequestStore(table),
    tasks: new DynamoDbTaskStore(table),
    completer: new SfnTaskCompleter(),
    mailer: new SesMailer(mailbox),
    mailbox: parseMailbox(mailbox),
    clock: systemClock,
    publicBaseUrl: requireEnv('PUBLIC_BASE_URL'),
  };
}
