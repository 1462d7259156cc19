import { DEMO_DATA_MAP } from '../../config/datamap';
import type { VerifyErasureDeps } from '../core/erasure/verify-erasure-step';
import { parseMailbox } from '../core/intake/mailbox';
import { systemClock } from '../core/ports';
import { optional, required } from './config';
import { connectorRegistryOf } from './connectors/connector-registry';
import { DynamoDbErasureRecords } from './dynamodb-erasure-records';
import { DynamoDbRequestStore } from './dynamodb-request-store';
import { S3ObjectStore } from './s3-object-store';
import { SesMailer } from './ses-mailer';

/** The configuration every erasure step reads. */
export const ERASURE_CONFIG = {
  MAILBOX_ADDRESS: required(),
  PACKAGES_BUCKET: required(),
  REQUESTS_TABLE: required(),
};

/** The steps that reach the stores (erase, verify) also read where the stores are. */
export const ERASURE_IN_STORES_CONFIG = { ...ERASURE_CONFIG, DATA_STORES_JSON: optional() };

/**
 * The ports of the erasure steps: Requests table, packages bucket, the stores' connectors, SES.
 * The reply texts only the verifying step needs are added there, so the other steps' bundles leave them out.
 */
export function erasureDeps(config: {
  DATA_STORES_JSON?: string;
  MAILBOX_ADDRESS: string;
  PACKAGES_BUCKET: string;
  REQUESTS_TABLE: string;
}): Omit<VerifyErasureDeps, 'templates'> {
  const registry = connectorRegistryOf(config.DATA_STORES_JSON);
  const requests = new DynamoDbRequestStore(config.REQUESTS_TABLE);
  return {
    requests,
    requestsOfSubject: (subjectKey) => requests.listRequestIdsOfSubject(subjectKey),
    objects: new S3ObjectStore(config.PACKAGES_BUCKET),
    erasureRecords: new DynamoDbErasureRecords(config.REQUESTS_TABLE),
    dataMap: DEMO_DATA_MAP,
    clock: systemClock,
    connectorFor: (store) => registry.connectorFor(store),
    mailer: new SesMailer(config.MAILBOX_ADDRESS),
    mailbox: parseMailbox(config.MAILBOX_ADDRESS),
  };
}
