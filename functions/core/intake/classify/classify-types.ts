/**
 * Request types (GDPR Art. 15-21, 7(3)) found in folded text (see foldText). Rules run per sentence;
 * sentences that only ask for information ("how long do you keep my CV?") do not count as requests,
 * except the Art. 15 phrasing "which data do you hold about me", which is itself a request for access.
 */

import { lazy } from '../../lazy';
import type { RequestType } from '../../request/request';
import { rememberedPerWord, splitSentences, wordCount } from './classify-normalise';
import { WAIVED } from './classify-signals';
import { slipIndex, slipOf } from './classify-slips';

/** Order in which types are listed and carried out: copies are made before anything is erased. */
export const TYPE_ORDER: readonly RequestType[] = [
  'access',
  'portability',
  'rectification',
  'restriction',
  'objection',
  'withdraw_consent',
  'erasure',
];

interface TypeRules {
  /** Apply to sentences that state a request. */
  requests: readonly RegExp[];
  /** Apply to every sentence, questions included. */
  anySentence?: readonly RegExp[];
}

/**
 * What a list is decides what leaving it asks. A list of recipients (the newsletter, the invitation
 * list, the SMS list) is left by an objection; a list of people (a participant, guest, waiting or
 * alumni list) is a register, and being struck off it is an erasure ("stryk mig från
 * deltagarlistan", "remove me from the guest list"). Every rule that takes someone off a list reads
 * it here.
 */
const MAILING =
  'newsletter|nyhetsbrev|nyhedsbrev|alumnibrev|manadsbrev|manedsbrev|veckobrev|ukebrev|kvartalsbrev|kundbrev|reklambrev|utskick|utsendelse|utsending|mailing|maillist|mailliste|mejllist|e-?postlist|sandlist|ringlist|ringelist|invitation|invite|invitasjon|inbjudning|mottagar|mottaker|recipient|distribution|verteiler|marketing|markedsforing|marknadsforing|kampanj|campaign|reminder|paminnelse|sms|panel|survey|enkat|undersokning|undersokelse|outreach|mailout|(monthly|weekly|quarterly) update|stillingsvarsl|jobbvarsl|jobbagent|stillingsagent|retarget';
const PEOPLE =
  'participant|attendee|attendance|guest|contact|customer|client|mentor|kund|kunde|reference|referee|candidate|member|speaker|volunteer|supplier|class|wait|alumn|deltagar|deltager|deltaker|deltakar|gast|gaste|gjeste|kontakt|referens|referanse|kandidat|medlem|medlems|anmalnings|pamelding|pameldings|narvaro|vante|vente|talar|taler|lunch|lunsj|beslutsfattar|ansatt|anstalld|vakt|tavling|volontar|frivillig|leverantor|leverandor|klass|jour|vinnar|resultat|reserv|placering|personal|beredskap|handledar|praktikant|funktionar|konsult|medarbetar|foredragsholder|winner|result|staff|employee|bench|user|anvandar|bruker|kull|kul(?=list)|finalist|nominee|partner|anmald|pameldt|nominert|nominerad|committee|kommitte|komite|telefon(?=list\\w*\\b(?!\\s+(for|til|till)\\b))';
/** The words that name a register of people: "alumniregistret", "your CRM", "kandidatdatabasen". */
const REGISTER = 'register|registret|registeret|registry|databas|database|crm|katalog|directory';
/** A word naming people, then no word naming a mailing, then "list": "deltagarlistan", "guest list". */
const PEOPLE_LIST = `(${PEOPLE})((?!${MAILING})\\w)*[\\s-]?list`;
/** Mail or texts sent out, or a list named for them: "the newsletter", "utskickslistan", "your emails". */
const SENT = `(\\w*(${MAILING})\\w*|e-?mails|text messages?)\\b`;
/** Where a list stands that is published, not sent: "listan på webben", "the list on your website". */
const ON_A_PAGE =
  '\\s+(on|pa|i|in) (the |your |our |er |era |deres |var )?(\\w+ )?(webb|web|nett|site|hemsida|intranat|intranett|linkedin|page\\b|sidan\\b|siden\\b)';
/**
 * What leaving is an objection: what is sent, or a list that names no people ("take me off your
 * list"; not "the guest list", "deltagarlistan", "the list of speakers" or a list on a web page).
 */
const MAILING_LIST = `(${SENT}|(?<!\\b(${PEOPLE})\\w*[\\s-])(?!\\w*${PEOPLE_LIST})\\w*list\\w*\\b(?!\\s+(of|over|med)\\s|${ON_A_PAGE}))`;
/** The words that say what someone is taken off: "from", "ur", "fra", "aus". */
const OFF = '(off|from|out of|fran|ur|fra|af|av|aus|von|vekk fra|ut av|ut ur|bort fran|bort fra)';
/** The verbs that take someone off a list: "remove", "stryk", "ta bort", "slett", "streichen". */
const TAKE_OFF =
  '(remove|delete|erase|take|get|cross|ta|ta bort|plocka bort|radera|stryk|stryka|fjern|fjerne|slett|slette|slet|losche|loschen|streichen|nehmen sie)';
/** Who is taken off: the writer, or their address or number. */
const LISTED =
  'me|mig|mej|meg|mich|(my|this|that|the) (work |old )?(e-?mail( address)?|address|number|phone number)|min (\\w*e-?post\\w*|\\w*mejl\\w*|\\w*mail\\w*|\\w*adress\\w*)|mitt (telefon)?nummer|(e-?post(adress)?e|adresse|mailadresse)n min|nummeret mitt|meine (e-?mail\\w*|adresse|nummer)|[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+';
/**
 * The writer's name, with their address or number or without: off a list of what is sent ("delete my
 * name from your invite lists") it is off the mailing, while off a bare list it may as well be off a
 * published list of people ("remove my name from the finalists list").
 */
const NAME_LISTED =
  'my name( and (my )?(\\w+ )?(e-?mail( address)?|address|number))?|(mitt namn|namnet mitt|navnet mitt)( (och|og) (\\w+ )?(nummer|adress|e-?post)\\w*)?';
/**
 * The erasure verbs read nothing left: what is sent named in the same clause ("remove me from the
 * newsletter"), or a list one is taken off ("ta gärna bort mig från listan"). "Remove me from your
 * customer register, not just the mailings" is still an erasure.
 */
const NOT_A_LIST = `(?![^.,;]*\\b${SENT}|\\s+(\\w+\\s+)?${OFF}\\s+(\\w+\\s+){0,3}?${MAILING_LIST})`;

const DETAIL =
  'adress\\w*|adresse\\w*|address|navn\\w*|namn\\w*|name|surname|efternamn\\w*|etternavn\\w*|efternavn\\w*|nachname\\w*|anschrift|telefonnummer\\w*|phone number|e-?post\\w*|geburtsdatum|fodelsedatum|fodselsdato';
const WRONG = 'forkert\\w*|feil\\w*|fel|felaktig\\w*|wrong|incorrect|falsch\\w*|fehlerhaft\\w*|fejl\\w*';

const RULES: Record<RequestType, TypeRules> = {
  access: {
    requests: [
      /\b(subject |data )?access request\b/,
      /\bright (of|to) access\b/,
      /\baccess to (all )?(of )?(my|the|any|her|his|their|our) (personal )?(data|information|details|records)\b/,
      /\b(request|want|like|need|seek|ask for) (\w+ )?access to\b/,
      /\bcop(y|ies) of (\w+ ){0,3}(data|information|details|records|file)\b/,
      /\b(send|give|provide|e-?mail|mail|show) me (a copy|all|everything|whatever|the (personal )?(data|information)|my (personal )?(data|information))\b/,
      /\bobtain (a copy of )?(all )?(of )?(my|the|all) (personal )?(data|information|details|records)\b/,
      /\b(can|could|may) i (see|view|look at|have a look at) (\w+ ){0,6}(about|on|of) me\b/,
      /\bprint-?outs? of\b/,
      /\bd?sar\b/,
      /\bregisterutdrag\b/,
      /\butdrag\b/,
      /\bkopia (av|pa) (\w+ ){0,3}(person)?(uppgift\w*|data|information\w*)\b/,
      /\b(fa|ha|erhalla|begar|begara|onskar|skicka|skickar) (mig |over )?(en )?kopia\b/,
      // "begära ut", "få ut": the everyday Swedish for being given one's data ("… ur ert system" is erasure).
      /\b(begar|begara|begarde|fa|ha|fatt) ut (\w+ ){0,3}(person)?(uppgift\w*|data|information\w*)\b(?! ur\b)/,
      /\b(fa|faa) (utlevert|udleveret)\b/,
      /\btillgang till (\w+ ){0,2}(person)?(uppgift\w*|data|information\w*)\b/,
      /\binnsyn\b/,
      /\binsyn\b/,
      /\bkopi (av|af) (\w+ ){0,3}(person)?(opplysning\w*|oplysning\w*|data|informasjon\w*|information\w*)\b/,
      /\b(fa|ha|be om|onsker|anmoder om) (\w+ ){0,2}kopi\b/,
      /\btilgang til (\w+ ){0,2}(person)?(opplysning\w*|data)\b/,
      /\badgang til (\w+ ){0,2}(person)?(oplysning\w*|data)\b/,
      /\b(akt)?indsigt\b/,
      /\b(skicka|sand|ge|send|sende|giv|gi) (mig|meg) (\w+ ){0,2}(kopi\w*|utdrag|(person)?(uppgift\w*|opplysning\w*|oplysning\w*|information\w*|informasjon\w*))\b/,
      /\bauskunft/,
      /\bkopie (meiner|aller|der|von) /,
      // What you hold about me, asked to be sent or shown: "send me what you hold on me", "jag vill
      // se allt ni har om mig", "send meg det dere har lagret".
      /\b(send|give|show|e-?mail|mail|forward|see|view|get|obtain|receive) (me )?(what|everything|all|whatever|anything) (\w+ ){0,2}you\b(\W+\w+){0,4}?\W+((about|on) me|saved|stored|collected|on file)\b/,
      /\b(skicka|visa|se|ge|mejla|maila|fa) (mig |over )?(det|allt|vad|allting) (\w+ ){0,2}ni\b(\W+\w+){0,4}?\W+((om|pa) mig|sparat|lagrat|registrerat|samlat in)\b/,
      /\b(send|vis|se|gi|mail|fa) (meg |over )?(det|alt|hva|alt det) (\w+ ){0,2}dere\b(\W+\w+){0,4}?\W+((om|pa) meg|lagret|registrert|samlet inn)\b/,
    ],
    anySentence: [
      /\b(what|which) (personal )?(data|information) (do |does )?(you|your company) (have|hold|store|keep|process)/,
      /\b(vilka|vad for|vilken) (person)?(uppgift\w*|data|information\w*)\b.*\b(har|lagrar|sparar|behandlar)\b.*\b(om )?mig\b/,
      /\b(hvilke|hva slags|hvad for) (person)?(opplysning\w*|oplysning\w*|data|informasjon\w*)\b.*\b(meg|mig)\b/,
      /\bwelche (\w+ )?daten\b.*\b(mich|mir)\b/,
    ],
  },
  portability: {
    requests: [
      /\b(data ?)?portabilit(y|et)\b/,
      /\bmachine[- ]?readable\b/,
      /\bexport (of )?(my|all)\b/,
      /\btransfer (\w+ ){0,2}(data|information) to\b/,
      /\b(json|csv|xml)\b/,
      /\bstructured,? commonly used\b/,
      /\bmaskinlasbar\w*\b/,
      /\bmaskinlesbar\w*\b/,
      /\bmaskinlaesbar\w*\b/,
      /\bexporter(a|as)\b/,
      /\beksporter\w*\b/,
      /\b(flytta|overfora) (\w+ ){0,2}(person)?(uppgift\w*|data)\b/,
      /\boverfore (\w+ ){0,2}(person)?(opplysning\w*|oplysning\w*|data)\b/,
      /\b(daten)?u(e)?bertragbarkeit\b/,
      /\bmaschinenlesbar\w*\b/,
      /\bexportier\w*\b/,
    ],
  },
  rectification: {
    requests: [
      /\brectif(y|ication)\b/,
      /\bcorrect (my|the|this|it)\b/,
      /\b(be|get (it|them)|have (it|them)) (corrected|updated|fixed|amended|rectified)\b/,
      /\b(fix|correct|amend|update) (any|the|all|all the) ?(wrong|incorrect|inaccurate|outdated|out of date|false)\b/,
      /\b(update|change|fix) my (\w+ )?(name|surname|address|e-?mail|phone|number|details|title|data|information|record|employer)\b/,
      /\b(ratta|rattas|rattelse|rattad|rattning|korrigera|korrigeras|korrigering)\b/,
      /\b(uppdatera|andra) (mitt|min|mina)\b/,
      /\bfelstavat\b/,
      /\b(rette|rettes|retting|rettet|korrigere|korrigeres|korrigering|berigtige|berigtigelse|berigtiget|korrektion)\b/,
      /\b(oppdatere|endre|opdatere|aendre) (mitt|mit|min|mine|navn|navnet|adresse|adressen|telefonnummer\w*)\b/,
      /\ber (feil|feilaktig\w*|feilstavet|utdatert|forkert\w*|fejl|fejlstavet|foraeldet)\b/,
      /\b(berichtigen|berichtigung|korrigieren|korrektur|aktualisieren)\b/,
      // "min adresse er forkert", "the address you have is wrong": a personal detail said to be wrong.
      new RegExp(`\\b(${DETAIL})\\b(\\W+\\w+){0,4}?\\W+(${WRONG})\\b`),
      new RegExp(`\\b(${WRONG})\\W+(\\w+\\W+){0,2}?(${DETAIL})\\b`),
      /\b(ist|sind) (falsch|fehlerhaft|unrichtig|veraltet)\b/,
    ],
  },
  restriction: {
    requests: [
      /\brestrict(ion|ed)?\b/,
      /\b(limit|pause|freeze|suspend) (the )?(processing|use)\b/,
      /\bbegrans(a|ar|as|ning|ad|ade)\b/,
      /\bbegrens(e|es|ning|et)\b/,
      /\bbegraens(e|es|ning|et)\b/,
      /\beinschr(a|ae)nk(en|ung|t)\b/,
    ],
  },
  objection: {
    requests: [
      /\bobject(ing)? to\b/,
      /\bi object\b/,
      /\bobjection\b/,
      /\bunsubscribe me\b/,
      /\b(want|would like|wish|like|need) to unsubscribe\b/,
      /\bplease unsubscribe\b/,
      /^(unsubscribe|unsub)\W*$/,
      /\b(don'?t|do not) want you to (use|process|share) (\w+ ){0,3}for\b/,
      /\bopt(ing)?[- ]?out\b/,
      /\bstop (sending|emailing|e-mailing|contacting|using my|processing my)\b/,
      // Calls and mailings refused outright: direct marketing, to which an objection is absolute.
      /\b(don'?t|do not|stop|never) (call|calling|phone|phoning|ring|ringing) (me|us)\b/,
      /\bring (mig |meg |mig inte |meg ikke )?(inte|ikke) (mer|langre|lenger|igen|igjen)\b/,
      /\bikke ring (meg|mig)\b/,
      /\b(no more|no further|nej tack till( fler)?|inga fler|ikke flere|ikke mer|ingen flere) (\w+ )?(newsletters?|catalogues?|catalogs?|mailings?|marketing|promotions?|offers|nyhetsbrev|utskick|reklam\w*|kataloger|erbjudanden|tilbud|markedsforing|nyhedsbreve?|invites|invitations?|inbjudningar|invitasjoner)\b/,
      /\b(do not|don'?t|no longer) (want|wish) to (receive|get)\b/,
      /\binvand(a|er|ning|ningar)\b/,
      /\bmotsatt(a|er) mig\b/,
      /\bavregistrer\w*\b/,
      /\bavprenumerer\w*\b/,
      /\bavsluta (\w+ ){0,2}(prenumeration|nyhetsbrev|utskick)\w*\b/,
      /\bslut(a|ar) (att )?(skicka|mejla|maila|e-?posta|ringa|kontakta)\b/,
      /\bstopp(a|e)? (\w+ ){0,2}(sms|utskick|utsendelse|nyhetsbrev|mejl|mail|e-?post|reklam|samtal|oppringing|inbjudning|invitasjon|markedsforing|kampanj)\w*(?! (av|of)\b)/,
      /\b(vill|onskar) inte ha (fler|mer|nagra|nagon) (\w+ )?(mejl|mail|e-?post|utskick|reklam|nyhetsbrev|erbjudanden|sms)\w*/,
      /\b(skicka|send|sende) (ingen|inga|ikke|inte) (mer |fler |flere )?(reklam|utskick|nyhetsbrev|mejl|e-?post|markedsforing|tilbud|reklame)\w*/,
      // In a survey, a panel or a mailing; not "in a campaign", which may be a film one consented to.
      new RegExp(
        `\\b(vara|vaere) med (i|pa) (\\w+ ){0,2}(?!${PEOPLE_LIST})\\w*(undersokning|undersokelse|utskick|utsendelse|nyhetsbrev|list|panel)\\w*`,
      ),
      /\b(vill|onskar) inte (langre )?(att )?(fa|ta emot)\b/,
      /\bprotester(e|er)\b/,
      /\bmelde? (meg )?av\b/,
      /\bavmeld\w*\b/,
      /\bavslutt (\w+ ){0,2}(abonnement|nyhetsbrev)\w*\b/,
      /\bslutt(e|er)? (a |med a |med )?(sende|ringe|kontakte|utsendelse\w*|reklame\w*|nyhetsbrev\w*|markedsforing\w*)\b/,
      /\b(vil|onsker) ikke (lenger |laengere )?(a |at )?(motta|modtage|fa)\b/,
      /\breserver(e|er) meg\b/,
      /\bindsigelse\b/,
      /\b(afmeld|frameld)\w*\b/,
      /\bstop (med )?at sende\b/,
      /\bwiderspr(uch|eche|echen)\b/,
      /\babmelden\b/,
      /\babbestell\w*\b/,
      /\bkeine (weiteren )?(werbung|newsletter|e-?mails|werbemails)\b/,
    ],
  },
  withdraw_consent: {
    requests: [
      /^(?=.*\bconsent)(?=.*\b(withdraw\w*|revok\w*|retract\w*)\b)/,
      /\b(don'?t|do not|no longer) consent\b/,
      /\b(samtycker|samtykker)( (jag|jeg|vi))? (inte|ikke|ej)\b/,
      /^(?=.*\bconsent)(?=.*\b(take|taking|took) (it|that|this|my consent) back\b)/,
      /^(?=.*\bsamtycke)(?=.*\b(aterkall\w*|(dra|drar|ta|tar)\b.*\btillbaka)\b)/,
      /^(?=.*\bsamtykke)(?=.*\b(tilbakekall\w*|trekk\w*\b.*\btilbake|tilbaketrekk\w*)\b)/,
      /^(?=.*\bsamtykke)(?=.*\b(tilbagekald\w*|traekk\w*\b.*\btilbage|tilbagetraek\w*)\b)/,
      /^(?=.*\beinwilligung)(?=.*\b(widerruf\w*|zuruck\w*|zurueck\w*)\b)/,
      // A yes given, taken back: "jag drar tillbaka mitt ja till analyscookies", "kan ni ta bort mitt
      // ja?", "mitt ja till fler referenssamtal gäller inte längre", "det ja:et tar jag tillbaka".
      /\b(dra|drar|drog|ta|tar|tog|angrar|angra)( (tillbaka|bort))? (mitt|vart) ja\b/,
      /\b(mitt|vart|det) ja(:?et)?\b[^.!?]*\b((tar|drar) (jag|vi) tillbaka|(galler|ska galla) (inte|ej))\b/,
    ],
  },
  erasure: {
    requests: [
      /\b(delete|deleted|deleting|deletion|erase|erased|erasing|erasure|wipe|wiping|purge|purging|shred|destroy)\b/,
      /\bforget (about )?me\b/,
      /\bright to be forgotten\b/,
      new RegExp(`\\b(remove|removing) (all )?(of )?(me|my|any|everything|it|them)\\b${NOT_A_LIST}`),
      /\bget rid of\b/,
      // Struck off a register of people, whatever the verb (see PEOPLE), a register that names no
      // mailing ("stryk mig ur ert register", not "ur era marknadsföringsregister") or a list on a web page.
      new RegExp(
        `\\b${TAKE_OFF}\\s+(${LISTED})\\s+${OFF}\\s+(\\w+\\s+){0,3}?(\\w*${PEOPLE_LIST}|(?!\\w*(${MAILING}))\\w*(${REGISTER})|\\w*list\\w*${ON_A_PAGE})`,
      ),
      /\bwant (it|them|this|that|my \w+) (gone|deleted|removed|erased)\b/,
      /\b(get|take) (me|my \w+( \w+)?|it|them|everything) out of (your|the|all|any) /,
      /\b(don'?t|do not|no longer|stop) keep(ing)? (my|it|them|any)\b/,
      // The wish that nothing be kept: "I'd rather you didn't keep anything about me", "jag vill
      // inte att ni har något kvar om mig", "jeg vil ikke at dere skal ha noe om meg liggende".
      /\b((don'?t|do not) want you( to)?|rather you (didn'?t|did not|don'?t|do not)) (keep|hold|stor|have(?! to)|retain)\w*\b(\W+\w+){0,3}?\W+(anything|everything|my|me)\b/,
      /\b(vill|onskar) (\w+ )?(inte|ej) (\w+ )?att ni (\w+ )?(har|sparar|behaller|lagrar) (\w+ ){0,3}(kvar|om mig|mitt|min|mina)\b/,
      /\b(vil|onsker) (\w+ )?ikke (\w+ )?at dere (skal |lenger )?(ha|har|lagrer|beholder|oppbevarer) (\w+ ){0,3}(om meg|mitt|min|mine|lagret|liggende)\b/,
      /\bhelst at dere ikke (lenger )?(har|hadde|lagrer|beholder)\b/,
      /\b(radera|raderas|raderar|radering|raderad|raderade|makulera|makuleras)\b/,
      // "Ta bort", "plocka bort mig", and asked in the present tense: "jag vill att ni tar bort mitt CV"
      // (not "tar ni bort … ?" or "om jag tar bort kontot", which ask or suppose).
      new RegExp(
        `\\b(ta|plocka|rensa|att (ni|du|de)( \\w+)? (tar|plockar|rensar)) (\\w+ )?bort (mig|mina|min|mitt(?! ja\\b)|all|alla|allt|de|dem|uppgift\\w*|data|informationen|profil\\w*|konto\\w*|cv)\\b${NOT_A_LIST}`,
      ),
      /\btas bort\b/,
      /\b(bortglomd|glommas|glomd)\b/,
      /\b(slett|slette|slettes|slettet|sletting|sletter|slet|sletning)\b/,
      new RegExp(
        `\\bfjern(e|es)? (meg|mig|mine|alle|al|all|data|opplysning\\w*|oplysning\\w*|profil\\w*|konto\\w*|cv|navnet|navn|bilde\\w*|soknad\\w*)\\b${NOT_A_LIST}`,
      ),
      /\bbli(ve)? glemt\b/,
      /\b(loschen|loeschen|geloscht|geloescht|loschung|loeschung)\b/,
      /\bvergessen werden\b/,
    ],
  },
};

/** Each type's patterns as one alternation: one regex run per sentence and type instead of dozens. */
function combined(patterns: readonly RegExp[] | undefined): RegExp | undefined {
  if (!patterns || patterns.length === 0) return undefined;
  return new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'));
}
const COMBINED = TYPE_ORDER.map((type) => ({
  type,
  requests: combined(RULES[type].requests),
  anySentence: combined(RULES[type].anySentence),
}));

/** Whether a type's rules find it in a sentence: those for any sentence, and a request's unless it is a question. */
function namesRight(rules: (typeof COMBINED)[number], text: string, question: boolean): boolean {
  return rules.anySentence?.test(text) === true || (!question && rules.requests?.test(text) === true);
}

const NOTHING_TOLD: readonly RequestType[] = [];

/** GDPR article numbers name a right in any language ("Art. 17", "artikel 15"). */
const ARTICLE = /\bart(?:ikel|icle|\.)?\s?(\d{1,2})\b/g;
const ARTICLE_TYPES: Record<string, RequestType> = {
  '15': 'access',
  '16': 'rectification',
  '17': 'erasure',
  '18': 'restriction',
  '20': 'portability',
  '21': 'objection',
};

/**
 * Sentences that ask about practice rather than ask for something. Some openers are always questions;
 * others ("when", "när", "behöver jag", "kostar") also open statements ("När jag har fått den, radera
 * allt"), so they need a "?", as does a right supposed ("om jag begär ett registerutdrag, vad kostar
 * det?", "if I ask you to delete my CV, can I apply again?"), as does what an erasure would bring
 * ("skulle en radering av kontot också ta bort fakturorna?", "raderar jag kontot själv, går det då
 * att …?"). "Går det att radera mitt konto?" and "Kan jag få en kopia?" ask.
 */
const ALWAYS_QUESTION_START =
  /^(how long|how do you|why|do you|does|is it|are you|what happens|hur lange|varfor|hvor lenge|hvor laenge|hvorfor|wie lange|warum)\b/;
const QUESTION_START =
  /^(suppose|supposing|what if|hypothetically|tank om|tenk om|anta|antag|how|when|where|hur|nar|hvordan|hvornar|wie|wann|behover jag|maste jag|do i (need|have) to|must i|trenger jeg|ma jeg|kostar|koster|does it cost|is it free|ar det gratis|er det gratis|kan man|can one|vem|who|is there(?! any (chance|way))|are there|finns det|finnes det|did my|har ni fatt|fick ni|kan en|can a|will i|will my|will they|can i choose|kan jag valja|kan jeg velge|blir jag|blir den|what is the difference|what's the difference|vad ar skillnaden|hva er forskjellen|(would|will|skulle|vil|ville)( (a|an|the|my|en|ett|et|ei|min|mitt))? (deleting|deletion|erasing|erasure|removing|removal|radering|raderingen|borttagning|borttagningen|sletting|slettingen|sletning|sletningen|objecting|objection|unsubscribing|reservasjon|reservasjonen|reservation|avregistrering|avregistreringen|avmelding|avmeldingen|invandning|innsigelse|begransning|begrensning|restriction|aterkallelse|tilbaketrekking)|(raderar|sletter|fjerner|avslutar|avslutter) (jag|jeg))\b/;
/** The words that put asking off: "can I ask you later?". */
const LATER_ASKED = 'later|afterwards|senare|efterat|senere|etterpa|etterhvert';
const QUESTION_ANY = new RegExp(
  String.raw`\b((if i|om jag|hvis jeg|dersom jeg) (request|ask|asked|want|wanted|send|apply|applied|register|withdraw|begar|ber|bad|vill|skickar|soker|registrerar|aterkallar|tar tillbaka|drar tillbaka|vil|sender|soker|registrerer|trekker)|(can|kan) (i|jag|jeg) (\w+ ){0,6}?(myself|sjalv|selv)|(can|kan|far|ma) (i|jag|jeg) (\w+ )?(ask|request|be om|be (er|dere)|begara|kreve)\b(?:(?<=\b(${LATER_ASKED})\b.*)|(?=.*\b(${LATER_ASKED})\b))|om man|hvis man|how long|hur lange|hvor lenge|hvor laenge|wie lange|why|varfor|hvorfor|warum|what happens|vad hander|hva skjer|hvad sker|was passiert|what does it mean|vad innebar|hva betyr|hvad betyder|was bedeutet)\b`,
);

export function isInfoQuestion(sentence: string): boolean {
  const s = sentence.replace(/^[^\p{L}]+/u, '');
  if (ALWAYS_QUESTION_START.test(s)) return true;
  return s.endsWith('?') && (QUESTION_START.test(s) || QUESTION_ANY.test(s));
}

/** The verbs of erasing, in every form ("deleting", "radera", "slettet", "löschen"). */
const ERASING =
  '(delet|eras|remov|rader|(ta|tar|tas|plocka|plockar|plockas|rensa|rensar|rensas) bort|slett|slet|fjern|losch)\\w*';

/**
 * "Don't delete anything yet", "radera inget", "ikke slett", "jag vill inte att den tas bort",
 * "ohne etwas zu löschen", "löschen Sie sie aber nicht": erasure said not to be wanted.
 */
const NEGATED_ERASURE = new RegExp(
  [
    `\\b(don'?t|dont|do not|not|never|inte|ej|inget|ingenting|aldrig|ikke|ikkje|intet|ingen|nicht|nichts|kein\\w*|neither|varken|hverken|weder)\\s+(\\w+\\s+){0,2}(${ERASING}|throw)\\b`,
    '\\b(radera|slett|slet|losche\\w*)\\s+(\\w+\\s+){0,3}(inte|inget|ingenting|ikke|intet|nicht|nichts)\\b',
    '\\b(vill|vil|will|kraver|krever|begar|ber|onskar|onsker) (\\w+ )?(inte|ikke|nicht),? (att|at|dass) (\\w+ ){0,4}(tas bort|raderas|slettes|slettet|geloscht\\w*|losch\\w*)\\b',
    // "Jeg har ingen ønsker om at dere sletter råmaterialet", "inga planer på att be er radera något".
    `\\b(ingen|inget|inga) (onske\\w*|onskan|behov|planer) (om|for|pa|att|at|a)( \\w+){0,4}? ${ERASING}`,
    // "I don't want my account deleted", "I don't want you to delete my profile", "no delete".
    `\\b(don'?t|do not|not) (want|wish|need)(?: (?!and|but|so|then)\\w+){0,3}? ${ERASING}`,
    `\\bno ${ERASING}`,
    '\\bohne (\\w+ )?zu losch\\w*',
    // "Deletion is not needed", "radering är inte aktuellt", "sletting er ikke nødvendig".
    '\\b(deletion|erasure|radering\\w*|sletting\\w*|sletning\\w*|loschung) (\\w+ )?(is |are |ar |er )?(not|inte|ej|ikke)\\b',
    // "I'm not asking you to delete", "jag har inte bett om att bli raderad", "jeg ba ikke om sletting".
    `\\b((not|inte|ikke) (asking|requesting|asked|requested|bett|bad|begart|bedt|ba|ber|be|ute efter|ute etter)|(bad|ba|ber) (inte|ikke)|(didn'?t|did not|never) (ask|request)\\w*)( \\w+){0,4}? ${ERASING}`,
    // Left to us: "om dere sletter utkastet eller ikke er opp til dere", "whether you delete it is up to you".
    `\\b${ERASING}[^.!?]*\\b(up to you|opp til (dere|deg)|upp till (er|dig))\\b`,
    // "Pause it instead of deleting it", "frys kontoen i stedet for å slette den", "utan att radera".
    `\\b(instead of|rather than|without|istallet for att|i stallet for att|utan att|i stedet for a|uten a|uden at|i stedet for at|statt zu)\\s+(\\w+\\s+)?${ERASING}`,
  ].join('|'),
);

/** A time to come, or a condition met in it: "när mitt uppdrag tar slut", "etter kurset", "nästa år", "inte nu". */
const TIME_TO_COME =
  'inte (just )?nu|inte an|not (right )?now|not yet|ikke (akkurat )?na|ikke enna|when|once|after|before|if|unless|nar|efter|etter|innan|infor|for|om (jag|jeg|det|ni|dere|inte|ikke)|hvis|dersom|sa snart|sa fort|later|senare|senere|next year|nasta ar|neste ar|om ett ar|om et ar';
const FOR_A_TIME_TO_COME = new RegExp(`\\b(${TIME_TO_COME})\\b`);

/** Erasing named at all: only such a sentence can decline or put off an erasure (and most name none). */
const NAMES_ERASING = new RegExp(`\\b(${ERASING}|throw|tas bort|gelosch)`);

/**
 * An erasure put off to a later mail: "I may ask you to delete it later, but not now", "om jag
 * ska radera kontot vet jag inte än", "hvis jeg senere vil ha slettet profilen, sier jeg fra", or
 * announced for a time to come: "jag kommer att be er radera allt när mitt kontrakt tar slut",
 * "når kontrakten går ut, kommer jeg til å be dere slette alt". The sentence asks for no erasure now.
 */
const ERASURE_PUT_OFF = new RegExp(
  [
    `^(?=.*\\b${ERASING})(?:`,
    '(?=.*\\b(later|in the future|for now|not now|not yet|senare|framover|i framtiden|inte (just )?nu|inte an|senere|seinare|i fremtiden|ikke (akkurat )?na|ikke enna|enna|annu|forelopig|tills vidare|(tar|tas) det sen|det tar (jag|vi) sen|(avgor|bestammer|bestemmer|avgjor) (jag |vi |jeg )?(sen|sedan|senare|senere)|om (vi|jag|jeg) (sen|sedan|senare|senere)|men just nu|men akkurat na)\\b)',
    "(?=.*\\b(maybe|perhaps|might|may|if|whether|decide|won'?t|will not|kanske|om (jag|jeg|det|ni|dere)|ska jag|vet (jag )?inte|bestam(m|t)\\w*|avgor|avgjor|(ta|tar) (stilling|stallning)|sager (jag )?till|kanskje|hvis|dersom|skal jeg|vet (jeg )?ikke|bestem\\w*|sier (jeg )?fra|finner (jeg )?ut|aterkommer|kommer tilbake|get back)\\b)",
    '|',
    "(?=.*\\b((i|jag|jeg)( \\w+)? (will|'ll|am going to|plan to|intend to|kommer ((nog|nok|troligen|sannolikt|sikkert|sakert|kanske|kanskje) )?(att|til a)|tanker|tenker|hade tankt|hadde tenkt)|(kommer|tanker|tenker) (jag|jeg)( att| til a)?|(vill|vil) (jag|jeg) (nog|nok|troligen|troligtvis|antagligen|antakelig|sannsynligvis|kanske|kanskje))( \\w+){0,2}? (ask|request|demand|want|be|begara|krava|kreve|vilja|ville|onske|att|at|a|ha)\\b)",
    `(?=.*\\b(${TIME_TO_COME})\\b)`,
    // A wish on a condition yet to be met: "om jag inte får uppdraget vill jag att ni tar bort mitt
    // cv", "if I get the job, I'd like my profile deleted"; and our need: "om ni behöver radera något
    // frågar ni mig först".
    '|',
    "^\\W*(om|hvis|dersom|if) (jag|jeg|i) ((?!\\b(men|but)\\b)[^.!?])*?\\b((vill|vil) (jag|jeg)|i (want|would like|'d like))\\b",
    `|\\b(om|hvis|dersom|if) (ni|dere|you) (\\w+ )?(behover|trenger|need to|maste|ma|must)( \\w+)? ${ERASING}`,
    ')',
  ].join(''),
);

/**
 * A wish put off in the sentence after it: "Om ett år när jag går i pension vill jag att ni rensar
 * bort mig ur registret. Det är inte aktuellt än", "Når jeg slutter i juni, vil jeg ha alt om meg
 * slettet. Men det tar vi da.", "… when my contract ends. I'll let you know then." An erasure asked
 * for a time to come (FOR_A_TIME_TO_COME) in the one sentence before is put off.
 */
const PUT_OFF_AFTER =
  /\b(inte (just |riktigt )?(nu|an|annu)|not (right |just )?(now|yet)|ikke (akkurat |helt )?(na|enna)|det (ar|er) (inte|ikke) aktuel\w* (an|annu|enna|na|just nu)|(hor|horer|sager|sier|melder|let you know)( \w+){0,3}? (da|then|nar det|nar den|when)|det (tar|far) vi (da|se)|(kan|far|ma) (vanta|vente)|(that|it) can wait|(ingenting|inget|ikke noe|ingen ting) (att gora|a gjore) (for|innan|fore|an|na|enna))\b/;

/**
 * "I have deleted it on my side", "jeg sletter e-posten nå", "jag har raderat mejlet", "har allerede
 * slettet kontoen selv": the writer telling what they deleted themselves (often a misdirected mail)
 * asks for no erasure.
 */
const ERASED_BY_WRITER =
  /(\b(i|we|jag|vi|jeg|ich|wir)|^\W*(have|har|hade|hadde)\b)( (have|has|had|har|hade|hadde|habe|haben|just|already|redan|allerede|nettopp|precis|now|nu|na|sofort))* (deleted|erased|removed|destroyed|shredded|delete|raderat|raderar|raderade|tagit bort|tar bort|slettet|sletter|slettede|fjernet|fjerner|geloscht|losche)\b|\b(deleted|removed|raderade|tog bort|slettet|fjernet|tok bort) (i|jag|jeg|vi|we) (\w+ )?(myself|ourselves|sjalv|sjalva|selv)\b/;

/**
 * "You deleted my old account last year", "takk for at dere slettet artikkelen": an erasure we
 * carried out, told before what the mail asks next (mostly a copy of what is left). The erasure
 * rules read the sentence without the phrase, so "ni tog bort kontot men radera mitt cv nu" still
 * asks for one. A wish in the past tense is no telling: "vore det okej om ni raderade", "kunne
 * dere slettet", "kan dere slettet". So is one told in the passive ("my account was deleted at my
 * request", "profilen ble slettet i fjor"), but not one wished for ("I'd appreciate it if the
 * recording was deleted", "I expected it to have been deleted"). Thanks for an erasure ("thank you
 * for deleting my profile") and our practice told as heard ("kollegaen min sier at dere sletter alle
 * kandidater etter to år") tell one too, as do our confirmation ("Sletting bekreftet") and an erasure
 * by our people ("your recruiter deleted my application by mistake", "I thought I'd been deleted").
 */
const ERASED_BY_US = new RegExp(
  [
    `\\b(thanks?( you)?|thx|cheers|(much )?obliged|grateful|thankful)( \\w+)? for (deleting|erasing|removing)\\b${NOT_A_LIST}`,
    `\\b(says?|said|told me|heard|sier|sager|sade|hort|horde|horte) (that|att|at) (you|ni|dere)( \\w+){0,3}? ${ERASING}`,
    // Our confirmation, quoted or named: "Sletting bekreftet", "Account deleted".
    '\\b(deletion|erasure|radering\\w*|borttagning\\w*|sletting\\w*|sletning\\w*) (is |ar |er )?(confirmed|bekraftad|bekraftat|bekreftet)\\b',
    '^\\W*(your |ditt |din )?(account|konto|kontot|kontoen|profile|profil|profilen) (deleted|raderat|raderad|borttaget|borttagen|slettet)\\b',
    /\b(you|ni|dere|de|(?<!\b(for|to|till|til|with|med|from|fran|fra|by|av|at|hos) )(your|er|era|deres) (recruiter|rekryterare|rekrutterer|colleague|kollega|kollegaer|staff|people|hr|support))(?<!\b(if|om|hvis|sure|when|nar|can|could|would|will|kan|kunne|ska|skal|skulle|vil|ville|ma|maste) \w+)('ve|'d)?( (have|has|had|har|hade|hadde|already|redan|allerede|just|nettopp|then|da|sedan))* (deleted|erased|removed|raderade|raderat|tog bort|tagit bort|plockade bort|plockat bort|rensade|rensat|strok|strukit|slettet|slettede|fjernet|fjernede|tok bort|tatt bort)\b|(\b(was|were|has been|have been|had been|blev|ble|har blitt|har blivit|vart)|'d been|'ve been) (already |redan |allerede )?(deleted|erased|removed|raderad|raderat|raderade|borttagen|borttaget|borttagna|slettet|slettede|fjernet|fjernede)\b(?<!\b(if|om|hvis|whether|sure|ensure|sakerstall|sorg for|check|sjekk|kontrollera|verify|to)\b[^.;:!?]*)/
      .source,
  ].join('|'),
  'g',
);

/**
 * An old detail taken out for a new one put in its place: "ta bort min gamla mejladress och lägg in
 * den nya i stället", "slett den gamle e-postadressen og bruk denne i stedet", "remove my old
 * number and use this one instead", "ta bort det och skriv Product Owner", "delete that line and
 * enter PRINCE2". A correction, not an erasure: the erasure rules read the sentence without the
 * taking out. "Radera kontot och skriv till mig när det är gjort" still erases.
 */
const OLD_DETAIL_REPLACED = new RegExp(
  [
    `\\b${ERASING}( (min|mitt|mina|den|det|my|the|mi|mine))? (gamla|gamle|old|previous|forra|tidigare|tidligere)\\b(?=.*\\b(i stallet|istallet|i stedet|istedet|i stedenfor|istedenfor|instead|(lagg|lagga|legg|legge|add|put|use|bruk|anvand|enter)( in| inn)? (de|den|det|the) (nya|nye|new))\\b)`,
    `\\b${ERASING}( [^\\s,.;]+){0,6}? (och|og|and)( (then|sen|sedan|sa|deretter|instead|i stallet|i stedet))? (skriv|satt in|ersatt|ersatt med|lagg in|anvand|sett inn|skriv inn|legg inn|bruk|erstatt|enter|write|put in|add|use|replace)\\b(?! (till|to|me|mig|meg|back|tillbaka|tilbake|om|about|inte|ikke|not)\\b)`,
  ].join('|'),
  'g',
);

/**
 * The new detail first, the old taken out after it: "my address should be Bygdøy allé 9 - please
 * delete the old one", "bytt det ut med det nye … det gamle kan slettes" (but "replace it and delete
 * the old one" asks for both). Read as OLD_DETAIL_REPLACED is, where the new detail is named.
 */
const NEW_DETAIL_NAMED = 'should be|is now|ar nu|er na|ska vara|skal vaere';
const REPLACING = 'bytt|byt|byte|replace|erstatt\\w*|ersatt';
const NEW_DETAIL_FIRST: Phrase = {
  cue: new RegExp(`\\b(${NEW_DETAIL_NAMED}|${REPLACING})`),
  phrase: new RegExp(
    [
      `(?<=\\b(${NEW_DETAIL_NAMED})\\b.*)\\b${ERASING}( (the|den|det|de))? (old|gamla|gamle|previous|tidigare|tidligere)\\b`,
      `(?<=\\b(${NEW_DETAIL_NAMED}|${REPLACING})\\b.*)\\b(the|den|det|de) (old|gamla|gamle)( \\w+)? (can|may|kan|far|ma) (be deleted|be removed|slettes|raderas|tas bort|fjernes)\\b`,
    ].join('|'),
    'g',
  ),
};

/**
 * A phrase read out of a sentence (or only looked for), with a cue of plain words that a sentence
 * needs for the phrase to count: most often words every match contains. The cue is quicker to rule
 * out than the phrase, and almost no sentence has one. Not read out where `unless` stands.
 */
interface Phrase {
  cue: RegExp;
  phrase: RegExp;
  unless?: RegExp;
}
function cued(text: string, { cue, unless }: Phrase): boolean {
  return cue.test(text) && !unless?.test(text);
}
function readOut(text: string, phrase: Phrase): string {
  return cued(text, phrase) ? text.replace(phrase.phrase, ' ') : text;
}
/** Whether the phrase stands in the text (its pattern without the g flag, so that a test keeps no state). */
function tells(text: string, phrase: Phrase): boolean {
  return cued(text, phrase) && phrase.phrase.test(text);
}

/**
 * A mail sent to the wrong address, told: "skickade det här till fel adress", "Oi, feil adresse.",
 * "sent this to the wrong person". It names a wrong detail and asks for no correction; every rule
 * reads the sentence without it.
 */
const MISDIRECTED: Phrase = {
  cue: /fel|feil|wrong|forkert|fejl/,
  phrase:
    /\b((i|jag|jeg|vi|we) (\w+ ){0,2}?|^\W*)(sent|send|skickade|skickat|sendte|sendt|skrev|skrivit|wrote|mailed|mejlade|mailet)( \w+){0,4}? (to|till|til) (the |a |en |ei |et )?(fel|feil|wrong|forkert|fejl) (adress\w*|address|adresse\w*|person|mottagare|mottaker|modtager|recipient)\b|^\W*((oj|oi|ups|oops|sorry|forlat)\W+)?(fel|feil|wrong|forkert|fejl) (adress|adresse|address)(?=\W*(sorry|forlat|ursakta|beklager|kanske|maybe)\b)/g,
};

/**
 * A correction we made, told or thanked for: "takk for at dere rettet adressen", "tack för hjälpen
 * med att rätta mitt namn", "you've updated my title, thanks". The rectification rules read the
 * sentence without it; a wish in the past tense ("kunde ni rätta") is no telling.
 */
const CORRECTED_BY_US: Phrase = {
  cue: /rett|ratt|correct|fix|pdat|andra|endr/,
  phrase:
    /\b(thanks?|thank you|thx|tack|takk|tak) (\w+ ){0,3}?(for|at|att) (\w+ ){0,4}?(rett|ratt|correct|fix|updat|andra|endr|oppdater|uppdater)\w*|\b(you|ni|dere)(?<!\b(if|om|hvis|can|could|would|will|kan|kunne|ska|skal|skulle|vil|ville|ma|maste) \w+)('ve)?( (have|has|har|hade|hadde|already|redan|allerede|endelig|finally|nu|na|now))* (rettet|ratta(t|de)|corrected|fixed|updated|andrat|andrade|endret|endra|oppdaterte|oppdatert|uppdaterat|uppdaterade)\b/g,
};

/**
 * A detail told to be put right already, by anyone, or found right: "men jag har redan ändrat det
 * själv i portalen", "ledern min har allerede rettet det", "Receptionen har redan fixat det", "it's
 * correct now", "nu står det rätt", "endelig står tittelen min riktig", "nu stämmer
 * skatteavdraget", "jag har kontrollerat uppgifterna och de är korrekta". Told beside the wrong
 * detail, often in the sentence before, it asks for no correction: a finding (the rectification
 * told), as the same mail may still ask for one elsewhere ("… but please fix it in the payroll too").
 * "Nu stämmer det inte" and "can you confirm that my address is correct?" tell nothing.
 */
const CORRECTED_ALREADY: Phrase = {
  cue: /redan|allerede|already|sjalv|selv|myself|\bn(u|a|ow)\b|endelig|antligen|finally|kontroll|kollat|sjekket|checked|confirm|bekr/,
  phrase: new RegExp(
    [
      '\\b(har|hade|hadde|have|has|had|ve) (redan|allerede|already) (andrat|rattat|fixat|uppdaterat|korrigerat|endret|endra|rettet|retta|fikset|oppdatert|oppdaterte|korrigert|changed|corrected|fixed|updated|sorted)\\b',
      '\\b(?<!\\b(inte|ej|aldrig|ikke|aldri|verken|not|never)( \\w+)? )(andrat|rattat|fixat|uppdaterat|endret|rettet|fikset|oppdatert|changed|corrected|fixed|updated)( \\w+){0,5}? (sjalv|selv|myself)\\b',
      "\\b(star|ar|er|is|are|it'?s|looks|ser)( \\w+){0,2}? (ratt|riktig|rett|korrekt|correct|right)( \\w+){0,3}? (nu|na|now)\\b",
      '\\b(nu|na|now|endelig|antligen|finally) (star|ar|er|is|are|ser)( \\w+){0,3}? (ratt|riktig|korrekt|correct|right)\\b',
      '\\b(nu|na|now) (stammer|stemmer)\\b(?!( \\w+)? (inte|ikke|not)\\b)',
      '\\b(har|have|has|i|jag|jeg|hereby|harmed|hermed)( \\w+)? (kontrollerat|kollat|sjekket|kontrollert|checked|confirm|bekraftar|bekrefter)\\b.*\\b(ar|er|is|are) (korrekt\\w*|riktig\\w*|ratt|correct|right)\\b',
    ].join('|'),
  ),
};

/**
 * A wrong detail let be: "ni har fel födelsedatum på mig, men jag ids inte bråka om det", "ni stavar
 * mitt namn fel i alla mejl men jag har vant mig", "Ni har skrivit fel födelsedatum på mig. Skit
 * samma." (the waivers of classify-signals, and the writer who cannot be bothered). The correction
 * is told, not asked: the rectification rules read only what follows the waiver, so "strunt samma,
 * uppdatera mitt mobilnummer" still asks, and a waiver in the sentence after puts off a correction
 * named in the one before. A waiver of how or when ("det spelar ingen roll när") waives nothing.
 */
const LET_BE = new RegExp(
  `^.*(${WAIVED.source}|\\b(ids inte|orkar inte|gidder ikke|orker ikke|can'?t be bothered)\\b)(?! (when|how|which|what|whether|if|nar|hur|vilken|vilket|vad|om|hvordan|hvilken|hvilket|hva|hvis|nar)\\b)`,
);
/** A sentence that only lets be what the one before told: "Skit samma.", "Men det spelar ingen roll." */
const MAX_LET_BE_WORDS = 8;

/**
 * A consent withdrawn before, told: "jag har redan återkallat samtycket", "samtycket drog jag tillbaka
 * redan i januari", "jeg har tidligere trukket tilbake samtykket". The consent rules read the sentence
 * without it; "jag återkallar mitt samtycke" and "I have withdrawn my consent" (said now) still
 * withdraw. Looked for only where a consent is named: every consent rule asks for one.
 */
const WITHDRAWN_BEFORE: Phrase = {
  cue: /samty|consent|einwillig/,
  phrase:
    /\b((har|hade|hadde|have|has|had|'ve) (\w+ )?(redan|tidigare|already|previously|earlier|allerede|tidligere) (\w+ )?(aterkallat|dragit tillbaka|tagit tillbaka|withdrawn|revoked|retracted|taken back|trukket tilbake|tilbakekalt|tatt tilbake)|(aterkallade|drog|tog|withdrew|revoked|retracted|took|trakk|tilbakekalte|tok)\b(\W+\w+){0,6}?\W+(tillbaka|tilbake|back|redan|tidigare|already|previously|allerede|tidligere|i fjol|i fjor|last (year|month|week)|ago|sedan|siden)\b(?=.*\b(redan|tidigare|already|previously|allerede|tidligere|i fjol|i fjor|last (year|month|week)|ago|sedan|siden)\b))/g,
};

/**
 * To the end of a clause: a comma or a stop, a dash, or a word that opens the next clause ("no need
 * to reply just delete it").
 */
const TO_CLAUSE_END =
  '[^,.;:!?–]*?(?=[,.;:!?–]|\\s-\\s|\\b(och|and|og|men|but|so|sa|now|nu|na|just|bara|bare|utan)\\b|$)';

/**
 * A consent said not to be withdrawn, or given now, to the end of its clause: "I'm not withdrawing
 * any consent, I just want to see the data", "jag tänker inte återkalla något samtycke", "det finns
 * inget att återkalla", "jag ger mitt samtycke till att ni kontaktar min tidigare chef", "I consent
 * to you checking my ID". The consent rules read the sentence without it. A consent quoted from a
 * form ("kryssade jag i \"jag samtycker till …\"") is what is withdrawn, so it stays.
 */
const CONSENT_KEPT: Phrase = {
  cue: /samty|consent|einwillig/,
  phrase: new RegExp(
    `(\\b((not|don'?t|do not|never|ikke|inte|ej|aldri|aldrig)( \\w+)?|(nothing|inget|ingenting|ikke noe|ingen ting) (to|att|a)) (withdraw\\w*|revok\\w*|trekke\\w*|trekker|aterkalla\\w*|tilbakekall\\w*|ta tilbake|ta tillbaka)|(?<!["«]\\s*)\\b(jag|jeg|i|vi|we) (ger|gir|give|lamnar|samtycker|samtykker|consent)\\b(?! (inte|ikke|not|no longer|ej|anymore)\\b)( \\w+){0,2}? (samtyck\\w*|samtykk\\w*|consent|till|til|to))\\b${TO_CLAUSE_END}`,
    'g',
  ),
};

/**
 * A file to take elsewhere said not to be wanted: "jeg trenger ikke noe maskinlesbart format", "I
 * don't need it as a csv", "jeg ber ikke om noe i maskinlesbart format, vanlig kopi holder". The
 * portability rules read the sentence without it; the copy asked beside it stays access.
 */
const FORMAT_DECLINED: Phrase = {
  cue: /maskinl|machine|csv|json|format|export|eksport|fil/,
  phrase: new RegExp(
    `\\b((don'?t|dont|do not|not) (need|want|ask\\w*|request\\w*)|(trenger|behover|vill|vil|ber|onsker|onskar)( \\w+)? (ikke|inte|ej|ikkje|ingen|inget|inga)|no need (for|of))( \\w+){0,4}? (maskinl\\w*|machine[- ]?readable|csv|json|\\w*format|export\\w*|eksport\\w*|\\w*fil(en|a|e)?)\\b${TO_CLAUSE_END}`,
    'g',
  ),
};

/**
 * A copy said not to be wanted: "don't send me a copy", "jag vill inte se en kopia", "ikke send meg
 * kopi av noe", "you do not have to send me an overview", "I am not making an access request",
 * "trenger ikke vanlig innsyn", "jag behöver inget utdrag". The access rules read the sentence
 * without it, and access is declined (see TypeFindings). "I did not get a copy" still asks for one.
 */
const COPY_DECLINED: Phrase = {
  cue: /cop|kopi|overview|oversikt|utdrag|extract|innsyn|insyn|access request/,
  phrase:
    /\b(don'?t|dont|do not|no need to|not|never|inte|ej|ikke|ikkje|aldrig|aldri)( \w+){0,2}? (send|sending|skicka|sende|mejla|maila|mail|e-?mail|see|se|ha|want|need|making|make|asking|requesting|bedt|bett|ber|begart)( \w+){0,3}? (cop(y|ies)|kopi\w*|overview|oversikt|\w*utdrag\w*|extract|innsyn|insyn|access request)\b|\b(trenger|behover|need|ber)( \w+)? (ikke|ikkje|inte|ej|no|inget|ingen)( \w+){0,2}? (cop(y|ies)|kopi\w*|overview|oversikt|\w*utdrag\w*|extract|innsyn|insyn)\b/g,
};

/** Mail said to come all the same: a mailing left in vain is left again ("men mejlen fortsätter komma"). */
const STILL_COMING =
  /\b(still|keep (getting|receiving|coming)|anyway|fortfarande|fortsatter|anda|fremdeles|fortsatt|fortsetter|likevel|allikevel)\b/;

/** "No more", "inga fler", "ikke flere": what a mailing left is told to send no longer. */
const NO_MORE = '(no more|no further|inga fler|inget mer|ingen flere|ikke flere|ikke mer)';

/**
 * A mailing already left, told: "jag avregistrerade mig själv via länken", "du är nu avregistrerad",
 * "dere meldte meg av", "avregistreringslänken fungerade", "avprenumerationen gick igenom", taken
 * off it by us ("thank you for taking me off the list", "tack för att ni tog bort mig från
 * utskickslistan"), the mail said to have stopped ("the mails have stopped", "nu får jag inte era
 * nyhetsbrev längre"), and a "no more" after such a telling ("… fungerade, inga fler utskick"): what
 * has stopped, not a wish. The objection rules read the sentence without it; "avregistrera mig", "jag
 * vill bli avregistrerad" and "jag vill inte få era nyhetsbrev längre" still ask.
 */
const UNSUBSCRIBED: Phrase = {
  cue: /unsubscri|opted out|avregistr|avprenumer|avanmal|meld|\bto(g|k|ok)\b|taking|remov|\btatt\b|tagit|plockade|fjern|stopped|slut|langre|lenger/,
  unless: STILL_COMING,
  phrase: new RegExp(
    `\\b((i|jag|jeg|vi|we|ni|dere|you|they|de)('ve)?( \\w+){0,3}? |^\\W*)(unsubscribed|opted out|avregistrerade|avregistrerat|avprenumererade|avanmalde|avanmalt|meldte (meg |meg selv )?av|avmeldte)\\b|\\b(am|is|are|was|been|ar|er|blev|ble|blitt|blivit|nu|na|now)( \\w+)? (avregistrerad\\w*|avanmald\\w*|avmeldt|meldt av|unsubscribed)\\b|\\b((thanks?( you)?|(much )?obliged|grateful|thankful) for (taking|removing)|(you|ni|dere)( \\w+){0,2}? (took|removed|tog|tok|fjernet|fjernede|tatt|tagit)|(tack|takk|tak) for (at|att) (ni|dere|de) (\\w+ )?(tog|tok|fjernet|fjernede|tatt|tagit|plockade))( bort)? (me|mig|meg|my \\w+|min \\w+|mitt \\w+)( bort)? (off|from|fran|fra|ur|av)( \\w+){0,3}? ${MAILING_LIST}|\\b(${SENT}|mails?|mejl\\w*)( \\w+){0,2}? (have stopped|has stopped|stopped coming|har sluta(t)?( att)? komma|har sluttet( a komme)?|kommer inte langre|kommer ikke lenger)\\b|^\\W*(nu|na|now) (far|faar|get) (jag|jeg|i) (inte|ikke|no longer|not) (\\w+ ){0,3}?(\\w*(${MAILING})\\w*|mejl\\w*|mail\\w*|e-?post\\w*) (langre|lenger|any more|anymore)\\b|\\b(avregistrerings|avmeldings|avprenumerations)(lank|lenk|sida|side|knapp)\\w*|\\bunsubscribe (link|button|page)\\b|\\b(trykket|trykte|trykke|klikket|klikke|klickade|klickat|klicka|clicked|pressed|hit) (pa |on )?(\\w+ )?(avmeld\\w*|avregistrer\\w*|unsubscribe\\w*)(?![^.!?]*\\b(men|but)\\b[^.!?]*\\b(inte|ikke|not|didn'?t|doesn'?t|fail\\w*)\\b)|\\b(fatt|fick|fikk|got|had) (\\w+ )?(avregistrerad\\w*|avanmald\\w*|avmeldt|meldt av|unsubscribed)\\b|\\b(avregistrering|avprenumeration|avmelding|unsubscription|unsubscribing|unsubscribe)(en)? (\\w+ )?(gick igenom|fungerade|gikk gjennom|fungerte|worked|went through)\\b|\\b${NO_MORE}(?<=\\b(unsubscribed|opted out|avregistrerade|avregistrerat|avregistrerad\\w*|avregistrering\\w*|avprenumer\\w*|meldte|avmeldt|meldt av|avmelding\\w*|unsubscription)\\b.*\\b${NO_MORE})( \\w+){0,2}`,
    'g',
  ),
};

/**
 * No more mailings, told as what has happened: "inga fler utskick har kommit", "no more emails
 * since", "ingen flere e-poster siden". The objection rules read the sentence without it.
 */
const NO_MORE_CAME = new RegExp(
  `\\b${NO_MORE}( \\w+){0,2}? (har kommit|har kommet|sedan dess|siden da|since|have come|have arrived|came|arrived)\\b`,
  'g',
);

/**
 * Leaving a mailing announced for a time to come: "tänker avregistrera mig från alla era listor
 * efter julbordet", "jeg kommer til å melde meg av etter kurset", "I'll unsubscribe after the
 * conference". It asks nothing now; the objection rules read the sentence without it.
 */
const MAILING_LEFT_LATER = new RegExp(
  `(\\b(i|jag|jeg|vi|we)( \\w+)?|^\\W*)( will|'ll| am going to| plan to| intend to| ?\\btanker| ?\\btenker| kommer att| kommer til a| planerar att| planlegger a)( \\w+){0,2}? (avregistrera|avanmala|avsluta|stoppa|melde (meg |oss )?av|avmelde|stoppe|unsubscribe|opt out)\\b(?=.*\\b(after|when|once|efter|etter|nar|sa snart|senare|senere|later|next|nasta|neste)\\b)${TO_CLAUSE_END}`,
  'g',
);

/**
 * A right asked for before, to the end of its clause: "jag bad er i våras att sluta skicka
 * nyhetsbrev", "I requested a copy in March and got it", "jeg ba om innsyn i fjor", "jeg skrev i
 * januar om at dere skulle slutte å ringe meg" (not "jeg skrev feil e-postadresse", a slip to put
 * right). A follow-up tells what was asked before it asks what is next, and a chaser of an old
 * request asks nothing new (an unclear mail, by the labelling policy). The writer may go unnamed
 * ("Har redan bett er sluta skicka jobbtips"). Every rule reads the sentence without it.
 */
const ASKED_BEFORE = new RegExp(
  `((\\b(i|we|jag|vi|jeg)|^\\W*(?=(have|had|har|hade|hadde)\\b))( ?(have|had|'ve|'d|har|hade|hadde|already|redan|allerede|previously|once|tidigare|tidligere|forst))* (asked|requested|bad|ba|bett|begarde|begart|bedt|anmodede|anmodet|(wrote|written|skrev|skrivit|skrevet|mejlade|mailade|mailet)(?=( \\w+){0,3}? (to you|till er|til dere|till dig|til deg|that|att|at)\\b))|\\b(bad|ba|begarde|anmodet) (jag|jeg|vi)|\\bskrev (jag|jeg|vi)(?=( \\w+){0,3}? (till er|til dere|att|at)\\b)|\\bskrev (jag|jeg|vi) (\\w+ )?(och|og) (bad|ba)\\b)\\b${TO_CLAUSE_END}`,
  'g',
);

/**
 * A right carried out and thanked for, to the end of its clause: "takk for at dere satte profilen
 * min på pause", "thank you for stopping the use of my profile", "tack för att ni skickade ut min
 * data", "takk for at det ble sendt kryptert". Every rule reads the sentence without it. Thanks in
 * advance ("tack på förhand för att ni skickar …") ask; an erasure, a correction or a mailing left
 * that is thanked for is read as such (ERASED_BY_US, CORRECTED_BY_US, UNSUBSCRIBED).
 */
const THANKED_FOR = new RegExp(
  `\\b(thanks?|thank you|thx|cheers|tack|takk|tak)(?! (in advance|beforehand|pa forhand|i forvag|i forveien)\\b)( \\w+){0,3}? (for|at|att) (\\w+ ){0,4}?(sending|stopping|pausing|freezing|exporting|blocking|marking|restricting|putting|skickade|skickat|pausade|pausat|stoppade|stoppat|fryste|fros|exporterade|exporterat|sparrade|sparrat|markerade|blockerade|satte|sendte|pauset|stoppet|eksporterte|sperret|markerte|blokkerte|(ble|blev|vart|was|were) (sendt|skickad\\w*|sent|pauset|pausad\\w*|stoppet|stoppad\\w*|sperret|sparrad\\w*))\\b${TO_CLAUSE_END}`,
  'g',
);

/**
 * A right only thought about, to the end of its clause: "jag funderar på att begära ett
 * registerutdrag", "I'm thinking about asking for a copy", "jeg vurderer å be om sletting", "skal
 * vurdere om jeg vil at dere slutter med utsendelsene", or planned and given up: "jag hade tänkt
 * avsluta nyhetsbrevet, men …". It asks nothing yet; every rule reads the sentence without it.
 */
const CONSIDERED = new RegExp(
  `(\\b((i'm|i am|we're|we are) (thinking|considering)|(jag|vi) (funderar|overvager|tanker) pa|(jeg|vi) (vurderer|tenker pa|overveier)|((jag|vi) hade tankt|(jeg|vi) hadde tenkt|i was going to|i had planned to|(jag|jeg|vi) (skulle|ville) egentlig(en)?)(?=[^.!?]*\\b(men|but)\\b))|(\\b(i|we|jag|vi|jeg) ?|^\\W*)(will|'ll|ska|skal) (\\w+ )?(consider|think about|fundera pa|overvaga|vurdere|tenke pa|overveie))\\b${TO_CLAUSE_END}`,
  'g',
);

/**
 * A right announced for a time to come, to the end of its clause: "jeg kommer til å be om en kopi
 * etter at lønnsforhandlingene er ferdige", "etter at jeg slutter planlegger jeg å be om innsyn", "i
 * ett senare skede kommer vi sannolikt att begära ut uppgifterna", "kanskje ber jeg om innsyn
 * senere". It asks nothing now (an unclear mail, by the labelling policy); every rule reads the
 * sentence without it.
 */
const LATER =
  'when|once|after|later|until|in the future|next (year|month|week)|not (right )?now|not yet|nar|efter|etter|innan|inntil|tills|senare|senere|seinare|skede|i framtiden|i fremtiden|nasta|neste|om ett ar|om et ar|inte (just )?nu|inte an|ikke (akkurat )?na|ikke enna';
const ASKED_LATER: Phrase = {
  cue: /\b(will|going|plan|intend|kommer|planerar|planlegger|kanskje|kanske|hende|may|might)\b|'ll/,
  phrase: new RegExp(
    `\\b(((i|jag|jeg|vi|we)( \\w+)? (will|am going to|are going to|plan to|intend to|kommer ((nog|nok|troligen|sannolikt|sikkert|sakert|kanske|kanskje) )?(att|til a)|planerar (att)?|planlegger (a)?)|(i|we)'ll|(kommer|planerar|planlegger) (jag|jeg|vi)( att| til a| a)?)( \\w+){0,2}? (ask|request|be|begara|begare|krava|kreve|withdraw|revoke|aterkalla|tilbakekalle|trekke tilbake)|(kanskje|kanske) (ber|begar) (jag|jeg)|(ber|begar) (jag|jeg) (kanskje|kanske)|(kan det hende|det kan hende) (at )?(jeg|jag) (ber|begar)|i (may|might) (ask|request))\\b${TO_CLAUSE_END}(?:(?<=\\b(${LATER})\\b[^]*)|(?=[^.!?]*\\b(${LATER})\\b))`,
    'g',
  ),
};

/**
 * A right said not to be needed, to the end of its clause: "no need to send me a copy", "ni behöver
 * inte rätta något", "dere trenger ikke slette den". Every rule reads the sentence without it. "Dere
 * må ikke …" is no such clause: it forbids, and so asks.
 */
const NOT_NEEDED = new RegExp(
  `(${[
    "\\b(no need|(don'?t|do not) need (you |us )?to|needn'?t|not necessary to)\\b",
    '\\b((ni|du) (behover|maste) (inte|ej)|behover (ni|du) (inte|ej)|inget behov|inte nodvandigt)\\b',
    '\\b((dere|du) (trenger|behover) ikke|trenger (dere|du) ikke|ingen grunn til|ikke nodvendig)\\b',
  ].join('|')})${TO_CLAUSE_END}`,
  'g',
);

/**
 * The mailings said to go on, to the end of their clause: "don't unsubscribe me", "I'm happy to
 * keep getting job alerts", "avregistrera mig inte", "jag vill fortfarande få era inbjudningar",
 * "ikke stopp nyhetsbrevet", "fortsett gjerne å sende". Most often written beside an erasure of
 * something else ("delete me from the participant list, I don't want to stop the newsletter"), or
 * beside the mailing that is to stop ("keep the newsletter, but stop the invitations"): the
 * objection rules read the sentence without it, as they do a mailing left that is said to be not
 * all that is asked ("radera allt, inte bara avregistrera", "ikke bare meld meg av"). "Can't stop
 * them" is a complaint, not said here.
 */
const MAILINGS_GO_ON = new RegExp(
  `(${[
    "\\b(don'?t|do not|(?<!\\b(can|could) )not|never|no need to) ((want|asking|ask|need|mean|wish)( you)?( to)? )?(unsubscribe|stop|cancel|opt out|remove me|take me off|take me out)\\b",
    '\\b(you can|you may|feel free to|please|happy to|glad to|fine to|ok to|okay to|i want to|i would like to) (still |continue to |keep )(send|sending|get|getting|receiv\\w*|e-?mail\\w*|mail\\w*)\\b',
    '\\bkeep (them|it|those|these|the \\w+) coming\\b',
    '\\bstill (want|like|wish|ok|okay|happy|fine|glad)\\b(\\W+\\w+){0,6}?\\W+\\w*(newsletter|mail|invitation|alert|update|mailing)',
    '\\b(vill|onskar) (\\w+ )?inte (att (ni|du) |bli )?(avsluta|avregistrera|stoppa|sluta|avanmala)\\w*',
    '\\b(avregistrera|avsluta|stoppa) (mig |den |det |dem )?inte\\b',
    // "Jag har bestämt mig för att inte avregistrera mig", "I decided to not unsubscribe".
    '\\b(att|a|to) (inte|ikke|not) (avregistrera|avanmala|avsluta|stoppa|melde (meg )?av|avmelde|stoppe|avslutte|unsubscribe|opt out)\\b',
    '\\bror inte (\\w+ ){0,2}\\w*(utskick|nyhetsbrev|prenumeration|inbjudning|mejl|lista)\\w*',
    '\\b(vill|onskar) (\\w+ )?(fortfarande|fortsatta|fortsatt) (\\w+ ){0,2}(fa|ha|ta emot|vara med|sta kvar)\\b',
    '\\bgarna (fortsatta )?(att )?(skicka|mejla|maila)\\b',
    '\\b(inget|ingenting) emot att (ni|du) (\\w+ )?(mejla|maila|skicka|kontakta|ringa)\\w*',
    '\\bikke (stopp|avmeld|meld (meg )?av)\\w*',
    '\\b(ikke|inte) (ta|fjern|fjerne|stryk|stryka|ta bort) (meg|mig) (av|fra|ut|fran|ur|bort)\\b',
    '\\bta inte bort mig\\b',
    '\\b(vil|onsker) (\\w+ )?ikke (a )?(stoppe|avslutte|slutte med|melde (meg )?av|avmelde|reservere)\\b',
    // Leaving the mailing said not to be all that is asked: "radera allt, inte bara avregistrera".
    '\\b(not just|not only|inte bara|ikke bare) (to |att |a )?(unsubscrib\\w*|opt out|avregistrer\\w*|avanmal\\w*|meld\\w* (meg |mig )?av|avmeld\\w*)\\b',
    '\\b(vil|onsker) (\\w+ )?(fortsatt|fremdeles|gjerne fortsatt) (\\w+ ){0,2}(ha|fa|motta|vaere pa|sta pa)\\b',
    '\\bfortsett (gjerne )?(a |med a )?(sende|maile)\\b',
    '\\b(ok|greit|fint) a (fa|motta)\\b',
  ].join('|')})${TO_CLAUSE_END}`,
  'g',
);

/**
 * A threat to ask if the mail goes on, to the end of the sentence or its "but": "if you keep
 * sending these I will unsubscribe", "fortsätter ni skicka så avregistrerar jag mig", "hvis dere
 * fortsetter å ringe vil jeg be om at alt slettes, men foreløpig …". It asks nothing yet; every
 * rule reads the sentence without it.
 */
const IF_IT_GOES_ON =
  /\b(if (you|they) (keep|continue)|om ni fortsatter|fortsatter ni|hvis dere fortsetter)\b[^.;!?]*?(?=[.;!?]|\b(but|men)\b|$)/g;

/**
 * Art. 18 is use stopped while the data is kept: "stop processing my data but keep it", "använd
 * dem inte förrän det är utrett", "sett profilen min på pause, jeg vil ikke at den skal slettes".
 * A mail that stops the use (USE_STOPPED) and keeps the data or names the time until the use may
 * resume (KEPT_MEANWHILE, or erasure declined) asks for restriction, and its "stop processing" is
 * no objection. Stopped mailings are not use stopped: they stay objections.
 */
const USE_STOPPED = new RegExp(
  [
    '\\b(stop|pause|cease|halt|suspend|freeze)\\w* (\\w+ )?(using|processing|use|usage)\\b',
    "\\b(don'?t|do not) (use|process|share|disclose|hand over)( or (otherwise )?(use|process|share|disclose))?\\b",
    '\\b(no further|no more|no) (use|processing|sharing)\\b',
    '\\bnot (be )?(used|processed|shared) (any )?(further|more|anymore)\\b',
    '\\bon hold\\b',
    '\\bblock (my|the|all|our) ',
    '\\b(sluta|pausa|frys\\w*) (att )?(anvand\\w*|behandl\\w*|mina|min|mitt)\\b',
    '\\b(las|sparra) (mina|min|mitt) (person)?(uppgift\\w*|data|profil\\w*|konto)\\b',
    '\\b(anvand|behandla) (\\w+ ){0,2}inte\\b',
    '\\binte (\\w+ )?(anvand\\w*|behandla\\w*|lamna\\w* ut|dela)\\b',
    '\\b(lat|later|lata) bli att\\b',
    '\\blamna inte ut\\b',
    '\\bslutt(e)? (a|at|med a) (bruke|behandle|bruge)\\b',
    '\\bstop (med )?at (bruge|behandle)\\b',
    '\\bikke (bruk\\w*|behandl\\w*|brug\\w*|del|dele|utlever\\w*|udlever\\w*)\\b',
    '\\b(bruk|brug|behandl) (\\w+ ){0,2}ikke\\b',
    '\\bpa pause\\b',
    '\\bsperr\\w*\\b',
    '\\b(nutzen|verwenden|verarbeiten|nutzt|verarbeitet) (sie )?(\\w+ ){0,3}nicht\\b',
    '\\bnicht (mehr |weiter )?(nutzen|verwenden|verarbeiten)\\b',
    '\\b(stilleg\\w*|stillleg\\w*|legen (\\w+ ){0,3}still)\\b',
  ].join('|'),
);
const KEPT_MEANWHILE = new RegExp(
  [
    '\\bkeep (it|them|my|the|all|everything)\\b',
    '\\b(until|while|pending|for now|for the time being|temporarily|archiv\\w*|legal claim|disput\\w*)\\b',
    '\\b(spara|behall|behalla|behaller|tills|medan|forran|tillfalligt|sa lange)\\b',
    '\\b(behold|beholde|inntil|mens|midlertidig\\w*|sa lenge|gem|indtil|sa laenge)\\b',
    '\\b(til|for) (\\w+ ){1,3}(er|har) (\\w+ )?(rettet|avklart|undersokt|ferdig|behandlet|afklaret)\\b',
    '\\b(behalten|aufbewahren|bis|solange|vorubergehend|vorlaufig)\\b',
  ].join('|'),
);
/** Not where a copy is awaited: "until you have sent me a copy", "inntil jeg har fått innsyn". */
const NOT_YET =
  '(?<!\\b(when|once|after|if|until|till|tills|inntil|innan|before|nar|efter|etter|om|hvis)( \\w+){0,3}\\s)';
/**
 * "The copy of my data arrived, thanks", "tack för utdraget": a sentence that says a copy came asks
 * for no copy. The follow-up to an answered access request says so before what it asks next.
 */
const COPY_RECEIVED = new RegExp(
  [
    "(?<!(\\b(not|never|inte|ej|aldrig|ikke|aldri|nie|nicht)|n't)\\s)(?<!\\b(when|once|after|if|nar|efter|etter|om|hvis|sobald|wenn)( \\w+){0,2}\\s)\\b(received|got|thanks? (you )?for|tack for|fatt|fick|mottagit|takk for|fikk|mottatt|modtaget|fik|tak for|erhalten|bekommen|danke fur)\\b(?!\\s(not|never|inte|ej|aldrig|ikke|aldri|nie|nicht)\\b)(\\W+\\w+){0,5}?\\W+(cop(y|ies)|kopia\\w*|kopi\\w*|kopie|export|extract|utdrag\\w*|package|paket\\w*|pakke\\w*|json|csv|xml)\\b",
    '\\b(cop(y|ies)|kopia\\w*|kopi\\w*|kopie|export|extract|utdrag\\w*|package|paket\\w*|pakke\\w*)\\b(\\W+\\w+){0,6}?\\W+(arrived|came|kom|ankom|angekommen)\\b',
    // "You already sent me a copy last year", "jeg har allerede fått innsyn", "I already have a copy".
    `${NOT_YET}\\b(you|ni|dere)( \\w+)? (sent|gave|skickade|skickat|gav|sendte|ga)( \\w+){0,3}? (cop(y|ies)|kopia\\w*|kopi\\w*|innsyn|insyn|\\w*utdrag\\w*|export)\\b`,
    `${NOT_YET}\\b(already|redan|allerede|tidigare|tidligere|previously) (have|har|fatt|fick|fikk|got|received)( \\w+){0,2}? (cop(y|ies)|kopia\\w*|kopi\\w*|innsyn|insyn|\\w*utdrag\\w*|export|se|see)\\b`,
    `${NOT_YET}\\b(fatt|fick|fikk) (innsyn|insyn)\\b`,
  ].join('|'),
);
/**
 * "Delete me from your mailing list", "slett meg fra nyhetsbrevlista", "ta bort min mejl ur
 * utskicken": taken off a list of recipients is an objection, whatever the verb (see MAILING_LIST).
 * The erasure rules read the sentence without this phrase, so "fjern meg fra listene og slett
 * kontoen min" asks for both.
 */
const OFF_A_LIST = new RegExp(
  `\\b${TAKE_OFF}\\s+(${LISTED}|${NAME_LISTED})\\s+${OFF}\\s+(\\w+\\s+){0,3}?${MAILING_LIST}(?!\\s+${PEOPLE_LIST})`,
);
/** What a bare "remove me" may point at: "it", "därifrån", "den listen", "all of them". */
const THERE =
  '(it|that|this|there|them|those|den|det|dem|dom|denna|dessa|dette|denne|disse|darifran|derfra|det har|den har|den listen|den lista|that list|all of them|allihop|allihopa|alle sammen|allesammen)';
/**
 * "Remove me", "ta bort mig därifrån", "fjern meg fra det, takk", "delete me from it": the writer
 * taken off, with nothing named to be taken off. In a mail that names what is sent and no register
 * ("Noen har meldt meg på nyhetsbrevet deres. Fjern meg."), it is the mailing that is left: an
 * objection, read as OFF_A_LIST is. Taken off a register ("alumniregistret … ta bort mig därifrån")
 * stays an erasure.
 */
const BARE_TAKE_OFF = new RegExp(
  `\\b((remove|take|ta bort|plocka bort|stryk|stryka|fjern|fjerne)\\s+(me|mig|mej|meg|mich)(\\s+((${OFF}|off)\\s+)?${THERE})?|(delete|erase|radera|slett|slette)\\s+(me|mig|mej|meg|mich)\\s+${OFF}\\s+${THERE})(\\s+(also|too|as well|ocksa|ogsa|og|please|pls|tack|takk|thanks|now|nu|na|asap|for real|manually|manuellt|manuelt|at once|this time|er dere snill|da|then))*\\s*([^\\w\\s]|$)`,
);
/**
 * A list named by no word of its own: "the list", "den listan". In a mail that names a list of
 * people ("jag står på deltagarlistan … ta bort mig från listan") it is that list, and being taken
 * off it an erasure.
 */
const BARE_LIST = new RegExp(
  `\\b${OFF}\\s+((the|that|this|your|den|denna|er|deres)\\s+)?(list|listan|lista|listen)$`,
);
/** A list of people named, by its name or by whom it lists: "deltagarlistan", "listan över rekommenderade konsulter". */
const PEOPLE_LIST_NAMED = new RegExp(
  `\\b\\w*${PEOPLE_LIST}|\\blist\\w* (of|over|med) \\W*(\\w+ ){0,2}\\W*(${PEOPLE})`,
);
/** What is sent, named anywhere in a mail: "your newsletter", "utskicken", "invitasjonene". */
const MAILING_NAMED = new RegExp(
  `\\b(${SENT}|nyhets\\w*|enkat\\w*|undersokning\\w*|undersokelse\\w*|varsl\\w*|alerts?|invites?)`,
);
/** A register of people named anywhere in a mail: "alumniregistret", "your CRM", "kundelisten". */
const REGISTER_NAMED = new RegExp(`\\b(\\w*(${REGISTER})\\w*|referen\\w*|${PEOPLE_LIST})`);
const MAILINGS =
  /\b(mailing|newsletter\w*|nyhetsbrev\w*|nyhedsbrev\w*|utskick\w*|marketing|markedsforing|reklam\w*|werbung|sms|texts?|calls?|survey)\b/;

const TWO_WORDS = /\p{L}+\P{L}+\p{L}/u;
/** A sign-off line ("Mvh Karin", "Best regards,", "Takk på forhånd!", "Sent from my iPhone"). */
const SIGN_OFF =
  /^(mvh|med vanlig\w* hals\w*|vanlig\w* hals\w*|halsning\w*|hilsen|hilsning\w*|vennlig hilsen|venlig hilsen|med vennlig hilsen|med venlig hilsen|venlige hilsner|(de )?bedste hilsner|mange hilsner|hilsner|best|kind regards|regards|warm regards|many thanks|cheers|thanks|thank you|tack|takk|pa forhand tak|tak|viele grusse|mit freundlichen grussen|freundliche grusse|lg|gruss|sent from|skickat fran|sendt fra)\b/;
const MAX_SIGN_OFF_WORDS = 5;

/**
 * A sentence where a wish may stand: two words or more, and not a sign-off. A greeting ("Hej!",
 * "Hi,") or a closing ("Mvh Karin") asks for nothing, so a plain request wrapped in them is no
 * less sure than without.
 */
function placeForAWish(sentence: string): boolean {
  if (!TWO_WORDS.test(sentence)) return false;
  return !SIGN_OFF.test(sentence) || wordCount(sentence) > MAX_SIGN_OFF_WORDS;
}

/** A sentence where a wish may stand, with what the rules read in it alone. */
export interface Clause {
  text: string;
  types: RequestType[];
  infoQuestion: boolean;
  /** The rights the sentence says are not wanted (see TypeFindings). */
  declined: RequestType[];
  /** The rights the sentence names but only tells of (see TypeFindings). */
  told: readonly RequestType[];
}

export interface TypeFindings {
  types: RequestType[];
  /** Sentences that ask for information. */
  infoQuestions: number;
  /** Sentences where a wish may stand (see placeForAWish). */
  clauses: Clause[];
  /** The rights a sentence says are not wanted: erasure or a copy declined, mailings said to go on or threatened to be left. */
  declined: RequestType[];
  /**
   * The rights a sentence names as written but only tells of: a rule finds them in the sentence, but
   * not once what it tells is read out (a correction thanked for or already made, an erasure we or
   * the writer carried out, a mailing already left, a copy received, a right only considered,
   * announced for later or asked before). Mostly told and asked for nothing; sometimes told before it
   * is asked again ("jag bad er radera kontot, det finns kvar, radera det"). A finding for the model
   * to weigh, where otherwise it would only miss a rule's type.
   */
  told: RequestType[];
}

/**
 * Every word of MIN_SLIP letters or more that a rule spells out: a slip of one of them is mended
 * before the rules run, so a rule written for "erase" also reads "errase".
 */
const MIN_SLIP = 5;
const RULE_WORDS = new Set(
  [
    ...Object.values(RULES).flatMap((r) => [...r.requests, ...(r.anySentence ?? [])]),
    NEGATED_ERASURE,
    ERASURE_PUT_OFF,
    MAILINGS_GO_ON,
    IF_IT_GOES_ON,
    ERASED_BY_WRITER,
    ERASED_BY_US,
    MISDIRECTED.phrase,
    COPY_DECLINED.phrase,
    CONSENT_KEPT.phrase,
    FORMAT_DECLINED.phrase,
    CORRECTED_BY_US.phrase,
    UNSUBSCRIBED.phrase,
    NO_MORE_CAME,
    MAILING_LEFT_LATER,
    STILL_COMING,
    ASKED_BEFORE,
    THANKED_FOR,
    ASKED_LATER.phrase,
    NOT_NEEDED,
    CONSIDERED,
    USE_STOPPED,
    KEPT_MEANWHILE,
    COPY_RECEIVED,
    OFF_A_LIST,
    BARE_LIST,
    BARE_TAKE_OFF,
    MAILING_NAMED,
    REGISTER_NAMED,
    MAILINGS,
  ]
    .flatMap((p) => p.source.replace(/\\[a-zA-Z]/g, ' ').match(/[a-z]+/g) ?? [])
    .filter((w) => w.length >= MIN_SLIP),
);
const RULE_SLIPS = slipIndex(RULE_WORDS);
const mendWord = rememberedPerWord((word) => slipOf(RULE_SLIPS, word) ?? word);
const SLIP_LONG = new RegExp(`\\p{L}{${MIN_SLIP},}`, 'gu');

/**
 * Idioms in the words of a right that name none: "rett og slett" is "simply", and erases nothing;
 * "correct me if I'm wrong", "rätta mig om jag har fel" is "if", and corrects nothing.
 */
const IDIOMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\brett og slett\b/g, 'simply'],
  [/\b(correct me if|rett meg (om|hvis)|ratta mig om|korrigera mig om)\b/g, 'if'],
];
/** "Delte" shares in Norwegian and Danish ("delte skjermen") and is a slip of "delete" before English. */
const DELETE_SLIPPED =
  /(?<=\b(to|not|please|pls|and|then|just|you|u|can|could) )delte\b|\bdelte(?= (me|my|it|the|all|any|anything|everything|acct|account|that|this|our|his|her|them|those|these|whatever|your|ur|data|details|profile)\b)/g;

/**
 * The text with each slip of a word the rules spell out mended ("errase my accont" reads "erase my
 * accont"), and each idiom read as the plain word it means.
 */
function mendSlips(folded: string): string {
  const mended = folded.replace(SLIP_LONG, mendWord).replace(DELETE_SLIPPED, 'delete');
  return IDIOMS.reduce((text, [idiom, meaning]) => text.replace(idiom, meaning), mended);
}

/**
 * Finds request types in folded text; returns them in TYPE_ORDER. `mail` is the whole mail, folded,
 * for what a sentence leaves unnamed ("fjern meg" after the newsletter, "den listan" after the
 * participant list).
 */
export function findRequestTypes(folded: string, mail = folded): TypeFindings {
  const found = new Set<RequestType>();
  let infoQuestions = 0;
  const sentences = splitSentences(mendSlips(folded));
  let useStopped = false;
  let objectionWhereUseStopped = false;
  const declined = new Set<RequestType>();
  const toldTypes = new Set<RequestType>();
  const clauses: Clause[] = [];
  // An erasure asked for a time to come in the sentence before, the only one asked (see PUT_OFF_AFTER).
  let erasureSentences = 0;
  let erasureForLater: Clause | undefined;
  // A correction named in the sentence before, the only one named, and let be in this one (see LET_BE).
  let rectificationSentences = 0;
  let rectificationBefore: Clause | undefined;
  // A right the sentence before asked for, put off or let be by this one: declined or told instead.
  const takeBack = (clause: Clause, type: RequestType, finding: 'declined' | 'told') => {
    found.delete(type);
    clause.types = clause.types.filter((t) => t !== type);
    if (finding === 'declined') {
      declined.add(type);
      clause.declined = [...clause.declined, type];
    } else {
      toldTypes.add(type);
      clause.told = [...clause.told, type];
    }
  };
  // Read from the whole mail only when a sentence leaves something unnamed, which few do.
  const mailingLeft = lazy(() => MAILING_NAMED.test(mail) && !REGISTER_NAMED.test(mail));
  const peopleListNamed = lazy(() => PEOPLE_LIST_NAMED.test(mail));
  for (const sentence of sentences) {
    const question = isInfoQuestion(sentence);
    if (question) infoQuestions++;
    const declinesErasure =
      NAMES_ERASING.test(sentence) && (NEGATED_ERASURE.test(sentence) || ERASURE_PUT_OFF.test(sentence));
    const told = readOut(
      readOut(
        sentence
          .replace(ASKED_BEFORE, ' ')
          .replace(NOT_NEEDED, ' ')
          .replace(CONSIDERED, ' ')
          .replace(THANKED_FOR, ' '),
        ASKED_LATER,
      ),
      MISDIRECTED,
    );
    const asked = told.replace(IF_IT_GOES_ON, ' ');
    // What the objection rules read: without the mailings said to go on or already left.
    const goesOn = asked.replace(MAILINGS_GO_ON, ' ').replace(MAILING_LEFT_LATER, ' ');
    const objectionText = readOut(goesOn, UNSUBSCRIBED).replace(NO_MORE_CAME, ' ');
    const accessText = readOut(asked, COPY_DECLINED);
    const declinedHere: RequestType[] = [
      ...(accessText !== asked ? (['access'] as const) : []),
      ...(goesOn !== asked || asked !== told ? (['objection'] as const) : []),
      ...(declinesErasure ? (['erasure'] as const) : []),
    ];
    for (const type of declinedHere) declined.add(type);
    const bareTakeOff = BARE_TAKE_OFF.exec(objectionText)?.[0];
    const offList =
      OFF_A_LIST.exec(objectionText)?.[0] ?? (bareTakeOff && mailingLeft() ? bareTakeOff : undefined);
    // "The list" in a mail about a list of people is that list (see BARE_LIST).
    const offRegister = offList !== undefined && BARE_LIST.test(offList) && peopleListNamed();
    // What the erasure rules read: without a list left or an erasure we carried out as well.
    const notErasedByUs = asked.replace(ERASED_BY_US, ' ');
    const offListed = offList ? notErasedByUs.replace(offList, ' ') : notErasedByUs;
    const erasureText = readOut(offListed.replace(OLD_DETAIL_REPLACED, ' '), NEW_DETAIL_FIRST);
    const erasedByWriter = ERASED_BY_WRITER.test(asked);
    const notCorrectedByUs = readOut(asked, CORRECTED_BY_US);
    const rectificationText = notCorrectedByUs.replace(LET_BE, ' ');
    const consentText = readOut(readOut(asked, WITHDRAWN_BEFORE), CONSENT_KEPT);
    // What each rule reads where it reads other than what the sentence asks.
    const readBy: Partial<Record<RequestType, string>> = {
      access: accessText,
      erasure: erasureText,
      objection: objectionText,
      rectification: rectificationText,
      withdraw_consent: consentText,
      portability: readOut(asked, FORMAT_DECLINED),
    };
    // A right carried out, told in words no request pattern uses ("ni plockade bort mitt namn",
    // "jeg fjernet meg selv fra listen"), is told all the same.
    const toldInItsOwnWords: Partial<Record<RequestType, boolean>> = {
      // An old detail taken out for a new one is told too: the correction asks, the taking out does not.
      erasure: erasedByWriter || notErasedByUs !== asked || erasureText !== offListed,
      objection: objectionText !== goesOn,
      rectification: notCorrectedByUs !== asked,
      withdraw_consent: consentText !== asked,
    };
    const inSentence = new Set<RequestType>();
    // Rights the sentence names as written but only tells of (see TypeFindings.told): few have any.
    let toldHere: RequestType[] | undefined;
    for (const rules of COMBINED) {
      const { type } = rules;
      const readOutWhole = type === 'erasure' && (declinesErasure || erasedByWriter);
      const text = readBy[type] ?? asked;
      if (!readOutWhole && namesRight(rules, text, question)) inSentence.add(type);
      else if (
        toldInItsOwnWords[type] ||
        ((readOutWhole || text !== sentence) && namesRight(rules, sentence, question))
      ) {
        toldHere = [...(toldHere ?? []), type];
      }
    }
    if (offList && !question && !(offRegister && declinesErasure))
      inSentence.add(offRegister ? 'erasure' : 'objection');
    // A copy asked for in a format to take elsewhere is the portability right, not access as well.
    if (inSentence.has('portability')) inSentence.delete('access');
    if ((inSentence.has('access') || inSentence.has('portability')) && COPY_RECEIVED.test(sentence)) {
      for (const type of ['access', 'portability'] as const) {
        if (inSentence.delete(type)) toldHere = [...(toldHere ?? []), type];
      }
    }
    // A detail told as put right already: a wrong detail the rules read as a correction is told too.
    const correctedAlready = tells(sentence, CORRECTED_ALREADY);
    const toldOnly =
      toldHere || correctedAlready
        ? TYPE_ORDER.filter(
            (t) =>
              (toldHere?.includes(t) && !inSentence.has(t) && !declinedHere.includes(t)) ||
              (t === 'rectification' && correctedAlready),
          )
        : NOTHING_TOLD;
    for (const type of toldOnly) toldTypes.add(type);
    if (USE_STOPPED.test(asked) && !MAILINGS.test(asked)) {
      if (!question) useStopped = true;
      // Objection or restriction: only the whole mail tells (see USE_STOPPED).
      if (inSentence.delete('objection')) objectionWhereUseStopped = true;
    }
    if (
      erasureForLater &&
      erasureSentences === 1 &&
      !inSentence.has('erasure') &&
      PUT_OFF_AFTER.test(sentence)
    ) {
      takeBack(erasureForLater, 'erasure', 'declined');
    }
    erasureForLater = undefined;
    if (
      rectificationBefore &&
      rectificationSentences === 1 &&
      inSentence.size === 0 &&
      wordCount(sentence) <= MAX_LET_BE_WORDS &&
      LET_BE.test(sentence)
    ) {
      takeBack(rectificationBefore, 'rectification', 'told');
    }
    rectificationBefore = undefined;
    for (const type of inSentence) found.add(type);
    if (placeForAWish(sentence)) {
      const clause: Clause = {
        text: sentence,
        types: TYPE_ORDER.filter((t) => inSentence.has(t)),
        infoQuestion: question,
        declined: declinedHere,
        told: toldOnly,
      };
      clauses.push(clause);
      if (inSentence.has('erasure') && FOR_A_TIME_TO_COME.test(asked)) erasureForLater = clause;
      if (inSentence.has('rectification')) rectificationBefore = clause;
    }
    if (inSentence.has('erasure')) erasureSentences++;
    if (inSentence.has('rectification')) rectificationSentences++;
    if (!question) {
      for (const m of asked.matchAll(ARTICLE)) {
        const type = ARTICLE_TYPES[m[1] ?? ''];
        if (type) found.add(type);
      }
    }
  }
  // Use stopped in a sentence that asks, and the data kept meanwhile (or erasure declined) anywhere in the mail.
  if (useStopped && (declined.has('erasure') || sentences.some((s) => KEPT_MEANWHILE.test(s)))) {
    found.add('restriction');
  } else if (objectionWhereUseStopped) {
    found.add('objection');
  }
  return {
    types: TYPE_ORDER.filter((t) => found.has(t)),
    infoQuestions,
    clauses,
    declined: TYPE_ORDER.filter((t) => declined.has(t)),
    told: TYPE_ORDER.filter((t) => toldTypes.has(t)),
  };
}
