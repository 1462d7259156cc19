import type { RequestStore } from '../ports';
import { isAnswered } from '../replies/answers';

export type CloseReason = 'fulfilled' | 'no_data_found' | 'partially_fulfilled';

/** Per-store outcomes as the collect step records them. */
export interface StoreOutcome {
  storeId: string;
  status: 'found' | 'none' | 'manual_pending' | 'failed' | string;
}

/** Why a request that ran to its end is complete: nothing found anywhere, some stores not done, or fulfilled. */
export function closeReason(outcomes: readonly StoreOutcome[]): CloseReason {
  if (outcomes.some((o) => o.status === 'failed' || o.status === 'manual_pending'))
    return 'partially_fulfilled';
  if (outcomes.length > 0 && outcomes.every((o) => o.status === 'none')) return 'no_data_found';
  return 'fulfilled';
}

/** The request would close without a mail that answers it: the step fails, staff are alerted. */
export class UnansweredRequestError extends Error {
  override name = 'UnansweredRequestError';
}

/**
 * Workflow step: the last transition, to `completed` with the reason the outcomes give. Only a
 * request whose answer went out (or whose trail says why it could not) is closed.
 */
export async function closeRequest(
  requestId: string,
  deps: { requests: RequestStore; storeOutcomes(requestId: string): Promise<StoreOutcome[]> },
): Promise<{ reason: CloseReason }> {
  if (!isAnswered(await deps.requests.listEvents(requestId)))
    throw new UnansweredRequestError(`request ${requestId} has no answer mailed`);
  const reason = closeReason(await deps.storeOutcomes(requestId));
  await deps.requests.transition(requestId, {
    from: ['replying'],
    to: 'completed',
    reason,
    actor: 'system:workflow',
    action: 'request_closed',
  });
  return { reason };
}
