import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { intakeMail } from './core/intake';
import { parseMailbox } from './core/mailbox';
import { systemClock } from './core/ports';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { requireEnv } from './adapters/env';
import { errorFields, log } from './adapters/logger';
import { isProbablyMime, parseMail } from './adapters/parse-mail';
import { readObject } from './adapters/s3-objects';
import { receiptsOf } from './adapters/ses-event';
import { SfnWorkflowStarter } from './adapters/sfn-workflow-starter';

/**
 * SES receipt rule, second action: the raw MIME is already in S3 under the SES message id.
 * Parses, classifies, deduplicates and stores the request, then starts its workflow.
 */
const inboundBucket = () => requireEnv('INBOUND_BUCKET');
const inboundPrefix = () => requireEnv('INBOUND_PREFIX');

async function handleSesEvent(event: SESEvent): Promise<void> {
  const deps = {
    requests: new DynamoDbRequestStore(requireEnv('REQUESTS_TABLE')),
    workflow: new SfnWorkflowStarter(requireEnv('STATE_MACHINE_ARN')),
    clock: systemClock,
    mailbox: parseMailbox(requireEnv('MAILBOX_ADDRESS')),
    subjectKeySecret: requireEnv('SUBJECT_KEY_SECRET'),
  };
  for (const receipt of receiptsOf(event)) {
    const key = `${inboundPrefix()}${receipt.deliveryId}`;
    const raw = await readObject(inboundBucket(), key);
    // Bytes without a header block are kept for staff, never guessed at.
    const mail = isProbablyMime(raw)
      ? await parseMail(raw).catch((error: unknown) => {
          log.warn('mail could not be parsed', { deliveryId: receipt.deliveryId, ...errorFields(error) });
          return undefined;
        })
      : undefined;
    const outcome = await intakeMail(
      { ...receipt, rawRef: `s3://${inboundBucket()}/${key}`, rawSize: raw.length, mail },
      deps,
    );
    log.info('mail taken in', { deliveryId: receipt.deliveryId, ...outcome });
  }
}

export const handler = middy<SESEvent, void>().handler(handleSesEvent);
