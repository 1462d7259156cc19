import middy from '@middy/core';
import * as z from 'zod/mini';
import { REPLY_TEMPLATES } from '../config/templates';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { optionalEnv, requireEnv } from './adapters/env';
import { SesMailer } from './adapters/ses-mailer';
import { parseStepInput } from './adapters/step-input';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';
import { type SendReplyInput, sendReply } from './core/replies/send-reply';

const inputSchema = z.object({
  requestId: z.string(),
  template: z.string(),
  vars: z.optional(z.record(z.string(), z.unknown())),
  dedupeKey: z.optional(z.string()),
  recipient: z.optional(z.enum(['subject', 'staff', 'sender'])),
});

/** Workflow step: sends one templated mail to the subject (acknowledgement, ...) or an alert to staff. */
export const handler = middy<unknown, { sent: boolean }>().handler(async (event) => {
  const input = parseStepInput(inputSchema, event) as SendReplyInput;
  const mailbox = requireEnv('MAILBOX_ADDRESS');
  return sendReply(input, {
    requests: new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE')),
    mailer: new SesMailer(mailbox),
    templates: REPLY_TEMPLATES,
    clock: systemClock,
    mailbox: parseMailbox(mailbox),
    staffAddress: optionalEnv('STAFF_ADDRESS', ''),
  });
});
