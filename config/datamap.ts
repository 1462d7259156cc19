import { type DataMap, parseDataMap } from '../functions/core/datamap';

/**
 * The demo data map: a Nordic IT consultancy as its privacy policy describes it (customers,
 * partner contacts, candidates, newsletter and event contacts, web visitors).
 *
 * Connectors name logical resources only (`table: 'crm'`, `bucket: 'web-logs'`,
 * `authHeaderSecret: 'newsletter-api-key'`). The deployment maps each to a physical name (CDK
 * passes them to the collector as env; the local stack creates them under these names), so this
 * file is the same in every environment and reads as documentation for privacy staff.
 */

const AWS_HOSTING = {
  name: 'Amazon Web Services EMEA SARL',
  description: {
    sv: 'Personuppgiftsbiträde: drift och lagring i EU (region eu-north-1, Stockholm).',
    nb: 'Databehandler: drift og lagring i EU (region eu-north-1, Stockholm).',
    en: 'Processor: hosting and storage in the EU (region eu-north-1, Stockholm).',
  },
  notify: {
    by: 'none',
    reason: 'Processor that runs the systems themselves: a change made in them is made at AWS.',
  },
} as const;

/** Art. 15(1)(h): the purpose neither profiles nor decides by automated means. */
const NO_AUTOMATED_DECISIONS = { kind: 'none' } as const;

const definition = {
  version: 1,
  controller: {
    name: 'Nordkonsult AB (demo)',
    email: 'gdpr@example.com',
    dpoEmail: 'dpo@example.com',
  },
  stores: [
    {
      id: 'crm',
      name: 'CRM: customers and partner contacts',
      publicName: { sv: 'Kundregister (CRM)', nb: 'Kunderegister (CRM)', en: 'Customer register (CRM)' },
      owner: 'Sales operations',
      purposes: [
        {
          id: 'customer-relationship',
          lawfulBasis: 'contract',
          description: {
            sv: 'Administrera kundförhållanden och leverera våra tjänster enligt avtal.',
            nb: 'Administrere kundeforhold og levere tjenestene våre etter avtale.',
            en: 'Managing customer relationships and delivering our services under contract.',
          },
          automatedDecisions: NO_AUTOMATED_DECISIONS,
        },
        {
          id: 'partner-relationship',
          lawfulBasis: 'legitimate_interests',
          description: {
            sv: 'Hålla kontakt med samarbetspartners och deras kontaktpersoner.',
            nb: 'Holde kontakt med samarbeidspartnere og deres kontaktpersoner.',
            en: 'Keeping in touch with partners and their contact persons.',
          },
          automatedDecisions: NO_AUTOMATED_DECISIONS,
        },
        {
          id: 'event-contacts',
          lawfulBasis: 'consent',
          description: {
            sv: 'Spara kontaktuppgifter för deltagare på våra evenemang, när de har samtyckt till det.',
            nb: 'Lagre kontaktopplysninger for deltakere på arrangementene våre, når de har samtykket til det.',
            en: 'Keeping contact details of our event participants, once they have consented to it.',
          },
          automatedDecisions: NO_AUTOMATED_DECISIONS,
        },
      ],
      consentPurposes: [
        {
          id: 'crm_contact_storage',
          description: {
            sv: 'Att vi sparar dina kontaktuppgifter i vårt CRM efter ett evenemang.',
            nb: 'At vi lagrer kontaktopplysningene dine i vårt CRM etter et arrangement.',
            en: 'Us keeping your contact details in our CRM after an event.',
          },
        },
      ],
      dataCategories: [
        {
          id: 'contact-details',
          label: { sv: 'Kontaktuppgifter', nb: 'Kontaktopplysninger', en: 'Contact details' },
        },
        {
          id: 'employer-and-role',
          label: { sv: 'Arbetsgivare och roll', nb: 'Arbeidsgiver og rolle', en: 'Employer and role' },
        },
        {
          id: 'purchase-history',
          label: { sv: 'Köphistorik', nb: 'Kjøpshistorikk', en: 'Purchase history' },
        },
      ],
      lawfulBasis: ['contract', 'legitimate_interests', 'consent'],
      legitimateInterest: {
        sv: 'Att kunna kontakta rätt personer hos kunder och samarbetspartners.',
        nb: 'Å kunne kontakte riktige personer hos kunder og samarbeidspartnere.',
        en: 'Being able to reach the right people at customers and partners.',
      },
      recipients: [AWS_HOSTING],
      source: {
        kind: 'data_subject',
        description: {
          sv: 'Från dig eller din arbetsgivare i samband med avtal och uppdrag.',
          nb: 'Fra deg eller arbeidsgiveren din i forbindelse med avtaler og oppdrag.',
          en: 'From you or your employer in connection with agreements and assignments.',
        },
      },
      retention: {
        description: {
          sv: 'Så länge avtalet gäller och därefter i 36 månader efter senaste kontakt.',
          nb: 'Så lenge avtalen gjelder, og deretter i 36 måneder etter siste kontakt.',
          en: 'For as long as the agreement lasts, then 36 months after the last contact.',
        },
        rule: { kind: 'months_after', months: 36, from: 'record_date' },
      },
      identifiers: { email: ['email'], phone: ['phone'], name: ['firstName', 'lastName'] },
      recordDateField: 'activityDate',
      connector: {
        type: 'dynamodb',
        table: 'crm',
        indexName: 'by-email',
        keyAttribute: 'email',
        keyFormat: 'normalised_email',
        primaryKey: { partition: 'pk', sort: 'sk' },
      },
      erasure: { policy: 'delete' },
    },
    {
      id: 'recruitment',
      name: 'Recruitment: candidates and CVs',
      publicName: { sv: 'Rekrytering', nb: 'Rekruttering', en: 'Recruitment' },
      owner: 'Talent acquisition',
      purposes: [
        {
          id: 'recruitment',
          description: {
            sv: 'Bedöma din ansökan och kontakta dig om lämpliga uppdrag och tjänster.',
            nb: 'Vurdere søknaden din og kontakte deg om passende oppdrag og stillinger.',
            en: 'Assessing your application and contacting you about suitable assignments and positions.',
          },
          automatedDecisions: NO_AUTOMATED_DECISIONS,
        },
      ],
      dataCategories: [
        {
          id: 'contact-details',
          label: { sv: 'Kontaktuppgifter', nb: 'Kontaktopplysninger', en: 'Contact details' },
        },
        {
          id: 'cv',
          label: {
            sv: 'CV, kompetenser och erfarenhet',
            nb: 'CV, kompetanse og erfaring',
            en: 'CV, skills and experience',
          },
        },
        {
          id: 'application-status',
          label: { sv: 'Ansökans status', nb: 'Søknadens status', en: 'Application status' },
        },
      ],
      lawfulBasis: ['consent'],
      consentPurposes: [
        {
          id: 'candidate_data_retention',
          description: {
            sv: 'Att spara ditt CV för framtida uppdrag och tjänster.',
            nb: 'Å lagre CV-en din for fremtidige oppdrag og stillinger.',
            en: 'Keeping your CV for future assignments and positions.',
          },
        },
      ],
      recipients: [AWS_HOSTING],
      source: {
        kind: 'data_subject',
        description: {
          sv: 'Från dig när du söker en tjänst eller anmäler intresse.',
          nb: 'Fra deg når du søker en stilling eller melder interesse.',
          en: 'From you when you apply for a position or register your interest.',
        },
      },
      retention: {
        description: {
          sv: '24 månader efter ansökan, eller tills du återkallar ditt samtycke.',
          nb: '24 måneder etter søknaden, eller til du trekker tilbake samtykket.',
          en: '24 months after the application, or until you withdraw your consent.',
        },
        rule: { kind: 'months_after', months: 24, from: 'record_date' },
      },
      identifiers: { email: ['email'], phone: ['phone'], name: ['firstName', 'lastName'] },
      recordDateField: 'appliedAt',
      connector: {
        type: 'dynamodb',
        table: 'recruitment',
        indexName: 'by-email',
        keyAttribute: 'email',
        primaryKey: { partition: 'candidateId' },
      },
      // The role, date and outcome stay for recruitment statistics; nothing left identifies the person.
      erasure: {
        policy: 'anonymise',
        fields: ['email', 'firstName', 'lastName', 'phone', 'linkedinUrl', 'cvSummary', 'skills'],
      },
    },
    {
      id: 'newsletter',
      name: 'Newsletter service',
      publicName: { sv: 'Nyhetsbrev', nb: 'Nyhetsbrev', en: 'Newsletter' },
      owner: 'Marketing',
      purposes: [
        {
          id: 'newsletter',
          description: {
            sv: 'Skicka nyhetsbrev om våra tjänster, seminarier och kurser.',
            nb: 'Sende nyhetsbrev om tjenestene våre, seminarer og kurs.',
            en: 'Sending newsletters about our services, seminars and courses.',
          },
          // Which topics a mail leads with is chosen from the courses and events you attended;
          // nothing is decided about you, so Art. 22 does not apply.
          automatedDecisions: {
            kind: 'profiling',
            logic: {
              sv: 'Vi väljer vilka ämnen nyhetsbrevet lyfter fram utifrån de kurser och evenemang du har deltagit i.',
              nb: 'Vi velger hvilke temaer nyhetsbrevet løfter frem ut fra kursene og arrangementene du har deltatt på.',
              en: 'We choose which topics the newsletter leads with from the courses and events you attended.',
            },
            consequences: {
              sv: 'Ordningen på innehållet i nyhetsbrevet. Inga beslut fattas om dig och inget annat påverkas.',
              nb: 'Rekkefølgen på innholdet i nyhetsbrevet. Ingen beslutninger tas om deg, og ingenting annet påvirkes.',
              en: 'The order of the newsletter’s content. No decision is made about you and nothing else is affected.',
            },
          },
        },
      ],
      dataCategories: [
        {
          id: 'contact-details',
          label: { sv: 'Kontaktuppgifter', nb: 'Kontaktopplysninger', en: 'Contact details' },
        },
        {
          id: 'subscription',
          label: {
            sv: 'Prenumerationer och språk',
            nb: 'Abonnementer og språk',
            en: 'Subscriptions and language',
          },
        },
      ],
      lawfulBasis: ['consent'],
      consentPurposes: [
        {
          id: 'newsletter',
          description: {
            sv: 'Att få vårt nyhetsbrev via e-post.',
            nb: 'Å motta nyhetsbrevet vårt på e-post.',
            en: 'Receiving our newsletter by e-mail.',
          },
        },
      ],
      recipients: [
        {
          name: 'Example Mail AB',
          description: {
            sv: 'Personuppgiftsbiträde: utskick av nyhetsbrev, lagring i EU.',
            nb: 'Databehandler: utsending av nyhetsbrev, lagring i EU.',
            en: 'Processor: sends the newsletter, stores data in the EU.',
          },
          notify: {
            by: 'none',
            reason: 'Processor that runs the newsletter service: the change is made through its API.',
          },
        },
      ],
      source: {
        kind: 'data_subject',
        description: {
          sv: 'Från dig när du anmäler dig till nyhetsbrevet.',
          nb: 'Fra deg når du melder deg på nyhetsbrevet.',
          en: 'From you when you sign up for the newsletter.',
        },
      },
      retention: {
        description: {
          sv: 'Tills du avregistrerar dig eller återkallar ditt samtycke.',
          nb: 'Til du melder deg av eller trekker tilbake samtykket.',
          en: 'Until you unsubscribe or withdraw your consent.',
        },
        rule: { kind: 'until_consent_withdrawn' },
      },
      identifiers: { email: ['email'], name: ['firstName'] },
      recordDateField: 'subscribedAt',
      connector: {
        type: 'http',
        baseUrl: 'https://newsletter.example.com/api/v1',
        searchPath: '/subscribers?email={email}',
        deletePath: '/subscribers/{id}',
        authHeaderSecret: 'newsletter-api-key',
        recordIdField: 'id',
      },
      erasure: { policy: 'delete' },
    },
    {
      id: 'events',
      name: 'Events: invitations and attendance',
      publicName: {
        sv: 'Evenemang och seminarier',
        nb: 'Arrangementer og seminarer',
        en: 'Events and seminars',
      },
      owner: 'Marketing',
      purposes: [
        {
          id: 'event-administration',
          lawfulBasis: 'contract',
          description: {
            sv: 'Administrera din anmälan och ditt deltagande på seminarier, kurser och evenemang.',
            nb: 'Administrere påmeldingen og deltakelsen din på seminarer, kurs og arrangementer.',
            en: 'Managing your registration for and attendance at seminars, courses and events.',
          },
          automatedDecisions: NO_AUTOMATED_DECISIONS,
        },
        {
          id: 'event-invitations',
          lawfulBasis: 'legitimate_interests',
          description: {
            sv: 'Bjuda in kontaktpersoner hos kunder och samarbetspartners till evenemang.',
            nb: 'Invitere kontaktpersoner hos kunder og samarbeidspartnere til arrangementer.',
            en: 'Inviting contact persons at customers and partners to events.',
          },
          automatedDecisions: NO_AUTOMATED_DECISIONS,
        },
      ],
      dataCategories: [
        {
          id: 'contact-details',
          label: { sv: 'Kontaktuppgifter', nb: 'Kontaktopplysninger', en: 'Contact details' },
        },
        {
          id: 'event-participation',
          label: {
            sv: 'Inbjudningar, anmälningar och närvaro',
            nb: 'Invitasjoner, påmeldinger og oppmøte',
            en: 'Invitations, registrations and attendance',
          },
        },
      ],
      lawfulBasis: ['contract', 'legitimate_interests'],
      consentPurposes: [
        {
          id: 'event_invitations',
          description: {
            sv: 'Inbjudningar till seminarier, kurser och evenemang (du kan invända eller avregistrera dig).',
            nb: 'Invitasjoner til seminarer, kurs og arrangementer (du kan protestere eller melde deg av).',
            en: 'Invitations to seminars, courses and events (you may object or unsubscribe).',
          },
        },
      ],
      legitimateInterest: {
        sv: 'Att informera kunder och samarbetspartners om våra evenemang. Du kan när som helst invända.',
        nb: 'Å informere kunder og samarbeidspartnere om arrangementene våre. Du kan når som helst protestere.',
        en: 'Telling customers and partners about our events. You may object at any time.',
      },
      recipients: [AWS_HOSTING],
      source: {
        kind: 'data_subject',
        description: {
          sv: 'Från dig när du anmäler dig, och från vårt CRM för inbjudningar.',
          nb: 'Fra deg når du melder deg på, og fra vårt CRM for invitasjoner.',
          en: 'From you when you register, and from our CRM for invitations.',
        },
      },
      retention: {
        description: {
          sv: '24 månader efter evenemanget.',
          nb: '24 måneder etter arrangementet.',
          en: '24 months after the event.',
        },
        rule: { kind: 'months_after', months: 24, from: 'record_date' },
      },
      identifiers: { email: ['email'], name: ['name'] },
      recordDateField: 'eventDate',
      connector: {
        type: 's3-jsonl',
        bucket: 'events',
        prefix: 'attendance/',
        matchFields: ['email'],
        indexPrefix: 'index/by-subject/',
        recordIdField: 'recordId',
      },
      erasure: { policy: 'delete' },
    },
    {
      id: 'billing',
      name: 'Billing: invoices and payments',
      publicName: {
        sv: 'Fakturering och bokföring',
        nb: 'Fakturering og bokføring',
        en: 'Invoicing and bookkeeping',
      },
      owner: 'Finance',
      purposes: [
        {
          id: 'invoicing',
          lawfulBasis: 'contract',
          description: {
            sv: 'Fakturera kunder och betala samarbetspartners.',
            nb: 'Fakturere kunder og betale samarbeidspartnere.',
            en: 'Invoicing customers and paying partners.',
          },
          automatedDecisions: NO_AUTOMATED_DECISIONS,
        },
        {
          id: 'bookkeeping',
          lawfulBasis: 'legal_obligation',
          description: {
            sv: 'Bokföring och arkivering av räkenskapsinformation enligt bokföringslagen.',
            nb: 'Bokføring og oppbevaring av regnskapsmateriale etter bokføringsregler.',
            en: 'Bookkeeping and keeping accounting records as the Swedish Accounting Act requires.',
          },
          automatedDecisions: NO_AUTOMATED_DECISIONS,
        },
      ],
      dataCategories: [
        {
          id: 'invoice-contact',
          label: { sv: 'Fakturakontakt', nb: 'Fakturakontakt', en: 'Invoice contact' },
        },
        { id: 'bank-details', label: { sv: 'Bankuppgifter', nb: 'Bankopplysninger', en: 'Bank details' } },
        {
          id: 'invoices',
          label: {
            sv: 'Fakturor och betalningar',
            nb: 'Fakturaer og betalinger',
            en: 'Invoices and payments',
          },
        },
      ],
      lawfulBasis: ['contract', 'legal_obligation'],
      recipients: [
        AWS_HOSTING,
        {
          name: 'Auditor',
          description: {
            sv: 'Vår revisor, vid revision.',
            nb: 'Vår revisor, ved revisjon.',
            en: 'Our auditor, during audits.',
          },
          notify: { by: 'mail', address: 'privacy@auditor.example', language: 'sv' },
        },
        {
          name: 'Skatteverket',
          description: {
            sv: 'Skatteverket vid begäran eller revision.',
            nb: 'Skatteetaten i Sverige (Skatteverket) ved forespørsel eller kontroll.',
            en: 'The Swedish Tax Agency on request or audit.',
          },
          notify: {
            by: 'none',
            reason:
              'Receives accounting records only in an audit, and those stay unchanged under the legal hold; the auditor, who holds copies, is told.',
          },
        },
      ],
      source: {
        kind: 'data_subject',
        description: {
          sv: 'Från dig eller din arbetsgivare i samband med avtal och fakturering.',
          nb: 'Fra deg eller arbeidsgiveren din i forbindelse med avtaler og fakturering.',
          en: 'From you or your employer in connection with agreements and invoicing.',
        },
      },
      retention: {
        description: {
          sv: 'Till och med det sjunde året efter utgången av det kalenderår då räkenskapsåret avslutades (bokföringslagen 7 kap. 2 §).',
          nb: 'Til og med det sjuende året etter utgangen av kalenderåret da regnskapsåret ble avsluttet (svensk bokføringslov 7 kap. 2 §).',
          en: 'Through the seventh year after the end of the calendar year in which the fiscal year ended (Swedish Accounting Act, ch. 7 s. 2).',
        },
        rule: { kind: 'end_of_year_after_fiscal_year', years: 7 },
      },
      identifiers: { email: ['contactEmail'], phone: ['contactPhone'], name: ['contactName'] },
      recordDateField: 'invoiceDate',
      // A payment booked in the next financial year keeps the invoice a year longer.
      bookingDateField: 'paidDate',
      connector: {
        type: 'dynamodb',
        table: 'billing',
        indexName: 'by-contact-email',
        keyAttribute: 'contactEmail',
        primaryKey: { partition: 'invoiceId' },
      },
      // The invoice itself is an accounting record and must stay unaltered; the phone number and
      // collection notes are not part of it and go now.
      erasure: {
        policy: 'retain',
        legalHold: {
          name: 'Bokföringslagen (1999:1078)',
          reference: '7 kap. 2 §',
          until: { kind: 'end_of_year_after_fiscal_year', years: 7 },
          explanation: {
            sv: 'Fakturor är räkenskapsinformation som vi enligt lag måste spara. De raderas när lagringstiden har löpt ut.',
            nb: 'Fakturaer er regnskapsmateriale som vi etter loven må oppbevare. De slettes når oppbevaringstiden er over.',
            en: 'Invoices are accounting records the law requires us to keep. They are deleted when that period ends.',
          },
        },
        anonymiseFields: ['contactPhone', 'notes'],
      },
    },
    {
      id: 'web-logs',
      name: 'Website access logs',
      publicName: { sv: 'Webbplatsens loggar', nb: 'Nettstedets logger', en: 'Website logs' },
      owner: 'IT operations',
      purposes: [
        {
          id: 'website-operations',
          description: {
            sv: 'Administrera, underhålla och skydda vår webbplats.',
            nb: 'Administrere, vedlikeholde og beskytte nettstedet vårt.',
            en: 'Running, maintaining and protecting our website.',
          },
          automatedDecisions: NO_AUTOMATED_DECISIONS,
        },
      ],
      dataCategories: [
        { id: 'ip-address', label: { sv: 'IP-adress', nb: 'IP-adresse', en: 'IP address' } },
        {
          id: 'usage',
          label: {
            sv: 'Besökta sidor, tidpunkter och webbläsare',
            nb: 'Besøkte sider, tidspunkter og nettleser',
            en: 'Pages visited, times and browser',
          },
        },
        {
          id: 'login-email',
          label: {
            sv: 'E-postadress när du är inloggad',
            nb: 'E-postadresse når du er logget inn',
            en: 'E-mail address when logged in',
          },
        },
      ],
      lawfulBasis: ['legitimate_interests'],
      legitimateInterest: {
        sv: 'Att driva en säker och fungerande webbplats.',
        nb: 'Å drive et sikkert og velfungerende nettsted.',
        en: 'Running a secure, working website.',
      },
      recipients: [AWS_HOSTING],
      source: {
        kind: 'observed',
        description: {
          sv: 'Registreras automatiskt när du besöker webbplatsen.',
          nb: 'Registreres automatisk når du besøker nettstedet.',
          en: 'Recorded automatically when you visit the website.',
        },
      },
      retention: {
        description: { sv: '3 månader.', nb: '3 måneder.', en: '3 months.' },
        rule: { kind: 'months_after', months: 3, from: 'record_date' },
      },
      identifiers: { email: ['userEmail'], ip: ['ip'] },
      recordDateField: 'ts',
      connector: {
        type: 's3-jsonl',
        bucket: 'web-logs',
        prefix: 'access/',
        matchFields: ['userEmail', 'ip'],
        indexPrefix: 'index/by-subject/',
        // The log bucket keeps versions (overwritten logs stay recoverable): erasure removes them too.
        versioned: true,
      },
      erasure: { policy: 'delete' },
    },
    {
      id: 'file-share',
      name: 'Shared drive: tender and meeting documents',
      publicName: {
        sv: 'Dokument på vår filserver',
        nb: 'Dokumenter på vår filserver',
        en: 'Documents on our file server',
      },
      owner: 'Delivery management',
      purposes: [
        {
          id: 'tenders-and-meetings',
          description: {
            sv: 'Anbud, mötesanteckningar och uppdragsdokument där kontaktpersoner nämns.',
            nb: 'Anbud, møtereferater og oppdragsdokumenter der kontaktpersoner nevnes.',
            en: 'Tenders, meeting notes and assignment documents that name contact persons.',
          },
          automatedDecisions: NO_AUTOMATED_DECISIONS,
        },
      ],
      dataCategories: [
        {
          id: 'contact-details',
          label: { sv: 'Kontaktuppgifter', nb: 'Kontaktopplysninger', en: 'Contact details' },
        },
        {
          id: 'meeting-notes',
          label: { sv: 'Mötesanteckningar', nb: 'Møtereferater', en: 'Meeting notes' },
        },
      ],
      lawfulBasis: ['legitimate_interests'],
      legitimateInterest: {
        sv: 'Att genomföra anbud och uppdrag tillsammans med kunder.',
        nb: 'Å gjennomføre anbud og oppdrag sammen med kunder.',
        en: 'Carrying out tenders and assignments with customers.',
      },
      recipients: [],
      source: {
        kind: 'data_subject',
        description: {
          sv: 'Från dig eller din arbetsgivare under anbud och uppdrag.',
          nb: 'Fra deg eller arbeidsgiveren din under anbud og oppdrag.',
          en: 'From you or your employer during tenders and assignments.',
        },
      },
      retention: {
        description: {
          sv: '36 månader efter dokumentets datum.',
          nb: '36 måneder etter dokumentets dato.',
          en: '36 months after the document date.',
        },
        rule: { kind: 'months_after', months: 36, from: 'record_date' },
      },
      identifiers: { email: ['email'], name: ['name'] },
      recordDateField: 'documentDate',
      reviewBeforeRelease:
        'Documents name other people (colleagues, other bidders, meeting participants): redact or withhold what is theirs before the package leaves (Art. 15(4)).',
      connector: {
        type: 'manual',
        instructions:
          'Search the shared drive (folders Tenders/ and Customers/) for the e-mail address and the full name. ' +
          'List each document found with its path and date; for erasure, delete the document or redact the ' +
          'person, then confirm in the console.',
      },
      erasure: { policy: 'delete' },
    },
  ],
} satisfies DataMap;

/** The demo data map, validated when first imported so a broken map fails at cold start. */
export const DEMO_DATA_MAP: DataMap = parseDataMap(definition);

export const DEMO_STORE_IDS: readonly string[] = DEMO_DATA_MAP.stores.map((s) => s.id);
