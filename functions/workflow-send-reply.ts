import * as z from 'zod/mini';
import { REPLY_TEMPLATES } from '../config/templates';
import { functionConfig, optional, required } from './adapters/config';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { SesMailer } from './adapters/ses-mailer';
import { stepHandler } from './adapters/step-handler';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';
import { type SendReplyInput, sendReply } from './core/replies/send-reply';

export const config = functionConfig({
  MAILBOX_ADDRESS: required(),
  REQUESTS_TABLE: required(),
  STAFF_ADDRESS: optional(),
});

const inputSchema = z.object({
  requestId: z.string(),
  template: z.string(),
  vars: z.optional(z.record(z.string(), z.unknown())),
  dedupeKey: z.optional(z.string()),
  recipient: z.optional(z.enum(['subject', 'staff', 'sender'])),
});

/** Workflow step: sends one templated mail to the subject (acknowledgement, ...) or an alert to staff. */
export const handler = stepHandler(inputSchema, async (input) => {
  const { MAILBOX_ADDRESS, REQUESTS_TABLE, STAFF_ADDRESS } = config();
  return sendReply(input as SendReplyInput, {
    requests: new DynamoDbRequestStore(REQUESTS_TABLE),
    mailer: new SesMailer(MAILBOX_ADDRESS),
    templates: REPLY_TEMPLATES,
    clock: systemClock,
    mailbox: parseMailbox(MAILBOX_ADDRESS),
    staffAddress: STAFF_ADDRESS ?? '',
  });
});
