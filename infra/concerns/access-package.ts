import { Stack, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { type ConcernProps, createFunctions } from '../constructs/desk';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';

/** How long a package's download link works. */
const DOWNLOAD_LINK_DAYS = 7;

/**
 * The access package: built from the findings into the packages bucket, mailed as an expiring
 * signed link, and downloaded behind that link and a completed verification.
 */
export class AccessPackage extends Construct {
  public readonly functions: Record<'BuildPackage' | 'DownloadPackage', PrivacyDeskFunction>;
  /** The HMAC key that signs the download links. */
  public readonly downloadLinkSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, { desk }: ConcernProps) {
    super(scope, id);
    this.functions = createFunctions(this, desk, ['BuildPackage', 'DownloadPackage']);
    const { BuildPackage: build, DownloadPackage: download } = this.functions;
    const { requestsTable, consentsTable, packagesBucket } = desk.data;
    // At the top of the stack, where the local stack finds it by path.
    this.downloadLinkSecret = new secretsmanager.Secret(Stack.of(this), 'DownloadLinkSecret', {
      description: 'HMAC key that signs the expiring download links of access packages',
      encryptionKey: desk.data.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.downloadLinkSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotating the link key would break links already mailed; links live 7 days, so rotation is a planned job.',
    });

    build
      // UpdateItem gives the send-once claim of the package mail back when SES refused it.
      .bindTable('REQUESTS_TABLE', requestsTable, { items: ['GetItem', 'PutItem', 'UpdateItem'] })
      // The subject's consents and their history are part of the package.
      .bindTable('CONSENTS_TABLE', consentsTable, { items: ['Query'] })
      .bindBucket('PACKAGES_BUCKET', packagesBucket, {
        objects: [
          {
            prefix: 'findings/',
            actions: ['GetObject'],
            because: 'reads the findings objects the collect step wrote for the request',
          },
          {
            prefix: 'packages/',
            actions: ['PutObject'],
            because: 'writes the package files, named per request, under this prefix',
          },
        ],
        list: ['findings/'],
      })
      .bindSecret('DOWNLOAD_LINK_SECRET_ARN', this.downloadLinkSecret)
      .setVariable('DOWNLOAD_LINK_DAYS', String(DOWNLOAD_LINK_DAYS))
      .setVariable('PUBLIC_BASE_URL', desk.publicBaseUrl)
      .bindMailSending(desk.mail);

    download
      .bindTable('REQUESTS_TABLE', requestsTable, { items: ['GetItem', 'PutItem'] })
      // The presigned URL is signed with this role: it can hand out package objects and nothing
      // else; a package past its expiry reads as 404.
      .bindBucket('PACKAGES_BUCKET', packagesBucket, {
        objects: [
          {
            prefix: 'packages/',
            actions: ['GetObject'],
            because: 'presigns downloads of the package files of the request the link names',
          },
        ],
        list: ['packages/'],
      })
      .bindSecret('DOWNLOAD_LINK_SECRET_ARN', this.downloadLinkSecret);
  }
}
