import { type CalendarDate, parseCalendarDate, TIME_ZONE } from '../calendar/calendar-date';
import { escapeHtml } from '../escape-html';
import type { ReplyLanguage, RequestType } from '../request/request';
import { countOf } from './plural';
import {
  ALERT_KINDS,
  type AlertKind,
  type Block,
  type LanguageBasics,
  REJECTION_REASONS,
  type RejectionReason,
  type RenderedMessage,
  STAFF_TEMPLATES,
  type TemplateName,
  type TemplatePacks,
  type TemplateVars,
} from './template-packs';

/**
 * Renders reply and staff mails from language packs the caller passes in (the deployment's are in
 * `config/templates/`, wired by the handlers as the data map is). Pure: no I/O, no clock. Dates,
 * lists and plural forms come from `Intl` in the pack's locale. Placeholders are `{{name}}`; `{{#name}}…{{/name}}` shows its content only when the
 * variable is present (and a list is non-empty), `{{^name}}…{{/name}}` only when it is absent.
 * Values are never parsed as template text, and are HTML-escaped in the html part.
 */

export class MissingTemplateVariableError extends Error {
  override name = 'MissingTemplateVariableError';
  constructor(
    readonly variable: string,
    readonly template: TemplateName,
    readonly language: ReplyLanguage,
  ) {
    super(`template ${template} (${language}) needs the variable "${variable}"`);
  }
}

/** A variable of the wrong shape. The message names the variable, never its value (personal data). */
export class InvalidTemplateVariableError extends Error {
  override name = 'InvalidTemplateVariableError';
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly template: TemplateName,
    readonly language: ReplyLanguage,
  ) {
    super(`template ${template} (${language}): variable "${variable}" must be ${expected}`);
  }
}

type Kind = 'text' | 'multiline' | 'date' | 'dateTime' | 'url' | 'days' | 'types' | 'alertKind' | 'flag';

/** How each placeholder is formatted; list element fields included. Unknown names are template bugs. */
const KINDS: Readonly<Record<string, Kind>> = {
  requestId: 'text',
  contactAddress: 'text',
  subjectAddress: 'text',
  organisationName: 'text',
  originalRequestId: 'text',
  step: 'text',
  item: 'text',
  description: 'text',
  legalBasis: 'text',
  purpose: 'text',
  grounds: 'multiline',
  id: 'text',
  status: 'text',
  question: 'multiline',
  extensionReason: 'multiline',
  rejectionDetail: 'multiline',
  alertReason: 'multiline',
  dueDate: 'date',
  previousDueDate: 'date',
  backupExpiryDate: 'date',
  today: 'date',
  until: 'date',
  linkExpiresAt: 'dateTime',
  verificationUrl: 'url',
  downloadUrl: 'url',
  consoleUrl: 'url',
  daysLeft: 'days',
  daysOverdue: 'days',
  daysWaiting: 'days',
  foldedCount: 'text',
  requestIds: 'text',
  firstFoldedAt: 'dateTime',
  lastFoldedAt: 'dateTime',
  pausedSinceDate: 'date',
  types: 'types',
  alertKind: 'alertKind',
  paused: 'flag',
  reminded: 'flag',
  incidentId: 'text',
  authorityDeadline: 'dateTime',
  breachClock: 'text',
};

type Mode = 'text' | 'html';

interface RenderContext {
  readonly template: TemplateName;
  readonly language: ReplyLanguage;
  readonly pack: LanguageBasics;
  readonly mode: Mode;
}

/** Variables in scope: a list element's fields first, then the message's variables. */
type Scope = readonly Readonly<Record<string, unknown>>[];

export function renderMessage<N extends TemplateName>(
  name: N,
  language: ReplyLanguage,
  vars: TemplateVars,
  packs: TemplatePacks<N>,
): RenderedMessage {
  const pack = packs[language];
  const definition = pack.templates[name];
  const scope: Scope = [vars as Readonly<Record<string, unknown>>];
  const textContext: RenderContext = { template: name, language, pack, mode: 'text' };
  const htmlContext: RenderContext = { ...textContext, mode: 'html' };

  // One line, whatever the values hold: a subject is a mail header.
  const subject = renderInline(definition.subject, scope, textContext).replace(/\s+/g, ' ').trim();
  const forSubject = !STAFF_TEMPLATES.has(name);
  const closing = forSubject ? pack.signature : [];
  const footer = forSubject ? pack.replyFooter : [];

  const text = [
    ...renderBlocks([...definition.body, ...closing], scope, textContext),
    ...renderBlocks(footer, scope, textContext),
  ].join('\n\n');
  const html = htmlLayout(
    pack.htmlLang,
    escapeHtml(subject),
    renderBlocks([...definition.body, ...closing], scope, htmlContext).join('\n'),
    renderBlocks(footer, scope, htmlContext).join('\n'),
  );
  return { subject, text: `${text}\n`, html };
}

/** Request types in words, in the pack's language: "registerutdrag och radering". */
export function describeTypes(types: readonly RequestType[], pack: LanguageBasics): string {
  return listInWords(
    [...new Set(types)].map((type) => pack.typeNames[type]),
    pack,
  );
}

/** A calendar date (YYYY-MM-DD) in words: "25 december 2026", "25. desember 2026". */
export function formatDate(date: CalendarDate, pack: LanguageBasics): string {
  const parsed = parseCalendarDate(date);
  if (!parsed) throw new RangeError('not a calendar date (YYYY-MM-DD)');
  return dateInWords(parsed, pack);
}

/** "a, b och c", "a, b og c", "a, b and c". */
function listInWords(items: readonly string[], pack: LanguageBasics): string {
  return new Intl.ListFormat(pack.locale, { type: 'conjunction' }).format(items);
}

// A calendar date is a day, not an instant: formatted at UTC noon, so no zone moves it.
function dateInWords(date: { year: number; month: number; day: number }, pack: LanguageBasics): string {
  return new Intl.DateTimeFormat(pack.locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(date.year, date.month - 1, date.day, 12)));
}

// Link expiry is shown in the controller's time zone; Oslo keeps the same clock.
const stockholmParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function dateTimeInWords(instant: Date, pack: LanguageBasics): string {
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    stockholmParts.formatToParts(instant).find((p) => p.type === type)?.value ?? '';
  const date = dateInWords(
    { year: Number(part('year')), month: Number(part('month')), day: Number(part('day')) },
    pack,
  );
  return pack.dateTimeFormat
    .replace('{date}', date)
    .replace('{hour}', part('hour').padStart(2, '0'))
    .replace('{minute}', part('minute').padStart(2, '0'));
}

/** Escaped text with line breaks kept. */
function htmlText(value: string): string {
  return escapeHtml(value).replace(/\r?\n/g, '<br>');
}

function lookup(name: string, scope: Scope): unknown {
  for (const frame of scope) {
    if (Object.hasOwn(frame, name)) return frame[name];
  }
  return undefined;
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function requireValue(name: string, scope: Scope, context: RenderContext): unknown {
  const value = lookup(name, scope);
  if (!isPresent(value)) throw new MissingTemplateVariableError(name, context.template, context.language);
  return value;
}

/** One placeholder's value, formatted for the language and escaped for the mode. */
function formatValue(name: string, scope: Scope, context: RenderContext): string {
  const kind = KINDS[name];
  if (!kind || kind === 'flag')
    throw new Error(`template ${context.template} uses unknown variable "${name}"`);
  const value = requireValue(name, scope, context);
  const invalid = (expected: string) =>
    new InvalidTemplateVariableError(name, expected, context.template, context.language);
  const html = context.mode === 'html';

  switch (kind) {
    case 'text':
    case 'multiline': {
      if (typeof value !== 'string' && typeof value !== 'number') throw invalid('a string');
      const text = String(value);
      if (!html) return text;
      return kind === 'multiline' ? htmlText(text) : escapeHtml(text);
    }
    case 'date': {
      const parsed = typeof value === 'string' ? parseCalendarDate(value) : undefined;
      if (!parsed) throw invalid('a calendar date (YYYY-MM-DD)');
      return dateInWords(parsed, context.pack);
    }
    case 'dateTime': {
      const instant = typeof value === 'string' || value instanceof Date ? new Date(value) : undefined;
      if (!instant || Number.isNaN(instant.getTime())) throw invalid('an ISO date-time');
      return dateTimeInWords(instant, context.pack);
    }
    case 'url': {
      const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw invalid('an http(s) URL');
      if (!html) return url.href;
      const href = escapeHtml(url.href);
      return `<a href="${href}" style="color:#0b5cad;word-break:break-all;">${href}</a>`;
    }
    case 'days': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('a whole number of days');
      return countOf(context.pack.locale, value, context.pack.dayUnit);
    }
    case 'types': {
      if (!Array.isArray(value) || !value.every((t) => Object.hasOwn(context.pack.typeNames, t))) {
        throw invalid('a list of request types');
      }
      const words = describeTypes(value as RequestType[], context.pack);
      return html ? escapeHtml(words) : words;
    }
    case 'alertKind': {
      if (typeof value !== 'string' || !Object.hasOwn(context.pack.alertKinds, value)) {
        throw invalid(`one of ${ALERT_KINDS.join(', ')}`);
      }
      const words = context.pack.alertKinds[value as AlertKind];
      return html ? escapeHtml(words) : words;
    }
  }
}

// ---- inline templates: {{name}}, {{#name}}…{{/name}}, {{^name}}…{{/name}}

type InlineNode =
  | { readonly type: 'literal'; readonly text: string }
  | { readonly type: 'variable'; readonly name: string }
  | {
      readonly type: 'section';
      readonly name: string;
      readonly inverted: boolean;
      readonly children: readonly InlineNode[];
    };

const parsedTemplates = new Map<string, readonly InlineNode[]>();

function parseInline(source: string): readonly InlineNode[] {
  const cached = parsedTemplates.get(source);
  if (cached) return cached;
  const root: InlineNode[] = [];
  const stack: { name: string; inverted: boolean; children: InlineNode[] }[] = [];
  const current = () => stack.at(-1)?.children ?? root;
  const tag = /\{\{([#^/]?)(\w+)\}\}/g;
  let last = 0;
  for (const match of source.matchAll(tag)) {
    const [whole, sigil, name = ''] = match;
    if (match.index > last) current().push({ type: 'literal', text: source.slice(last, match.index) });
    last = match.index + whole.length;
    if (sigil === '#' || sigil === '^') {
      stack.push({ name, inverted: sigil === '^', children: [] });
    } else if (sigil === '/') {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`unbalanced section "${name}" in template text`);
      current().push({ type: 'section', ...open });
    } else {
      current().push({ type: 'variable', name });
    }
  }
  if (stack.length > 0) throw new Error(`unclosed section "${stack.at(-1)?.name}" in template text`);
  if (last < source.length) current().push({ type: 'literal', text: source.slice(last) });
  parsedTemplates.set(source, root);
  return root;
}

function renderInline(source: string, scope: Scope, context: RenderContext): string {
  return renderNodes(parseInline(source), scope, context);
}

function renderNodes(nodes: readonly InlineNode[], scope: Scope, context: RenderContext): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'literal') {
      out += context.mode === 'html' ? htmlText(node.text) : node.text;
    } else if (node.type === 'variable') {
      out += formatValue(node.name, scope, context);
    } else if (isPresent(lookup(node.name, scope)) !== node.inverted) {
      out += renderNodes(node.children, scope, context);
    }
  }
  return out;
}

// ---- blocks

const STYLE = {
  paragraph: 'margin:0 0 16px 0;',
  heading: 'margin:24px 0 8px 0;font-size:17px;line-height:1.3;color:#1f2933;',
  list: 'margin:0 0 16px 0;padding-left:24px;',
  listItem: 'margin:0 0 4px 0;',
  quote:
    'margin:0 0 16px 0;padding:8px 12px;border-left:3px solid #9aa5b1;background-color:#f5f7fa;color:#323f4b;',
};

/** Each block becomes one chunk: a paragraph of text, or one html element. Empty ones are dropped. */
function renderBlocks(blocks: readonly Block[], scope: Scope, context: RenderContext): string[] {
  return blocks.flatMap((block) => renderBlock(block, scope, context)).filter((chunk) => chunk.trim() !== '');
}

function renderBlock(block: Block, scope: Scope, context: RenderContext): string[] {
  const html = context.mode === 'html';
  if (typeof block === 'string') {
    const content = renderInline(block, scope, context);
    if (content.trim() === '') return [];
    return [html ? `<p style="${STYLE.paragraph}">${content}</p>` : content];
  }
  if ('heading' in block) {
    const content = renderInline(block.heading, scope, context);
    return [html ? `<h2 style="${STYLE.heading}">${content}</h2>` : content];
  }
  if ('quote' in block) {
    const content = formatValue(block.quote, scope, context);
    if (html) return [`<blockquote style="${STYLE.quote}">${content}</blockquote>`];
    return [
      content
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join('\n'),
    ];
  }
  if ('bullets' in block) {
    return [
      bulletList(
        block.bullets.map((bullet) => renderInline(bullet, scope, context)),
        html,
      ),
    ];
  }
  if ('list' in block) {
    const elements = requireValue(block.list, scope, context);
    if (!Array.isArray(elements)) {
      throw new InvalidTemplateVariableError(block.list, 'a list', context.template, context.language);
    }
    const items = elements.map((element: unknown) => {
      const frame = typeof element === 'object' && element !== null ? element : { item: element };
      return renderInline(block.item ?? '{{item}}', [frame as Record<string, unknown>, ...scope], context);
    });
    return [bulletList(items, html)];
  }
  if ('when' in block) {
    const branch = isPresent(lookup(block.when, scope)) ? block.show : (block.otherwise ?? []);
    return branch.flatMap((inner) => renderBlock(inner, scope, context));
  }
  const explanations = block.rejectionReasonText;
  const reason = requireValue('rejectionReason', scope, context);
  if (typeof reason !== 'string' || !Object.hasOwn(explanations, reason)) {
    throw new InvalidTemplateVariableError(
      'rejectionReason',
      `one of ${REJECTION_REASONS.join(', ')}`,
      context.template,
      context.language,
    );
  }
  return explanations[reason as RejectionReason].flatMap((inner) => renderBlock(inner, scope, context));
}

function bulletList(items: readonly string[], html: boolean): string {
  if (!html) return items.map((item) => `- ${item}`).join('\n');
  const lis = items.map((item) => `<li style="${STYLE.listItem}">${item}</li>`).join('');
  return `<ul style="${STYLE.list}">${lis}</ul>`;
}

/** A self-contained page: inline styles only, no images, fonts or scripts from elsewhere. */
function htmlLayout(lang: string, title: string, body: string, footer: string): string {
  const footerSection = footer
    ? `<div style="margin-top:24px;padding-top:12px;border-top:1px solid #d9dde3;font-size:13px;color:#52606d;">\n${footer}\n</div>\n`
    : '';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f5f7;">
<div style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">
${body}
${footerSection}</div>
</body>
</html>
`;
}
