import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { REPLY_TEMPLATES } from '../config/templates';
import { functionConfig, optional, required } from './adapters/config';
import { connectorRegistryOf } from './adapters/connectors/connector-registry';
import { DynamoDbConsentStore } from './adapters/dynamodb-consent-store';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { SesMailer } from './adapters/ses-mailer';
import { stepHandler } from './adapters/step-handler';
import { parseConsentDecisions } from './core/consents/objection-balancing';
import {
  type MarketingStopResult,
  stopMarketingOnReceipt,
  type UpdateConsentsResult,
  updateConsents,
} from './core/consents/update-consents';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';

export const config = functionConfig({
  CONSENTS_TABLE: required(),
  DATA_STORES_JSON: optional(),
  MAILBOX_ADDRESS: required(),
  REQUESTS_TABLE: required(),
});

const inputSchema = z.object({
  requestId: z.string().check(z.minLength(1)),
  /** `receipt`: stop direct marketing before verification and review (Art. 21(3)). */
  phase: z.optional(z.literal('receipt')),
  /** Staff's decisions from the consent task, when they were asked. */
  decisions: z.optional(z.record(z.string(), z.unknown())),
});

/** Workflow step (objection, withdrawal of consent): the ledger, suppression in the stores, the reply. */
export const handler = stepHandler(
  inputSchema,
  async ({ requestId, phase, decisions }): Promise<UpdateConsentsResult | MarketingStopResult> => {
    const env = config();
    const deps = {
      requests: new DynamoDbRequestStore(env.REQUESTS_TABLE),
      ledger: new DynamoDbConsentStore(env.CONSENTS_TABLE),
      connectors: connectorRegistryOf(env.DATA_STORES_JSON),
      dataMap: DEMO_DATA_MAP,
      mailer: new SesMailer(env.MAILBOX_ADDRESS),
      templates: REPLY_TEMPLATES,
      mailbox: parseMailbox(env.MAILBOX_ADDRESS),
      clock: systemClock,
    };
    if (phase === 'receipt') return stopMarketingOnReceipt(requestId, deps);
    return updateConsents(requestId, deps, decisions ? parseConsentDecisions(decisions) : undefined);
  },
);
