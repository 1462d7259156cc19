import type { IntakeMailTemplate } from '../../functions/core/intake/intake';
import {
  type Block,
  type LanguageBasics,
  type LanguagePack,
  languagePack,
  type RejectionReason,
  type TemplateGroup,
} from '../../functions/core/replies/template-packs';
import type { VerificationTemplate } from '../../functions/core/verification/verify-identity';

/** Why a request was refused, one explanation per reason: the rejection mail quotes the one that applies. */
const nbRejectionReasons: Readonly<Record<RejectionReason, readonly Block[]>> = {
  unverified: [
    'Vi har ikke kunnet bekrefte at forespørselen kommer fra personen opplysningene gjelder, fordi e-postadressen ikke ble bekreftet før bekreftelseslenken utløp. For å beskytte opplysningene dine utleverer eller endrer vi ingenting uten en slik bekreftelse. Du er velkommen til å sende en ny forespørsel.',
  ],
  manifestly_unfounded: [
    'Vi vurderer forespørselen som åpenbart grunnløs. Etter personvernforordningen (GDPR) artikkel 12 nr. 5 kan vi da avslå den; det er vi som må vise at det er tilfellet.',
  ],
  excessive: [
    'Vi vurderer forespørselen som urimelig, særlig fordi den gjentar forespørsler vi allerede har besvart. Etter personvernforordningen (GDPR) artikkel 12 nr. 5 kan vi da avslå den; det er vi som må vise at det er tilfellet.',
  ],
  not_a_request: [
    'Meldingen din inneholder ingen forespørsel om å utøve rettighetene dine etter personvernforordningen, for eksempel om innsyn, retting eller sletting. Vi har derfor ikke behandlet den som en slik forespørsel. Hvis du ønsker å sende en forespørsel, kan du svare på denne e-posten og beskrive hva du vil at vi skal gjøre.',
  ],
  duplicate: [
    'Forespørselen gjelder en sak vi allerede behandler{{#originalRequestId}} ({{originalRequestId}}){{/originalRequestId}}. Vi fortsetter i den opprinnelige saken, og du får svar der.',
  ],
  third_party_unauthorised: [
    'Forespørselen gjelder en annen persons personopplysninger, og vi har ikke kunnet bekrefte at du har rett til å representere denne personen, for eksempel gjennom en fullmakt. For å beskytte personens opplysninger kan vi derfor ikke imøtekomme forespørselen.',
  ],
  erasure_exemption: [
    'Vi kan ikke eller trenger ikke slette opplysningene, fordi behandlingen fortsatt er nødvendig av en grunn som personvernforordningen (GDPR) artikkel 17 nr. 3 angir, for eksempel for å oppfylle en rettslig forpliktelse (som bokføringsregler) eller for å fastsette, gjøre gjeldende eller forsvare rettskrav.',
  ],
  data_accurate: [
    'Vi har kontrollert opplysningene forespørselen gjelder, og vurderer dem som korrekte og fullstendige. Retten til retting etter personvernforordningen (GDPR) artikkel 16 gjelder uriktige eller ufullstendige opplysninger, så vi har ikke endret noe.',
  ],
  compelling_grounds: [
    'Vi har vurdert protesten din mot behandlingen, som vi bygger på en berettiget interesse. Vi mener vi har tvingende berettigede grunner for behandlingen som går foran dine interesser, rettigheter og friheter, eller at behandlingen er nødvendig for å fastsette, gjøre gjeldende eller forsvare rettskrav (personvernforordningen, GDPR, artikkel 21 nr. 1). Protester mot direkte markedsføring gjelder alltid og berøres ikke av dette.',
  ],
};

/** Norwegian bokmål replies. Plain, polite "du"-form; dates like "25. desember 2026". */
export const nbBasics: LanguageBasics = {
  language: 'nb',
  htmlLang: 'nb',
  locale: 'nb-NO',
  dateTimeFormat: '{date} kl. {hour}.{minute}',
  dayUnit: { one: 'dag', other: 'dager' },
  typeNames: {
    access: 'innsyn',
    portability: 'dataportabilitet',
    rectification: 'retting',
    erasure: 'sletting',
    restriction: 'begrensning av behandlingen',
    objection: 'protest mot behandlingen',
    withdraw_consent: 'tilbaketrekking av samtykke',
  },
  alertKinds: {
    failure: 'Feil i saksbehandlingen',
    virus: 'Virus i innkommende melding',
    security: 'Sikkerhetsvarsel',
    task_timeout: 'En oppgave for saksbehandlerne har passert tidsfristen',
  },
  signature: [
    'Med vennlig hilsen\nPersonvernteamet{{#organisationName}} i {{organisationName}}{{/organisationName}}',
  ],
  replyFooter: [
    'Saksnummer: {{requestId}}. Har du spørsmål, kan du svare på denne e-posten{{#contactAddress}} eller skrive til {{contactAddress}}{{/contactAddress}}. Oppgi gjerne saksnummeret.',
  ],
};

/** The verification mails, on their own: the link handlers ship only these. */
export const nbVerificationMails: TemplateGroup<VerificationTemplate> = {
  verification: {
    subject: 'Sak {{requestId}}: Bekreft e-postadressen din',
    body: [
      'Hei!',
      'Vi har mottatt en forespørsel om {{types}} som gjelder denne e-postadressen (sak {{requestId}}). For å være sikre på at det er du som har sendt den, ber vi deg bekrefte at du har tilgang til adressen ved å åpne lenken nedenfor:',
      '{{verificationUrl}}',
      'Lenken er gyldig til {{linkExpiresAt}} og kan bare brukes én gang.',
      'Lenken bekrefter bare at du har tilgang til denne e-postadressen. Den gir ikke tilgang til opplysningene dine, og vi ber deg aldri om passord eller andre innloggingsopplysninger.',
      'Hvis du ikke har sendt noen forespørsel til oss, kan du se bort fra denne e-posten. Ingenting skjer hvis du ikke åpner lenken.',
    ],
  },
  verification_reminder: {
    subject: 'Sak {{requestId}}: Påminnelse – bekreft e-postadressen din',
    body: [
      'Hei!',
      'Vi venter fortsatt på at du bekrefter e-postadressen din for forespørselen om {{types}} (sak {{requestId}}). Vi kan ikke gå videre med saken før du har gjort det.',
      '{{verificationUrl}}',
      'Lenken er gyldig til {{linkExpiresAt}} og kan bare brukes én gang. Den bekrefter bare at du har tilgang til e-postadressen, og gir ikke tilgang til opplysningene dine.',
      'Hvis du ikke har sendt noen forespørsel til oss, kan du se bort fra denne e-posten.',
    ],
  },
};

/** The mails intake sends itself besides verification links: the rest ship only with the workflow's functions. */
export const nbIntakeMails: TemplateGroup<Exclude<IntakeMailTemplate, VerificationTemplate>> = {
  triage_acknowledgement: {
    subject: 'Sak {{requestId}}: Vi har mottatt meldingen din',
    body: [
      'Hei!',
      'Takk for meldingen din. Vi har mottatt den og registrert den som sak {{requestId}}.',
      'Noen i personvernteamet vårt leser den og svarer deg så snart som mulig.',
      '{{#dueDate}}Hvis meldingen gjelder rettighetene dine etter personvernforordningen, for eksempel innsyn eller sletting, svarer vi senest {{dueDate}}.{{/dueDate}}',
    ],
  },
  staff_alert: {
    subject: 'Privacy Desk: {{alertKind}} – sak {{requestId}}',
    body: [
      'Sak {{requestId}} må følges opp av personvernteamet.',
      'Type: {{alertKind}}',
      'Årsak: {{alertReason}}',
      {
        when: 'foldedAlerts',
        show: [
          {
            list: 'foldedAlerts',
            item: 'Samlet siden forrige oversikt, ikke sendt enkeltvis: {{foldedCount}} mellom {{firstFoldedAt}} og {{lastFoldedAt}} – {{requestIds}}',
          },
        ],
      },
      '{{#step}}Steg: {{step}}{{/step}}',
      '{{#consoleUrl}}Åpne saken i konsollen: {{consoleUrl}}{{/consoleUrl}}{{^consoleUrl}}Åpne saken i konsollen for å se detaljer.{{/consoleUrl}}',
      'Meldingen inneholder ingen personopplysninger.',
    ],
  },
};

export const nb: LanguagePack = /* @__PURE__ */ languagePack(
  nbBasics,
  {
    acknowledgement: {
      subject: 'Sak {{requestId}}: Vi har mottatt forespørselen din',
      body: [
        'Hei!',
        'Takk for henvendelsen. Vi har mottatt forespørselen din om {{types}} og registrert den som sak {{requestId}}.',
        'Vi svarer senest {{dueDate}}. Hvis vi trenger mer tid, gir vi deg beskjed før den tid og forklarer hvorfor.',
        'Hvis vi må bekrefte identiteten din, får du en egen e-post med en lenke.',
        'Hvis vi har misforstått hva du ber om, eller du vil noe mer, svar på denne e-posten og fortell oss det: en person leser svaret ditt.',
      ],
    },
    needs_more_info: {
      subject: 'Sak {{requestId}}: Vi trenger mer informasjon',
      body: [
        'Hei!',
        'For å kunne behandle forespørselen din om {{types}} (sak {{requestId}}) trenger vi mer informasjon fra deg:',
        { quote: 'question' },
        'Du kan svare direkte på denne e-posten. Fristen for svaret vårt står stille til du har svart, og løper videre når vi har mottatt svaret ditt.',
      ],
    },
    pause_reminder: {
      subject: 'Sak {{requestId}}: Påminnelse – vi venter på svaret ditt',
      body: [
        'Hei!',
        'Den {{pausedSinceDate}} ba vi deg om opplysninger vi trenger for å behandle forespørselen din om {{types}} (sak {{requestId}}), og vi har ennå ikke fått svar.',
        'Fristen for svaret vårt står stille til du svarer. Du kan svare direkte på denne e-posten.',
        'Hvis du ikke lenger vil at vi skal behandle forespørselen, kan du skrive det i et svar.',
      ],
    },
    extension: {
      subject: 'Sak {{requestId}}: Vi trenger mer tid til forespørselen din',
      body: [
        'Hei!',
        'Vi arbeider med forespørselen din om {{types}} (sak {{requestId}}), men trenger mer tid for å fullføre den. Vi forlenger derfor fristen{{#previousDueDate}} fra {{previousDueDate}}{{/previousDueDate}} til {{dueDate}}.',
        'Begrunnelsen for forlengelsen:',
        { quote: 'extensionReason' },
        'Etter personvernforordningen (GDPR) artikkel 12 nr. 3 kan fristen forlenges med inntil to måneder når det er nødvendig på grunn av hvor sammensatt forespørselen er, eller hvor mange forespørsler vi har mottatt.',
      ],
    },
    rejection: {
      subject: 'Sak {{requestId}}: Svar på forespørselen din',
      body: [
        'Hei!',
        'Vi har gått gjennom sak {{requestId}} og kan dessverre ikke imøtekomme forespørselen din{{#types}} om {{types}}{{/types}}.',
        { rejectionReasonText: nbRejectionReasons },
        { when: 'rejectionDetail', show: [{ quote: 'rejectionDetail' }] },
        {
          when: 'marketingStopped',
          show: [
            'Protesten din mot direkte markedsføring berøres ikke: vi registrerte den da vi mottok meldingen din, og vi bruker ikke lenger personopplysningene dine til markedsføring.',
          ],
        },
        'Hvis du ikke er fornøyd med avgjørelsen, har du rett til å klage til Integritetsskyddsmyndigheten (IMY), som er tilsynsmyndighet for personvern i Sverige, der vi er etablert. Mer informasjon finner du på imy.se. Du kan også klage til tilsynsmyndigheten i landet der du bor eller arbeider; i Norge er det Datatilsynet (datatilsynet.no). Du har også rett til å bringe saken inn for domstolene.',
        'Ta gjerne kontakt med oss hvis du har spørsmål om avgjørelsen.',
      ],
    },
    cancellation: {
      subject: 'Sak {{requestId}}: Saken din er avsluttet',
      body: [
        'Hei!',
        'Vi har avsluttet sak {{requestId}}{{#types}} om {{types}}{{/types}} uten å behandle den videre.',
        {
          when: 'marketingStopped',
          show: [
            'Protesten din mot direkte markedsføring berøres ikke: vi registrerte den da vi mottok meldingen din, og vi bruker ikke lenger personopplysningene dine til markedsføring.',
          ],
        },
        {
          when: 'rejectionDetail',
          show: ['Begrunnelsen:', { quote: 'rejectionDetail' }],
          otherwise: [
            'Det skjer oftest når en forespørsel er trukket tilbake, behandles i en annen sak eller ble sendt ved en feil.',
          ],
        },
        'Hvis du fortsatt vil at vi skal gjøre noe, kan du svare på denne e-posten eller sende en ny forespørsel. Hvis du ikke er fornøyd med hvordan vi har behandlet saken, har du rett til å klage til Integritetsskyddsmyndigheten (IMY), som er tilsynsmyndighet for personvern i Sverige, der vi er etablert. Mer informasjon finner du på imy.se. Du kan også klage til tilsynsmyndigheten i landet der du bor eller arbeider; i Norge er det Datatilsynet (datatilsynet.no). Du har også rett til å bringe saken inn for domstolene.',
      ],
    },
    mandate_notice: {
      subject: 'Sak {{requestId}}: Vi har kontakt direkte med den det gjelder',
      body: [
        'Hei,',
        'Takk for meldingen din, som vi har registrert som sak {{requestId}}. Du skrev på vegne av noen andre.',
        'For å beskytte personopplysningene til vedkommende behandler vi forespørselen direkte med personen opplysningene gjelder: vi har skrevet til vedkommende for å bekrefte den. Vi utleverer ingen personopplysninger til deg.',
        'Hvis du representerer personen med fullmakt, kan du svare på denne e-posten og legge den ved. Vi vurderer den før vi gjør noe mer.',
      ],
    },
    completion_access: {
      subject: 'Sak {{requestId}}: Personopplysningene dine er klare til nedlasting',
      body: [
        'Hei!',
        'Vi har fullført forespørselen din om {{types}} (sak {{requestId}}). Du kan laste ned personopplysningene dine via lenken nedenfor:',
        '{{downloadUrl}}',
        'Lenken er gyldig til {{linkExpiresAt}}. Filen er personlig, så ikke del lenken med andre. Hvis lenken har utløpt, kan du svare på denne e-posten, så sender vi en ny.',
        'Pakken inneholder:',
        {
          bullets: [
            'personopplysningene dine i maskinlesbare formater (JSON og CSV), som du også kan overføre til andre',
            'en oversikt i HTML som du kan åpne i nettleseren',
            'informasjon om hvorfor vi behandler opplysningene, hvilke typer opplysninger det gjelder, hvem som har mottatt dem, hvor lenge vi lagrer dem, hvor de kommer fra, og hvilke rettigheter du har',
          ],
        },
        {
          when: 'dataSources',
          show: ['Opplysningene kommer fra disse systemene:', { list: 'dataSources' }],
        },
        'Hvis du har spørsmål om innholdet eller mener at noe er feil, er du velkommen til å svare på denne e-posten.',
      ],
    },
    completion_erasure: {
      subject:
        'Sak {{requestId}}: {{#erasedItems}}Personopplysningene dine er slettet{{/erasedItems}}{{^erasedItems}}Forespørselen din om sletting er fullført{{/erasedItems}}',
      body: [
        'Hei!',
        'Vi har fullført forespørselen din om {{types}} (sak {{requestId}}).',
        {
          when: 'erasedItems',
          show: ['Vi har slettet disse opplysningene:', { list: 'erasedItems' }],
          otherwise: [
            {
              when: 'anonymisedItems',
              show: [],
              otherwise: [
                {
                  when: 'retainedItems',
                  show: [],
                  otherwise: [
                    'Vi har søkt i alle systemer der vi behandler personopplysninger, og fant ingen opplysninger om deg knyttet til denne e-postadressen, så det var ingenting å slette.',
                  ],
                },
              ],
            },
          ],
        },
        {
          when: 'anonymisedItems',
          show: [
            'Disse opplysningene har vi anonymisert, slik at de ikke lenger kan knyttes til deg:',
            { list: 'anonymisedItems' },
          ],
        },
        {
          when: 'retainedItems',
          show: [
            'Noen opplysninger er vi etter loven pålagt å oppbevare en stund til. De brukes bare til det formålet loven krever, og slettes når fristen er ute:',
            {
              list: 'retainedItems',
              item: '{{description}} – oppbevares etter {{legalBasis}} til og med {{until}}',
            },
          ],
        },
        {
          when: 'erasedItems',
          show: [
            'Kopier av opplysningene kan finnes i sikkerhetskopiene våre til og med {{backupExpiryDate}}, da de overskrives automatisk. Sikkerhetskopiene er beskyttet og brukes bare til å gjenopprette systemer etter feil. Hvis vi må gjenopprette fra en sikkerhetskopi før den tid, sørger vi for at opplysningene dine slettes på nytt.',
          ],
        },
      ],
    },
    completion_rectification: {
      subject:
        'Sak {{requestId}}: {{#correctedItems}}Personopplysningene dine er rettet{{/correctedItems}}{{^correctedItems}}Svar på forespørselen din om retting{{/correctedItems}}',
      body: [
        'Hei!',
        {
          when: 'correctedItems',
          show: [
            'Vi har fullført forespørselen din om {{types}} (sak {{requestId}}) og rettet disse opplysningene:',
            { list: 'correctedItems' },
          ],
          otherwise: [
            'Vi har behandlet forespørselen din om {{types}} (sak {{requestId}}). Vi har gått gjennom opplysningene vi har om deg og fant ingenting som måtte rettes, så vi har ikke endret noe.',
            'Hvis du er uenig, kan du svare på denne e-posten og fortelle hva som er feil. Du har også rett til å klage til Integritetsskyddsmyndigheten (IMY) i Sverige, der vi er etablert (imy.se), eller til tilsynsmyndigheten i landet der du bor eller arbeider (i Norge: Datatilsynet, datatilsynet.no), og til å bringe saken inn for domstolene.',
          ],
        },
        'Hvis noe fortsatt er feil, er du velkommen til å svare på denne e-posten.',
      ],
    },
    completion_objection: {
      subject: 'Sak {{requestId}}: Forespørselen din er gjennomført',
      body: [
        'Hei!',
        'Vi har gjennomført forespørselen din om {{types}} (sak {{requestId}}).',
        {
          when: 'purposes',
          show: [
            'Vi har sluttet å behandle personopplysningene dine til disse formålene:',
            { list: 'purposes' },
          ],
        },
        {
          when: 'objectionContinued',
          show: [
            'Du protesterte mot følgende behandling, som bygger på vår berettigede interesse. Vi har veid protesten din mot våre grunner (artikkel 21 nr. 1 i personvernforordningen) og fortsetter behandlingen, av de grunnene som er oppgitt:',
            { list: 'objectionContinued', item: '{{purpose}} – {{grounds}}' },
            'Hvis du ikke er fornøyd med avgjørelsen, har du rett til å klage til Integritetsskyddsmyndigheten (IMY), som er tilsynsmyndighet for personvern i Sverige, der vi er etablert. Mer informasjon finner du på imy.se. Du kan også klage til tilsynsmyndigheten i landet der du bor eller arbeider; i Norge er det Datatilsynet (datatilsynet.no). Du har også rett til å bringe saken inn for domstolene.',
          ],
        },
        'Hvis du har trukket tilbake et samtykke, påvirker ikke dette behandlingen som skjedde før du trakk det tilbake.',
        'Du kan når som helst gi et nytt samtykke hvis du ombestemmer deg.',
      ],
    },
    completion_restriction: {
      subject: 'Sak {{requestId}}: Behandlingen av personopplysningene dine er begrenset',
      body: [
        'Hei!',
        'Vi har gjennomført forespørselen din om {{types}} (sak {{requestId}}) og begrenset behandlingen av personopplysningene dine.',
        {
          when: 'systems',
          show: ['Begrensningen gjelder opplysningene i disse systemene:', { list: 'systems' }],
        },
        'Så lenge begrensningen gjelder, lagrer vi opplysningene, men bruker dem ikke, unntatt med ditt samtykke, for å fastsette, gjøre gjeldende eller forsvare rettskrav, for å beskytte en annen persons rettigheter eller av viktige grunner knyttet til allmennhetens interesser (personvernforordningen artikkel 18 nr. 2).',
        'Vi gir deg beskjed før begrensningen oppheves.',
      ],
    },
    completion_no_data: {
      subject: 'Sak {{requestId}}: Vi har ingen personopplysninger om deg',
      body: [
        'Hei!',
        'Vi har fullført forespørselen din om {{types}} (sak {{requestId}}). Vi har søkt i alle systemer der vi behandler personopplysninger, og har ikke funnet noen opplysninger om deg knyttet til denne e-postadressen.',
        'Hvis du tror at vi kan ha opplysninger om deg under en annen e-postadresse, et annet navn eller i en annen rolle (for eksempel som kontaktperson hos en kunde), er du velkommen til å svare på denne e-posten, så søker vi på nytt.',
      ],
    },
    recipient_notice: {
      subject: 'Vår sak {{requestId}}: en endring av personopplysninger vi har utlevert til dere',
      body: [
        'Hei,',
        'Etter artikkel 19 i personvernforordningen (GDPR) gir vi beskjed om at vi etter krav fra den registrerte har gjennomført {{types}} av personopplysninger om personen med e-postadressen {{subjectAddress}} (vår sak {{requestId}}).',
        {
          when: 'systems',
          show: ['Det gjelder opplysninger fra følgende av systemene våre:', { list: 'systems' }],
        },
        'Hvis vi har utlevert opplysningene til dere, ber vi dere gjøre den samme endringen i egne registre. Gjelder det en retting, kan dere svare på denne e-posten, så sender vi de rettede opplysningene; det samme gjelder hvis dere har spørsmål.',
      ],
    },
    recipients_notified: {
      subject: 'Sak {{requestId}}: Hvem vi har informert om endringen',
      body: [
        'Hei,',
        'Når vi retter, sletter eller begrenser personopplysninger, skal vi informere alle vi har utlevert opplysningene til (artikkel 19 i personvernforordningen). For kravet ditt om {{types}} (sak {{requestId}}) har vi informert:',
        { list: 'recipients' },
        'Du trenger ikke å gjøre noe.',
      ],
    },
    staff_deadline_digest: {
      subject: 'Privacy Desk: frister per {{today}}{{#foldedAlerts}} og samlede varsler{{/foldedAlerts}}',
      body: [
        'Saker der fristen er passert eller nærmer seg, per {{today}}.',
        { heading: 'Forsinket' },
        {
          when: 'overdue',
          show: [
            {
              list: 'overdue',
              item: '{{id}} ({{status}}) – frist {{dueDate}}, {{daysOverdue}} på overtid{{#paused}}, satt på vent til vi får svar{{/paused}}',
            },
          ],
          otherwise: ['Ingen forsinkede saker.'],
        },
        { heading: 'Forfaller innen fem dager' },
        {
          when: 'dueSoon',
          show: [
            {
              list: 'dueSoon',
              item: '{{id}} ({{status}}) – frist {{dueDate}}, {{daysLeft}} igjen{{#paused}}, satt på vent til vi får svar{{/paused}}',
            },
          ],
          otherwise: ['Ingen saker forfaller innen fem dager.'],
        },
        { heading: 'Venter på den som spør (klokken satt på pause)' },
        {
          when: 'waiting',
          show: [
            {
              list: 'waiting',
              item: '{{id}} ({{status}}) – ventet {{daysWaiting}}{{#reminded}}, påminnelse sendt: følg opp{{/reminded}}',
            },
          ],
          otherwise: ['Ingen saker venter på den som spør.'],
        },
        {
          when: 'breaches',
          show: [
            { heading: 'Brudd på personopplysningssikkerheten: 72-timersfristen' },
            {
              list: 'breaches',
              item: '{{incidentId}} – meld til IMY innen {{authorityDeadline}}: {{breachClock}}',
            },
          ],
        },
        { heading: 'Varsler samlet siden forrige oversikt' },
        {
          when: 'foldedAlerts',
          show: [
            {
              list: 'foldedAlerts',
              item: '{{alertKind}}: {{foldedCount}} til mellom {{firstFoldedAt}} og {{lastFoldedAt}}, ikke sendt enkeltvis – {{requestIds}}',
            },
          ],
          otherwise: ['Ingen varsler er samlet.'],
        },
        '{{#consoleUrl}}Åpne konsollen: {{consoleUrl}}{{/consoleUrl}}',
        'Meldingen inneholder ingen personopplysninger.',
      ],
    },
  },
  nbVerificationMails,
  nbIntakeMails,
);
