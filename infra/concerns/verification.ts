import { Construct } from 'constructs';
import { type ConcernProps, createFunctions } from '../constructs/desk';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';

/**
 * Verifying the requester: the workflow step that mails a single-use link and waits, and the link
 * pages that confirm it (completing the step's callback) or send a new one.
 */
export class Verification extends Construct {
  public readonly functions: Record<'RequestVerification' | 'VerifyLink', PrivacyDeskFunction>;

  constructor(scope: Construct, id: string, { desk }: ConcernProps) {
    super(scope, id);
    this.functions = createFunctions(this, desk, ['RequestVerification', 'VerifyLink']);
    const { RequestVerification: request, VerifyLink: link } = this.functions;
    // The request and its tasks, the subject's mail with the link.
    for (const fn of [request, link])
      fn.bindTable('REQUESTS_TABLE', desk.data.requestsTable, {
        items: ['GetItem', 'PutItem', 'UpdateItem'],
      })
        .bindMailSending(desk.mail)
        .setVariable('PUBLIC_BASE_URL', desk.publicBaseUrl);
    link
      // The link pages count attempts per source under a keyed hash of its address.
      .bindSecret('SUBJECT_KEY_SECRET_ARN', desk.subjectKeySecret)
      .grantTaskResponse(desk.workflow.stateMachine);
  }
}
