import { Construct } from 'constructs';
import { type ConcernProps, createFunctions, INBOUND_PREFIX, QUARANTINE_PREFIX } from '../constructs/desk';
import type { PrivacyDeskFunction } from '../constructs/privacy-desk-function';
import type { StaffSignIn } from '../constructs/staff-sign-in';

export interface StaffConsoleProps extends ConcernProps {
  /** Staff sign-in: the console starts it, and comes back to the console's address. */
  readonly signIn: StaffSignIn;
}

/**
 * The staff console, served through the HTTP API: the page and its API share one origin, so no
 * CORS, one set of security headers, and no extra bucket or distribution to secure for a few
 * users. Its API reads the queue and acts on requests; the message reader shows their mails.
 */
export class StaffConsole extends Construct {
  public readonly functions: Record<'StaffApi' | 'StaffMessages' | 'StaffConsole', PrivacyDeskFunction>;

  constructor(scope: Construct, id: string, { desk, signIn }: StaffConsoleProps) {
    super(scope, id);
    this.functions = createFunctions(this, desk, ['StaffApi', 'StaffMessages', 'StaffConsole']);
    const { StaffApi: api, StaffMessages: reader, StaffConsole: page } = this.functions;
    const { requestsTable, consentsTable, packagesBucket, inboundBucket } = desk.data;

    // The page starts the hosted sign-in, which returns to the console's address only.
    signIn.allowConsoleAt(desk.publicBaseUrl);
    const { COGNITO_DOMAIN, COGNITO_CLIENT_ID } = signIn.consoleEnvironment();
    page.setVariable('COGNITO_DOMAIN', COGNITO_DOMAIN).setVariable('COGNITO_CLIENT_ID', COGNITO_CLIENT_ID);

    api
      // Reads for the queue and the request page; conditional writes for actions, tasks and audit events.
      .bindTable('REQUESTS_TABLE', requestsTable, {
        items: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
        queryIndexes: ['byStatus'],
      })
      // The request page shows the subject's consents and their history.
      .bindTable('CONSENTS_TABLE', consentsTable, { items: ['GetItem', 'Query'] })
      // Approving completes a staff task; cancel and retry stop, describe and start executions.
      .bindStateMachine(desk.workflow.stateMachine, {
        start: true,
        taskResponse: true,
        manageExecutions: true,
      })
      // Staff name the subject of a representative's request: its subject key comes from this secret.
      .bindSecret('SUBJECT_KEY_SECRET_ARN', desk.subjectKeySecret)
      // Staff attach what they found in a manual store to its task (manual-findings.ts).
      .bindBucket('PACKAGES_BUCKET', packagesBucket, {
        objects: [
          {
            prefix: 'findings/*/manual/',
            actions: ['PutObject'],
            because: 'keeps what staff attach to a manual store task, per request',
          },
        ],
      })
      .bindMailSending(desk.mail)
      .setVariable('STAFF_ADDRESS', desk.staffAddress);

    // The message reader: the request, its events, and the raw mail objects; nothing else. Each
    // viewing of the collected records (to confirm corrections) is an audit event.
    reader
      .bindTable('REQUESTS_TABLE', requestsTable, { items: ['GetItem', 'Query', 'PutItem'] })
      .bindBucket('PACKAGES_BUCKET', packagesBucket, {
        objects: [
          {
            prefix: 'findings/',
            actions: ['GetObject'],
            because: 'shows staff the records collected for the request, to confirm its corrections',
          },
        ],
        list: ['findings/'],
      })
      // The request names its raw mail; one moved to quarantine is looked for under both prefixes.
      .grantBucket(inboundBucket, {
        objects: [INBOUND_PREFIX, QUARANTINE_PREFIX].map((prefix) => ({
          prefix,
          actions: ['GetObject'] as const,
          because: `shows the original mail and replies, stored under ${prefix} with names SES chooses`,
        })),
        list: [INBOUND_PREFIX, QUARANTINE_PREFIX],
      });
  }
}
