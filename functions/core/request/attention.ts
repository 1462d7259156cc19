import type { RequestType, Status, Verdicts } from './request';

/**
 * Something a requester wrote that a person must read: a reply on an open or closed case, or a
 * reply asking for more or other rights than the request carries. Intake raises it; it stays in
 * front of staff (queue, request page, CLI) until a staff member marks it handled.
 */
export const ATTENTION_KINDS = ['asked_for_more', 'reply'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export interface AttentionItem {
  requestId: string;
  /** Unique per request: derived from the mail that raised it, so a redelivery raises nothing new. */
  attentionId: string;
  kind: AttentionKind;
  /** For `asked_for_more`: the rights asked for that the request does not carry. */
  types?: RequestType[];
  at: string;
  /** The request's status when the mail came: a reply to a closed case needs an answer too. */
  requestStatus: Status;
  /** The reply itself and its receipt verdicts: what a request opened from it starts with. */
  rawRef?: string;
  verdicts?: Verdicts;
  resolvedAt?: string;
  resolvedBy?: string;
  /** The request staff opened for what the reply asked. */
  openedAs?: string;
}

export interface AttentionStore {
  /** Stores an item; raising the same item again changes nothing. */
  raise(item: AttentionItem): Promise<void>;
  /** Every unresolved item, oldest first. */
  listOpen(): Promise<AttentionItem[]>;
  /** The items of one request, resolved ones included. */
  listFor(requestId: string): Promise<AttentionItem[]>;
  /** Marks an item handled; false when it was already handled (or does not exist). */
  resolve(requestId: string, attentionId: string, actor: string, at: Date): Promise<boolean>;
  /**
   * Records that a new request `newId` is opened for an unresolved item, unless one already was:
   * returns that earlier request's id, or undefined when this call recorded `newId`.
   */
  markOpened(requestId: string, attentionId: string, newId: string): Promise<string | undefined>;
}

/** What staff read in the queue and on the request page, e.g. "asked for more: erasure". */
export function attentionText(item: Pick<AttentionItem, 'kind' | 'types'>): string {
  if (item.kind === 'asked_for_more') return `the requester asked for more: ${(item.types ?? []).join(', ')}`;
  return 'the requester replied: read and answer';
}
