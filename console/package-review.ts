/// <reference lib="dom" />
/**
 * The staff check of an access package before it leaves (Art. 15(4)): the records of the stores
 * marked review-before-release, each with a box to withhold it, and one button that releases the
 * package without the ticked records. The records are loaded on request (reading them is audited)
 * and put into the page as text only.
 */

type Json = Record<string, unknown>;
type Child = Node | string | number | null | undefined | false;
type Build = (
  tag: string,
  attrs?: Record<string, string | boolean | ((e: Event) => void)>,
  ...children: Child[]
) => HTMLElement;

export interface PackageReviewPanel {
  /** The console's element builder (text nodes only). */
  h: Build;
  /** The task as the request view lists it: `subject` names the held stores, comma-separated. */
  task: Json;
  /** The request's findings, as `GET /api/requests/{id}/findings` answers. */
  loadFindings: () => Promise<Json>;
  release: (withheld: string[]) => void;
  onError: (error: unknown) => void;
}

export const PACKAGE_REVIEW_TASK = 'manual:package-review';

export function packageReviewPanel({
  h,
  task,
  loadFindings,
  release,
  onError,
}: PackageReviewPanel): HTMLElement {
  const held = String(task.subject ?? '')
    .split(',')
    .filter(Boolean);
  const area = h('div', { id: 'package-review' });
  const load = async () => {
    area.replaceChildren(h('p', { class: 'muted small' }, 'Loading the records…'));
    try {
      const stores = (((await loadFindings()).stores as Json[] | undefined) ?? []).filter((s) =>
        held.includes(String(s.storeId)),
      );
      releaseButton.disabled = false;
      area.replaceChildren(
        h('p', { class: 'muted small' }, 'Tick each record that must not leave (it is about someone else).'),
        ...stores.map((store) => {
          const records = (store.records as Json[] | undefined) ?? [];
          return h(
            'fieldset',
            { 'data-store': String(store.storeId) },
            h('legend', {}, `${String(store.storeId)}: ${records.length} record(s)`),
            ...records.map((record) => {
              const recordId = String(record.recordId);
              return h(
                'div',
                { class: 'record' },
                h(
                  'label',
                  {},
                  h('input', { type: 'checkbox', 'data-withhold': recordId }),
                  ` Withhold ${recordId}`,
                ),
                h(
                  'table',
                  {},
                  ...Object.entries((record.fields as Json | undefined) ?? {}).map(([field, value]) =>
                    h(
                      'tr',
                      {},
                      h('th', { scope: 'row' }, field),
                      h('td', {}, typeof value === 'object' ? JSON.stringify(value) : String(value ?? '')),
                    ),
                  ),
                ),
              );
            }),
          );
        }),
      );
    } catch (e) {
      onError(e);
      area.replaceChildren(h('p', { class: 'error' }, (e as Error).message));
    }
  };
  area.append(
    h(
      'button',
      { id: 'load-package-review', type: 'button', onclick: () => void load() },
      'Show the records to check',
    ),
  );
  const withheld = () =>
    [...document.querySelectorAll<HTMLInputElement>('#package-review input[data-withhold]:checked')].map(
      (box) => box.dataset.withhold ?? '',
    );
  // Released only after the records were shown: the check is the point of the task.
  const releaseButton = h(
    'button',
    { id: 'release-package', class: 'primary', disabled: true, onclick: () => release(withheld()) },
    'Release package',
  ) as HTMLButtonElement;
  return h(
    'div',
    { class: 'action' },
    h('h2', {}, 'Check the package before it leaves'),
    h('p', { class: 'small' }, String(task.instructions ?? '')),
    area,
    h('div', { class: 'row' }, releaseButton),
  );
}
