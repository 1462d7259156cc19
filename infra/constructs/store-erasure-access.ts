import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { DataMap } from '../../functions/core/datamap';
import type { PrivacyDeskFunction } from './privacy-desk-function';
import { grantStoreReads, type StoreDeployments } from './store-access';

/**
 * Gives the erase step what its connectors change on top of what they read: item deletes and
 * updates in each located table, object rewrites and deletes under each bucket's data and index
 * prefixes (the read grant already acknowledges those resources), and where the map says a bucket
 * keeps versions, listing and deleting the old versions there. HTTP stores delete through
 * their API with the auth header the read grant provides.
 */
export function grantStoreErasure(
  fn: PrivacyDeskFunction,
  map: DataMap,
  stores: StoreDeployments,
  options: {
    /** False for a function that rewrites records but never erases (corrections): no version grants. */
    readonly removesOldVersions?: boolean;
  } = {},
): void {
  grantStoreReads(fn, map, stores);
  const stack = Stack.of(fn);
  for (const store of map.stores) {
    const deployed = stores[store.id];
    const connector = store.connector;
    if (!deployed) continue;
    if (connector.type === 'dynamodb' && deployed.table) {
      const table = stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: deployed.table });
      fn.allow(['dynamodb:DeleteItem', 'dynamodb:UpdateItem'], [table]);
    } else if (connector.type === 's3-jsonl' && deployed.bucket) {
      const bucket = `arn:${stack.partition}:s3:::${deployed.bucket}`;
      const prefixes = [connector.prefix, ...(connector.indexPrefix ? [connector.indexPrefix] : [])];
      fn.allow(
        ['s3:PutObject', 's3:DeleteObject'],
        prefixes.map((p) => `${bucket}/${p}*`),
      );
      if (connector.versioned && options.removesOldVersions !== false) {
        // A bucket that keeps versions: the erasure lists each changed object's versions and
        // deletes the old ones, under the same prefixes and nowhere else.
        fn.allow(
          ['s3:DeleteObjectVersion'],
          prefixes.map((p) => `${bucket}/${p}*`),
        );
        fn.function.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['s3:ListBucketVersions'],
            resources: [bucket],
            conditions: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}*`) } },
          }),
        );
      }
    }
  }
}
