/**
 * The data subject request workflow. `dsr.asl.json` is generated from this file
 * (`npx tsx scripts/generate-state-machine.ts`) and is what CDK deploys and the local stack runs.
 */

import type { TemplateName } from '../functions/core/replies/template-packs';
import { ACTIVE_STATUSES, type Status } from '../functions/core/request/request';
import { FUNCTIONS, type FunctionName } from '../infra/function-catalog';
import type {
  Catcher,
  ChoiceState,
  MapState,
  Payload,
  Retrier,
  StateMachine,
  States,
  TaskState,
} from './asl';

/** Functions the workflow invokes: those the catalogue gives a placeholder in the definition. */
type StepFunction = {
  [K in FunctionName]: (typeof FUNCTIONS)[K] extends { aslPlaceholder: string } ? K : never;
}[FunctionName];

/** `${…FunctionArn}`: CDK and the local stack substitute the function's ARN. */
const arnOf = (fn: StepFunction) => `\${${FUNCTIONS[fn].aslPlaceholder}}`;

const CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const DAY_SECONDS = 86_400;

/** A failed invocation is retried up to three times, with jittered backoff. */
export const STANDARD_RETRY: Retrier = {
  ErrorEquals: ['States.TaskFailed'],
  IntervalSeconds: 2,
  BackoffRate: 2,
  MaxAttempts: 3,
  JitterStrategy: 'FULL',
};
/** A store that is down or busy gets longer to come back. */
const STORE_RETRY: Retrier = {
  ErrorEquals: ['StoreUnavailableError', 'ConcurrentModificationError'],
  IntervalSeconds: 5,
  BackoffRate: 2,
  MaxAttempts: 3,
  JitterStrategy: 'FULL',
};
/** Marking a request failed must land, whatever went wrong. */
const FAILURE_MARK_RETRY: Retrier = {
  ErrorEquals: ['States.ALL'],
  IntervalSeconds: 5,
  BackoffRate: 2,
  MaxAttempts: 5,
};

/** Any error ends on the failure path: the request is marked failed and staff are alerted. */
export const FAILURE_PATH = 'MarkFailed';
const onError = (next: string, resultPath = '$.error'): Catcher => ({
  ErrorEquals: ['States.ALL'],
  ResultPath: resultPath,
  Next: next,
});
const onTimeout = (next: string): Catcher => ({
  ErrorEquals: ['States.Timeout'],
  ResultPath: '$.error',
  Next: next,
});

interface TaskOptions {
  parameters?: Payload;
  resultPath?: string | null;
  next?: string;
  end?: true;
  comment?: string;
  /** Defaults to the standard retry. */
  retry?: Retrier[];
  /** Defaults to the failure path; states inside a Map leave it to the Map (`[]`). */
  catch?: Catcher[];
  timeoutSeconds?: number;
}

/** A Lambda task with the standard retry and a catch to the failure path unless told otherwise. */
export function task(fn: StepFunction, options: TaskOptions): TaskState {
  const caught = options.catch ?? [onError(FAILURE_PATH)];
  return {
    Type: 'Task',
    Resource: arnOf(fn),
    Parameters: options.parameters,
    ResultPath: options.resultPath,
    Retry: options.retry ?? [STANDARD_RETRY],
    Catch: caught.length > 0 ? caught : undefined,
    Next: options.next,
    End: options.end,
    Comment: options.comment,
    TimeoutSeconds: options.timeoutSeconds,
  };
}

interface CallbackOptions extends Omit<TaskOptions, 'parameters' | 'timeoutSeconds'> {
  payload: Payload;
  /** Required: without it Step Functions waits 99,999,999 seconds (about three years) for the callback. */
  timeoutSeconds: number;
  /** Where a timeout goes; without it, a timeout is an error like any other. */
  onTimeout?: string;
}

/** A Lambda invoked with a task token, waiting until the token is answered or times out. */
export function callbackTask(fn: StepFunction, options: CallbackOptions): TaskState {
  const { payload, onTimeout: timeoutNext, ...rest } = options;
  return {
    ...task(fn, {
      ...rest,
      parameters: { FunctionName: arnOf(fn), Payload: { ...payload, 'taskToken.$': '$$.Task.Token' } },
      catch: options.catch ?? (timeoutNext ? [onTimeout(timeoutNext), onError(FAILURE_PATH)] : undefined),
    }),
    Resource: CALLBACK,
  };
}

const STAFF_TASK_COMMENT =
  'Staff work: times out after 100 days, past the longest lawful answer time (three months with an extension, Art. 12(3), moved past holidays); the deadline watch warns staff long before. A timeout marks the request failed (task_timed_out) and alerts staff, who retry it.';

/** A task opened for staff in the console; a timeout marks the request failed and alerts staff. */
const staffTask = (payload: Payload, options: { resultPath: string; next: string; catch?: Catcher[] }) =>
  callbackTask('OpenTask', {
    ...options,
    payload,
    onTimeout: 'MarkTimedOut',
    comment: STAFF_TASK_COMMENT,
    timeoutSeconds: 100 * DAY_SECONDS,
  });

const REQUEST = { 'requestId.$': '$.requestId' };
/** Inside a Map the state input is the item, so the request id comes from the execution's input. */
const REQUEST_IN_MAP = { 'requestId.$': '$$.Execution.Input.requestId' };

const setStatus = (to: Status, details: Payload, next: string, from: readonly Status[] = ACTIVE_STATUSES) =>
  task('SetStatus', { parameters: { ...REQUEST, from: [...from], to, ...details }, resultPath: null, next });

const sendReply = (template: TemplateName, details: Payload, next: string) =>
  task('SendReply', { parameters: { ...REQUEST, template, ...details }, resultPath: null, next });

const staffAlert = (alertKind: string) =>
  task('SendReply', {
    parameters: {
      ...REQUEST,
      template: 'staff_alert',
      recipient: 'staff',
      'dedupeKey.$': '$$.Execution.Name',
      vars: { alertKind, 'alertReason.$': '$.error.Error' },
    },
    resultPath: null,
    catch: [onError('Failed', '$.alertError')],
    next: 'Failed',
  });

const branch = (flag: string, next: string, otherwise: string): ChoiceState => ({
  Type: 'Choice',
  Choices: [{ Variable: `$.assessment.branches.${flag}`, BooleanEquals: true, Next: next }],
  Default: otherwise,
});

const decision = (variable: string, reject: string, otherwise: string): ChoiceState => ({
  Type: 'Choice',
  Choices: [{ Variable: variable, StringEquals: 'reject', Next: reject }],
  Default: otherwise,
});

type PerStore = Omit<MapState, 'ResultPath' | 'Catch' | 'Next'>;

/** Each store in its own iteration, at most four at a time; the request id rides along with it. */
const perStore = (itemsPath: string, startAt: string, states: States): PerStore => ({
  Type: 'Map',
  ItemsPath: itemsPath,
  MaxConcurrency: 4,
  ItemSelector: { ...REQUEST, 'storeId.$': '$$.Map.Item.Value' },
  ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: startAt, States: states },
});

const collectStates: States = {
  CollectStore: task('CollectStore', {
    retry: [STORE_RETRY, STANDARD_RETRY],
    catch: [onError('RecordStoreFailure', '$.failure')],
    next: 'IsManualStore',
  }),
  IsManualStore: {
    Type: 'Choice',
    Choices: [{ Variable: '$.status', StringEquals: 'manual_pending', Next: 'ManualStoreTask' }],
    Default: 'StoreCollected',
  },
  ManualStoreTask: staffTask(
    {
      ...REQUEST_IN_MAP,
      'taskId.$': "States.Format('manual:{}', $.storeId)",
      kind: 'manual',
      status: 'awaiting_action',
      reason: 'manual_store',
      'subject.$': '$.storeId',
    },
    // The Map catches: its timeout and failure paths are outside the iteration.
    { resultPath: '$.manual', next: 'RecordManualOutcome', catch: [] },
  ),
  RecordManualOutcome: task('CollectStore', {
    parameters: {
      ...REQUEST_IN_MAP,
      'storeId.$': '$.storeId',
      manualOutcome: { 'outcome.$': '$.manual.outcome' },
    },
    catch: [],
    next: 'StoreCollected',
  }),
  StoreCollected: { Type: 'Succeed' },
  RecordStoreFailure: task('CollectStore', {
    parameters: { ...REQUEST_IN_MAP, 'storeId.$': '$.storeId', 'failure.$': '$.failure' },
    catch: [],
    next: 'StoreFailed',
  }),
  StoreFailed: {
    Type: 'Fail',
    Error: 'StoreUnavailableError',
    Cause: 'A store stayed unreachable after retries; its outcome is recorded as failed.',
  },
};

const eraseStates: States = {
  EraseStore: task('EraseStore', {
    retry: [STORE_RETRY, STANDARD_RETRY],
    catch: [],
    next: 'IsManualErasure',
  }),
  IsManualErasure: {
    Type: 'Choice',
    Comment: 'A store staff erase by hand: the erasure waits for them, so the certificate and mail are true.',
    Choices: [
      {
        And: [
          { Variable: '$.manual', IsPresent: true },
          { Variable: '$.manual', BooleanEquals: true },
        ],
        Next: 'ManualErasureTask',
      },
    ],
    Default: 'StoreErased',
  },
  ManualErasureTask: staffTask(
    {
      ...REQUEST_IN_MAP,
      'taskId.$': "States.Format('manual:erase:{}', $.storeId)",
      kind: 'manual',
      status: 'awaiting_action',
      reason: 'manual_erasure',
      'subject.$': '$.storeId',
      instructions:
        'Erase what was found in this store for the subject as the erasure plan says (delete the documents or redact the person), then confirm.',
    },
    { resultPath: '$.manualErasure', next: 'RecordManualErasure', catch: [] },
  ),
  RecordManualErasure: task('EraseStore', {
    parameters: {
      ...REQUEST_IN_MAP,
      'storeId.$': '$.storeId',
      manualErasure: { 'outcome.$': '$.manualErasure.outcome' },
    },
    retry: [STANDARD_RETRY],
    catch: [],
    next: 'StoreErased',
  }),
  StoreErased: { Type: 'Succeed' },
};

export const DSR_STATE_MACHINE: StateMachine = {
  Comment: 'Privacy Desk: one Standard execution per data subject request, named by the request id.',
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Comment: 'A retry of a failed request is a new execution that resumes at the step that failed.',
      Choices: [{ Variable: '$.resumeFrom', IsPresent: true, Next: 'Resume' }],
      Default: 'StopMarketing',
    },
    StopMarketing: task('UpdateConsents', {
      parameters: { ...REQUEST, phase: 'receipt' },
      resultPath: '$.marketing',
      next: 'MarketingOnly',
      comment:
        'An objection to direct marketing is absolute (Art. 21(3)) and discloses nothing: recorded and suppressed on receipt, before verification and review.',
    }),
    MarketingOnly: {
      Type: 'Choice',
      Comment: 'A request that asked only to stop marketing was answered by the step before: it closes.',
      Choices: [
        {
          And: [
            { Variable: '$.marketing.complete', IsPresent: true },
            { Variable: '$.marketing.complete', BooleanEquals: true },
          ],
          Next: 'Reply',
        },
      ],
      Default: 'Acknowledge',
    },
    Resume: setStatus('received', { reason: 'retried', step: 'Resume' }, 'ResumeAt', [
      'failed',
      ...ACTIVE_STATUSES,
    ]),
    ResumeAt: {
      Type: 'Choice',
      Choices: ['VerifyIdentity', 'Assess', 'Replan', 'Reply'].map((step) => ({
        Variable: '$.resumeFrom',
        StringEquals: step,
        Next: step,
      })),
      Default: 'Replan',
    },
    Acknowledge: sendReply('acknowledgement', {}, 'OnBehalf'),
    OnBehalf: {
      Type: 'Choice',
      Comment: 'Someone wrote for another person: they are told we deal with that person directly.',
      Choices: [
        {
          And: [
            { Variable: '$.onBehalf', IsPresent: true },
            { Variable: '$.onBehalf', BooleanEquals: true },
          ],
          Next: 'NotifyRequester',
        },
      ],
      Default: 'VerifyIdentity',
    },
    NotifyRequester: sendReply('mandate_notice', { recipient: 'sender' }, 'VerifyIdentity'),
    VerifyIdentity: callbackTask('RequestVerification', {
      payload: REQUEST,
      resultPath: '$.verification',
      onTimeout: 'RejectUnverified',
      next: 'Assess',
      comment:
        'The subject has fourteen days to confirm the link; unconfirmed, the request is rejected and they are told why.',
      timeoutSeconds: 14 * DAY_SECONDS,
    }),
    Assess: task('AssessRequest', { parameters: REQUEST, resultPath: '$.assessment', next: 'NeedsReview' }),
    NeedsReview: {
      Type: 'Choice',
      Choices: [{ Variable: '$.assessment.review', StringEquals: 'staff', Next: 'Review' }],
      Default: 'NeedsData',
    },
    Review: staffTask(
      { ...REQUEST, taskId: 'review', kind: 'review', status: 'awaiting_review' },
      { resultPath: '$.review', next: 'ReviewDecision' },
    ),
    ReviewDecision: decision('$.review.decision', 'Reject', 'Replan'),
    Replan: task('AssessRequest', {
      parameters: REQUEST,
      resultPath: '$.assessment',
      next: 'NeedsData',
      comment: 'Staff may have reclassified the request: plan again from its stored types.',
    }),
    NeedsData: {
      Type: 'Choice',
      Choices: [{ Variable: '$.assessment.stores[0]', IsPresent: true, Next: 'MarkCollecting' }],
      Default: 'AccessBranch',
    },
    MarkCollecting: setStatus('collecting', { step: 'Collect' }, 'Collect'),
    Collect: {
      ...perStore('$.assessment.stores', 'CollectStore', collectStates),
      ResultPath: '$.collected',
      Catch: [onTimeout('MarkTimedOut'), onError(FAILURE_PATH)],
      Next: 'AccessBranch',
    },
    AccessBranch: branch('access', 'BuildPackage', 'RectificationBranch'),
    BuildPackage: task('BuildPackage', {
      parameters: REQUEST,
      resultPath: '$.access',
      next: 'PackageHeld',
    }),
    PackageHeld: {
      Type: 'Choice',
      Comment: 'Art. 15(4): records of a review-before-release store wait for staff to check the package.',
      Choices: [{ Variable: '$.access.heldForReview[0]', IsPresent: true, Next: 'ReviewPackage' }],
      Default: 'RectificationBranch',
    },
    ReviewPackage: staffTask(
      {
        ...REQUEST,
        taskId: 'manual:package-review',
        kind: 'manual',
        status: 'awaiting_action',
        reason: 'package_review',
        'instructions.$': '$.access.reviewInstructions',
        'subject.$': '$.access.reviewStores',
      },
      { resultPath: '$.packageReview', next: 'ReleasePackage' },
    ),
    ReleasePackage: task('BuildPackage', {
      parameters: { ...REQUEST, release: { 'withheld.$': '$.packageReview.withheld' } },
      resultPath: '$.access',
      next: 'RectificationBranch',
    }),
    RectificationBranch: branch('rectification', 'Rectify', 'RestrictionBranch'),
    Rectify: staffTask(
      {
        ...REQUEST,
        taskId: 'manual:rectification',
        kind: 'manual',
        status: 'awaiting_action',
        reason: 'corrections',
        instructions:
          'Check the requested corrections against the collected records, apply them in each system, and list the corrected items.',
      },
      { resultPath: '$.rectification', next: 'ApplyCorrections' },
    ),
    ApplyCorrections: task('ApplyCorrections', {
      parameters: REQUEST,
      resultPath: '$.corrections',
      retry: [STORE_RETRY, STANDARD_RETRY],
      next: 'ReplyRectification',
    }),
    ReplyRectification: sendReply(
      'completion_rectification',
      { vars: { 'correctedItems.$': '$.rectification.correctedItems' } },
      'RestrictionBranch',
    ),
    RestrictionBranch: branch('restriction', 'Restrict', 'ConsentBranch'),
    Restrict: staffTask(
      {
        ...REQUEST,
        taskId: 'manual:restriction',
        kind: 'manual',
        status: 'awaiting_action',
        reason: 'restriction',
        instructions:
          "Mark the subject's records as restricted in each system listed, so they are stored but not otherwise processed, and list the systems.",
      },
      { resultPath: '$.restriction', next: 'ReplyRestriction' },
    ),
    ReplyRestriction: sendReply(
      'completion_restriction',
      { vars: { 'systems.$': '$.restriction.systems' } },
      'ConsentBranch',
    ),
    ConsentBranch: branch('consent', 'UpdateConsents', 'ErasureBranch'),
    UpdateConsents: task('UpdateConsents', {
      parameters: REQUEST,
      resultPath: '$.consent',
      next: 'ConsentNeedsStaff',
    }),
    ConsentNeedsStaff: {
      Type: 'Choice',
      Comment:
        'A withdrawal naming no consent while several are in force, or an objection on legitimate interests (Art. 21(1)): staff decide.',
      Choices: [
        {
          And: [
            { Variable: '$.consent.awaitingStaff', IsPresent: true },
            { Variable: '$.consent.awaitingStaff', BooleanEquals: true },
          ],
          Next: 'DecideConsents',
        },
      ],
      Default: 'ErasureBranch',
    },
    DecideConsents: staffTask(
      {
        ...REQUEST,
        taskId: 'manual:consents',
        kind: 'manual',
        status: 'awaiting_action',
        reason: 'consent_decision',
        'instructions.$': '$.consent.instructions',
        'consentChoices.$': '$.consent.choices',
      },
      { resultPath: '$.consentDecisions', next: 'ApplyConsentDecisions' },
    ),
    ApplyConsentDecisions: task('UpdateConsents', {
      parameters: { ...REQUEST, 'decisions.$': '$.consentDecisions' },
      resultPath: '$.consent',
      next: 'ErasureBranch',
    }),
    ErasureBranch: branch('erasure', 'PlanErasure', 'NotifyRecipients'),
    PlanErasure: task('PlanErasure', {
      parameters: REQUEST,
      resultPath: '$.erasurePlan',
      next: 'ApproveErasurePlan',
    }),
    ApproveErasurePlan: staffTask(
      {
        ...REQUEST,
        taskId: 'erasure_plan',
        kind: 'erasure_plan',
        status: 'awaiting_action',
        reason: 'erasure_plan',
      },
      { resultPath: '$.erasureApproval', next: 'ErasurePlanDecision' },
    ),
    ErasurePlanDecision: decision('$.erasureApproval.decision', 'RejectErasure', 'MarkExecuting'),
    RejectErasure: setStatus(
      'rejected',
      { 'reason.$': '$.erasureApproval.reason', step: 'ApproveErasurePlan' },
      'QuoteErasureRejection',
    ),
    QuoteErasureRejection: {
      Type: 'Choice',
      Comment:
        'Staff chose to quote their reason (e.g. the Art. 17(3) exemption that applies) in the notice.',
      Choices: [
        { Variable: '$.erasureApproval.detail', IsPresent: true, Next: 'SendQuotedErasureRejection' },
      ],
      Default: 'SendErasureRejection',
    },
    SendErasureRejection: sendReply(
      'rejection',
      { vars: { 'rejectionReason.$': '$.erasureApproval.reason' } },
      'Rejected',
    ),
    SendQuotedErasureRejection: sendReply(
      'rejection',
      {
        vars: {
          'rejectionReason.$': '$.erasureApproval.reason',
          'rejectionDetail.$': '$.erasureApproval.detail',
        },
      },
      'Rejected',
    ),
    MarkExecuting: setStatus('executing', { step: 'Erase' }, 'Erase'),
    Erase: {
      ...perStore('$.erasurePlan.stores', 'EraseStore', eraseStates),
      ResultPath: '$.erased',
      Catch: [onTimeout('MarkTimedOut'), onError(FAILURE_PATH)],
      Next: 'VerifyErasure',
    },
    VerifyErasure: task('VerifyErasure', {
      parameters: REQUEST,
      resultPath: '$.erasureVerified',
      // Leftovers fail the step for staff: only an unreachable store or Lambda itself is retried.
      retry: [
        {
          ...STORE_RETRY,
          ErrorEquals: [
            ...STORE_RETRY.ErrorEquals,
            'Lambda.ServiceException',
            'Lambda.TooManyRequestsException',
          ],
        },
      ],
      next: 'NotifyRecipients',
      comment: 'Collects again and compares with the plan; leftovers fail the step for staff.',
    }),
    NotifyRecipients: task('NotifyRecipients', {
      parameters: REQUEST,
      resultPath: '$.recipientNotices',
      next: 'RecipientTasks',
      comment:
        'Art. 19: after a rectification, erasure or restriction, the recipients in the data map are told (by mail, or by staff).',
    }),
    RecipientTasks: {
      Type: 'Map',
      ItemsPath: '$.recipientNotices.staffTasks',
      MaxConcurrency: 4,
      ItemSelector: { ...REQUEST, 'notice.$': '$$.Map.Item.Value' },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'RecipientTask',
        States: {
          RecipientTask: staffTask(
            {
              ...REQUEST_IN_MAP,
              'taskId.$': "States.Format('manual:notify:{}', $.notice.key)",
              kind: 'manual',
              status: 'awaiting_action',
              reason: 'recipient_notice',
              'instructions.$': '$.notice.instructions',
            },
            // The Map catches: its timeout and failure paths are outside the iteration.
            { resultPath: '$.done', next: 'RecipientTold', catch: [] },
          ),
          RecipientTold: { Type: 'Succeed' },
        },
      },
      ResultPath: '$.recipientTasks',
      Catch: [onTimeout('MarkTimedOut'), onError(FAILURE_PATH)],
      Next: 'TellSubjectRecipients',
    },
    TellSubjectRecipients: {
      Type: 'Choice',
      Comment: 'Art. 19, second sentence: the subject learns who was told.',
      Choices: [
        { Variable: '$.recipientNotices.recipients[0]', IsPresent: true, Next: 'SendRecipientsNotified' },
      ],
      Default: 'Reply',
    },
    SendRecipientsNotified: sendReply(
      'recipients_notified',
      { vars: { 'recipients.$': '$.recipientNotices.recipients' } },
      'Reply',
    ),
    Reply: setStatus('replying', { step: 'Reply' }, 'Close'),
    Close: task('CloseRequest', { parameters: REQUEST, resultPath: '$.closed', next: 'Done' }),
    Done: { Type: 'Succeed' },
    Reject: setStatus('rejected', { 'reason.$': '$.review.reason', step: 'Reject' }, 'QuoteRejection'),
    QuoteRejection: {
      Type: 'Choice',
      Comment: 'Staff chose to quote their reason in the notice.',
      Choices: [{ Variable: '$.review.detail', IsPresent: true, Next: 'SendQuotedRejection' }],
      Default: 'SendRejection',
    },
    SendRejection: sendReply('rejection', { vars: { 'rejectionReason.$': '$.review.reason' } }, 'Rejected'),
    SendQuotedRejection: sendReply(
      'rejection',
      { vars: { 'rejectionReason.$': '$.review.reason', 'rejectionDetail.$': '$.review.detail' } },
      'Rejected',
    ),
    RejectUnverified: setStatus(
      'rejected',
      { reason: 'unverified', step: 'VerifyIdentity' },
      'SendUnverifiedRejection',
    ),
    SendUnverifiedRejection: sendReply('rejection', { vars: { rejectionReason: 'unverified' } }, 'Rejected'),
    Rejected: { Type: 'Succeed' },
    MarkTimedOut: {
      ...setStatus('failed', { reason: 'task_timed_out', 'error.$': '$.error' }, 'AlertTimedOut'),
      Retry: [FAILURE_MARK_RETRY],
      // Staff are alerted even when the mark cannot be written.
      Catch: [onError('AlertTimedOut', '$.markError')],
      Comment:
        'A staff task outlived its timeout: the request shows as failed with the reason, and staff are alerted (even if the mark cannot be written).',
    },
    AlertTimedOut: staffAlert('task_timeout'),
    MarkFailed: {
      ...setStatus('failed', { reason: 'step_failed', 'error.$': '$.error' }, 'AlertStaff'),
      Retry: [FAILURE_MARK_RETRY],
      Catch: undefined,
    },
    AlertStaff: staffAlert('failure'),
    Failed: {
      Type: 'Fail',
      Error: 'RequestFailed',
      Cause: 'A step failed; the request is marked failed and staff are alerted.',
    },
  },
};
