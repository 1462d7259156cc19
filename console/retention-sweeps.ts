/// <reference lib="dom" />
/**
 * The console's retention sweeps: the list (with "plan a sweep now" and a dry run), and one
 * sweep's plan per store, where staff keep records with a reason and approve, or reject. Built
 * from text nodes only, like the rest of the console.
 */

type Json = Record<string, unknown>;
type Child = Node | string | number | null | undefined | false;

/** What the console gives this module: its element builder, API call, page switch and error page. */
export interface ConsoleKit {
  h(
    tag: string,
    attrs?: Record<string, string | boolean | ((e: Event) => void)>,
    ...children: Child[]
  ): HTMLElement;
  api<T = Json>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  show(...nodes: Child[]): void;
  when(iso: unknown): string;
}

export const SWEEP_STATUS_LABELS: Record<string, string> = {
  requested: 'Asked for',
  planning: 'Being planned',
  dry_run: 'Dry run (nothing changed)',
  awaiting_approval: 'Waiting for approval',
  approved: 'Approved, to be carried out',
  executing: 'Being carried out',
  completed: 'Completed',
  incomplete: 'Completed with records left',
  rejected: 'Rejected',
  failed: 'Failed',
};

const MODE_LABELS: Record<string, string> = {
  connector: 'Swept by its connector',
  manual: 'By hand',
  consent: 'Until consent is withdrawn',
  not_listable: 'By hand (its API cannot list by date)',
};

const countsText = (c: Json | undefined) =>
  c ? `delete ${Number(c.delete)}, anonymise ${Number(c.anonymise)}, hold ${Number(c.retain)}` : '—';

export async function retentionSweepsPage(kit: ConsoleKit): Promise<void> {
  const { h, api, show, when } = kit;
  const { sweeps } = await api<{ sweeps: Json[] }>('GET', '/api/retention-sweeps');
  const error = h('div', { role: 'alert' });
  const request = async (dryRun: boolean) => {
    try {
      const item = await api<Json>('POST', '/api/retention-sweeps', { dryRun });
      location.hash = `#/retention/${encodeURIComponent(String(item.sweepId))}`;
    } catch (e) {
      error.replaceChildren(h('p', { class: 'error' }, (e as Error).message));
    }
  };
  show(
    h('h1', {}, 'Retention sweeps'),
    h(
      'p',
      { class: 'muted' },
      "Records past their store's retention rule in the data map, planned as an erasure (delete, anonymise, or keep under a legal hold). Nothing changes until a plan is approved. A sweep is planned every night.",
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { class: 'primary', id: 'plan-sweep', onclick: () => void request(false) },
        'Plan a sweep now',
      ),
      h('button', { id: 'dry-run', onclick: () => void request(true) }, 'Dry run'),
    ),
    error,
    sweeps.length === 0
      ? h('div', { class: 'card' }, h('p', { class: 'muted' }, 'No sweep yet.'))
      : h(
          'table',
          { id: 'sweeps' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'Sweep'),
              h('th', {}, 'Status'),
              h('th', {}, 'Asked'),
              h('th', {}, 'Plan'),
            ),
          ),
          h(
            'tbody',
            {},
            ...sweeps.map((s) =>
              h(
                'tr',
                { 'data-sweep': String(s.sweepId) },
                h(
                  'td',
                  {},
                  h(
                    'a',
                    { href: `#/retention/${encodeURIComponent(String(s.sweepId))}`, class: 'mono' },
                    String(s.sweepId),
                  ),
                ),
                h('td', {}, SWEEP_STATUS_LABELS[String(s.status)] ?? String(s.status)),
                h('td', { class: 'nowrap' }, when(s.requestedAt)),
                h('td', {}, countsText((s.summary as Json | undefined)?.counts as Json | undefined)),
              ),
            ),
          ),
        ),
  );
}

export async function retentionSweepPage(kit: ConsoleKit, sweepId: string): Promise<void> {
  const { h, api, show, when } = kit;
  const path = `/api/retention-sweeps/${encodeURIComponent(sweepId)}`;
  const sweep = await api<Json>('GET', path);
  const plan = sweep.plan as Json | null;
  const report = sweep.report as Json | null;
  const status = String(sweep.status);
  const deciding = status === 'awaiting_approval';
  const error = h('div', { role: 'alert' });
  const holdInputs: { storeId: string; recordId: string; input: HTMLInputElement }[] = [];

  const storeBlock = (store: Json) => {
    const records = (store.records as Json[]) ?? [];
    const shown = records.slice(0, 200);
    const rows = shown.map((r) => {
      const hold = r.legalHold as Json | undefined;
      const input = h('input', {
        type: 'text',
        placeholder: 'Reason to keep it',
        'aria-label': 'Reason to keep it',
      }) as HTMLInputElement;
      if (deciding && r.action !== 'retain')
        holdInputs.push({ storeId: String(store.storeId), recordId: String(r.recordId), input });
      return h(
        'tr',
        {},
        h('td', { class: 'mono' }, String(r.recordId)),
        h('td', { class: 'nowrap' }, String(r.recordDate ?? '')),
        h('td', { class: 'nowrap' }, String(r.retentionEnded ?? '')),
        h(
          'td',
          {},
          String(r.action),
          hold
            ? ` — ${String(hold.name)} ${String(hold.reference)}${r.retainUntil ? `, until ${String(r.retainUntil)}` : ''}`
            : '',
        ),
        deciding ? h('td', {}, r.action === 'retain' ? '' : input) : null,
      );
    });
    return h(
      'section',
      { class: 'card', 'data-store': String(store.storeId) },
      h('h2', {}, String(store.storeName)),
      h(
        'p',
        { class: 'muted' },
        `${MODE_LABELS[String(store.mode)] ?? String(store.mode)}. Rule: ${String(store.retention)}`,
        store.listedBefore
          ? ` Listed records dated before ${String(store.listedBefore)}: ${Number(store.listed)}.`
          : '',
        Number(store.undated) > 0 ? ` ${Number(store.undated)} without a readable date, left for staff.` : '',
      ),
      store.instructions ? h('p', {}, String(store.instructions)) : null,
      records.length === 0
        ? h('p', { class: 'muted' }, 'Nothing past retention.')
        : h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Record'),
                h('th', {}, 'Dated'),
                h('th', {}, 'Kept until'),
                h('th', {}, 'Plan'),
                deciding ? h('th', {}, 'Keep it?') : null,
              ),
            ),
            h('tbody', {}, ...rows),
          ),
      Number(store.recordCount ?? records.length) > shown.length
        ? h(
            'p',
            { class: 'muted' },
            `${shown.length} of ${Number(store.recordCount ?? records.length)} records shown (all of them: privacy-desk retention show ${sweepId} --json --store ${String(store.storeId)} --offset N)`,
          )
        : null,
    );
  };

  const approve = async () => {
    const holds = holdInputs
      .filter((x) => x.input.value.trim() !== '')
      .map((x) => ({ storeId: x.storeId, recordId: x.recordId, reason: x.input.value.trim() }));
    try {
      await api('POST', `${path}/approve`, { holds });
      await retentionSweepPage(kit, sweepId);
    } catch (e) {
      error.replaceChildren(h('p', { class: 'error' }, (e as Error).message));
    }
  };
  const reason = h('input', {
    type: 'text',
    placeholder: 'Why not',
    'aria-label': 'Why not',
  }) as HTMLInputElement;
  const reject = async () => {
    try {
      await api('POST', `${path}/reject`, { reason: reason.value });
      await retentionSweepPage(kit, sweepId);
    } catch (e) {
      error.replaceChildren(h('p', { class: 'error' }, (e as Error).message));
    }
  };
  const totals = report?.totals as Json | undefined;
  show(
    h('p', {}, h('a', { href: '#/retention' }, '← Retention sweeps')),
    h('h1', {}, `Retention sweep ${sweepId}`),
    h(
      'p',
      {},
      h('strong', { id: 'sweep-status' }, SWEEP_STATUS_LABELS[status] ?? status),
      plan ? ` · planned ${when(plan.plannedAt)} · ${countsText(plan.counts as Json)}` : '',
      sweep.approvedBy ? ` · approved by ${String(sweep.approvedBy)}` : '',
    ),
    totals
      ? h(
          'div',
          { class: 'card', id: 'sweep-report' },
          h('h2', {}, 'Report'),
          h(
            'p',
            {},
            `Deleted ${Number(totals.deleted)}, anonymised ${Number(totals.anonymised)}, held ${Number(totals.held)}, left for staff ${Number(totals.manual)}, still there ${Number(totals.leftovers)}.`,
          ),
          ...((report?.stores as Json[]) ?? []).flatMap((s) =>
            ((s.held as Json[]) ?? []).map((held) =>
              h(
                'p',
                { class: 'muted' },
                `${String(s.storeId)}: ${(held.recordIds as string[]).length} kept under ${String(held.name)} (${String(held.reference)})`,
              ),
            ),
          ),
        )
      : null,
    deciding
      ? h(
          'div',
          { class: 'card' },
          h(
            'p',
            {},
            'Approve to carry this plan out. Give a reason next to any record to keep it this time.',
          ),
          h(
            'button',
            { class: 'primary', id: 'approve-sweep', onclick: () => void approve() },
            'Approve the sweep',
          ),
          h('div', {}, reason, h('button', { id: 'reject-sweep', onclick: () => void reject() }, 'Reject')),
          error,
        )
      : null,
    ...(plan
      ? ((plan.stores as Json[]) ?? []).map(storeBlock)
      : [h('p', { class: 'muted' }, 'Being planned…')]),
  );
}
