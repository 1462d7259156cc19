import { Construct } from 'constructs';
import { type ConcernProps, createFunctions } from '../constructs/desk';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';
import { grantStoreReads } from '../constructs/store-access';

/** Collection: finding the subject in each store of the data map, one findings object per store. */
export class Collection extends Construct {
  public readonly functions: Record<'CollectStore', PrivacyDeskFunction>;

  constructor(scope: Construct, id: string, { desk }: ConcernProps) {
    super(scope, id);
    this.functions = createFunctions(this, desk, ['CollectStore']);
    const collect = this.functions.CollectStore;
    // The request (address) and its STORE# items.
    collect
      .bindTable('REQUESTS_TABLE', desk.data.requestsTable, { items: ['GetItem', 'UpdateItem', 'PutItem'] })
      .bindBucket('PACKAGES_BUCKET', desk.data.packagesBucket, {
        objects: [
          {
            prefix: 'findings/',
            // A manual store's findings: what staff attached to its task becomes the store's records.
            actions: ['PutObject', 'GetObject'],
            because: 'writes one findings object per request and store under this prefix',
          },
        ],
        list: ['findings/'],
      });
    grantStoreReads(collect, desk.dataMap, desk.dataStores);
  }
}
