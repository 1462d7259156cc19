import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  DEFAULT_RETENTION_DAYS_AFTER_CLOSE,
  DUE_AFTER_CLOSE_MARGIN_DAYS,
} from '../../functions/core/retention/retention';
import { CONSENTS_TABLE, REQUESTS_TABLE, type TableDefinition } from '../table-definitions';

/** Days a deleted or overwritten raw mail stays recoverable, then it is gone (purge, erasure). */
export const NONCURRENT_RAW_MAIL_DAYS = 7;

export interface DataStoresProps {
  /** Days a received raw mail is kept (default: the request records' retention after closure, plus the longest time to closure). */
  readonly inboundRetentionDays?: number;
  /** Days an access package is kept (default: 30; the link itself expires after 7). */
  readonly packageRetentionDays?: number;
}

/** The customer-managed key, the tables and the buckets; everything personal is encrypted with the key. */
export class DataStores extends Construct {
  public readonly key: kms.Key;
  public readonly requestsTable: dynamodb.Table;
  public readonly consentsTable: dynamodb.Table;
  public readonly inboundBucket: s3.Bucket;
  public readonly packagesBucket: s3.Bucket;
  public readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataStoresProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Privacy Desk: requests, consents, raw mail and access packages',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.requestsTable = this.table('Requests', REQUESTS_TABLE);
    this.consentsTable = this.table('Consents', CONSENTS_TABLE);

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      // Server access logs cannot go to a KMS-encrypted bucket; they hold no message content.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A backstop behind the retention purge: raw mail ages from receipt, a request closes within
    // about five months of it, and the purge removes the mail its retention after closure.
    const rawMailDays = DEFAULT_RETENTION_DAYS_AFTER_CLOSE + DUE_AFTER_CLOSE_MARGIN_DAYS;
    this.inboundBucket = this.bucket('Inbound', 'inbound/', props.inboundRetentionDays ?? rawMailDays, {
      versioned: true,
      noncurrentDays: NONCURRENT_RAW_MAIL_DAYS,
    });
    this.packagesBucket = this.bucket('Packages', 'packages/', props.packageRetentionDays ?? 30, {
      versioned: false,
      noncurrentDays: 1,
    });

    // SES writes received mail with the bucket's default SSE-KMS: it needs to use the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Encrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.key.stack.account } },
      }),
    );
  }

  private table(id: string, definition: TableDefinition): dynamodb.Table {
    const table = new dynamodb.Table(this, id, {
      partitionKey: { name: definition.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: definition.timeToLiveAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      });
    }
    return table;
  }

  /**
   * A bucket of the desk's own data under the key. `versioned` keeps overwritten and deleted
   * objects for `noncurrentDays` (raw mail: a mistaken delete can be undone); without it, a delete
   * is final (artefacts rebuilt from the stores and the table, whose erasure must not leave copies).
   * Either way a bucket-wide rule removes noncurrent versions and their delete markers, so nothing
   * deleted, erased or purged survives past that window under any prefix.
   */
  private bucket(
    id: string,
    prefix: string,
    retentionDays: number,
    versions: { versioned: boolean; noncurrentDays: number },
  ): s3.Bucket {
    const bucket = new s3.Bucket(this, id, {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: versions.versioned,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: `${id.toLowerCase()}/`,
      lifecycleRules: [
        { id: 'Retention', prefix, expiration: Duration.days(retentionDays) },
        {
          id: 'NoncurrentVersions',
          noncurrentVersionExpiration: Duration.days(versions.noncurrentDays),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Suspended, not absent: a bucket versioned by an earlier deploy stops keeping new versions.
    if (!versions.versioned)
      (bucket.node.defaultChild as s3.CfnBucket).versioningConfiguration = { status: 'Suspended' };
    return bucket;
  }
}
