import type { DataMap, Language, Recipient } from '../datamap';
import { MailNotSentError, NotFoundError } from '../errors';
import type { Mailbox } from '../intake/mailbox';
import { replyAddressFor } from '../intake/mailbox';
import type { Clock, Mailer, RequestStore } from '../ports';
import type { AuditEvent, RequestType } from '../request/request';
import type { TemplatePacks } from './template-packs';
import { renderMessage } from './templates';

/**
 * Art. 19: after a rectification, erasure or restriction, every recipient the data map lists for a
 * store that held the subject's records is told of it: by mail where the map gives an address, by
 * a staff task otherwise, or not at all where the map says why none is needed. The subject then
 * learns who was told (the article's second sentence), without having to ask.
 */

export const ART19_TYPES: readonly RequestType[] = ['rectification', 'erasure', 'restriction'];

export interface PlannedNotice {
  /** Stable per recipient: the staff task's id is `manual:notify:<key>`. */
  key: string;
  recipient: string;
  /** The data map stores whose data the recipient may have received. */
  storeIds: string[];
  notify: NonNullable<Recipient['notify']>;
}

/** One notice per recipient (a recipient of several stores is told once), in data map order. */
export function planRecipientNotices(dataMap: DataMap, storeIds: ReadonlySet<string>): PlannedNotice[] {
  const byName = new Map<string, PlannedNotice>();
  for (const store of dataMap.stores) {
    if (!storeIds.has(store.id)) continue;
    for (const recipient of store.recipients) {
      const planned = byName.get(recipient.name);
      if (planned) planned.storeIds.push(store.id);
      else
        byName.set(recipient.name, {
          key: keyOf(recipient.name),
          recipient: recipient.name,
          storeIds: [store.id],
          notify: recipient.notify ?? { by: 'staff' },
        });
    }
  }
  return [...byName.values()];
}

/** `Example Mail AB` → `example-mail-ab`: a task id part made of the name, readable in the console. */
function keyOf(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'recipient'
  );
}

/** Stores the collection found the subject in (a manual store counts once staff reported it found). */
export function storesWithRecords(trail: readonly AuditEvent[]): Set<string> {
  const found = new Set<string>();
  for (const event of trail) {
    const detail = event.detail as { storeId?: unknown; status?: unknown } | undefined;
    if (
      event.action === 'store_collected' &&
      detail?.status === 'found' &&
      typeof detail.storeId === 'string'
    )
      found.add(detail.storeId);
  }
  return found;
}

export interface StaffNoticeTask {
  key: string;
  /** For staff, without personal data: whom to tell, about what, and how to confirm. */
  instructions: string;
}

export interface NotifyRecipientsResult {
  /** One staff task each: the workflow opens `manual:notify:<key>` and waits for it. */
  staffTasks: StaffNoticeTask[];
  /** The recipients told (by mail or by staff), for the subject's mail; names only. */
  recipients: string[];
}

export interface NotifyRecipientsDeps {
  requests: RequestStore;
  mailer: Mailer;
  clock: Clock;
  mailbox: Mailbox;
  dataMap: DataMap;
  templates: TemplatePacks;
}

/**
 * Workflow step: plans the notices, mails those with an address (at most once per request and
 * recipient, so a retried step mails no one twice) and hands the rest to staff. The output names
 * companies and counts only, never the subject.
 */
export async function notifyRecipients(
  input: { requestId: string },
  deps: NotifyRecipientsDeps,
): Promise<NotifyRecipientsResult> {
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) throw new NotFoundError(`request ${input.requestId} not found`);
  const changes = request.types.filter((t) => ART19_TYPES.includes(t));
  if (changes.length === 0) return { staffTasks: [], recipients: [] };

  const trail = await deps.requests.listEvents(request.id);
  const notices = planRecipientNotices(deps.dataMap, storesWithRecords(trail));
  const storeName = (id: string) => deps.dataMap.stores.find((s) => s.id === id)?.name ?? id;
  const staffTasks: StaffNoticeTask[] = [];
  const recipients: string[] = [];
  for (const notice of notices) {
    const { notify } = notice;
    if (notify.by === 'none') continue;
    recipients.push(notice.recipient);
    if (notify.by === 'staff') {
      staffTasks.push({
        key: notice.key,
        instructions: [
          `Tell ${notice.recipient} of the ${changes.join(', ')} of the subject's data from ${notice.storeIds.map(storeName).join(', ')} (Art. 19), then mark the task done.`,
          notify.instructions ?? '',
        ]
          .join(' ')
          .trim(),
      });
      continue;
    }
    const language: Language = notify.language ?? 'en';
    const message = renderMessage(
      'recipient_notice',
      language,
      {
        requestId: request.id,
        types: changes,
        subjectAddress: request.subjectEmail,
        systems: notice.storeIds.map((id) => {
          const store = deps.dataMap.stores.find((s) => s.id === id);
          return store?.publicName?.[language] ?? storeName(id);
        }),
        contactAddress: `${deps.mailbox.local}@${deps.mailbox.domain}`,
      },
      deps.templates,
    );
    const onceKey = `mail#recipient_notice#${notice.key}`;
    if (!(await deps.requests.claimOnce(request.id, onceKey))) continue;
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({
        to: notify.address,
        ...message,
        replyTo: replyAddressFor(deps.mailbox, request.id),
        headers: { 'X-Privacy-Desk-Request': request.id, 'Auto-Submitted': 'auto-generated' },
      }));
    } catch (error) {
      // Refused by SES, so not sent: the claim goes back and the retried step sends it.
      if (error instanceof MailNotSentError) await deps.requests.releaseOnce?.(request.id, onceKey);
      throw error;
    }
    await deps.requests.appendEvent(request.id, {
      at: deps.clock.now().toISOString(),
      actor: 'system:workflow',
      action: 'recipient_notified',
      detail: { recipient: notice.recipient, by: 'mail', sesMessageId: messageId },
    });
  }
  await deps.requests.appendEvent(request.id, {
    at: deps.clock.now().toISOString(),
    actor: 'system:workflow',
    action: 'recipient_notices_planned',
    detail: {
      mail: notices.filter((n) => n.notify.by === 'mail').map((n) => n.recipient),
      staff: staffTasks.map((t) => t.key),
      notNeeded: notices.filter((n) => n.notify.by === 'none').map((n) => n.recipient),
    },
  });
  return { staffTasks, recipients };
}
