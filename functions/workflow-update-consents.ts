import middy from '@middy/core';
import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { connectorRegistryFromEnv } from './adapters/connectors/connector-registry';
import { DynamoDbConsentStore } from './adapters/dynamodb-consent-store';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { requireEnv } from './adapters/env';
import { SesMailer } from './adapters/ses-mailer';
import { parseStepInput } from './adapters/step-input';
import { parseMailbox } from './core/mailbox';
import { systemClock } from './core/ports';
import { type UpdateConsentsResult, updateConsents } from './core/update-consents';

const inputSchema = z.object({ requestId: z.string().check(z.minLength(1)) });

/** Workflow step (objection, withdrawal of consent): the ledger, suppression in the stores, the reply. */
export const handler = middy<unknown, UpdateConsentsResult>().handler(async (event) => {
  const { requestId } = parseStepInput(inputSchema, event);
  const mailbox = requireEnv('MAILBOX_ADDRESS');
  return updateConsents(requestId, {
    requests: new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE')),
    ledger: new DynamoDbConsentStore(requireEnv('CONSENTS_TABLE')),
    connectors: connectorRegistryFromEnv(),
    dataMap: DEMO_DATA_MAP,
    mailer: new SesMailer(mailbox),
    mailbox: parseMailbox(mailbox),
    clock: systemClock,
  });
});
