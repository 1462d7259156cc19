/** Words a privacy officer uses for the system's codes. */
export const STATUS_LABELS: Record<string, string> = {
  received: 'Received',
  triage: 'Needs triage',
  awaiting_verification: 'Confirming identity',
  awaiting_review: 'Waiting for your review',
  collecting: 'Collecting data',
  awaiting_action: 'Waiting for staff action',
  executing: 'Being carried out',
  replying: 'Replying',
  completed: 'Completed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  failed: 'Failed: needs attention',
};

export const STATUS_EXPLAINED: Record<string, string> = {
  received: 'The request has arrived and the workflow is starting.',
  triage:
    'The mail could not be handled automatically. Decide whether it is a request, set its types, and accept or reject it.',
  awaiting_verification:
    'We mailed the requester a link to confirm their address. Nothing happens until they click it.',
  awaiting_review:
    'The requester confirmed their identity. Check the message and the evidence, then approve or reject.',
  collecting: 'Approved. The systems in the data map are being searched.',
  awaiting_action: 'A person must act before the workflow can go on: see the task on the right.',
  executing: 'The decision is being carried out in the systems.',
  replying: 'The answer to the requester is being sent.',
  completed: 'Done. The requester has been answered.',
  rejected: 'Closed without acting; the requester was told why.',
  cancelled: 'Stopped by staff. Nothing more will be sent.',
  failed: 'A workflow step failed. Retry it, or cancel the request.',
};

export const TYPE_LABELS: Record<string, string> = {
  access: 'Access',
  portability: 'Portability',
  rectification: 'Rectification',
  erasure: 'Erasure',
  restriction: 'Restriction',
  objection: 'Objection',
  withdraw_consent: 'Consent withdrawal',
};

export const REJECTION_LABELS: Record<string, string> = {
  unverified: 'Identity not confirmed',
  manifestly_unfounded: 'Manifestly unfounded (Art. 12(5); explain)',
  excessive: 'Excessive, e.g. repetitive (Art. 12(5); explain)',
  not_a_request: 'Not a data protection request',
  duplicate: 'Duplicate of another request',
  third_party_unauthorised: 'On behalf of someone, without a mandate (told to the writer)',
  erasure_exemption: 'Erasure exemption applies (Art. 17(3); explain which)',
  data_accurate: 'Data checked and accurate (Art. 16; explain)',
  compelling_grounds: 'Compelling legitimate grounds outweigh (Art. 21(1); explain)',
};

const ACTION_LABELS: Record<string, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  reclassify: 'Types saved',
  'more-info': 'Question sent, clock paused',
  resume: 'Clock resumed',
  extend: 'Deadline extended',
  'approve-erasure-plan': 'Erasure plan approved',
  'reject-erasure-plan': 'Erasure plan rejected',
  'complete-task': 'Task completed',
  retry: 'Retry started',
  cancel: 'Cancelled',
  'resolve-attention': 'Reply marked as answered',
  'open-related': 'New request opened for what the reply asked',
  'name-subject': 'Subject named, workflow started',
  'revoke-link': 'Download link revoked',
};

/** Why intake did not make a request of a mail. */
export const IGNORED_REASON_LABELS: Record<string, string> = {
  marketing: 'Marketing or newsletter',
  automated: 'Auto-reply or bounce',
  not_addressed_to_mailbox: 'Not addressed to the privacy mailbox',
};

export const actionLabel = (action: string) => ACTION_LABELS[action] ?? action;

export function urgencyText(urgency: string, daysLeft: number, daysWaiting?: number): string {
  if (urgency === 'paused')
    return daysWaiting === undefined
      ? 'Paused'
      : `Paused, waiting ${daysWaiting} day${daysWaiting === 1 ? '' : 's'}`;
  if (urgency === 'overdue') return `Overdue ${-daysLeft} day${daysLeft === -1 ? '' : 's'}`;
  if (daysLeft === 0) return 'Due today';
  return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
}
