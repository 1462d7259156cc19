import type { IncidentTextPacks } from '../../functions/core/incidents/incident-notices';

/** The breach desk's mails in every reply language (see `IncidentTextPack`). */
export const INCIDENT_TEXTS: IncidentTextPacks = {
  sv: {
    noticeSubject: 'Viktig information om en säkerhetsincident som rör dina personuppgifter',
    noticeBody: [
      'Hej,',
      'Vi på {controller} har drabbats av en säkerhetsincident som rör dina personuppgifter. Vi berättar om den eftersom den kan innebära en hög risk för dig.',
      'Vad som har hänt: {nature}',
      'Vilka uppgifter om dig som berörs: {categories}.',
      'Möjliga följder för dig: {consequences}',
      'Vad vi har gjort och gör: {measures}',
      'Har du frågor, skriv till {contact} och ange referensen {incidentId}. Du har också rätt att klaga hos Integritetsskyddsmyndigheten (IMY), imy.se.',
    ],
    acknowledgementSubject: 'Vi har tagit emot din rapport ({incidentId})',
    acknowledgementBody: [
      'Hej,',
      'Tack för att du rapporterade en möjlig säkerhetsincident. Vi har öppnat ärendet {incidentId} och utreder det nu.',
      'Har du mer att berätta, svara på det här mejlet eller skriv till {contact} och ange referensen.',
    ],
    signature: 'Med vänliga hälsningar\n{controller}',
    teamSignature: 'Med vänliga hälsningar\nDataskyddsteamet',
  },
  nb: {
    noticeSubject: 'Viktig informasjon om et sikkerhetsbrudd som gjelder personopplysningene dine',
    noticeBody: [
      'Hei,',
      'Vi i {controller} har hatt et sikkerhetsbrudd som gjelder personopplysningene dine. Vi forteller deg om det fordi det kan innebære en høy risiko for deg.',
      'Hva som har skjedd: {nature}',
      'Hvilke opplysninger om deg som er berørt: {categories}.',
      'Mulige følger for deg: {consequences}',
      'Hva vi har gjort og gjør: {measures}',
      'Har du spørsmål, skriv til {contact} og oppgi referansen {incidentId}. Du har også rett til å klage til Integritetsskyddsmyndigheten (IMY), imy.se, eller til Datatilsynet.',
    ],
    acknowledgementSubject: 'Vi har mottatt rapporten din ({incidentId})',
    acknowledgementBody: [
      'Hei,',
      'Takk for at du rapporterte et mulig sikkerhetsbrudd. Vi har åpnet saken {incidentId} og undersøker den nå.',
      'Har du mer å fortelle, svar på denne e-posten eller skriv til {contact} og oppgi referansen.',
    ],
    signature: 'Vennlig hilsen\n{controller}',
    teamSignature: 'Vennlig hilsen\nPersonvernteamet',
  },
  en: {
    noticeSubject: 'Important information about a security breach affecting your personal data',
    noticeBody: [
      'Hello,',
      'We at {controller} have had a security breach affecting your personal data. We are telling you about it because it may result in a high risk to you.',
      'What happened: {nature}',
      'Which of your data is affected: {categories}.',
      'Likely consequences for you: {consequences}',
      'What we have done and are doing: {measures}',
      'If you have questions, write to {contact} quoting the reference {incidentId}. You also have the right to lodge a complaint with the Swedish Authority for Privacy Protection (IMY), imy.se.',
    ],
    acknowledgementSubject: 'We have received your report ({incidentId})',
    acknowledgementBody: [
      'Hello,',
      'Thank you for reporting a possible security breach. We have opened case {incidentId} and are looking into it now.',
      'If you have more to tell us, reply to this mail or write to {contact} quoting the reference.',
    ],
    signature: 'Kind regards\n{controller}',
    teamSignature: 'Kind regards\nThe data protection team',
  },
};
