import { escapeHtml, type PageLanguage, page } from '../../pages/html';
import type { Clock, RequestStore } from '../ports';
import { artefactKeys, type ObjectStore, readJson } from '../request/artefacts';
import type { TaskStore } from '../request/workflow-tasks';
import { checkDownloadToken } from './download-link';
import { PACKAGE_FILES, type PackageFile, type PackageManifest } from './package-files';
import { packageRevoked } from './package-link';

/**
 * The download route of the access package (ARCHITECTURE.md §6). A link works only while its token is
 * valid (signed for this request, unexpired), the request's verification task is completed, and
 * staff have not revoked it: a guessed id or a tampered token gets a 403 page that says what to do.
 * A link is not bound to a person: a forwarded mail opens the package for whoever holds it until
 * the link expires or staff revoke it (`package-link.ts`). That is why the page asks not to share
 * it, and why every opening of the page and every file handed out is in the audit trail (file
 * names only), as is every refusal of a correctly signed link. Files come from S3 through a short
 * presigned URL, so the function never streams personal data itself.
 */

export interface DownloadDeps {
  requests: Pick<RequestStore, 'getRequest' | 'appendEvent'>;
  tasks: Pick<TaskStore, 'getTask'>;
  objects: ObjectStore;
  /** A short-lived URL for one package object, offered to the browser as a download. */
  presign(key: string, file: PackageFile): Promise<string>;
  linkSecret: string;
  clock: Clock;
}

export interface DownloadInput {
  requestId: string;
  token: string | undefined;
  /** Absent: the page listing the package; present: one of its files. */
  file?: string;
  /** The page language before the request is known (from Accept-Language). */
  fallbackLanguage: PageLanguage;
}

export type DownloadResult =
  | { kind: 'page'; statusCode: 200 | 403 | 404; html: string }
  | { kind: 'redirect'; location: string };

export type DenyReason = 'invalid_link' | 'expired' | 'unverified' | 'revoked';

export async function openDownload(input: DownloadInput, deps: DownloadDeps): Promise<DownloadResult> {
  const now = deps.clock.now();
  const check = checkDownloadToken(input.requestId, input.token, deps.linkSecret, now);
  if (!check.ok) {
    if (check.reason !== 'expired') return denied(input.fallbackLanguage, 'invalid_link');
    // Signed by us, so the request exists: an expired link's use is kept like any other.
    const expired = await deps.requests.getRequest(input.requestId);
    if (expired) await refused(deps, expired.id, now, 'expired', input.file);
    return denied(expired?.language ?? input.fallbackLanguage, 'expired');
  }
  const request = await deps.requests.getRequest(input.requestId);
  if (!request) return denied(input.fallbackLanguage, 'invalid_link');
  const language = request.language;
  const verification = await deps.tasks.getTask(request.id, 'verification');
  if (!verification?.completedAt) {
    await refused(deps, request.id, now, 'unverified', input.file);
    return denied(language, 'unverified');
  }
  const manifest = await readJson<PackageManifest>(
    deps.objects,
    artefactKeys.packageFile(request.id, PACKAGE_FILES.manifest),
  );
  if (manifest && packageRevoked(request, manifest.generatedAt)) {
    await refused(deps, request.id, now, 'revoked', input.file);
    return denied(language, 'revoked');
  }
  if (!manifest) {
    await refused(deps, request.id, now, 'gone', input.file);
    return { kind: 'page', statusCode: 404, html: goneHtml(language) };
  }

  if (input.file === undefined) {
    await audit(deps, request.id, now, 'package_opened', { files: manifest.files.length });
    return {
      kind: 'page',
      statusCode: 200,
      html: listingHtml(language, manifest, input.token ?? '', check.expiresAt),
    };
  }
  const file = manifest.files.find((f) => f.name === input.file);
  if (!file) return { kind: 'page', statusCode: 404, html: goneHtml(language) };
  const location = await deps.presign(artefactKeys.packageFile(request.id, file.name), file);
  await audit(deps, request.id, now, 'package_downloaded', { file: file.name });
  return { kind: 'redirect', location };
}

function refused(deps: DownloadDeps, requestId: string, now: Date, reason: string, file: string | undefined) {
  return audit(deps, requestId, now, 'package_download_refused', { reason, file: file ?? null });
}

async function audit(
  deps: DownloadDeps,
  requestId: string,
  now: Date,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await deps.requests.appendEvent(requestId, {
    at: now.toISOString(),
    actor: 'subject:download-link',
    action,
    detail,
  });
}

// --- pages ----------------------------------------------------------------------------------------

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

function denied(language: PageLanguage, reason: DenyReason): DownloadResult {
  const t = TEXTS[language];
  return {
    kind: 'page',
    statusCode: 403,
    html: page(
      language,
      t.deniedTitle,
      `<h1>${escapeHtml(t.deniedTitle)}</h1><p>${escapeHtml(t.denied[reason])}</p>`,
    ),
  };
}

function goneHtml(language: PageLanguage): string {
  const t = TEXTS[language];
  return page(language, t.goneTitle, `<h1>${escapeHtml(t.goneTitle)}</h1><p>${escapeHtml(t.gone)}</p>`);
}

function formatInstant(iso: string, t: Texts): string {
  return new Intl.DateTimeFormat(t.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Stockholm',
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
