/**
 * Synthetic people and records for every store of the demo data map (config/datamap.ts), the
 * same for the same seed. No I/O: the local stack and tests write the arrays to their stores.
 *
 * Everything is made up and kept out of real ranges where a range exists: Swedish phone numbers
 * come from the block PTS reserves for fiction (070-174 06 05..99), IP addresses from the
 * documentation networks (RFC 5737, RFC 3849), and account numbers carry the IBAN check digits
 * `00`, which no real IBAN has.
 */

export type Country = 'SE' | 'NO' | 'DK' | 'FI';

export interface DemoPerson {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  country: Country;
  /** The language replies to this person use. */
  language: 'sv' | 'nb' | 'en';
  company: string;
}

export interface CrmItem {
  pk: string;
  sk: string;
  email: string;
  company: string;
  activityDate: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  jobTitle?: string;
  relationship?: 'customer' | 'partner';
  product?: string;
  amountSek?: number;
}

export interface CandidateItem {
  candidateId: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  linkedinUrl: string;
  cvSummary: string;
  skills: string[];
  appliedRole: string;
  appliedAt: string;
  status: 'applied' | 'interviewed' | 'offered' | 'declined' | 'talent_pool';
  consentGivenAt: string;
}

export interface SubscriberItem {
  id: string;
  email: string;
  firstName: string;
  language: 'sv' | 'nb' | 'en';
  lists: string[];
  subscribedAt: string;
  status: 'subscribed';
}

export interface EventAttendance {
  recordId: string;
  eventId: string;
  eventName: string;
  eventDate: string;
  email: string;
  name: string;
  company: string;
  status: 'invited' | 'registered' | 'attended' | 'no_show';
}

export interface InvoiceItem {
  invoiceId: string;
  /** `outgoing`: we invoice a customer; `incoming`: a partner consultant invoices us. */
  direction: 'outgoing' | 'incoming';
  invoiceDate: string;
  dueDate: string;
  counterparty: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  billingAddress: string;
  bankAccount: string;
  amount: number;
  vatAmount: number;
  currency: 'SEK' | 'NOK';
  description: string;
  notes: string;
}

export interface WebLogLine {
  ts: string;
  ip: string;
  method: 'GET' | 'POST';
  path: string;
  status: number;
  userAgent: string;
  /** Only while the visitor is logged in. */
  userEmail?: string;
}

/** Records per store id of the demo data map; `file-share` is manual, so it has none. */
export interface DemoRecords {
  crm: CrmItem[];
  recruitment: CandidateItem[];
  newsletter: SubscriberItem[];
  events: EventAttendance[];
  billing: InvoiceItem[];
  'web-logs': WebLogLine[];
  'file-share': never[];
}

export type DemoStoreId = keyof DemoRecords;

export interface DemoData {
  /** The generated people first, then every known subject. */
  people: DemoPerson[];
  records: DemoRecords;
}

export interface KnownSubject extends DemoPerson {
  /** The stores holding records about this person, and no others. */
  stores: readonly DemoStoreId[];
  /** The address the person's logged web visits came from, where there are any. */
  ip?: string;
}

/** Fixed people whose records tests and demos can rely on, whatever the seed. */
export const KNOWN_SUBJECTS = {
  astrid: {
    firstName: 'Astrid',
    lastName: 'Lindqvist',
    email: 'astrid.lindqvist@example.se',
    phone: '+46 70 174 06 12',
    country: 'SE',
    language: 'sv',
    company: 'Granskog Data AB',
    stores: ['crm', 'recruitment', 'newsletter', 'events', 'billing', 'web-logs'],
    ip: '203.0.113.42',
  },
  ola: {
    firstName: 'Ola',
    lastName: 'Nordmann',
    email: 'ola.nordmann@example.no',
    phone: '+47 412 34 567',
    country: 'NO',
    language: 'nb',
    company: 'Fjellvind Teknologi AS',
    stores: ['crm', 'newsletter', 'billing'],
  },
  mikko: {
    firstName: 'Mikko',
    lastName: 'Virtanen',
    email: 'mikko.virtanen@example.fi',
    phone: '+358 40 123 4567',
    country: 'FI',
    language: 'en',
    company: 'Saimaa Systems Oy',
    stores: ['recruitment'],
  },
  freja: {
    firstName: 'Freja',
    lastName: 'Nielsen',
    email: 'freja.nielsen@example.dk',
    phone: '+45 20 12 34 56',
    country: 'DK',
    language: 'en',
    company: 'Lyngholm Logistik A/S',
    stores: [],
  },
} as const satisfies Record<string, KnownSubject>;

/** Dates are counted back from this day, not from the clock, so output never drifts. */
export const DEMO_REFERENCE_DATE = '2026-05-01';

const FIRST_NAMES: Record<Country, readonly string[]> = {
  SE: [
    'Elsa',
    'Maja',
    'Linnea',
    'Ebba',
    'Karin',
    'Sofia',
    'Ingrid',
    'Erik',
    'Lars',
    'Johan',
    'Anders',
    'Gustav',
    'Oskar',
    'Nils',
    'Björn',
  ],
  NO: [
    'Kari',
    'Sigrid',
    'Solveig',
    'Ragnhild',
    'Marit',
    'Ingvild',
    'Sindre',
    'Håkon',
    'Torbjørn',
    'Eirik',
    'Magnus',
    'Øystein',
  ],
  DK: ['Ida', 'Mette', 'Camilla', 'Line', 'Sofie', 'Mads', 'Emil', 'Søren', 'Rasmus', 'Jens', 'Anders'],
  FI: ['Aino', 'Eeva', 'Sanna', 'Liisa', 'Elina', 'Juha', 'Timo', 'Jukka', 'Ville', 'Antti'],
};

const LAST_NAMES: Record<Country, readonly string[]> = {
  SE: [
    'Andersson',
    'Johansson',
    'Karlsson',
    'Nilsson',
    'Eriksson',
    'Larsson',
    'Olsson',
    'Persson',
    'Svensson',
    'Gustafsson',
    'Berg',
    'Holm',
    'Sjöberg',
    'Åberg',
    'Lindgren',
  ],
  NO: [
    'Hansen',
    'Johansen',
    'Olsen',
    'Larsen',
    'Andersen',
    'Pedersen',
    'Nilsen',
    'Kristiansen',
    'Haugen',
    'Bakken',
    'Solberg',
    'Dahl',
    'Strand',
    'Lie',
  ],
  DK: [
    'Jensen',
    'Hansen',
    'Pedersen',
    'Christensen',
    'Rasmussen',
    'Sørensen',
    'Møller',
    'Poulsen',
    'Madsen',
    'Kristensen',
  ],
  FI: [
    'Korhonen',
    'Mäkinen',
    'Nieminen',
    'Mäkelä',
    'Hämäläinen',
    'Laine',
    'Heikkinen',
    'Koskinen',
    'Järvinen',
    'Lehtonen',
  ],
};

const COMPANY_STEMS = [
  'Granskog',
  'Havsbris',
  'Myrstack',
  'Tindeberg',
  'Sjöljus',
  'Fjellvind',
  'Kvarnbäck',
  'Lövholm',
  'Saimaa',
  'Lyngholm',
];
const COMPANY_TRADES = ['Data', 'Teknik', 'Finans', 'Logistik', 'Energi', 'Media', 'Bygg', 'Systems'];
const LEGAL_FORMS: Record<Country, string> = { SE: 'AB', NO: 'AS', DK: 'A/S', FI: 'Oy' };
const EMAIL_DOMAINS: Record<Country, string> = {
  SE: 'example.se',
  NO: 'example.no',
  DK: 'example.dk',
  FI: 'example.fi',
};
const LANGUAGE_OF: Record<Country, DemoPerson['language']> = { SE: 'sv', NO: 'nb', DK: 'en', FI: 'en' };

const JOB_TITLES = [
  'CTO',
  'IT manager',
  'Head of development',
  'Procurement manager',
  'Product owner',
  'Architect',
];
const PRODUCTS: readonly [string, number][] = [
  ['Architecture review', 85_000],
  ['Cloud migration workshop', 42_000],
  ['Developer training: Kotlin', 18_500],
  ['Security assessment', 120_000],
  ['Agile coaching, 10 days', 96_000],
];
const ROLES = [
  'Backend developer',
  'Frontend developer',
  'Cloud architect',
  'Test lead',
  'Data engineer',
  'Project manager',
];
const SKILLS = [
  'Kotlin',
  'Java',
  'TypeScript',
  'React',
  'AWS',
  'Azure',
  'Kubernetes',
  'Python',
  'SQL',
  'Terraform',
];
const CANDIDATE_STATUSES: readonly CandidateItem['status'][] = [
  'applied',
  'interviewed',
  'offered',
  'declined',
  'talent_pool',
];
const NEWSLETTER_LISTS = ['tech-insights', 'events', 'careers'];
const EVENTS = [
  { eventId: 'evt-2025-03-breakfast', eventName: 'Frukostseminarium: molnsäkerhet', eventDate: '2025-03-20' },
  {
    eventId: 'evt-2025-06-summer',
    eventName: 'Sommerseminar: arkitektur i praksis',
    eventDate: '2025-06-12',
  },
  { eventId: 'evt-2025-10-kotlin', eventName: 'Kurs: Kotlin för Java-utvecklare', eventDate: '2025-10-08' },
  { eventId: 'evt-2026-02-ai', eventName: 'Frokostmøte: AI i offentlig sektor', eventDate: '2026-02-05' },
] as const;
const ATTENDANCE_STATUSES: readonly EventAttendance['status'][] = [
  'invited',
  'registered',
  'attended',
  'no_show',
];
const PAGES = [
  '/',
  '/tjanster',
  '/karriar',
  '/kontakt',
  '/seminarier',
  '/nyheter/molnsakerhet',
  '/en/services',
];
const LOGGED_IN_PAGES = ['/mina-sidor', '/mina-sidor/anmalningar', '/mina-sidor/profil'];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];
/** RFC 5737 documentation networks. */
const DOCUMENTATION_NETWORKS = ['192.0.2', '198.51.100', '203.0.113'];

/** mulberry32: small, fast and good enough for test data; the same seed gives the same stream. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  }
  some<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0)
      chosen.push(...pool.splice(this.int(0, pool.length - 1), 1));
    return chosen;
  }
  digits(count: number): string {
    return Array.from({ length: count }, () => String(this.int(0, 9))).join('');
  }
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A day within `maxDaysBack` days before the reference date. */
function pastDate(random: Random, minDaysBack: number, maxDaysBack: number): string {
  return addDays(DEMO_REFERENCE_DATE, -random.int(minDaysBack, maxDaysBack));
}

function asciiLocalPart(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]/g, '');
}

function phoneFor(random: Random, country: Country): string {
  switch (country) {
    case 'SE':
      return `+46 70 174 06 ${random.int(5, 99).toString().padStart(2, '0')}`;
    case 'NO':
      return `+47 ${random.pick(['4', '9'])}${random.digits(2)} ${random.digits(2)} ${random.digits(3)}`;
    case 'DK':
      return `+45 ${random.digits(2)} ${random.digits(2)} ${random.digits(2)} ${random.digits(2)}`;
    case 'FI':
      return `+358 40 ${random.digits(3)} ${random.digits(4)}`;
  }
}

function bankAccountFor(random: Random, country: Country): string {
  return country === 'NO'
    ? `NO00 ${random.digits(4)} ${random.digits(4)} ${random.digits(3)}`
    : `SE00 ${random.digits(4)} ${random.digits(4)} ${random.digits(4)} ${random.digits(4)} ${random.digits(4)}`;
}

function companyFor(random: Random, country: Country): string {
  return `${random.pick(COMPANY_STEMS)} ${random.pick(COMPANY_TRADES)} ${LEGAL_FORMS[country]}`;
}

function addressFor(random: Random, person: DemoPerson): string {
  const street = random.pick(['Storgatan', 'Kungsgatan', 'Drottninggatan', 'Strandveien', 'Kirkegata']);
  return person.country === 'NO'
    ? `${person.company}, ${street} ${random.int(1, 80)}, 0${random.int(150, 599)} Oslo`
    : `${person.company}, ${street} ${random.int(1, 80)}, 1${random.int(11, 19)} ${random.int(10, 99)} Stockholm`;
}

interface Builder {
  random: Random;
  records: DemoRecords;
  counters: Record<'contact' | 'purchase' | 'candidate' | 'subscriber' | 'attendance' | 'invoice', number>;
}

function nextId(builder: Builder, kind: keyof Builder['counters']): string {
  builder.counters[kind] += 1;
  return String(builder.counters[kind]).padStart(5, '0');
}

function addCrm(
  b: Builder,
  person: DemoPerson,
  purchases: number,
  contactId = `c-${nextId(b, 'contact')}`,
): void {
  const pk = `CONTACT#${contactId}`;
  const lastActivity = pastDate(b.random, 5, 700);
  b.records.crm.push({
    pk,
    sk: 'PROFILE',
    email: person.email,
    firstName: person.firstName,
    lastName: person.lastName,
    phone: person.phone,
    company: person.company,
    jobTitle: b.random.pick(JOB_TITLES),
    relationship: b.random.chance(0.75) ? 'customer' : 'partner',
    activityDate: lastActivity,
  });
  for (let i = 0; i < purchases; i++) {
    const [product, amountSek] = b.random.pick(PRODUCTS);
    const date = pastDate(b.random, 30, 900);
    b.records.crm.push({
      pk,
      sk: `PURCHASE#${date}#${nextId(b, 'purchase')}`,
      email: person.email,
      company: person.company,
      product,
      amountSek,
      activityDate: date,
    });
  }
}

function addCandidate(b: Builder, person: DemoPerson, appliedAt = pastDate(b.random, 10, 700)): void {
  const role = b.random.pick(ROLES);
  const skills = b.random.some(SKILLS, b.random.int(2, 4));
  const years = b.random.int(2, 18);
  b.records.recruitment.push({
    candidateId: `cand-${nextId(b, 'candidate')}`,
    email: person.email,
    firstName: person.firstName,
    lastName: person.lastName,
    phone: person.phone,
    linkedinUrl: `https://www.linkedin.example/in/${asciiLocalPart(person.firstName)}-${asciiLocalPart(person.lastName)}`,
    cvSummary: `${role} with ${years} years of experience in ${skills.join(', ')}.`,
    skills,
    appliedRole: role,
    appliedAt,
    status: b.random.pick(CANDIDATE_STATUSES),
    consentGivenAt: appliedAt,
  });
}

function addSubscriber(b: Builder, person: DemoPerson): void {
  b.records.newsletter.push({
    id: `sub-${nextId(b, 'subscriber')}`,
    email: person.email,
    firstName: person.firstName,
    language: person.language,
    lists: b.random.some(NEWSLETTER_LISTS, b.random.int(1, 3)),
    subscribedAt: pastDate(b.random, 20, 1000),
    status: 'subscribed',
  });
}

function addAttendance(b: Builder, person: DemoPerson, count: number): void {
  for (const event of b.random.some(EVENTS, count)) {
    b.records.events.push({
      recordId: `${event.eventId}#${nextId(b, 'attendance')}`,
      ...event,
      email: person.email,
      name: `${person.firstName} ${person.lastName}`,
      company: person.company,
      status: b.random.pick(ATTENDANCE_STATUSES),
    });
  }
}

function addInvoice(b: Builder, person: DemoPerson, invoiceDate = pastDate(b.random, 15, 2400)): void {
  const direction = b.random.chance(0.8) ? 'outgoing' : 'incoming';
  const amount = b.random.int(10, 400) * 1000;
  b.records.billing.push({
    invoiceId: `INV-${invoiceDate.slice(0, 4)}-${nextId(b, 'invoice')}`,
    direction,
    invoiceDate,
    dueDate: addDays(invoiceDate, 30),
    counterparty: person.company,
    contactName: `${person.firstName} ${person.lastName}`,
    contactEmail: person.email,
    contactPhone: person.phone,
    billingAddress: addressFor(b.random, person),
    bankAccount: bankAccountFor(b.random, person.country),
    amount,
    vatAmount: amount / 4,
    currency: person.country === 'NO' ? 'NOK' : 'SEK',
    description: direction === 'outgoing' ? b.random.pick(PRODUCTS)[0] : 'Consulting services, subcontract',
    notes: b.random.chance(0.3) ? 'Send reminders to the contact by phone' : '',
  });
}

function addWebVisits(b: Builder, person: DemoPerson | undefined, visits: number, ip: string): void {
  for (let i = 0; i < visits; i++) {
    const day = pastDate(b.random, 1, 85);
    const loggedIn = person !== undefined && b.random.chance(0.7);
    const line: WebLogLine = {
      ts: `${day}T${pad2(b.random.int(6, 22))}:${pad2(b.random.int(0, 59))}:${pad2(b.random.int(0, 59))}.000Z`,
      ip,
      method: b.random.chance(0.9) ? 'GET' : 'POST',
      path: loggedIn ? b.random.pick(LOGGED_IN_PAGES) : b.random.pick(PAGES),
      status: b.random.chance(0.95) ? 200 : 404,
      userAgent: b.random.pick(USER_AGENTS),
    };
    if (loggedIn) line.userEmail = person.email;
    b.records['web-logs'].push(line);
  }
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function randomIp(random: Random): string {
  return `${random.pick(DOCUMENTATION_NETWORKS)}.${random.int(1, 254)}`;
}

function generatePerson(random: Random, usedEmails: Set<string>): DemoPerson {
  const country = random.pick<Country>(['SE', 'SE', 'SE', 'NO', 'NO', 'DK', 'FI']);
  const firstName = random.pick(FIRST_NAMES[country]);
  const lastName = random.pick(LAST_NAMES[country]);
  const base = `${asciiLocalPart(firstName)}.${asciiLocalPart(lastName)}`;
  let email = `${base}@${EMAIL_DOMAINS[country]}`;
  for (let n = 2; usedEmails.has(email); n++) email = `${base}${n}@${EMAIL_DOMAINS[country]}`;
  usedEmails.add(email);
  return {
    firstName,
    lastName,
    email,
    phone: phoneFor(random, country),
    country,
    language: LANGUAGE_OF[country],
    company: companyFor(random, country),
  };
}

function personOf(subject: KnownSubject): DemoPerson {
  const { stores: _stores, ip: _ip, ...person } = subject;
  return person;
}

/** Records of the known subjects, fixed where tests read them (e.g. Astrid's invoice of 2025-03-14). */
function addKnownSubjects(b: Builder): void {
  const astrid = personOf(KNOWN_SUBJECTS.astrid);
  addCrm(b, astrid, 2, 'k-astrid');
  addCandidate(b, astrid, '2025-09-01');
  addSubscriber(b, astrid);
  addAttendance(b, astrid, 2);
  addInvoice(b, astrid, '2025-03-14');
  addInvoice(b, astrid, '2018-11-05');
  addWebVisits(b, astrid, 3, KNOWN_SUBJECTS.astrid.ip);
  // At least one logged-in visit, whatever the random draws above.
  b.records['web-logs'].push({
    ts: '2026-04-20T08:15:00.000Z',
    ip: KNOWN_SUBJECTS.astrid.ip,
    method: 'GET',
    path: '/mina-sidor/anmalningar',
    status: 200,
    userAgent: USER_AGENTS[0] ?? '',
    userEmail: astrid.email,
  });

  const ola = personOf(KNOWN_SUBJECTS.ola);
  addCrm(b, ola, 1, 'k-ola');
  addSubscriber(b, ola);
  addInvoice(b, ola, '2024-06-28');

  addCandidate(b, personOf(KNOWN_SUBJECTS.mikko), '2026-01-15');
  // Freja is in no store: a request from her must end as `no_data_found`.
}

/** Synthetic people and their records per store; the same options give the same data. */
export function generateDemoData(options: { people: number; seed: number }): DemoData {
  if (!Number.isInteger(options.people) || options.people < 0) {
    throw new RangeError('people must be a whole number of 0 or more');
  }
  const random = new Random(options.seed);
  const builder: Builder = {
    random,
    records: {
      crm: [],
      recruitment: [],
      newsletter: [],
      events: [],
      billing: [],
      'web-logs': [],
      'file-share': [],
    },
    counters: { contact: 0, purchase: 0, candidate: 0, subscriber: 0, attendance: 0, invoice: 0 },
  };
  const known = Object.values(KNOWN_SUBJECTS) as KnownSubject[];
  const usedEmails = new Set(known.map((s) => s.email));
  addKnownSubjects(builder);

  const people: DemoPerson[] = [];
  for (let i = 0; i < options.people; i++) {
    const person = generatePerson(random, usedEmails);
    people.push(person);
    const isContact = random.chance(0.6);
    if (isContact) addCrm(builder, person, random.int(0, 3));
    if (random.chance(0.2)) addCandidate(builder, person);
    if (random.chance(0.4)) addSubscriber(builder, person);
    if (random.chance(0.35)) addAttendance(builder, person, random.int(1, 3));
    if (isContact && random.chance(0.4)) addInvoice(builder, person);
    if (random.chance(0.5)) addWebVisits(builder, person, random.int(1, 5), randomIp(random));
  }
  // Visitors who never log in: lines with an IP address only.
  for (let i = 0; i < Math.max(5, options.people); i++) addWebVisits(builder, undefined, 1, randomIp(random));

  return { people: [...people, ...known.map(personOf)], records: builder.records };
}
