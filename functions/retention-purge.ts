import middy from '@middy/core';
import { functionConfig, numberOr, required } from './adapters/config';
import { DynamoDbRequestStore } from './adapters/dynamodb-request-store';
import { DynamoDbRetention } from './adapters/dynamodb-retention';
import { log } from './adapters/logger';
import { S3ObjectStore } from './adapters/s3-object-store';
import { expireOwnCopies } from './core/erasure/own-copies';
import { DEFAULT_RETENTION_DAYS_AFTER_CLOSE, runRetentionPurge } from './core/retention/retention';

export const config = functionConfig({
  INBOUND_BUCKET: required(),
  PACKAGES_BUCKET: required(),
  REQUESTS_TABLE: required(),
  RETENTION_DAYS_AFTER_CLOSE: numberOr(DEFAULT_RETENTION_DAYS_AFTER_CLOSE),
});

/**
 * Scheduled (EventBridge daily on AWS, an interval locally): purges the personal data of requests
 * closed longer than RETENTION_DAYS_AFTER_CLOSE ago (the audit trail and the status stay), then
 * deletes the findings and packages of closed requests whose package link has expired.
 */
export const handler = middy<
  unknown,
  { examined: number; purged: number; objectsDeleted: number; ownCopiesExpired: number }
>().handler(async () => {
  const env = config();
  const requests = new DynamoDbRequestStore(env.REQUESTS_TABLE);
  const retention = new DynamoDbRetention(env.REQUESTS_TABLE, env.INBOUND_BUCKET);
  const artefacts = new S3ObjectStore(env.PACKAGES_BUCKET);
  const outcome = await runRetentionPurge({
    listClosed: (status, dueBefore) => retention.listClosed(status, dueBefore),
    listEvents: (id) => requests.listEvents(id),
    artefacts,
    deleteRaw: (ref) => retention.deleteRaw(ref),
    purgeRecord: (id, status, fields, at) => retention.purgeRecord(id, status, fields, at),
    appendEvent: (id, event) => requests.appendEvent(id, event),
    now: new Date(),
    retentionDays: env.RETENTION_DAYS_AFTER_CLOSE,
  });
  for (const requestId of outcome.purged) log.info('request purged after retention', { requestId });
  // After the purge, so a request past retention is purged whole rather than expired first.
  const copies = await expireOwnCopies({
    listUnexpired: (status) => retention.listUnexpired(status),
    listEvents: (id) => requests.listEvents(id),
    objects: artefacts,
    markExpired: (id, at) => retention.markOwnCopiesExpired(id, at),
    appendEvent: (id, event) => requests.appendEvent(id, event),
    now: new Date(),
  });
  const counts = {
    examined: outcome.examined,
    purged: outcome.purged.length,
    objectsDeleted: outcome.objectsDeleted + copies.objectsDeleted,
    ownCopiesExpired: copies.expired.length,
  };
  log.info('retention purge', counts);
  return counts;
});
