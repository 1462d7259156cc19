import middy from '@middy/core';
import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { REPLY_TEMPLATES } from '../config/templates';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { requireEnv } from './adapters/env';
import { SesMailer } from './adapters/ses-mailer';
import { parseStepInput } from './adapters/step-input';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';
import { type NotifyRecipientsResult, notifyRecipients } from './core/replies/notify-recipients';

const inputSchema = z.object({ requestId: z.string().check(z.minLength(1)) });

/** Workflow step (Art. 19): tells the data map's recipients of a rectification, erasure or restriction. */
export const handler = middy<unknown, NotifyRecipientsResult>().handler(async (event) => {
  const input = parseStepInput(inputSchema, event);
  const mailbox = requireEnv('MAILBOX_ADDRESS');
  return notifyRecipients(input, {
    requests: new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE')),
    mailer: new SesMailer(mailbox),
    templates: REPLY_TEMPLATES,
    mailbox: parseMailbox(mailbox),
    clock: systemClock,
    dataMap: DEMO_DATA_MAP,
  });
});
