import type { FormErrorCode, FormField, Relationship } from '../core/intake/form-fields';
import type { ReplyLanguage, RequestType } from '../core/request/request';

/**
 * The web form's words in Swedish, Norwegian (bokmål) and English: labels, choices and the
 * per-field messages that validation and rate limiting answer with. Pure data.
 */
export interface FormText {
  readonly htmlLang: string;
  readonly languageName: string;
  readonly title: string;
  readonly intro: string;
  readonly email: string;
  readonly emailHint: string;
  readonly name: string;
  readonly types: string;
  readonly typeLabels: Readonly<Record<RequestType, string>>;
  readonly text: string;
  readonly textHint: string;
  readonly relationship: string;
  readonly relationshipLabels: Readonly<Record<Relationship, string>>;
  readonly submit: string;
  readonly errorSummary: string;
  readonly errors: Readonly<Record<FormErrorCode, string>>;
  readonly rateLimited: string;
  readonly receivedTitle: string;
  readonly receivedNext: string;
  readonly back: string;
  /** The short Art. 13 notice for what the form collects: `{controller}`, `{contact}`, `{years}`. */
  readonly privacyNotice: {
    readonly title: string;
    readonly who: string;
    readonly why: string;
    readonly howLong: string;
    readonly rights: string;
  };
}

export const FORM_TEXT: Readonly<Record<ReplyLanguage, FormText>> = {
  sv: {
    htmlLang: 'sv',
    languageName: 'Svenska',
    title: 'Begäran om dina personuppgifter',
    intro:
      'Här kan du utöva dina rättigheter enligt dataskyddsförordningen (GDPR), till exempel få ett registerutdrag eller få dina uppgifter raderade. Vi svarar inom en månad.',
    email: 'Din e-postadress',
    emailHint: 'Vi skickar en länk hit för att bekräfta att adressen är din.',
    name: 'Ditt namn (frivilligt)',
    types: 'Vad vill du att vi gör?',
    typeLabels: {
      access: 'Skicka en kopia av mina personuppgifter (registerutdrag)',
      portability: 'Lämna ut mina uppgifter i ett maskinläsbart format (dataportabilitet)',
      rectification: 'Rätta felaktiga uppgifter',
      erasure: 'Radera mina uppgifter',
      restriction: 'Begränsa behandlingen av mina uppgifter',
      objection: 'Sluta behandla mina uppgifter, till exempel för marknadsföring (invändning)',
      withdraw_consent: 'Återkalla mitt samtycke',
    },
    text: 'Beskriv gärna din begäran',
    textHint: 'Om du inte kryssar i något ovan, beskriv här vad du vill.',
    relationship: 'Hur känner du oss?',
    relationshipLabels: {
      customer: 'Kund',
      candidate: 'Kandidat eller sökande',
      partner: 'Partner eller leverantör',
      event_contact: 'Evenemang eller nyhetsbrev',
      website_visitor: 'Besökare på webbplatsen',
      other: 'Annat',
    },
    submit: 'Skicka begäran',
    errorSummary: 'Något behöver rättas innan vi kan ta emot begäran.',
    errors: {
      required: 'Fyll i det här fältet.',
      invalid_email: 'Ange en giltig e-postadress, till exempel namn@exempel.se.',
      too_long: 'Texten är för lång.',
      invalid_choice: 'Välj ett av alternativen.',
      types_or_text: 'Välj minst en typ av begäran eller beskriv din begäran i textfältet.',
    },
    rateLimited:
      'Vi har tagit emot många begäranden härifrån på kort tid. Försök igen om en timme, eller skriv till oss via e-post.',
    receivedTitle: 'Tack, vi har tagit emot din begäran',
    receivedNext:
      'Vi skickar ett e-postmeddelande med ärendets referensnummer till adressen du angav. Följ instruktionerna där.',
    back: 'Tillbaka till formuläret',
    privacyNotice: {
      title: 'Så behandlar vi det du skriver här',
      who: 'Personuppgiftsansvarig är {controller}. Du når oss på {contact}.',
      why: 'Vi använder din e-postadress, ditt namn och det du skriver bara för att hantera din begäran och svara dig, eftersom dataskyddsförordningen ålägger oss det (artikel 6.1 c och artiklarna 12–22). Uppgifterna lämnas inte ut, utom till vår driftleverantör inom EU.',
      howLong:
        'Vi sparar ärendet medan vi hanterar det och i {years} år efter att det avslutats, så att vi kan visa hur vi hanterade det. Sedan raderas personuppgifterna.',
      rights:
        'Du har rätt att få tillgång till uppgifterna, få dem rättade eller raderade och att klaga till Integritetsskyddsmyndigheten (IMY).',
    },
  },
  nb: {
    htmlLang: 'nb',
    languageName: 'Norsk',
    title: 'Forespørsel om personopplysningene dine',
    intro:
      'Her kan du bruke rettighetene dine etter personvernforordningen (GDPR), for eksempel få innsyn i eller sletting av opplysningene dine. Vi svarer innen en måned.',
    email: 'E-postadressen din',
    emailHint: 'Vi sender en lenke hit for å bekrefte at adressen er din.',
    name: 'Navnet ditt (valgfritt)',
    types: 'Hva vil du at vi skal gjøre?',
    typeLabels: {
      access: 'Sende meg en kopi av personopplysningene mine (innsyn)',
      portability: 'Utlevere opplysningene mine i et maskinlesbart format (dataportabilitet)',
      rectification: 'Rette uriktige opplysninger',
      erasure: 'Slette opplysningene mine',
      restriction: 'Begrense behandlingen av opplysningene mine',
      objection: 'Slutte å behandle opplysningene mine, for eksempel til markedsføring (protest)',
      withdraw_consent: 'Trekke tilbake samtykket mitt',
    },
    text: 'Beskriv gjerne forespørselen',
    textHint: 'Hvis du ikke krysser av for noe over, beskriv her hva du ønsker.',
    relationship: 'Hvordan kjenner du oss?',
    relationshipLabels: {
      customer: 'Kunde',
      candidate: 'Kandidat eller søker',
      partner: 'Partner eller leverandør',
      event_contact: 'Arrangement eller nyhetsbrev',
      website_visitor: 'Besøkende på nettstedet',
      other: 'Annet',
    },
    submit: 'Send forespørsel',
    errorSummary: 'Noe må rettes før vi kan ta imot forespørselen.',
    errors: {
      required: 'Fyll ut dette feltet.',
      invalid_email: 'Oppgi en gyldig e-postadresse, for eksempel navn@eksempel.no.',
      too_long: 'Teksten er for lang.',
      invalid_choice: 'Velg ett av alternativene.',
      types_or_text: 'Velg minst én type forespørsel, eller beskriv forespørselen i tekstfeltet.',
    },
    rateLimited:
      'Vi har mottatt mange forespørsler herfra på kort tid. Prøv igjen om en time, eller skriv til oss på e-post.',
    receivedTitle: 'Takk, vi har mottatt forespørselen din',
    receivedNext: 'Vi sender en e-post med saksnummeret til adressen du oppga. Følg instruksjonene der.',
    back: 'Tilbake til skjemaet',
    privacyNotice: {
      title: 'Slik behandler vi det du skriver her',
      who: 'Behandlingsansvarlig er {controller}. Du når oss på {contact}.',
      why: 'Vi bruker e-postadressen din, navnet ditt og det du skriver bare for å behandle forespørselen og svare deg, fordi personvernforordningen pålegger oss det (artikkel 6 nr. 1 bokstav c og artikkel 12–22). Opplysningene utleveres ikke, unntatt til driftsleverandøren vår i EU.',
      howLong:
        'Vi lagrer saken mens vi behandler den og i {years} år etter at den er avsluttet, slik at vi kan vise hvordan vi behandlet den. Deretter slettes personopplysningene.',
      rights:
        'Du har rett til innsyn, retting og sletting, og til å klage til Integritetsskyddsmyndigheten (IMY) i Sverige eller Datatilsynet der du bor eller arbeider.',
    },
  },
  en: {
    htmlLang: 'en',
    languageName: 'English',
    title: 'Request about your personal data',
    intro:
      'Here you can exercise your rights under the General Data Protection Regulation (GDPR), for example to get a copy of your data or to have it erased. We reply within one month.',
    email: 'Your email address',
    emailHint: 'We will send a link there to confirm that the address is yours.',
    name: 'Your name (optional)',
    types: 'What would you like us to do?',
    typeLabels: {
      access: 'Send me a copy of my personal data (access)',
      portability: 'Give me my data in a machine-readable format (portability)',
      rectification: 'Correct inaccurate data',
      erasure: 'Erase my data',
      restriction: 'Restrict the processing of my data',
      objection: 'Stop processing my data, for example for marketing (objection)',
      withdraw_consent: 'Withdraw my consent',
    },
    text: 'Describe your request (optional)',
    textHint: 'If you tick nothing above, tell us here what you would like.',
    relationship: 'How do you know us?',
    relationshipLabels: {
      customer: 'Customer',
      candidate: 'Candidate or applicant',
      partner: 'Partner or supplier',
      event_contact: 'Event or newsletter',
      website_visitor: 'Website visitor',
      other: 'Other',
    },
    submit: 'Send request',
    errorSummary: 'Something needs correcting before we can accept the request.',
    errors: {
      required: 'Please fill in this field.',
      invalid_email: 'Enter a valid email address, for example name@example.com.',
      too_long: 'The text is too long.',
      invalid_choice: 'Choose one of the options.',
      types_or_text: 'Choose at least one type of request, or describe your request in the text field.',
    },
    rateLimited:
      'We have received many requests from here in a short time. Please try again in an hour, or write to us by email.',
    receivedTitle: 'Thank you, we have received your request',
    receivedNext:
      'We will send an email with the reference of your request to the address you gave. Please follow the instructions in it.',
    back: 'Back to the form',
    privacyNotice: {
      title: 'How we handle what you give us here',
      who: 'The controller is {controller}. You can reach us at {contact}.',
      why: 'We use your email address, your name and what you write only to handle your request and answer you, as the GDPR requires us to (Article 6(1)(c) and Articles 12–22). We disclose nothing, except to our hosting provider in the EU.',
      howLong:
        'We keep the case while we handle it and for {years} years after it is closed, so that we can show how we handled it. Then the personal data is erased.',
      rights:
        'You have the right to access, correct or erase the data, and to complain to the Swedish Authority for Privacy Protection (IMY) or the supervisory authority where you live or work.',
    },
  },
};

/** Messages for each invalid field, in the page's language. */
export function formErrorMessages(
  errors: Partial<Record<FormField, FormErrorCode>>,
  language: ReplyLanguage,
): Partial<Record<FormField, string>> {
  const text = FORM_TEXT[language];
  return Object.fromEntries(Object.entries(errors).map(([field, code]) => [field, text.errors[code]]));
}

/**
 * The page's language: an explicit `?lang=` choice first, then the browser's Accept-Language
 * preferences in order of quality (Norwegian `no`/`nn`/`nb` read bokmål; Danish is not offered, so
 * a Danish browser's next preference counts), else English.
 */
export function pickFormLanguage(
  explicit: string | undefined,
  acceptLanguage: string | undefined,
): ReplyLanguage {
  const chosen = languageOf(explicit ?? '');
  if (chosen) return chosen;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, quality: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return 'en';
}

function languageOf(tag: string): ReplyLanguage | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === 'sv') return 'sv';
  if (primary === 'nb' || primary === 'no' || primary === 'nn') return 'nb';
  if (primary === 'en') return 'en';
  return undefined;
}
