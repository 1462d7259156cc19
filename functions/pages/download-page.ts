import type { DenyReason, DownloadResult } from '../core/access-package/download-package';
import { PACKAGE_FILES, type PackageFile, type PackageManifest } from '../core/access-package/package-files';
import { TIME_ZONE } from '../core/calendar/calendar-date';
import { escapeHtml, type PageLanguage, page } from './html';

/**
 * The pages of the access package's download route: the package's files, or why the link cannot
 * be used, in the requester's language.
 */

/** The page for what the download route decided (every result but a file's redirect). */
export function downloadPage(result: Exclude<DownloadResult, { kind: 'redirect' }>): {
  statusCode: 200 | 403 | 404;
  html: string;
} {
  switch (result.kind) {
    case 'listing':
      return {
        statusCode: 200,
        html: listingHtml(result.language, result.manifest, result.token, result.expiresAt),
      };
    case 'denied':
      return { statusCode: 403, html: deniedHtml(result.language, result.reason) };
    case 'gone':
      return { statusCode: 404, html: goneHtml(result.language) };
  }
}

interface Texts {
  title: string;
  intro: string;
  validUntil: (instant: string) => string;
  files: Record<'html' | 'json' | 'csv' | 'attachment', string>;
  size: (bytes: number) => string;
  privateNote: string;
  deniedTitle: string;
  denied: Record<DenyReason, string>;
  goneTitle: string;
  gone: string;
  locale: string;
}

const TEXTS: Record<PageLanguage, Texts> = {
  sv: {
    title: 'Dina personuppgifter',
    intro: 'Här kan du ladda ner de personuppgifter vi har om dig. Börja gärna med sammanfattningen.',
    validUntil: (t) => `Länken fungerar till ${t}.`,
    files: {
      html: 'Sammanfattning (öppnas i webbläsaren)',
      json: 'Alla uppgifter i maskinläsbar form (JSON)',
      csv: 'Uppgifterna från ett system som tabell (CSV)',
      attachment: 'Ett dokument vi hittade om dig',
    },
    size: (b) => `${Math.max(1, Math.round(b / 1024))} kB`,
    privateNote: 'Uppgifterna är personliga. Dela inte länken med någon annan.',
    deniedTitle: 'Länken kan inte användas',
    denied: {
      invalid_link:
        'Länken är ogiltig. Kontrollera att du har kopierat hela länken från vårt e-postmeddelande.',
      expired: 'Länken har slutat gälla. Svara på vårt e-postmeddelande så skickar vi en ny länk.',
      revoked:
        'Länken har dragits tillbaka av oss, till exempel för att den kan ha kommit i fel händer. Svara på vårt e-postmeddelande så hjälper vi dig.',
      unverified:
        'Vi har inte kunnat bekräfta din identitet för det här ärendet ännu. Använd bekräftelselänken i vårt tidigare e-postmeddelande, eller svara på det så hjälper vi dig.',
    },
    goneTitle: 'Filerna finns inte längre',
    gone: 'Filerna har tagits bort. Svara på vårt e-postmeddelande om du vill ha en ny sammanställning.',
    locale: 'sv-SE',
  },
  nb: {
    title: 'Dine personopplysninger',
    intro: 'Her kan du laste ned personopplysningene vi har om deg. Begynn gjerne med sammendraget.',
    validUntil: (t) => `Lenken virker til ${t}.`,
    files: {
      html: 'Sammendrag (åpnes i nettleseren)',
      json: 'Alle opplysningene i maskinlesbar form (JSON)',
      csv: 'Opplysningene fra ett system som tabell (CSV)',
      attachment: 'Et dokument vi fant om deg',
    },
    size: (b) => `${Math.max(1, Math.round(b / 1024))} kB`,
    privateNote: 'Opplysningene er personlige. Ikke del lenken med andre.',
    deniedTitle: 'Lenken kan ikke brukes',
    denied: {
      invalid_link: 'Lenken er ugyldig. Kontroller at du har kopiert hele lenken fra e-posten vår.',
      expired: 'Lenken er utløpt. Svar på e-posten vår, så sender vi deg en ny lenke.',
      revoked:
        'Vi har trukket tilbake lenken, for eksempel fordi den kan ha kommet på avveier. Svar på e-posten vår, så hjelper vi deg.',
      unverified:
        'Vi har ikke kunnet bekrefte identiteten din for denne saken ennå. Bruk bekreftelseslenken i den forrige e-posten vår, eller svar på den, så hjelper vi deg.',
    },
    goneTitle: 'Filene finnes ikke lenger',
    gone: 'Filene er slettet. Svar på e-posten vår hvis du vil ha en ny sammenstilling.',
    locale: 'nb-NO',
  },
  en: {
    title: 'Your personal data',
    intro: 'Here you can download the personal data we hold about you. The summary is a good place to start.',
    validUntil: (t) => `This link works until ${t}.`,
    files: {
      html: 'Summary (opens in your browser)',
      json: 'All data in machine-readable form (JSON)',
      csv: 'The data from one system as a table (CSV)',
      attachment: 'A document we found about you',
    },
    size: (b) => `${Math.max(1, Math.round(b / 1024))} KB`,
    privateNote: 'The data is personal. Please do not share this link with anyone.',
    deniedTitle: 'This link cannot be used',
    denied: {
      invalid_link: 'The link is not valid. Please check that you copied the whole link from our email.',
      expired: 'The link has expired. Reply to our email and we will send you a new one.',
      revoked:
        'We have withdrawn this link, for example because it may have reached someone else. Reply to our email and we will help you.',
      unverified:
        'We have not been able to confirm your identity for this request yet. Please use the confirmation link in our earlier email, or reply to it and we will help you.',
    },
    goneTitle: 'The files are no longer available',
    gone: 'The files have been deleted. Reply to our email if you would like a new copy.',
    locale: 'en-GB',
  },
};

function deniedHtml(language: PageLanguage, reason: DenyReason): string {
  const t = TEXTS[language];
  return page(
    language,
    t.deniedTitle,
    `<h1>${escapeHtml(t.deniedTitle)}</h1><p>${escapeHtml(t.denied[reason])}</p>`,
  );
}

function goneHtml(language: PageLanguage): string {
  const t = TEXTS[language];
  return page(language, t.goneTitle, `<h1>${escapeHtml(t.goneTitle)}</h1><p>${escapeHtml(t.gone)}</p>`);
}

function formatInstant(iso: string, t: Texts): string {
  return new Intl.DateTimeFormat(t.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

function fileLabel(file: PackageFile, t: Texts): string {
  if (file.name === PACKAGE_FILES.html) return t.files.html;
  if (file.name === PACKAGE_FILES.json) return t.files.json;
  if (file.attachment) return `${t.files.attachment}: ${file.storeId ?? file.name}`;
  return `${t.files.csv}: ${file.storeId ?? file.name}`;
}

function listingHtml(
  language: PageLanguage,
  manifest: PackageManifest,
  token: string,
  expiresAt: string,
): string {
  const t = TEXTS[language];
  const items = manifest.files
    .map((file) => {
      // Relative to /download/<requestId>: resolves to /download/<requestId>/<file>.
      const href = `${encodeURIComponent(manifest.requestId)}/${encodeURIComponent(file.name)}?t=${encodeURIComponent(token)}`;
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(file.name)}</a> – ${escapeHtml(fileLabel(file, t))} <span class="muted">(${escapeHtml(t.size(file.bytes))})</span></li>`;
    })
    .join('');
  return page(
    language,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro)}</p><ul>${items}</ul>` +
      `<p class="muted">${escapeHtml(t.validUntil(formatInstant(expiresAt, t)))} ${escapeHtml(t.privateNote)}</p>`,
  );
}
