import type { ConsentPurpose } from '../core/consents/consents';
import type { UnsubscribeAction } from '../core/consents/unsubscribe-link';
import { escapeHtml, type PageLanguage, page } from './html';

/** The pages of the one-click unsubscribe link, in Swedish, Norwegian (bokmål) and English. */

const PURPOSES: Record<PageLanguage, Record<ConsentPurpose, string>> = {
  sv: {
    newsletter: 'vårt nyhetsbrev',
    event_invitations: 'inbjudningar till seminarier, kurser och evenemang',
    crm_contact_storage: 'att vi sparar dina kontaktuppgifter i vårt CRM',
    candidate_data_retention: 'att vi sparar dina uppgifter som kandidat',
  },
  nb: {
    newsletter: 'nyhetsbrevet vårt',
    event_invitations: 'invitasjoner til seminarer, kurs og arrangementer',
    crm_contact_storage: 'at vi lagrer kontaktopplysningene dine i CRM-systemet vårt',
    candidate_data_retention: 'at vi lagrer opplysningene dine som kandidat',
  },
  en: {
    newsletter: 'our newsletter',
    event_invitations: 'invitations to seminars, courses and events',
    crm_contact_storage: 'keeping your contact details in our CRM',
    candidate_data_retention: 'keeping your details as a candidate',
  },
};

const TEXT = {
  sv: {
    title: 'Avregistrera dig',
    withdraw: 'Vill du återkalla ditt samtycke till',
    object: 'Vill du invända mot',
    button: 'Ja, avregistrera mig',
    doneTitle: 'Du är avregistrerad',
    withdrawn: 'Vi har registrerat att du har återkallat ditt samtycke till',
    objected: 'Vi har registrerat din invändning mot',
    after: 'Det kan dröja något dygn innan utskick som redan är planerade upphör.',
    again: 'Du kan när som helst anmäla dig igen.',
    invalidTitle: 'Länken fungerar inte',
    invalid:
      'Länken är ofullständig eller har ändrats. Inget har registrerats. Skriv till oss om du vill avregistrera dig, så hjälper vi dig.',
  },
  nb: {
    title: 'Meld deg av',
    withdraw: 'Vil du trekke tilbake samtykket ditt til',
    object: 'Vil du protestere mot',
    button: 'Ja, meld meg av',
    doneTitle: 'Du er meldt av',
    withdrawn: 'Vi har registrert at du har trukket tilbake samtykket ditt til',
    objected: 'Vi har registrert protesten din mot',
    after: 'Det kan ta opptil et døgn før utsendelser som allerede er planlagt, stopper.',
    again: 'Du kan når som helst melde deg på igjen.',
    invalidTitle: 'Lenken virker ikke',
    invalid:
      'Lenken er ufullstendig eller har blitt endret. Ingenting er registrert. Skriv til oss hvis du vil melde deg av, så hjelper vi deg.',
  },
  en: {
    title: 'Unsubscribe',
    withdraw: 'Do you want to withdraw your consent to',
    object: 'Do you want to object to',
    button: 'Yes, unsubscribe me',
    doneTitle: 'You are unsubscribed',
    withdrawn: 'We have recorded that you withdrew your consent to',
    objected: 'We have recorded your objection to',
    after: 'Mailings already scheduled may take up to a day to stop.',
    again: 'You can sign up again at any time.',
    invalidTitle: 'This link does not work',
    invalid:
      'The link is incomplete or has been changed. Nothing has been recorded. Write to us if you want to unsubscribe and we will help you.',
  },
} as const;

/** The words for a purpose, as they fit after "consent to" / "object to" in the page's language. */
export function purposeInWords(language: PageLanguage, purpose: ConsentPurpose): string {
  return PURPOSES[language][purpose];
}

/**
 * GET shows a button and changes nothing: mail scanners open links. The form posts back to the
 * same link (the token stays in the query string) and so works without scripts.
 */
export function unsubscribeConfirmPage(
  language: PageLanguage,
  token: string,
  purpose: ConsentPurpose,
  action: UnsubscribeAction,
): string {
  const t = TEXT[language];
  const question = action === 'withdraw' ? t.withdraw : t.object;
  const target = `/unsubscribe?t=${encodeURIComponent(token)}&lang=${language}`;
  return page(
    language,
    t.title,
    `<h1>${t.title}</h1><p>${question} ${escapeHtml(purposeInWords(language, purpose))}?</p>
<form method="post" action="${escapeHtml(target)}"><input type="hidden" name="confirm" value="yes"><button type="submit">${t.button}</button></form>`,
  );
}

export function unsubscribedPage(
  language: PageLanguage,
  purpose: ConsentPurpose,
  action: UnsubscribeAction,
): string {
  const t = TEXT[language];
  const done = action === 'withdraw' ? t.withdrawn : t.objected;
  return page(
    language,
    t.doneTitle,
    `<h1>${t.doneTitle}</h1><p>${done} ${escapeHtml(purposeInWords(language, purpose))}.</p><p>${t.after}</p><p class="muted">${t.again}</p>`,
  );
}

export function invalidUnsubscribePage(language: PageLanguage): string {
  const t = TEXT[language];
  return page(language, t.invalidTitle, `<h1>${t.invalidTitle}</h1><p>${t.invalid}</p>`);
}
