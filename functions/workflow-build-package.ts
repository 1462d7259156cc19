import middy from '@middy/core';
import * as z from 'zod/mini';
import { DEMO_DATA_MAP } from '../config/datamap';
import { ACCESS_PACKAGE_TEXTS, REPLY_TEMPLATES } from '../config/templates';
import { DynamoDbConsentStore } from './adapters/dynamodb-consent-store';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { numberEnv, requireEnv } from './adapters/env';
import { S3ObjectStore } from './adapters/s3-object-store';
import { readSecret } from './adapters/secrets';
import { SesMailer } from './adapters/ses-mailer';
import { parseStepInput } from './adapters/step-input';
import {
  type DeliverAccessPackageResult,
  deliverAccessPackage,
} from './core/access-package/deliver-access-package';
import { DEFAULT_DOWNLOAD_LINK_DAYS } from './core/access-package/download-link';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';

const inputSchema = z.object({
  requestId: z.string().check(z.minLength(1)),
  release: z.optional(z.object({ withheld: z.array(z.string()) })),
});

/**
 * Workflow step (access, portability): package in S3, expiring link by mail; returns counts only.
 * A package with records of a review-before-release store is held until staff release it.
 */
export const handler = middy<unknown, DeliverAccessPackageResult>().handler(async (event) => {
  const input = parseStepInput(inputSchema, event);
  const mailbox = requireEnv('MAILBOX_ADDRESS');
  const consents = new DynamoDbConsentStore(requireEnv('CONSENTS_TABLE'));
  return deliverAccessPackage(input, {
    requests: new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE')),
    objects: new S3ObjectStore(requireEnv('PACKAGES_BUCKET')),
    consentHistory: (subjectKey) => consents.history(subjectKey),
    dataMap: DEMO_DATA_MAP,
    mailer: new SesMailer(mailbox),
    templates: REPLY_TEMPLATES,
    packageTexts: ACCESS_PACKAGE_TEXTS,
    mailbox: parseMailbox(mailbox),
    clock: systemClock,
    publicBaseUrl: requireEnv('PUBLIC_BASE_URL'),
    linkSecret: await readSecret('DOWNLOAD_LINK_SECRET_ARN'),
    linkDays: numberEnv('DOWNLOAD_LINK_DAYS', DEFAULT_DOWNLOAD_LINK_DAYS),
  });
});
