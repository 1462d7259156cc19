/**
 * The part of a mail the sender wrote now: quoted replies, forwarded originals, signatures and
 * "sent from my phone" footers removed, so an old question in a reply chain does not decide the
 * classification.
 */

/** Lines from which everything below is old or boilerplate text. */
const CUT_LINE: readonly RegExp[] = [
  /^--\s?$/, // signature delimiter ("-- ")
  /^_{8,}\s*$/, // Outlook's separator above a quoted header block
  /^-{2,}\s*(original message|ursprungligt meddelande|opprinnelig melding|oprindelig meddelelse|urspr(ü|u|ue)ngliche nachricht|forwarded message|vidarebefordrat meddelande|videresendt melding|videresendt meddelelse|weitergeleitete nachricht)/i,
  /^(sent from my|skickat från min|skickat fran min|sendt fra min|sendt fra (outlook|iphone|android)|von meinem|gesendet von)\b/i,
];

/** "On Mon, 3 Mar 2025 ... wrote:", "Den 3 mars 2025 kl. 10:00 skrev Anna <a@x>:", "Am 03.03. schrieb X:". */
const ATTRIBUTION = /\b(wrote|skrev|schrieb|a écrit)\b[^:]*:\s*$/i;
const ATTRIBUTION_START = /^(on|den|am|le|[a-zåäö]{2,4}\.?\s+\d)/i;

/** First line of an Outlook-style quoted header block ("From: ... / Sent: ..."). */
const HEADER_FROM = /^\*?(from|från|fran|fra|von|de)\s*:\*?\s*\S/i;
const HEADER_NEXT =
  /^\*?(sent|skickat|sendt|gesendet|date|datum|dato|envoyé|to|till|til|an|subject|ämne|emne|betreff)\s*:/i;

const QUOTED = /^\s*>/;

function isOutlookHeaderBlock(lines: readonly string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i] ?? '')) return false;
  for (let j = i + 1; j <= i + 4 && j < lines.length; j++) {
    if (HEADER_NEXT.test((lines[j] ?? '').trim())) return true;
  }
  return false;
}

/** Real attributions carry a date or an address; a bare "Anna wrote:" is short and ends on the verb. */
function isAttribution(line: string): boolean {
  if (!ATTRIBUTION.test(line)) return false;
  return (
    /\d/.test(line) ||
    line.includes('@') ||
    (line.length < 60 && /\b(wrote|skrev|schrieb)\s*:\s*$/i.test(line))
  );
}

/** Returns the newly written text of a mail body. */
export function extractNewText(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.trim();
    if (CUT_LINE.some((p) => p.test(raw) || p.test(line))) break;
    if (isOutlookHeaderBlock(lines, i)) break;
    if (isAttribution(line)) {
      // A wrapped attribution starts on the line before ("On Mon, 3 Mar 2025, Anna <" / "a@x> wrote:").
      const prev = kept[kept.length - 1];
      if (prev !== undefined && ATTRIBUTION_START.test(prev) && !/[.!?]$/.test(prev)) kept.pop();
      break;
    }
    if (QUOTED.test(raw)) continue;
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
