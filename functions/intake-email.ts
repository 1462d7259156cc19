import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { COMPANY_DAYS_OFF } from '../config/days-off';
import { INCIDENT_TEXTS, REPLY_TEMPLATES } from '../config/templates';
import { DynamoDbAttentionStore } from './adapters/dynamodb-attention';
import { DynamoDbFoldedAlertStore } from './adapters/dynamodb-folded-alerts';
import { DynamoDbIgnoredMailStore } from './adapters/dynamodb-ignored-mail';
import { DynamoDbIncidentStore } from './adapters/dynamodb-incident-store';
import { DynamoDbRateLimiter } from './adapters/dynamodb-rate-limiter';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { DynamoDbTaskStore } from './adapters/dynamodb-task-store';
import { numberEnv, requireEnv } from './adapters/env';
import { errorFields, log } from './adapters/logger';
import { isProbablyMime, parseMail } from './adapters/parse-mail';
import { isMissingObject, quarantineKeyOf, readObject, S3RawMailStore, s3Ref } from './adapters/s3-objects';
import { readSecret } from './adapters/secrets';
import { receiptsOf } from './adapters/ses-event';
import { SesMailer } from './adapters/ses-mailer';
import { SfnWorkflowStarter } from './adapters/sfn-workflow-starter';
import { DEFAULT_MAIL_LIMITS, intakeMail } from './core/intake/intake';
import { headersWithinLimits } from './core/intake/mail-header-limits';
import { parseMailbox } from './core/intake/mailbox';
import { systemClock } from './core/ports';

/**
 * SES receipt rule, second action: the raw MIME is already in S3 under the SES message id.
 * Parses, classifies, deduplicates or threads, and stores the request, then starts its workflow.
 */
const inboundBucket = () => requireEnv('INBOUND_BUCKET');
const inboundPrefix = () => requireEnv('INBOUND_PREFIX');

/** The raw mail, from the inbound prefix or, when an earlier attempt quarantined it, from quarantine. */
async function readRaw(deliveryId: string): Promise<{ raw: Buffer; key: string }> {
  const key = `${inboundPrefix()}${deliveryId}`;
  try {
    return { raw: await readObject(inboundBucket(), key), key };
  } catch (error) {
    if (!isMissingObject(error)) throw error;
    const quarantined = quarantineKeyOf(key, inboundPrefix());
    return { raw: await readObject(inboundBucket(), quarantined), key: quarantined };
  }
}

async function handleSesEvent(event: SESEvent): Promise<void> {
  const mailbox = requireEnv('MAILBOX_ADDRESS');
  const deps = {
    requests: new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE')),
    workflow: new SfnWorkflowStarter(requireEnv('STATE_MACHINE_ARN')),
    clock: systemClock,
    daysOff: COMPANY_DAYS_OFF,
    mailbox: parseMailbox(mailbox),
    subjectKeySecret: await readSecret('SUBJECT_KEY_SECRET_ARN'),
    raw: new S3RawMailStore(inboundPrefix()),
    mailer: new SesMailer(mailbox),
    templates: REPLY_TEMPLATES,
    staffAddress: requireEnv('STAFF_ADDRESS'),
    foldedAlerts: new DynamoDbFoldedAlertStore(requireEnv('REQUESTS_TABLE')),
    rateLimiter: new DynamoDbRateLimiter(requireEnv('REQUESTS_TABLE')),
    verification: {
      tasks: new DynamoDbTaskStore(requireEnv('REQUESTS_TABLE')),
      publicBaseUrl: requireEnv('PUBLIC_BASE_URL'),
    },
    limits: {
      perAddress: numberEnv('MAIL_LIMIT_PER_ADDRESS', DEFAULT_MAIL_LIMITS.perAddress),
      windowSeconds: numberEnv('MAIL_LIMIT_WINDOW_SECONDS', DEFAULT_MAIL_LIMITS.windowSeconds),
    },
    ignored: new DynamoDbIgnoredMailStore(requireEnv('REQUESTS_TABLE')),
    attention: new DynamoDbAttentionStore(requireEnv('REQUESTS_TABLE')),
    incidents: {
      incidents: new DynamoDbIncidentStore(requireEnv('REQUESTS_TABLE')),
      incidentTexts: INCIDENT_TEXTS,
    },
  };
  for (const receipt of receiptsOf(event)) {
    const { raw, key } = await readRaw(receipt.deliveryId);
    // Bytes without a header block are kept for staff, never guessed at.
    const mail = isProbablyMime(raw)
      ? await parseMail(raw).catch((error: unknown) => {
          log.warn('mail could not be parsed', { deliveryId: receipt.deliveryId, ...errorFields(error) });
          return undefined;
        })
      : undefined;
    // Headers past the limits would break the request item on every retry: staff read the raw mail.
    const oversized = mail !== undefined && !headersWithinLimits(mail);
    const outcome = await intakeMail(
      {
        ...receipt,
        rawRef: s3Ref(inboundBucket(), key),
        rawSize: raw.length,
        mail: oversized ? undefined : mail,
        ...(oversized ? { unreadable: 'oversized_headers' as const } : {}),
      },
      deps,
    );
    log.info('mail taken in', { deliveryId: receipt.deliveryId, ...outcome });
  }
}

export const handler = middy<SESEvent, void>().handler(handleSesEvent);
