import { describe, expect, it } from 'vitest';
import { foldText } from '../../functions/core/intake/classify/classify-normalise';
import {
  automatedBySubject,
  securityReport,
  waivesIt,
} from '../../functions/core/intake/classify/classify-signals';

const reportsBreach = (text: string) => securityReport(foldText(text));

describe('a breach told without the word for one', () => {
  it.each([
    ['en', 'The order confirmation you mailed me shows another customer’s home address.'],
    ['en', 'Your newsletter went out with all addresses in CC, so now we can see each other’s emails.'],
    ['en', 'The candidate portal export is downloadable without a login from the careers page.'],
    ['en', 'Somebody logged into my account last night and changed my password.'],
    ['sv', 'I kundportalen syns andra kunders fakturor när jag loggar in.'],
    ['sv', 'Jag kan se andras lönebesked i er portal.'],
    ['sv', 'Kallelsen skickades med alla i kopia, nu har vi varandras mejladresser.'],
    ['nb', 'I appen deres vises andre brukeres telefonnumre.'],
    ['da', 'Jeg fik en mail med andre kunders oplysninger vedhæftet, og nu kan jeg se dem.'],
    ['de', 'Im Kundenportal sehe ich die Rechnungen anderer Kunden.'],
    ['en', 'Your recruiter forwarded my CV to another candidate by mistake.'],
    ['sv', 'Ni skickade mina intervjuanteckningar till en annan kandidat.'],
    ['nb', 'Invitasjonen gikk ut med alle mottakerne i kopi-feltet.'],
    ['en', 'The newsletter showed everyone’s email addresses.'],
    ['en', 'Someone has got into my account and changed the address.'],
    ['sv', 'Någon har kommit åt mitt konto i kundportalen.'],
    ['sv', 'Ert utskick visade en annan prenumerants namn och telefonnummer.'],
    ['en', 'I can see other applicants’ cover letters when I log in.'],
  ])('is a security report in %s: %s', (_language, text) => {
    expect(reportsBreach(text)).toBe(true);
  });

  it.each([
    'I am writing on behalf of another person who has asked me to request a copy of her data.',
    'Please delete my data and send me what you have.',
    'Jag skriver för min mammas räkning, hon har bett mig begära ut hennes uppgifter.',
    'Other customers have told me your support is slow.',
    'I sent my CV to another company as well, so I may withdraw.',
    'Jag har skickat min ansökan till en annan arbetsgivare också.',
    'Please forward my question to the right person.',
  ])('is no security report: %s', (text) => {
    expect(reportsBreach(text)).toBe(false);
  });
});

describe("a calendar's answer to an invitation", () => {
  it.each([
    'Accepted: DPIA review',
    'Cancelled: GDPR training',
    'Accepterat: Avstämning dataskydd',
    'Avböjt: Genomgång av registerutdrag',
    'Godtatt: Gjennomgang av DPIA',
    'Avslått: GDPR-opplæring',
    'Abgesagt: Datenschutz-Workshop',
  ])('is automated: %s', (subject) => {
    expect(automatedBySubject(foldText(subject))).toBe(true);
  });

  it('is not read into a subject that only mentions accepting', () => {
    expect(automatedBySubject(foldText('I accepted your terms: please delete my data'))).toBe(false);
  });
});

describe('a thing said not to matter', () => {
  it.each([
    ['sv', 'Ni har fel titel på mig i mejlutskicken, jag är inte chef längre. Inte hela världen.'],
    ['sv', 'Mitt telefonnummer i registret är gammalt men jag vill inte lämna ut det nya, så låt det vara.'],
    ['sv', 'Jag ber er inte ta bort mig, adressen där är bara gammal. Ingen fara.'],
    ['nb', 'Det står at jeg er konsulent, men jeg er seniorkonsulent. Gjør ikke noe.'],
    ['nb', 'Dere har registrert feil fødselsår i påmeldingen, men det er uvesentlig nå.'],
    ['en', "My employer in your alumni register is outdated. Not worth the trouble, I'm retiring anyway."],
    ['en', 'U SPELLED MY NAME WRONG ON THE COURSE CERTIFICATE. ITS ALREADY FRAMED LOL WHATEVER'],
    ['nb', 'Navnet mitt er stavet feil i innkallingen, men det er helt uproblematisk.'],
    ['en', 'The guest list had my title wrong. Funny, but no need to change anything, the event is over.'],
    ['sv', 'Ni har mitt gamla efternamn i alumniregistret, men det bryr jag mig inte om.'],
  ])('waives it, in %s: %s', (_language, text) => {
    expect(waivesIt(foldText(text))).toBe(true);
  });

  it.each([
    'Jeg har glemt passordet og gidder ikke lage nytt, slett kontoen min.',
    'Knappen gjør ingenting, kan dere skru av nyhetsbrevet for meg?',
    'Hvis kontoen ikke er slettet ennå, så la den være.',
    "Send me whatever's on file for me.",
    'Delete whatever you have about me.',
  ])('waives nothing where a request is only impatient or a thing only does nothing: %s', (text) => {
    expect(waivesIt(foldText(text))).toBe(false);
  });

  it.each([
    ['en', "my old number is still in the staff list. i'll fix it myself when i get time"],
    ['nb', 'Tittelen min står feil i signaturen til lederen min. Han fikser det selv.'],
    ['sv', 'Jag har gift mig och bytt efternamn. Skickar det nya när jag fått nytt id-kort.'],
    ['sv', 'ska byta efternamn i augusti, återkommer med det nya'],
    ['en', "my address is wrong in your payroll, I'll send the new one when I have the contract signed"],
    ['nb', 'Adressen min er feil i kundeportalen. Jeg tar det med kontaktpersonen min ved anledning.'],
  ])('reads a thing the writer will see to later as asking nothing yet, in %s: %s', (_language, text) => {
    expect(waivesIt(foldText(text))).toBe(true);
  });
});
