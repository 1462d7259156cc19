/// <reference lib="dom" />
/**
 * What every page shares: dates in the staff's time zone, badges, fact lists, the loading of a
 * page's data and the line that reports a failed action. Text goes into the page through preact,
 * which escapes it: mail and staff input are never markup.
 */
import { html } from 'htm/preact';
import type { ComponentChildren, VNode } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { QueueItem } from '../functions/core/staff/staff-views';
import { errorText, isSessionError } from './api';
import { STATUS_LABELS, TYPE_LABELS, urgencyText } from './labels';

const dateFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/Stockholm',
});
const timeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Stockholm',
});

/** A calendar date (noon, so the time zone cannot move it a day) or an instant, as a day. */
export const day = (date: string | undefined) =>
  date ? dateFmt.format(new Date(date.length === 10 ? `${date}T12:00:00Z` : date)) : '—';
export const when = (iso: string | undefined) => (iso ? timeFmt.format(new Date(iso)) : '—');
export const typesText = (list: readonly string[] | undefined) =>
  list?.length ? list.map((t) => TYPE_LABELS[t] ?? t).join(', ') : 'Not classified';
export const words = (code: string) => code.replace(/_/g, ' ');

export function StatusBadge({ status, reason }: { status: string; reason?: string | undefined }): VNode {
  return html`<span class=${`badge ${status}`} data-status=${status}
    >${STATUS_LABELS[status] ?? status}${reason ? ` · ${words(reason)}` : ''}</span
  >`;
}

export function UrgencyBadge({
  item,
}: {
  item: Pick<QueueItem, 'urgency' | 'daysLeft' | 'daysWaiting'>;
}): VNode {
  return html`<span class=${`badge ${item.urgency}`}
    >${urgencyText(item.urgency, item.daysLeft, item.daysWaiting)}</span
  >`;
}

export type Fact = [string, ComponentChildren];

export function Facts({ entries }: { entries: Fact[] }): VNode {
  return html`<dl class="facts">
    ${entries.map(([k, v]) => [html`<dt>${k}</dt>`, html`<dd>${v ?? '—'}</dd>`])}
  </dl>`;
}

/** One action on a page: a title, a line on what it does, then its fields and buttons. */
export function ActionPanel({
  title,
  hint,
  children,
}: {
  title: string;
  hint: string;
  children?: ComponentChildren;
}): VNode {
  return html`<div class="action">
    <h2>${title}</h2>
    <p class="muted small">${hint}</p>
    ${children}
  </div>`;
}

export function ErrorLine({ error }: { error: string | undefined }): VNode | null {
  return error ? html`<p class="error">${error}</p>` : null;
}

/** The value of the input, select or text area an event came from. */
export const fieldValue = (event: Event): string => {
  const target = event.currentTarget;
  return target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
    ? target.value
    : '';
};
export const checkedOf = (event: Event): boolean =>
  event.currentTarget instanceof HTMLInputElement && event.currentTarget.checked;

/** A text field's state and its input handler. */
export function useText(initial = ''): [string, (event: Event) => void, (value: string) => void] {
  const [value, setValue] = useState(initial);
  return [value, (event: Event) => setValue(fieldValue(event)), setValue];
}

/**
 * Where a page hands what it cannot show itself: signed out, forbidden, or its data failing to
 * load. The console answers with sign-in, "no access" or an error page.
 */
let failPage: (error: unknown) => void = () => {};
export const onPageFailure = (handler: (error: unknown) => void) => {
  failPage = handler;
};

/**
 * Runs an action of a page: a lost session goes to the console, any other error comes back as
 * text for the page to show where the action is.
 */
export async function attempt(work: () => Promise<void>): Promise<string | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    if (isSessionError(error)) {
      failPage(error);
      return undefined;
    }
    return errorText(error);
  }
}

export interface Loaded<T> {
  data: T | undefined;
  /** Loads again; the page keeps showing the old data meanwhile. */
  reload: () => Promise<void>;
  /** Counts the loads, to start forms afresh from the data they show. */
  version: number;
}

/** A page's data: loaded on mount and on `reload`; a failed load goes to the console's error page. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; version: number }>({
    data: undefined,
    version: 0,
  });
  const reload = useCallback(async () => {
    try {
      const data = await load();
      setState((s) => ({ data, version: s.version + 1 }));
    } catch (error) {
      failPage(error);
    }
  }, [key]);
  useEffect(() => {
    setState({ data: undefined, version: 0 });
    void reload();
  }, [reload]);
  return { ...state, reload };
}

export const Loading = (): VNode => html`<p class="muted">Loading…</p>`;

/** A line shown once on the next page drawn: what the last action did. */
let pendingNotice: string | undefined;
export const setNotice = (text: string) => {
  pendingNotice = text;
};
export const takeNotice = (): string | undefined => {
  const text = pendingNotice;
  pendingNotice = undefined;
  return text;
};
