import { Construct } from 'constructs';
import { type ConcernProps, createFunctions } from '../constructs/desk';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';

type StepName = 'AssessRequest' | 'OpenTask' | 'SetStatus' | 'SendReply' | 'CloseRequest';

/**
 * The workflow steps every request passes through, whatever its right: assessment, staff tasks,
 * status transitions, replies to the requester, closure.
 */
export class RequestSteps extends Construct {
  public readonly functions: Record<StepName, PrivacyDeskFunction>;

  constructor(scope: Construct, id: string, { desk }: ConcernProps) {
    super(scope, id);
    this.functions = createFunctions(this, desk, [
      'SendReply',
      'SetStatus',
      'AssessRequest',
      'OpenTask',
      'CloseRequest',
    ]);
    const f = this.functions;
    const table = desk.data.requestsTable;
    // PutItem: the assessment's audit event; bySubject: the subject's earlier requests.
    f.AssessRequest.bindTable('REQUESTS_TABLE', table, {
      items: ['GetItem', 'PutItem'],
      queryIndexes: ['bySubject'],
    });
    f.OpenTask.bindTable('REQUESTS_TABLE', table, { items: ['GetItem', 'PutItem', 'UpdateItem'] });
    f.SetStatus.bindTable('REQUESTS_TABLE', table, { items: ['GetItem', 'UpdateItem', 'PutItem'] });
    f.CloseRequest.bindTable('REQUESTS_TABLE', table, {
      items: ['GetItem', 'UpdateItem', 'PutItem', 'Query'],
    });
    f.SendReply
      // UpdateItem gives a once-claim back when SES refused the mail; a rejection or cancellation
      // reads the trail (Query): an objection to marketing honoured on receipt still stands.
      .bindTable('REQUESTS_TABLE', table, { items: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] })
      .bindMailSending(desk.mail)
      .setVariable('STAFF_ADDRESS', desk.staffAddress);
  }
}
