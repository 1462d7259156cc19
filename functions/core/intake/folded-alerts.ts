/**
 * Staff alerts that intake held back because this hour's alert of their kind had already gone out
 * (auto-reply-limits.ts). Each stays listed until a staff digest has named it, so a real breach
 * report arriving in a flood of fakes is still mailed to staff by id. Ids, kinds and times only.
 */

/** The alert kinds intake sends (and so may fold). */
export type FoldedAlertKind = 'virus' | 'security';

export interface FoldedAlert {
  requestId: string;
  alertKind: FoldedAlertKind;
  /** When intake folded it: an ISO instant. */
  foldedAt: string;
}

export interface FoldedAlertStore {
  /** Lists a folded alert until a digest names it; recording the same request and kind again changes nothing. */
  record(alert: FoldedAlert): Promise<void>;
  /** Folded alerts no digest has named yet, oldest first. */
  listUndigested(): Promise<FoldedAlert[]>;
  /** Takes alerts off the list once a digest naming them has been sent. */
  markDigested(alerts: readonly FoldedAlert[], at: Date): Promise<void>;
}

/** One line of the digest: how many alerts of a kind were folded, since when, and which requests. */
export interface FoldedAlertGroup {
  alertKind: FoldedAlertKind;
  foldedCount: number;
  firstFoldedAt: string;
  lastFoldedAt: string;
  /** The request ids, oldest first, comma-separated: staff open each in the console. */
  requestIds: string;
}

/** Groups folded alerts per kind, security first (a breach report has a 72-hour clock), oldest first within. */
export function groupFoldedAlerts(alerts: readonly FoldedAlert[]): FoldedAlertGroup[] {
  const order: readonly FoldedAlertKind[] = ['security', 'virus'];
  return order.flatMap((alertKind) => {
    const ofKind = alerts
      .filter((a) => a.alertKind === alertKind)
      .sort((a, b) => a.foldedAt.localeCompare(b.foldedAt) || a.requestId.localeCompare(b.requestId));
    const first = ofKind[0];
    const last = ofKind.at(-1);
    if (!first || !last) return [];
    return [
      {
        alertKind,
        foldedCount: ofKind.length,
        firstFoldedAt: first.foldedAt,
        lastFoldedAt: last.foldedAt,
        requestIds: ofKind.map((a) => a.requestId).join(', '),
      },
    ];
  });
}
