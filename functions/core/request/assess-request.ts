import { addDaysToInstant } from '../calendar/calendar-date';
import { NotFoundError } from '../errors';
import type { RequestStore } from '../ports';
import type { DsrRequest, RequestType } from './request';

/** What may skip staff review, and when a requester asks too often (Art. 12(5)). */
export interface ReviewPolicy {
  autoApproveTypes: readonly RequestType[];
  maxRequestsPerMonth: number;
}

export const DEFAULT_REVIEW_POLICY: ReviewPolicy = {
  autoApproveTypes: ['objection', 'withdraw_consent'],
  maxRequestsPerMonth: 3,
};

export type RiskFlag =
  | 'on_behalf'
  | 'subject_differs_from_sender'
  | 'spf_fail'
  | 'dkim_fail'
  | 'dmarc_fail'
  | 'frequent_requester'
  | 'needs_staff_by_type'
  | 'several_from_addresses';

/** The workflow's branches, in the order they run: access before erasure. */
export interface BranchPlan {
  access: boolean;
  rectification: boolean;
  restriction: boolean;
  consent: boolean;
  erasure: boolean;
}

export interface Assessment {
  review: 'auto' | 'staff';
  flags: RiskFlag[];
  branches: BranchPlan;
  /** Stores to collect from; empty when no branch needs the subject's data. */
  stores: string[];
}

/** Risk flags of a verified request: any of them sends it to staff. Pure. */
export function riskFlags(request: DsrRequest, requestsLastMonth: number, policy: ReviewPolicy): RiskFlag[] {
  const flags: RiskFlag[] = [];
  if (request.onBehalf) flags.push('on_behalf');
  if (request.senderEmail && request.senderEmail !== request.subjectEmail)
    flags.push('subject_differs_from_sender');
  if (request.otherFromAddresses?.length) flags.push('several_from_addresses');
  if (request.verdicts?.spf === 'FAIL') flags.push('spf_fail');
  if (request.verdicts?.dkim === 'FAIL') flags.push('dkim_fail');
  if (request.verdicts?.dmarc === 'FAIL') flags.push('dmarc_fail');
  if (requestsLastMonth > policy.maxRequestsPerMonth) flags.push('frequent_requester');
  if (request.types.length === 0 || request.types.some((t) => !policy.autoApproveTypes.includes(t))) {
    flags.push('needs_staff_by_type');
  }
  return flags;
}

export function branchesFor(types: readonly RequestType[]): BranchPlan {
  const has = (...wanted: RequestType[]) => wanted.some((t) => types.includes(t));
  return {
    access: has('access', 'portability'),
    rectification: has('rectification'),
    restriction: has('restriction'),
    consent: has('objection', 'withdraw_consent'),
    erasure: has('erasure'),
  };
}

export interface AssessDeps {
  requests: RequestStore;
  countRequestsSince(subjectKey: string, sinceIso: string): Promise<number>;
  storeIds: readonly string[];
  policy: ReviewPolicy;
  now: Date;
}

/** Workflow step: decides staff review or auto-approval, and which branches and stores follow. */
export async function assessRequest(requestId: string, deps: AssessDeps): Promise<Assessment> {
  const request = await deps.requests.getRequest(requestId);
  if (!request) throw new NotFoundError(`request ${requestId} not found`);
  const monthAgo = addDaysToInstant(deps.now, -30).toISOString();
  const recent = await deps.countRequestsSince(request.subjectKey, monthAgo);
  const flags = riskFlags(request, recent, deps.policy);
  const branches = branchesFor(request.types);
  const needsData = branches.access || branches.erasure || branches.rectification || branches.restriction;
  const review = flags.length === 0 ? 'auto' : 'staff';
  // Staff see in the timeline why a request waits for them (flags are codes, no personal data).
  await deps.requests.appendEvent(request.id, {
    at: deps.now.toISOString(),
    actor: 'system:workflow',
    action: 'request_assessed',
    detail: { review, flags },
  });
  return {
    review,
    flags,
    branches,
    stores: needsData ? [...deps.storeIds] : [],
  };
}
