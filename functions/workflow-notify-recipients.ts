import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { REPLY_TEMPLATES } from '../config/templates';
import { functionConfig, required } from './adapters/config';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { SesMailer } from './adapters/ses-mailer';
import { stepHandler } from './adapters/step-handler';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';
import { notifyRecipients } from './core/replies/notify-recipients';

export const config = functionConfig({ MAILBOX_ADDRESS: required(), REQUESTS_TABLE: required() });

const inputSchema = z.object({ requestId: z.string().check(z.minLength(1)) });

/** Workflow step (Art. 19): tells the data map's recipients of a rectification, erasure or restriction. */
export const handler = stepHandler(inputSchema, async (input) => {
  const { MAILBOX_ADDRESS, REQUESTS_TABLE } = config();
  return notifyRecipients(input, {
    requests: new DynamoDbRequestStore(REQUESTS_TABLE),
    mailer: new SesMailer(MAILBOX_ADDRESS),
    templates: REPLY_TEMPLATES,
    mailbox: parseMailbox(MAILBOX_ADDRESS),
    clock: systemClock,
    dataMap: DEMO_DATA_MAP,
  });
});
