import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { ACCESS_PACKAGE_TEXTS, REPLY_TEMPLATES } from '../config/templates';
import { functionConfig, numberOr, required } from './adapters/config';
import { DynamoDbConsentStore } from './adapters/dynamodb-consent-store';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { S3ObjectStore } from './adapters/s3-object-store';
import { readSecret } from './adapters/secrets';
import { SesMailer } from './adapters/ses-mailer';
import { stepHandler } from './adapters/step-handler';
import { deliverAccessPackage } from './core/access-package/deliver-access-package';
import { DEFAULT_DOWNLOAD_LINK_DAYS } from './core/access-package/download-link';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';

export const config = functionConfig({
  CONSENTS_TABLE: required(),
  DOWNLOAD_LINK_DAYS: numberOr(DEFAULT_DOWNLOAD_LINK_DAYS),
  DOWNLOAD_LINK_SECRET_ARN: required(),
  MAILBOX_ADDRESS: required(),
  PACKAGES_BUCKET: required(),
  PUBLIC_BASE_URL: required(),
  REQUESTS_TABLE: required(),
});

const inputSchema = z.object({
  requestId: z.string().check(z.minLength(1)),
  release: z.optional(z.object({ withheld: z.array(z.string()) })),
});

/**
 * Workflow step (access, portability): package in S3, expiring link by mail; returns counts only.
 * A package with records of a review-before-release store is held until staff release it.
 */
export const handler = stepHandler(inputSchema, async (input) => {
  const env = config();
  const consents = new DynamoDbConsentStore(env.CONSENTS_TABLE);
  return deliverAccessPackage(input, {
    requests: new DynamoDbRequestStore(env.REQUESTS_TABLE),
    objects: new S3ObjectStore(env.PACKAGES_BUCKET),
    consentHistory: (subjectKey) => consents.history(subjectKey),
    dataMap: DEMO_DATA_MAP,
    mailer: new SesMailer(env.MAILBOX_ADDRESS),
    templates: REPLY_TEMPLATES,
    packageTexts: ACCESS_PACKAGE_TEXTS,
    mailbox: parseMailbox(env.MAILBOX_ADDRESS),
    clock: systemClock,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    linkSecret: await readSecret(env.DOWNLOAD_LINK_SECRET_ARN),
    linkDays: env.DOWNLOAD_LINK_DAYS,
  });
});
