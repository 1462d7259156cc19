import middy from '@middy/core';
import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { REPLY_TEMPLATES } from '../config/templates';
import { connectorRegistryFromEnv } from './adapters/connectors/connector-registry';
import { DynamoDbConsentStore } from './adapters/dynamodb-consent-store';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { requireEnv } from './adapters/env';
import { SesMailer } from './adapters/ses-mailer';
import { parseStepInput } from './adapters/step-input';
import { parseConsentDecisions } from './core/consents/objection-balancing';
import {
  type MarketingStopResult,
  stopMarketingOnReceipt,
  type UpdateConsentsResult,
  updateConsents,
} from './core/consents/update-consents';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';

const inputSchema = z.object({
  requestId: z.string().check(z.minLength(1)),
  /** `receipt`: stop direct marketing before verification and review (Art. 21(3)). */
  phase: z.optional(z.literal('receipt')),
  /** Staff's decisions from the consent task, when they were asked. */
  decisions: z.optional(z.record(z.string(), z.unknown())),
});

/** Workflow step (objection, withdrawal of consent): the ledger, suppression in the stores, the reply. */
export const handler = middy<unknown, UpdateConsentsResult | MarketingStopResult>().handler(async (event) => {
  const { requestId, phase, decisions } = parseStepInput(inputSchema, event);
  const mailbox = requireEnv('MAILBOX_ADDRESS');
  const deps = {
    requests: new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE')),
    ledger: new DynamoDbConsentStore(requireEnv('CONSENTS_TABLE')),
    connectors: connectorRegistryFromEnv(),
    dataMap: DEMO_DATA_MAP,
    mailer: new SesMailer(mailbox),
    templates: REPLY_TEMPLATES,
    mailbox: parseMailbox(mailbox),
    clock: systemClock,
  };
  if (phase === 'receipt') return stopMarketingOnReceipt(requestId, deps);
  return updateConsents(requestId, deps, decisions ? parseConsentDecisions(decisions) : undefined);
});
