import type { FoldedAlert, FoldedAlertStore } from '../../functions/core/intake/folded-alerts';

/** The folded-alert list in memory, with the same once-per-request-and-kind rule as the table. */
export function memoryFoldedAlerts(): FoldedAlertStore & { digested: FoldedAlert[] } {
  const listed: FoldedAlert[] = [];
  const digested: FoldedAlert[] = [];
  const same = (a: FoldedAlert, b: FoldedAlert) => a.requestId === b.requestId && a.alertKind === b.alertKind;
  return {
    digested,
    record: async (alert) => {
      if (![...listed, ...digested].some((a) => same(a, alert))) listed.push(alert);
    },
    listUndigested: async () => [...listed].sort((a, b) => a.foldedAt.localeCompare(b.foldedAt)),
    markDigested: async (alerts) => {
      for (const alert of alerts) {
        const at = listed.findIndex((a) => same(a, alert));
        if (at >= 0) digested.push(...listed.splice(at, 1));
      }
    },
  };
}
