import { createHash } from 'node:crypto';
import type { ConsentLedger, ConsentPurpose, ConsentStatus } from './consents';
import {
  type UnsubscribeAction,
  type UnsubscribeRejection,
  unsubscribeChange,
  verifyUnsubscribe,
} from './unsubscribe-link';

/**
 * One-click withdrawal and objection from a signed link (RFC 8058). Nothing is recorded for a
 * token that fails verification; a verified token records its change at most once per state of
 * the purpose, so a mail client that POSTs twice, or a double click, writes one history item.
 */

export interface UnsubscribeDeps {
  ledger: ConsentLedger;
  /** Accepted secrets, newest first. */
  secrets: readonly string[];
  now: () => Date;
}

export type UnsubscribeResult =
  | {
      ok: true;
      purpose: ConsentPurpose;
      action: UnsubscribeAction;
      status: ConsentStatus;
      /** False when the link's change was already in force and nothing was written. */
      recorded: boolean;
    }
  | { ok: false; reason: UnsubscribeRejection };

/** Reads a link without acting on it: what the confirmation page shows. */
export function inspectUnsubscribeToken(
  token: string,
  secrets: readonly string[],
):
  | { ok: true; purpose: ConsentPurpose; action: UnsubscribeAction }
  | { ok: false; reason: UnsubscribeRejection } {
  const verified = verifyUnsubscribe(token, secrets);
  if (!verified.ok) return verified;
  return { ok: true, purpose: verified.payload.purpose, action: verified.payload.action };
}

function alreadyInForce(action: UnsubscribeAction, status: ConsentStatus): boolean {
  return status === 'objected' || (action === 'withdraw' && status === 'withdrawn');
}

export async function unsubscribe(token: string, deps: UnsubscribeDeps): Promise<UnsubscribeResult> {
  const verified = verifyUnsubscribe(token, deps.secrets);
  if (!verified.ok) return verified;
  const { subjectKey, purpose, action } = verified.payload;
  const before = (await deps.ledger.current(subjectKey))[purpose];
  if (alreadyInForce(action, before.status)) {
    return { ok: true, purpose, action, status: before.status, recorded: false };
  }
  const tokenHash = createHash('sha256').update(token).digest('hex').slice(0, 32);
  const result = await deps.ledger.record(subjectKey, {
    ...unsubscribeChange(verified.payload, deps.now().toISOString()),
    // Per token and state version: repeats of one click collapse, a click after re-subscribing counts.
    idempotencyKey: `link:${tokenHash}:v${before.version}`,
  });
  return { ok: true, purpose, action, status: result.state.status, recorded: !result.duplicate };
}
