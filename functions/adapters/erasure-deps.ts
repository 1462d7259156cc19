import { DEMO_DATA_MAP } from '../../config/datamap';
import type { VerifyErasureDeps } from '../core/erasure/erase-subject';
import { parseMailbox } from '../core/intake/mailbox';
import { systemClock } from '../core/ports';
import { connectorRegistryFromEnv } from './connectors/connector-registry';
import { DynamoDbErasureRecords } from './dynamodb-erasure-records';
import { DynamoDbRequestStore } from './dynamodb-request-store';
import { requireEnv } from './env';
import { S3ObjectStore } from './s3-object-store';
import { SesMailer } from './ses-mailer';

/**
 * The ports of the erasure steps: Requests table, packages bucket, the stores' connectors, SES.
 * The reply texts only the verifying step needs are added there, so the other steps' bundles leave them out.
 */
export function erasureDeps(): Omit<VerifyErasureDeps, 'templates'> {
  const table = requireEnv('REQUESTS_TABLE');
  const mailbox = requireEnv('MAILBOX_ADDRESS');
  const registry = connectorRegistryFromEnv();
  const requests = new DynamoDbRequestStore(table);
  return {
    requests,
    requestsOfSubject: (subjectKey) => requests.listRequestIdsOfSubject(subjectKey),
    objects: new S3ObjectStore(requireEnv('PACKAGES_BUCKET')),
    erasureRecords: new DynamoDbErasureRecords(table),
    dataMap: DEMO_DATA_MAP,
    clock: systemClock,
    connectorFor: (store) => registry.connectorFor(store),
    mailer: new SesMailer(mailbox),
    mailbox: parseMailbox(mailbox),
  };
}
