import { Construct } from 'constructs';
import { type ConcernProps, createFunctions } from '../constructs/desk';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';
import { grantStoreReads } from '../constructs/store-access';
import { grantStoreErasure } from '../constructs/store-erasure-access';

/**
 * Erasure: a plan per store and record from the findings, carried out store by store once staff
 * approve it, then verified by searching again and certified to the subject.
 */
export class Erasure extends Construct {
  public readonly functions: Record<'PlanErasure' | 'EraseStore' | 'VerifyErasure', PrivacyDeskFunction>;

  constructor(scope: Construct, id: string, { desk }: ConcernProps) {
    super(scope, id);
    this.functions = createFunctions(this, desk, ['PlanErasure', 'EraseStore', 'VerifyErasure']);
    const { PlanErasure: plan, EraseStore: erase, VerifyErasure: verify } = this.functions;
    const { requestsTable, packagesBucket } = desk.data;

    plan
      .bindTable('REQUESTS_TABLE', requestsTable, { items: ['GetItem', 'PutItem'] })
      .bindBucket('PACKAGES_BUCKET', packagesBucket, {
        objects: [
          {
            prefix: 'findings/',
            actions: ['GetObject'],
            because: 'reads the findings objects the collect step wrote for the request',
          },
          {
            prefix: 'erasure/',
            actions: ['PutObject'],
            because: 'writes the plan, named per request, under this prefix',
          },
        ],
        list: ['findings/'],
      });

    erase
      .bindTable('REQUESTS_TABLE', requestsTable, { items: ['GetItem', 'PutItem', 'UpdateItem'] })
      // An outcome not written yet (the store not erased yet) reads as 404.
      .bindBucket('PACKAGES_BUCKET', packagesBucket, {
        objects: [
          {
            prefix: 'erasure/',
            actions: ['GetObject', 'PutObject'],
            because: 'reads the plan and writes one outcome per store, named per request',
          },
        ],
        list: ['erasure/'],
      });
    grantStoreErasure(erase, desk.dataMap, desk.dataStores);

    verify
      // UpdateItem gives the send-once claim of the certificate mail back when SES refused it.
      // Once certified, the collected copies are erased too, with those of the subject's other
      // requests (found through the bySubject index): their findings and packages (own-copies.ts).
      .bindTable('REQUESTS_TABLE', requestsTable, {
        items: ['GetItem', 'PutItem', 'UpdateItem'],
        queryIndexes: ['bySubject'],
      })
      .bindBucket('PACKAGES_BUCKET', packagesBucket, {
        objects: [
          {
            prefix: 'erasure/',
            actions: ['GetObject', 'PutObject'],
            because: 'reads the plan and outcomes and writes the certificate, named per request',
          },
          {
            prefix: 'findings/',
            actions: ['DeleteObject'],
            because: 'deletes the collected copies of the request once the erasure is certified',
          },
          {
            prefix: 'packages/',
            actions: ['DeleteObject'],
            because: "deletes the packages of the subject's requests once their erasure is certified",
          },
        ],
        list: ['erasure/', 'findings/', 'packages/'],
      })
      .bindMailSending(desk.mail);
    grantStoreReads(verify, desk.dataMap, desk.dataStores);
  }
}
