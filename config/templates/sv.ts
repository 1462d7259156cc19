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
const svRejectionReasons: Readonly<Record<RejectionReason, readonly Block[]>> = {
  unverified: [
    'Vi har inte kunnat bekräfta att begäran kommer från den person som uppgifterna gäller, eftersom e-postadressen inte bekräftades innan bekräftelselänken slutade gälla. För att skydda dina uppgifter lämnar vi inte ut eller ändrar något utan en sådan bekräftelse. Du är välkommen att skicka en ny begäran.',
  ],
  manifestly_unfounded: [
    'Vi bedömer att begäran är uppenbart ogrundad. Enligt artikel 12.5 i dataskyddsförordningen (GDPR) får vi då vägra att tillmötesgå den; det är vi som ska visa att så är fallet.',
  ],
  excessive: [
    'Vi bedömer att begäran är orimlig, särskilt eftersom den upprepar begäranden som vi redan har besvarat. Enligt artikel 12.5 i dataskyddsförordningen (GDPR) får vi då vägra att tillmötesgå den; det är vi som ska visa att så är fallet.',
  ],
  not_a_request: [
    'Ditt meddelande innehåller ingen begäran om att utöva dina rättigheter enligt dataskyddsförordningen, till exempel om registerutdrag, rättelse eller radering. Vi har därför inte hanterat det som en sådan begäran. Om du vill göra en begäran kan du svara på det här mejlet och beskriva vad du vill att vi ska göra.',
  ],
  duplicate: [
    'Begäran är en dubblett av ett ärende som vi redan hanterar{{#originalRequestId}} ({{originalRequestId}}){{/originalRequestId}}. Vi fortsätter i det ursprungliga ärendet och du får svar där.',
  ],
  third_party_unauthorised: [
    'Begäran gäller någon annans personuppgifter, och vi har inte kunnat bekräfta att du har rätt att företräda den personen, till exempel genom en fullmakt. För att skydda personens uppgifter kan vi därför inte tillmötesgå begäran.',
  ],
  erasure_exemption: [
    'Vi får inte eller behöver inte radera uppgifterna, eftersom behandlingen fortfarande är nödvändig av ett skäl som artikel 17.3 i dataskyddsförordningen (GDPR) anger, till exempel för att uppfylla en rättslig förpliktelse (som bokföringslagen) eller för att fastställa, göra gällande eller försvara rättsliga anspråk.',
  ],
  data_accurate: [
    'Vi har kontrollerat de uppgifter som begäran gäller och bedömer att de är korrekta och fullständiga. Rätten till rättelse enligt artikel 16 i dataskyddsförordningen (GDPR) gäller felaktiga eller ofullständiga uppgifter, så vi har inte ändrat något.',
  ],
  compelling_grounds: [
    'Vi har prövat din invändning mot vår behandling, som vi grundar på ett berättigat intresse. Vi bedömer att vi har tvingande berättigade skäl för behandlingen som väger tyngre än dina intressen, rättigheter och friheter, eller att behandlingen behövs för att fastställa, göra gällande eller försvara rättsliga anspråk (artikel 21.1 i dataskyddsförordningen, GDPR). Invändningar mot direktmarknadsföring gäller alltid och berörs inte av detta.',
  ],
};

/** Swedish replies. Plain, polite "du"-form; dates like "25 december 2026". */
export const svBasics: LanguageBasics = {
  language: 'sv',
  htmlLang: 'sv',
  locale: 'sv-SE',
  dateTimeFormat: '{date} kl. {hour}.{minute}',
  dayUnit: { one: 'dag', other: 'dagar' },
  typeNames: {
    access: 'registerutdrag',
    portability: 'dataportabilitet',
    rectification: 'rättelse',
    erasure: 'radering',
    restriction: 'begränsning av behandling',
    objection: 'invändning mot behandling',
    withdraw_consent: 'återkallelse av samtycke',
  },
  alertKinds: {
    failure: 'Fel i handläggningen',
    virus: 'Virus i inkommande meddelande',
    security: 'Säkerhetsvarning',
    task_timeout: 'En uppgift för handläggarna har passerat sin tidsgräns',
  },
  signature: [
    'Med vänliga hälsningar\nDataskyddsteamet{{#organisationName}} på {{organisationName}}{{/organisationName}}',
  ],
  replyFooter: [
    'Ärendenummer: {{requestId}}. Har du frågor kan du svara på det här mejlet{{#contactAddress}} eller skriva till {{contactAddress}}{{/contactAddress}}. Ange gärna ärendenumret.',
  ],
};

/** The verification mails, on their own: the link handlers ship only these. */
export const svVerificationMails: TemplateGroup<VerificationTemplate> = {
  verification: {
    subject: 'Ärende {{requestId}}: Bekräfta din e-postadress',
    body: [
      'Hej!',
      'Vi har tagit emot en begäran om {{types}} som gäller den här e-postadressen (ärende {{requestId}}). För att vara säkra på att det är du som har skickat den ber vi dig bekräfta att du har tillgång till adressen genom att öppna länken nedan:',
      '{{verificationUrl}}',
      'Länken gäller till {{linkExpiresAt}} och kan bara användas en gång.',
      'Länken bekräftar bara att du har tillgång till den här e-postadressen. Den ger ingen tillgång till dina uppgifter, och vi ber dig aldrig om lösenord eller andra inloggningsuppgifter.',
      'Om du inte har skickat någon begäran till oss kan du bortse från det här mejlet. Ingenting händer om du inte öppnar länken.',
    ],
  },
  verification_reminder: {
    subject: 'Ärende {{requestId}}: Påminnelse – bekräfta din e-postadress',
    body: [
      'Hej!',
      'Vi väntar fortfarande på att du ska bekräfta din e-postadress för din begäran om {{types}} (ärende {{requestId}}). Vi kan inte gå vidare med ärendet förrän du har gjort det.',
      '{{verificationUrl}}',
      'Länken gäller till {{linkExpiresAt}} och kan bara användas en gång. Den bekräftar bara att du har tillgång till e-postadressen och ger ingen tillgång till dina uppgifter.',
      'Om du inte har skickat någon begäran till oss kan du bortse från det här mejlet.',
    ],
  },
};

/** The mails intake sends itself besides verification links: the rest ship only with the workflow's functions. */
export const svIntakeMails: TemplateGroup<Exclude<IntakeMailTemplate, VerificationTemplate>> = {
  triage_acknowledgement: {
    subject: 'Ärende {{requestId}}: Vi har tagit emot ditt meddelande',
    body: [
      'Hej!',
      'Tack för ditt meddelande. Vi har tagit emot det och registrerat det som ärende {{requestId}}.',
      'Någon i vårt dataskyddsteam läser det och återkommer till dig så snart som möjligt.',
      '{{#dueDate}}Om ditt meddelande gäller dina rättigheter enligt dataskyddsförordningen, till exempel registerutdrag eller radering, svarar vi senast {{dueDate}}.{{/dueDate}}',
    ],
  },
  staff_alert: {
    subject: 'Privacy Desk: {{alertKind}} – ärende {{requestId}}',
    body: [
      'Ärende {{requestId}} behöver åtgärdas av dataskyddsteamet.',
      'Typ: {{alertKind}}',
      'Orsak: {{alertReason}}',
      {
        when: 'foldedAlerts',
        show: [
          {
            list: 'foldedAlerts',
            item: 'Samlade sedan förra sammanställningen, inte skickade ett och ett: {{foldedCount}} mellan {{firstFoldedAt}} och {{lastFoldedAt}} – {{requestIds}}',
          },
        ],
      },
      '{{#step}}Steg: {{step}}{{/step}}',
      '{{#consoleUrl}}Öppna ärendet i konsolen: {{consoleUrl}}{{/consoleUrl}}{{^consoleUrl}}Öppna ärendet i konsolen för att se detaljer.{{/consoleUrl}}',
      'Meddelandet innehåller inga personuppgifter.',
    ],
  },
};

export const sv: LanguagePack = /* @__PURE__ */ languagePack(
  svBasics,
  {
    acknowledgement: {
      subject: 'Ärende {{requestId}}: Vi har tagit emot din begäran',
      body: [
        'Hej!',
        'Tack för ditt meddelande. Vi har tagit emot din begäran om {{types}} och registrerat den som ärende {{requestId}}.',
        'Vi svarar senast {{dueDate}}. Om vi behöver mer tid meddelar vi dig före dess och förklarar varför.',
        'Om vi behöver bekräfta din identitet får du ett separat mejl med en länk.',
        'Om vi har missförstått vad du ber om, eller om du vill något mer, svara på det här mejlet och berätta det: en person läser ditt svar.',
      ],
    },
    needs_more_info: {
      subject: 'Ärende {{requestId}}: Vi behöver mer information',
      body: [
        'Hej!',
        'För att kunna hantera din begäran om {{types}} (ärende {{requestId}}) behöver vi mer information från dig:',
        { quote: 'question' },
        'Du kan svara direkt på det här mejlet. Tidsfristen för vårt svar står still tills du har svarat och börjar löpa igen när vi har fått ditt svar.',
      ],
    },
    pause_reminder: {
      subject: 'Ärende {{requestId}}: Påminnelse – vi väntar på ditt svar',
      body: [
        'Hej!',
        'Den {{pausedSinceDate}} bad vi dig om uppgifter som vi behöver för att handlägga din begäran om {{types}} (ärende {{requestId}}), och vi har ännu inte fått ditt svar.',
        'Tidsfristen för vårt svar står still tills du svarar. Du kan svara direkt på det här mejlet.',
        'Om du inte längre vill att vi handlägger begäran kan du skriva det i ett svar.',
      ],
    },
    extension: {
      subject: 'Ärende {{requestId}}: Vi behöver mer tid för din begäran',
      body: [
        'Hej!',
        'Vi arbetar med din begäran om {{types}} (ärende {{requestId}}) men behöver mer tid för att slutföra den. Vi förlänger därför tidsfristen{{#previousDueDate}} från {{previousDueDate}}{{/previousDueDate}} till {{dueDate}}.',
        'Skälet till förlängningen:',
        { quote: 'extensionReason' },
        'Enligt artikel 12.3 i dataskyddsförordningen (GDPR) får tidsfristen förlängas med högst två månader om det behövs med hänsyn till hur komplicerad begäran är och hur många begäranden vi har fått.',
      ],
    },
    rejection: {
      subject: 'Ärende {{requestId}}: Beslut om din begäran',
      body: [
        'Hej!',
        'Vi har gått igenom ärende {{requestId}} och kan tyvärr inte tillmötesgå din begäran{{#types}} om {{types}}{{/types}}.',
        { rejectionReasonText: svRejectionReasons },
        { when: 'rejectionDetail', show: [{ quote: 'rejectionDetail' }] },
        {
          when: 'marketingStopped',
          show: [
            'Din invändning mot direktmarknadsföring påverkas inte: vi registrerade den när vi tog emot ditt meddelande, och vi använder inte längre dina personuppgifter för marknadsföring.',
          ],
        },
        'Om du inte är nöjd med vårt beslut har du rätt att lämna klagomål till Integritetsskyddsmyndigheten (IMY), som är tillsynsmyndighet för dataskydd i Sverige. Mer information finns på imy.se. Bor eller arbetar du i ett annat land kan du också klaga till tillsynsmyndigheten där (i Norge och Danmark: Datatilsynet). Du har också rätt att väcka talan i domstol.',
        'Du är alltid välkommen att kontakta oss om du har frågor om beslutet.',
      ],
    },
    cancellation: {
      subject: 'Ärende {{requestId}}: Ditt ärende har avslutats',
      body: [
        'Hej!',
        'Vi har avslutat ärende {{requestId}}{{#types}} om {{types}}{{/types}} utan att handlägga det vidare.',
        {
          when: 'marketingStopped',
          show: [
            'Din invändning mot direktmarknadsföring påverkas inte: vi registrerade den när vi tog emot ditt meddelande, och vi använder inte längre dina personuppgifter för marknadsföring.',
          ],
        },
        {
          when: 'rejectionDetail',
          show: ['Skälet:', { quote: 'rejectionDetail' }],
          otherwise: [
            'Det sker oftast när en begäran har dragits tillbaka, handläggs i ett annat ärende eller skickades av misstag.',
          ],
        },
        'Om du fortfarande vill att vi gör något kan du svara på det här mejlet eller skicka en ny begäran. Om du inte är nöjd med hur vi har hanterat ärendet har du rätt att lämna klagomål till Integritetsskyddsmyndigheten (IMY), som är tillsynsmyndighet för dataskydd i Sverige. Mer information finns på imy.se. Bor eller arbetar du i ett annat land kan du också klaga till tillsynsmyndigheten där (i Norge och Danmark: Datatilsynet). Du har också rätt att väcka talan i domstol.',
      ],
    },
    mandate_notice: {
      subject: 'Ärende {{requestId}}: Vi har kontakt direkt med den det gäller',
      body: [
        'Hej,',
        'Tack för ditt meddelande, som vi har registrerat som ärende {{requestId}}. Du skrev för någon annans räkning.',
        'För att skydda hens personuppgifter hanterar vi begäran direkt med den person som uppgifterna gäller: vi har skrivit till hen för att bekräfta den. Vi lämnar inte ut några personuppgifter till dig.',
        'Om du företräder personen med fullmakt kan du svara på det här mejlet och bifoga den. Vi bedömer den innan vi gör något mer.',
      ],
    },
    completion_access: {
      subject: 'Ärende {{requestId}}: Dina personuppgifter är klara att hämta',
      body: [
        'Hej!',
        'Vi har slutfört din begäran om {{types}} (ärende {{requestId}}). Du kan hämta dina personuppgifter via länken nedan:',
        '{{downloadUrl}}',
        'Länken gäller till {{linkExpiresAt}}. Filen är personlig, så dela inte länken med någon annan. Om länken har slutat gälla kan du svara på det här mejlet, så skickar vi en ny.',
        'Paketet innehåller:',
        {
          bullets: [
            'dina personuppgifter i maskinläsbara format (JSON och CSV), som du också kan föra över till någon annan',
            'en sammanställning i HTML som du kan öppna i webbläsaren',
            'information om varför vi behandlar uppgifterna, vilka slags uppgifter det gäller, vilka mottagare som har fått dem, hur länge vi sparar dem, varifrån de kommer och vilka rättigheter du har',
          ],
        },
        {
          when: 'dataSources',
          show: ['Uppgifterna kommer från följande system:', { list: 'dataSources' }],
        },
        'Om du har frågor om innehållet eller anser att något är fel är du välkommen att svara på det här mejlet.',
      ],
    },
    completion_erasure: {
      subject:
        'Ärende {{requestId}}: {{#erasedItems}}Dina personuppgifter har raderats{{/erasedItems}}{{^erasedItems}}Din begäran om radering är klar{{/erasedItems}}',
      body: [
        'Hej!',
        'Vi har slutfört din begäran om {{types}} (ärende {{requestId}}).',
        {
          when: 'erasedItems',
          show: ['Vi har raderat följande uppgifter:', { list: 'erasedItems' }],
          otherwise: [
            {
              when: 'anonymisedItems',
              show: [],
              otherwise: [
                {
                  when: 'retainedItems',
                  show: [],
                  otherwise: [
                    'Vi har sökt i alla system där vi behandlar personuppgifter och inte hittat några uppgifter om dig kopplade till den här e-postadressen, så det fanns inget att radera.',
                  ],
                },
              ],
            },
          ],
        },
        {
          when: 'anonymisedItems',
          show: [
            'Följande uppgifter har vi anonymiserat, så att de inte längre kan kopplas till dig:',
            { list: 'anonymisedItems' },
          ],
        },
        {
          when: 'retainedItems',
          show: [
            'Vissa uppgifter måste vi enligt lag spara en tid till. De används bara för det ändamål som lagen kräver och raderas när tiden har gått ut:',
            {
              list: 'retainedItems',
              item: '{{description}} – sparas enligt {{legalBasis}} till och med {{until}}',
            },
          ],
        },
        {
          when: 'erasedItems',
          show: [
            'Kopior av uppgifterna kan finnas kvar i våra säkerhetskopior till och med {{backupExpiryDate}}, då de skrivs över automatiskt. Säkerhetskopiorna är skyddade och används bara för att återställa system efter fel. Om vi behöver återställa från en säkerhetskopia före dess ser vi till att dina uppgifter raderas igen.',
          ],
        },
      ],
    },
    completion_rectification: {
      subject:
        'Ärende {{requestId}}: {{#correctedItems}}Dina personuppgifter har rättats{{/correctedItems}}{{^correctedItems}}Svar på din begäran om rättelse{{/correctedItems}}',
      body: [
        'Hej!',
        {
          when: 'correctedItems',
          show: [
            'Vi har slutfört din begäran om {{types}} (ärende {{requestId}}) och rättat följande uppgifter:',
            { list: 'correctedItems' },
          ],
          otherwise: [
            'Vi har handlagt din begäran om {{types}} (ärende {{requestId}}). Vi har gått igenom uppgifterna vi har om dig och inte hittat något som behövde rättas, så vi har inte ändrat något.',
            'Om du inte håller med kan du svara på det här mejlet och berätta vad som är fel. Du har också rätt att lämna klagomål till Integritetsskyddsmyndigheten (IMY), se imy.se, och att väcka talan i domstol. Bor eller arbetar du i ett annat land kan du också klaga till tillsynsmyndigheten där (i Norge och Danmark: Datatilsynet).',
          ],
        },
        'Om något fortfarande är fel är du välkommen att svara på det här mejlet.',
      ],
    },
    completion_objection: {
      subject: 'Ärende {{requestId}}: Din begäran är genomförd',
      body: [
        'Hej!',
        'Vi har genomfört din begäran om {{types}} (ärende {{requestId}}).',
        {
          when: 'purposes',
          show: ['Vi har slutat behandla dina personuppgifter för följande ändamål:', { list: 'purposes' }],
        },
        {
          when: 'objectionContinued',
          show: [
            'Du invände mot följande behandling, som grundar sig på vårt berättigade intresse. Vi har vägt din invändning mot våra skäl (artikel 21.1 i dataskyddsförordningen) och fortsätter behandlingen, av de skäl som anges:',
            { list: 'objectionContinued', item: '{{purpose}} – {{grounds}}' },
            'Om du inte är nöjd med beslutet har du rätt att lämna klagomål till Integritetsskyddsmyndigheten (IMY), som är tillsynsmyndighet för dataskydd i Sverige. Mer information finns på imy.se. Bor eller arbetar du i ett annat land kan du också klaga till tillsynsmyndigheten där (i Norge och Danmark: Datatilsynet). Du har också rätt att väcka talan i domstol.',
          ],
        },
        'Om du har återkallat ett samtycke påverkar det inte den behandling som skedde innan du återkallade det.',
        'Du kan när som helst lämna ett nytt samtycke om du ändrar dig.',
      ],
    },
    completion_restriction: {
      subject: 'Ärende {{requestId}}: Behandlingen av dina personuppgifter är begränsad',
      body: [
        'Hej!',
        'Vi har genomfört din begäran om {{types}} (ärende {{requestId}}) och begränsat behandlingen av dina personuppgifter.',
        {
          when: 'systems',
          show: ['Begränsningen gäller uppgifterna i följande system:', { list: 'systems' }],
        },
        'Så länge begränsningen gäller sparar vi uppgifterna men använder dem inte, utom med ditt samtycke, för att fastställa, göra gällande eller försvara rättsliga anspråk, för att skydda någon annans rättigheter eller av viktiga skäl som rör allmänintresset (artikel 18.2 i dataskyddsförordningen).',
        'Vi meddelar dig innan begränsningen hävs.',
      ],
    },
    completion_no_data: {
      subject: 'Ärende {{requestId}}: Vi har inga personuppgifter om dig',
      body: [
        'Hej!',
        'Vi har slutfört din begäran om {{types}} (ärende {{requestId}}). Vi har sökt i alla system där vi behandlar personuppgifter och har inte hittat några uppgifter om dig som är kopplade till den här e-postadressen.',
        'Om du tror att vi kan ha uppgifter om dig under en annan e-postadress, ett annat namn eller i en annan roll (till exempel som kontaktperson hos en kund) är du välkommen att svara på det här mejlet, så söker vi igen.',
      ],
    },
    recipient_notice: {
      subject: 'Vårt ärende {{requestId}}: en ändring av personuppgifter som vi har lämnat ut till er',
      body: [
        'Hej,',
        'Enligt artikel 19 i dataskyddsförordningen (GDPR) meddelar vi att vi på begäran av den registrerade har genomfört {{types}} av personuppgifter om personen med e-postadressen {{subjectAddress}} (vårt ärende {{requestId}}).',
        {
          when: 'systems',
          show: ['Det gäller uppgifter från följande av våra system:', { list: 'systems' }],
        },
        'Om vi har lämnat ut uppgifterna till er ber vi er att göra samma ändring i era egna register. Gäller det en rättelse kan ni svara på det här mejlet så skickar vi de rättade uppgifterna; detsamma gäller om ni har frågor.',
      ],
    },
    recipients_notified: {
      subject: 'Ärende {{requestId}}: Vilka vi har informerat om ändringen',
      body: [
        'Hej,',
        'När vi rättar, raderar eller begränsar personuppgifter ska vi informera alla som vi har lämnat ut uppgifterna till (artikel 19 i dataskyddsförordningen). För din begäran om {{types}} (ärende {{requestId}}) har vi informerat:',
        { list: 'recipients' },
        'Du behöver inte göra något.',
      ],
    },
    staff_deadline_digest: {
      subject: 'Privacy Desk: tidsfrister {{today}}{{#foldedAlerts}} och samlade larm{{/foldedAlerts}}',
      body: [
        'Ärenden vars tidsfrist har passerat eller närmar sig, per {{today}}.',
        { heading: 'Försenade' },
        {
          when: 'overdue',
          show: [
            {
              list: 'overdue',
              item: '{{id}} ({{status}}) – sista dag {{dueDate}}, försenat {{daysOverdue}}{{#paused}}, pausat i väntan på svar{{/paused}}',
            },
          ],
          otherwise: ['Inga försenade ärenden.'],
        },
        { heading: 'Förfaller inom fem dagar' },
        {
          when: 'dueSoon',
          show: [
            {
              list: 'dueSoon',
              item: '{{id}} ({{status}}) – sista dag {{dueDate}}, {{daysLeft}} kvar{{#paused}}, pausat i väntan på svar{{/paused}}',
            },
          ],
          otherwise: ['Inga ärenden förfaller inom fem dagar.'],
        },
        { heading: 'Väntar på den sökande (klockan pausad)' },
        {
          when: 'waiting',
          show: [
            {
              list: 'waiting',
              item: '{{id}} ({{status}}) – väntat {{daysWaiting}}{{#reminded}}, påminnelse skickad: följ upp{{/reminded}}',
            },
          ],
          otherwise: ['Inget ärende väntar på den sökande.'],
        },
        {
          when: 'breaches',
          show: [
            { heading: 'Personuppgiftsincidenter: 72-timmarsfristen' },
            {
              list: 'breaches',
              item: '{{incidentId}} – anmäl till IMY senast {{authorityDeadline}}: {{breachClock}}',
            },
          ],
        },
        { heading: 'Larm som samlats sedan förra sammanställningen' },
        {
          when: 'foldedAlerts',
          show: [
            {
              list: 'foldedAlerts',
              item: '{{alertKind}}: {{foldedCount}} till mellan {{firstFoldedAt}} och {{lastFoldedAt}}, inte skickade ett och ett – {{requestIds}}',
            },
          ],
          otherwise: ['Inga larm har samlats.'],
        },
        '{{#consoleUrl}}Öppna konsolen: {{consoleUrl}}{{/consoleUrl}}',
        'Meddelandet innehåller inga personuppgifter.',
      ],
    },
  },
  svVerificationMails,
  svIntakeMails,
);
