import { Construct } from 'constructs';
import { type ConcernProps, createFunctions } from '../constructs/desk';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';
import { grantStoreErasure } from '../constructs/store-erasure-access';

/**
 * Rectification, and telling recipients (Art. 19): the corrections staff confirmed, written
 * through the stores' connectors, and the mails to the data map's recipients of a rectification,
 * erasure or restriction.
 */
export class Rectification extends Construct {
  public readonly functions: Record<'ApplyCorrections' | 'NotifyRecipients', PrivacyDeskFunction>;

  constructor(scope: Construct, id: string, { desk }: ConcernProps) {
    super(scope, id);
    this.functions = createFunctions(this, desk, ['ApplyCorrections', 'NotifyRecipients']);
    const { ApplyCorrections: apply, NotifyRecipients: notify } = this.functions;
    const table = desk.data.requestsTable;
    apply.bindTable('REQUESTS_TABLE', table, { items: ['GetItem', 'PutItem', 'UpdateItem'] });
    grantStoreErasure(apply, desk.dataMap, desk.dataStores, { removesOldVersions: false });
    // The trail says which stores held the subject; a recipient with an address gets a mail under
    // a send-once claim (UpdateItem gives it back when SES refused the mail).
    notify
      .bindTable('REQUESTS_TABLE', table, { items: ['GetItem', 'Query', 'PutItem', 'UpdateItem'] })
      .bindMailSending(desk.mail);
  }
}
