import { escapeHtml, type PageLanguage, page } from './html';

const TEXT = {
  sv: {
    title: 'Bekräfta din e-postadress',
    intro: 'Klicka på knappen för att bekräfta att du har begärt ärende',
    confirm: 'Bekräfta',
    notYou: 'Har du inte skickat någon begäran? Då kan du bortse från detta.',
    done: 'Tack! Din e-postadress är bekräftad. Vi fortsätter med ditt ärende och hör av oss via e-post.',
    invalid: 'Länken gäller inte längre: den har redan använts, har gått ut eller är felaktig.',
    newLink: 'Skicka en ny länk',
    unknown: 'Länken fungerar inte. Använd länken i det senaste mejlet från oss.',
    rateLimited: 'För många försök härifrån. Försök igen om en timme.',
    newLinkSent: 'Om ärendet väntar på bekräftelse har en ny länk skickats till ärendets e-postadress.',
    closed:
      'Det här ärendet är avslutat, så länken behövs inte längre. Vill du något mer kan du svara på vårt senaste mejl eller skicka en ny begäran.',
  },
  nb: {
    title: 'Bekreft e-postadressen din',
    intro: 'Klikk på knappen for å bekrefte at du har sendt inn saken',
    confirm: 'Bekreft',
    notYou: 'Har du ikke sendt noen forespørsel? Da kan du se bort fra dette.',
    done: 'Takk! E-postadressen din er bekreftet. Vi fortsetter med saken din og gir beskjed på e-post.',
    invalid: 'Lenken gjelder ikke lenger: den er allerede brukt, har utløpt eller er feil.',
    newLink: 'Send en ny lenke',
    unknown: 'Lenken virker ikke. Bruk lenken i den siste e-posten fra oss.',
    rateLimited: 'For mange forsøk herfra. Prøv igjen om en time.',
    newLinkSent: 'Hvis saken venter på bekreftelse, er en ny lenke sendt til sakens e-postadresse.',
    closed:
      'Denne saken er avsluttet, så lenken trengs ikke lenger. Vil du noe mer, kan du svare på den siste e-posten fra oss eller sende en ny forespørsel.',
  },
  en: {
    title: 'Confirm your e-mail address',
    intro: 'Press the button to confirm that you made request',
    confirm: 'Confirm',
    notYou: 'Did not send a request? Then you can ignore this.',
    done: 'Thank you! Your e-mail address is confirmed. We continue with your request and will write to you.',
    invalid: 'This link no longer works: it has been used, has expired or is wrong.',
    newLink: 'Send me a new link',
    unknown: 'This link does not work. Use the link in the latest mail from us.',
    rateLimited: 'Too many attempts from here. Please try again in an hour.',
    newLinkSent:
      'If the request is waiting for confirmation, a new link has been sent to its e-mail address.',
    closed:
      'This request is closed, so the link is no longer needed. If you want anything more, reply to our latest e-mail or send a new request.',
  },
} as const;

const action = (requestId: string, suffix = '') => `/verify/${encodeURIComponent(requestId)}${suffix}`;

function newLinkForm(language: PageLanguage, requestId: string): string {
  return `<form method="post" action="${escapeHtml(action(requestId, '/new-link'))}?lang=${language}"><button type="submit">${TEXT[language].newLink}</button></form>`;
}

/** GET on a link shows a button: mail scanners open links, so only a deliberate POST confirms. */
export function confirmPage(language: PageLanguage, requestId: string, secret: string): string {
  const t = TEXT[language];
  return page(
    language,
    t.title,
    `<h1>${t.title}</h1><p>${t.intro} <strong>${escapeHtml(requestId)}</strong>.</p>
<form method="post" action="${escapeHtml(action(requestId))}?lang=${language}">
<input type="hidden" name="k" value="${escapeHtml(secret)}"><button type="submit">${t.confirm}</button></form>
<p class="muted">${t.notYou}</p>`,
  );
}

export function verifiedPage(language: PageLanguage): string {
  const t = TEXT[language];
  return page(language, t.title, `<h1>${t.title}</h1><p>${t.done}</p>`);
}

export function invalidLinkPage(language: PageLanguage, requestId: string): string {
  const t = TEXT[language];
  return page(language, t.title, `<h1>${t.title}</h1><p>${t.invalid}</p>${newLinkForm(language, requestId)}`);
}

export function newLinkPage(language: PageLanguage): string {
  const t = TEXT[language];
  return page(language, t.title, `<h1>${t.title}</h1><p>${t.newLinkSent}</p>`);
}

/** The request has ended: the link does nothing, and no new one is offered. */
export function closedRequestPage(language: PageLanguage): string {
  const t = TEXT[language];
  return page(language, t.title, `<h1>${t.title}</h1><p>${t.closed}</p>`);
}

/** A link whose id is malformed or names no request: the page repeats nothing from the address. */
export function unknownLinkPage(language: PageLanguage): string {
  const t = TEXT[language];
  return page(language, t.title, `<h1>${t.title}</h1><p>${t.unknown}</p>`);
}

export function rateLimitedPage(language: PageLanguage): string {
  const t = TEXT[language];
  return page(language, t.title, `<h1>${t.title}</h1><p>${t.rateLimited}</p>`);
}
