import { CLASSIFIER_MODEL, MAIL_PARSER_TABLES } from './bundling';

/**
 * The Lambda handlers, as plain data shared by the CDK stack (one NodejsFunction each) and the
 * local stack (which imports the same entry files and calls their `handler`).
 */
export interface FunctionSpec {
  /** Entry file relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  /**
   * The environment variables the function is given, by name: the CDK stack sets exactly these,
   * and the local stack gives the handler only these, so a missing one fails locally as on AWS.
   */
  readonly variables: readonly FunctionVariable[];
  /** The `${Placeholder}` the state machine definition uses for this function's ARN, if any. */
  readonly aslPlaceholder?: string;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /**
   * Shell commands run after bundling, with `{inputDir}` (the repository) and `{outputDir}` (the
   * bundle) filled in: files the handler serves or loads besides its code (the staff console's
   * pages, the mail parser's double-byte codecs, the classifier's model).
   */
  readonly afterBundling?: readonly string[];
}

/** Every environment variable a function may be given. */
export type FunctionVariable =
  | 'CONSENTS_TABLE'
  | 'CONSENT_API_KEYS_ARN'
  | 'COGNITO_CLIENT_ID'
  | 'COGNITO_DOMAIN'
  | 'DATA_STORES_JSON'
  | 'DOWNLOAD_LINK_DAYS'
  | 'DOWNLOAD_LINK_SECRET_ARN'
  | 'INBOUND_BUCKET'
  | 'INBOUND_PREFIX'
  | 'MAILBOX_ADDRESS'
  | 'PACKAGES_BUCKET'
  | 'PUBLIC_BASE_URL'
  | 'REQUESTS_TABLE'
  | 'RETENTION_DAYS_AFTER_CLOSE'
  | 'STAFF_ADDRESS'
  | 'STATE_MACHINE_ARN'
  | 'SUBJECT_KEY_SECRET_ARN'
  | 'UNSUBSCRIBE_SECRETS_ARN';

export const FUNCTIONS = {
  IntakeEmail: {
    entry: 'functions/intake-email.ts',
    variables: [
      'INBOUND_BUCKET',
      'INBOUND_PREFIX',
      'MAILBOX_ADDRESS',
      'PUBLIC_BASE_URL',
      'REQUESTS_TABLE',
      'STAFF_ADDRESS',
      'STATE_MACHINE_ARN',
      'SUBJECT_KEY_SECRET_ARN',
    ],
    description: 'Parses, classifies, deduplicates and stores mail received at the privacy mailbox',
    memoryMb: 1024,
    timeoutSeconds: 60,
    afterBundling: [...MAIL_PARSER_TABLES, ...CLASSIFIER_MODEL],
  },
  HttpApi: {
    entry: 'functions/http-api.ts',
    variables: ['MAILBOX_ADDRESS', 'REQUESTS_TABLE', 'STATE_MACHINE_ARN', 'SUBJECT_KEY_SECRET_ARN'],
    description: 'Web form, verification links and public routes of the HTTP API',
    // The web form's text is classified like mail.
    afterBundling: CLASSIFIER_MODEL,
  },
  SendReply: {
    entry: 'functions/workflow-send-reply.ts',
    variables: ['MAILBOX_ADDRESS', 'REQUESTS_TABLE', 'STAFF_ADDRESS'],
    description: 'Workflow step: sends a templated mail to the data subject',
    aslPlaceholder: 'SendReplyFunctionArn',
  },
  SetStatus: {
    entry: 'functions/workflow-set-status.ts',
    variables: ['REQUESTS_TABLE'],
    description: 'Workflow step: records a status transition and its audit event',
    aslPlaceholder: 'SetStatusFunctionArn',
  },
  CollectStore: {
    entry: 'functions/workflow-collect-store.ts',
    variables: ['DATA_STORES_JSON', 'PACKAGES_BUCKET', 'REQUESTS_TABLE'],
    description: 'Workflow step: finds the subject in one store of the data map and records the outcome',
    aslPlaceholder: 'CollectStoreFunctionArn',
  },
  RequestVerification: {
    entry: 'functions/workflow-request-verification.ts',
    variables: ['MAILBOX_ADDRESS', 'PUBLIC_BASE_URL', 'REQUESTS_TABLE'],
    description: 'Workflow step (callback): mails the subject a single-use verification link',
    aslPlaceholder: 'RequestVerificationFunctionArn',
  },
  VerifyLink: {
    entry: 'functions/verify-link.ts',
    variables: ['MAILBOX_ADDRESS', 'PUBLIC_BASE_URL', 'REQUESTS_TABLE', 'SUBJECT_KEY_SECRET_ARN'],
    description: 'Verification link pages: confirm once, or ask for a new link',
  },
  AssessRequest: {
    entry: 'functions/workflow-assess-request.ts',
    variables: ['REQUESTS_TABLE'],
    description: 'Workflow step: risk flags, staff review or not, branches and stores',
    aslPlaceholder: 'AssessRequestFunctionArn',
  },
  OpenTask: {
    entry: 'functions/workflow-open-task.ts',
    variables: ['REQUESTS_TABLE'],
    description: 'Workflow step (callback): a review, erasure-plan or manual task for staff',
    aslPlaceholder: 'OpenTaskFunctionArn',
  },
  CloseRequest: {
    entry: 'functions/workflow-close-request.ts',
    variables: ['REQUESTS_TABLE'],
    description: 'Workflow step: completes the request with its reason',
    aslPlaceholder: 'CloseRequestFunctionArn',
  },
  BuildPackage: {
    entry: 'functions/workflow-build-package.ts',
    variables: [
      'CONSENTS_TABLE',
      'DOWNLOAD_LINK_DAYS',
      'DOWNLOAD_LINK_SECRET_ARN',
      'MAILBOX_ADDRESS',
      'PACKAGES_BUCKET',
      'PUBLIC_BASE_URL',
      'REQUESTS_TABLE',
    ],
    description: 'Workflow step: builds the access package in S3 and mails an expiring download link',
    aslPlaceholder: 'BuildPackageFunctionArn',
  },
  DownloadPackage: {
    entry: 'functions/download-package.ts',
    variables: ['DOWNLOAD_LINK_SECRET_ARN', 'PACKAGES_BUCKET', 'REQUESTS_TABLE'],
    description: 'Access package download page and files, behind a signed link and a completed verification',
  },
  PlanErasure: {
    entry: 'functions/workflow-plan-erasure.ts',
    variables: ['MAILBOX_ADDRESS', 'PACKAGES_BUCKET', 'REQUESTS_TABLE'],
    description: 'Workflow step: plans erasure per store and record (delete, anonymise, legal hold)',
    aslPlaceholder: 'PlanErasureFunctionArn',
  },
  EraseStore: {
    entry: 'functions/workflow-erase-store.ts',
    variables: ['DATA_STORES_JSON', 'MAILBOX_ADDRESS', 'PACKAGES_BUCKET', 'REQUESTS_TABLE'],
    description: 'Workflow step: carries out the approved erasure plan in one store',
    aslPlaceholder: 'EraseStoreFunctionArn',
  },
  VerifyErasure: {
    entry: 'functions/workflow-verify-erasure.ts',
    variables: ['DATA_STORES_JSON', 'MAILBOX_ADDRESS', 'PACKAGES_BUCKET', 'REQUESTS_TABLE'],
    description: 'Workflow step: searches the stores again, then certifies the erasure and tells the subject',
    aslPlaceholder: 'VerifyErasureFunctionArn',
  },
  StaffApi: {
    entry: 'functions/staff-api.ts',
    variables: [
      'CONSENTS_TABLE',
      'MAILBOX_ADDRESS',
      'PACKAGES_BUCKET',
      'REQUESTS_TABLE',
      'STAFF_ADDRESS',
      'STATE_MACHINE_ARN',
      'SUBJECT_KEY_SECRET_ARN',
    ],
    description: 'Staff console API: queue, request detail, dashboard and staff actions (privacy-staff role)',
  },
  StaffMessages: {
    entry: 'functions/staff-messages.ts',
    variables: ['PACKAGES_BUCKET', 'REQUESTS_TABLE'],
    description: "Staff console: a request's messages parsed to text, and the records its collection found",
    afterBundling: MAIL_PARSER_TABLES,
  },
  StaffConsole: {
    entry: 'functions/staff-console.ts',
    variables: ['COGNITO_CLIENT_ID', 'COGNITO_DOMAIN'],
    description: 'Staff console: serves the static single-page app with its security headers',
    afterBundling: [
      'mkdir -p {outputDir}/console',
      '{inputDir}/node_modules/.bin/esbuild {inputDir}/console/app.ts --bundle --format=esm --target=es2022 --minify --log-level=warning --outfile={outputDir}/console/app.js',
      'cp {inputDir}/console/index.html {inputDir}/console/app.css {outputDir}/console/',
    ],
  },
  ConsentApi: {
    entry: 'functions/consent-api.ts',
    variables: [
      'CONSENTS_TABLE',
      'CONSENT_API_KEYS_ARN',
      'SUBJECT_KEY_SECRET_ARN',
      'UNSUBSCRIBE_SECRETS_ARN',
    ],
    description: 'Consent API for systems (API key) and the one-click unsubscribe link pages',
  },
  UpdateConsents: {
    entry: 'functions/workflow-update-consents.ts',
    variables: ['CONSENTS_TABLE', 'DATA_STORES_JSON', 'MAILBOX_ADDRESS', 'REQUESTS_TABLE'],
    description:
      'Workflow step: objection and consent withdrawal in the ledger, suppression in the stores, reply',
    aslPlaceholder: 'UpdateConsentsFunctionArn',
  },
  DeadlineWatch: {
    entry: 'functions/deadline-watch.ts',
    variables: ['MAILBOX_ADDRESS', 'PUBLIC_BASE_URL', 'REQUESTS_TABLE', 'STAFF_ADDRESS'],
    description: 'Scheduled: mails staff a digest of due-soon and overdue requests',
  },
  RetentionPurge: {
    entry: 'functions/retention-purge.ts',
    variables: ['INBOUND_BUCKET', 'PACKAGES_BUCKET', 'REQUESTS_TABLE', 'RETENTION_DAYS_AFTER_CLOSE'],
    description:
      'Scheduled: purges raw mail, artefacts and personal fields of requests closed past retention',
    timeoutSeconds: 900,
  },
  RetentionSweep: {
    entry: 'functions/retention-sweep.ts',
    variables: ['DATA_STORES_JSON', 'PACKAGES_BUCKET', 'REQUESTS_TABLE'],
    description:
      "Scheduled: plans retention sweeps of the company's stores, then carries out and verifies approved ones",
    memoryMb: 1024,
    timeoutSeconds: 900,
  },
  RetentionSweepsApi: {
    entry: 'functions/staff-retention-sweeps.ts',
    variables: ['PACKAGES_BUCKET', 'REQUESTS_TABLE'],
    description: 'Staff console API: retention sweeps (list, request, show, approve, reject)',
  },
  ApplyCorrections: {
    entry: 'functions/workflow-apply-corrections.ts',
    variables: ['DATA_STORES_JSON', 'REQUESTS_TABLE'],
    description: 'Workflow step: applies staff-confirmed corrections through the connectors that can update',
    aslPlaceholder: 'ApplyCorrectionsFunctionArn',
  },
  NotifyRecipients: {
    entry: 'functions/workflow-notify-recipients.ts',
    variables: ['MAILBOX_ADDRESS', 'REQUESTS_TABLE'],
    description:
      'Workflow step: tells the data map recipients of a rectification, erasure or restriction (Art. 19)',
    aslPlaceholder: 'NotifyRecipientsFunctionArn',
  },
  IncidentsApi: {
    entry: 'functions/incidents-api.ts',
    variables: ['DATA_STORES_JSON', 'MAILBOX_ADDRESS', 'REQUESTS_TABLE', 'SUBJECT_KEY_SECRET_ARN'],
    description:
      'Breach desk API: incidents, the 72-hour clock, affected people, their notices, the register (privacy-staff role)',
  },
  IncidentClock: {
    entry: 'functions/incident-clock.ts',
    variables: ['MAILBOX_ADDRESS', 'PUBLIC_BASE_URL', 'REQUESTS_TABLE', 'STAFF_ADDRESS'],
    description:
      'Scheduled: alarms staff at 24 h and 6 h before a breach must be notified to IMY, and when it is late',
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

/** Whether a function's bundle ships the classifier's model file beside it (CLASSIFIER_MODEL). */
export function shipsClassifierModel(spec: FunctionSpec): boolean {
  return CLASSIFIER_MODEL.every((command) => spec.afterBundling?.includes(command) ?? false);
}

export const STATE_MACHINE_FILE = 'statemachines/dsr.asl.json';

/** The CloudFormation stack's name; the local stack finds its resources' paths under it. */
export const STACK_NAME = 'PrivacyDesk';
