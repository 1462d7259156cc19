import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { suppressionOf } from '../../functions/core/consents/update-consents';
import { type ConcernProps, createFunctions } from '../constructs/desk';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';
import { grantStoreErasure } from '../constructs/store-erasure-access';

/**
 * Consents: the ledger behind the consent API (for the company's systems, by API key), the
 * one-click unsubscribe link, and the workflow step for objections and withdrawals.
 */
export class Consents extends Construct {
  public readonly functions: Record<'ConsentApi' | 'UpdateConsents', PrivacyDeskFunction>;
  /** SHA-256 hashes of the consent API keys. */
  public readonly apiKeys: secretsmanager.Secret;
  /** HMAC keys of the unsubscribe links, newest first. */
  public readonly unsubscribeSecrets: secretsmanager.Secret;

  constructor(scope: Construct, id: string, { desk }: ConcernProps) {
    super(scope, id);
    this.functions = createFunctions(this, desk, ['ConsentApi', 'UpdateConsents']);
    const { ConsentApi: api, UpdateConsents: update } = this.functions;
    const { key, requestsTable, consentsTable } = desk.data;
    // Both at the top of the stack, where the local stack finds them by path.
    const stack = Stack.of(this);
    this.apiKeys = new secretsmanager.Secret(stack, 'ConsentApiKeys', {
      description:
        'Comma-separated SHA-256 hex hashes of the consent API keys; operators set it, a deploy applies it',
      encryptionKey: key,
      // Hex only: a valid hash of a key nobody holds, so the API refuses every call until keys are set.
      generateSecretString: {
        passwordLength: 64,
        excludePunctuation: true,
        excludeUppercase: true,
        excludeCharacters: 'ghijklmnopqrstuvwxyz',
      },
    });
    // Kept when the stack goes: links in mails already sent must keep working.
    this.unsubscribeSecrets = new secretsmanager.Secret(stack, 'UnsubscribeSecrets', {
      description: 'HMAC keys of the unsubscribe links, comma-separated, newest first (the newest signs)',
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.apiKeys).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'It holds hashes of keys that client systems keep; operators rotate by adding a new hash, then removing the old.',
    });
    Validations.of(this.unsubscribeSecrets).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Links in mails already sent must keep working; operators rotate by prepending a new key and keeping the old ones.',
    });

    const ledger = { items: ['GetItem', 'PutItem', 'Query'] } as const;
    api
      .bindTable('CONSENTS_TABLE', consentsTable, ledger)
      .bindSecret('SUBJECT_KEY_SECRET_ARN', desk.subjectKeySecret)
      .bindSecret('CONSENT_API_KEYS_ARN', this.apiKeys)
      .bindSecret('UNSUBSCRIBE_SECRETS_ARN', this.unsubscribeSecrets);
    update
      .bindTable('CONSENTS_TABLE', consentsTable, ledger)
      // UpdateItem gives the send-once claim of the reply back when SES refused it.
      .bindTable('REQUESTS_TABLE', requestsTable, { items: ['GetItem', 'PutItem', 'UpdateItem'] })
      .bindMailSending(desk.mail);
    // Only the stores that drop people who withdraw (the newsletter service); the rest keep records.
    const suppressing = desk.dataMap.stores.filter((store) => suppressionOf(store) === 'remove_records');
    grantStoreErasure(update, { ...desk.dataMap, stores: suppressing }, desk.dataStores);
  }
}
