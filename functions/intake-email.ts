import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { COMPANY_DAYS_OFF } from '../config/days-off';
import { INCIDENT_TEXTS, INTAKE_MAIL_TEMPLATES } from '../config/templates';
import { functionConfig, numberOr, required } from './adapters/config';
import { DynamoDbAttentionStore } from './adapters/dynamodb-attention';
import { DynamoDbFoldedAlertStore } from './adapters/dynamodb-folded-alerts';
import { DynamoDbIgnoredMailStore } from './adapters/dynamodb-ignored-mail';
import { DynamoDbIncidentStore } from './adapters/dynamodb-incident-store';
import { DynamoDbRateLimiter } from './adapters/dynamodb-rate-limiter';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { DynamoDbTaskStore } from './adapters/dynamodb-task-store';
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
export const config = functionConfig({
  INBOUND_BUCKET: required(),
  INBOUND_PREFIX: required(),
  MAILBOX_ADDRESS: required(),
  PUBLIC_BASE_URL: required(),
  REQUESTS_TABLE: required(),
  STAFF_ADDRESS: required(),
  STATE_MACHINE_ARN: required(),
  SUBJECT_KEY_SECRET_ARN: required(),
  MAIL_LIMIT_PER_ADDRESS: numberOr(DEFAULT_MAIL_LIMITS.perAddress),
  MAIL_LIMIT_WINDOW_SECONDS: numberOr(DEFAULT_MAIL_LIMITS.windowSeconds),
});

/** The raw mail, from the inbound prefix or, when an earlier attempt quarantined it, from quarantine. */
async function readRaw(deliveryId: string): Promise<{ raw: Buffer; key: string }> {
  const { INBOUND_BUCKET, INBOUND_PREFIX } = config();
  const key = `${INBOUND_PREFIX}${deliveryId}`;
  try {
    return { raw: await readObject(INBOUND_BUCKET, key), key };
  } catch (error) {
    if (!isMissingObject(error)) throw error;
    const quarantined = quarantineKeyOf(key, INBOUND_PREFIX);
    return { raw: await readObject(INBOUND_BUCKET, quarantined), key: quarantined };
  }
}

async function handleSesEvent(event: SESEvent): Promise<void> {
  const env = config();
  const table = env.REQUESTS_TABLE;
  const deps = {
    requests: new DynamoDbRequestStore(table),
    workflow: new SfnWorkflowStarter(env.STATE_MACHINE_ARN),
    clock: systemClock,
    daysOff: COMPANY_DAYS_OFF,
    mailbox: parseMailbox(env.MAILBOX_ADDRESS),
    subjectKeySecret: await readSecret(env.SUBJECT_KEY_SECRET_ARN),
    raw: new S3RawMailStore(env.INBOUND_PREFIX),
    mailer: new SesMailer(env.MAILBOX_ADDRESS),
    templates: INTAKE_MAIL_TEMPLATES,
    staffAddress: env.STAFF_ADDRESS,
    foldedAlerts: new DynamoDbFoldedAlertStore(table),
    rateLimiter: new DynamoDbRateLimiter(table),
    verification: {
      tasks: new DynamoDbTaskStore(table),
      publicBaseUrl: env.PUBLIC_BASE_URL,
    },
    limits: {
      perAddress: env.MAIL_LIMIT_PER_ADDRESS,
      windowSeconds: env.MAIL_LIMIT_WINDOW_SECONDS,
    },
    ignored: new DynamoDbIgnoredMailStore(table),
    attention: new DynamoDbAttentionStore(table),
    incidents: { incidents: new DynamoDbIncidentStore(table), incidentTexts: INCIDENT_TEXTS },
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
        rawRef: s3Ref(env.INBOUND_BUCKET, key),
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
