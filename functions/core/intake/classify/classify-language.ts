/**
 * Language detection for sv, nb, da, en and de by weighted word scoring plus letter cues.
 * Swedish, Norwegian (bokmål) and Danish share most function words, so the lists lean on the words
 * that tell them apart (sv "och/jag/inte/att", nb "meg/hva/dere/å/takk", da "mig/hvad/jeres/af/tak").
 */
import type { ReplyLanguage } from '../../request/request';

export type DetectedLanguage = 'sv' | 'nb' | 'da' | 'en' | 'de' | 'und';

type Lang = Exclude<DetectedLanguage, 'und'>;
const LANGS: readonly Lang[] = ['sv', 'nb', 'da', 'en', 'de'];

/** Words that point strongly (weight 2) or weakly (weight 1) to a language; shared words go in several. */
const WORDS: Record<Lang, { strong: string; weak: string }> = {
  sv: {
    strong:
      'och jag inte att är ar vill mina mitt mej ni ert era från fran till också ocksa tack vänliga vanliga hälsningar halsningar hälsning uppgifter personuppgifter radera raderas raderar vilka vilken denna detta någon nagon något nagot ska skall måste maste gärna garna begär begar begäran begaran önskar onskar registerutdrag utdrag kopia samtycke återkalla aterkalla tjänst tjanst varför varfor ansökan ansokan sparar lagrar angående angaende gällande gallande samt ej också avregistrera hälsar sådan sadan frånvarande ledig semester tillbaka',
    weak: 'hej mig dig sig har kan om på pa med av för hur vad när nar eller som efter nu det en ett min er mvh',
  },
  nb: {
    strong:
      'og jeg ikke meg deg seg å hva dere vennlig vennligst takk hei opplysninger personopplysninger slett slette sletting slettet innsyn etter noe noen blir bli nå gjerne tilbake slik lenge mitt ditt søknad soknad hvordan hvorfor hvilke ønsker onsker også ogsa samtykke fra til mine meld trekke kontoret ferie tilbakekalle epost',
    weak: 'er det har kan vil skal om på pa med av hilsen min mvh eller som når nar hos bare en et ut',
  },
  da: {
    strong:
      'og jeg ikke mig dig sig hvad jeres jer venlig venligst tak oplysninger personoplysninger slet sletning slettet indsigt af efter noget nogen bliver blive nu gerne tilbage længe laenge mit dit ansøgning ansogning spørgsmål sporgsmal nyhedsbrev hvornår hvornar hvordan hvorfor hvilke ønsker onsker også ogsa samtykke fra til mine anmoder anmodning afmeld tilbagekalde opbevarer gemmer',
    weak: 'er det har kan vil skal om på pa med hej hilsen min mvh eller som når nar hos bare en et at',
  },
  en: {
    strong:
      'the and my me you your please is are this that with have would like data delete all from about dear regards thanks thank hello request information personal copy what how long keep not any could our will do does should been has was office until back unsubscribe erasure deletion privacy consent subject',
    weak: 'i to of for it in on be we can hi an at see attached attachment find sent',
  },
  de: {
    strong:
      'ich und nicht die das dem meine meiner meinen mein bitte ist mich mir mit sie ihre ihr ihnen zu von auf für fur daten personenbezogenen sehr geehrte geehrten damen herren löschen loschen loeschen auskunft eine einen ein gemäß gemass dass wie lange freundlichen grüßen grussen gruß gruss vielen dank hallo möchte mochte werden wurde haben habe bei auch noch über uber uns sind können konnen bis als oder wenn weil bin zurück zuruck',
    weak: 'der den es in an so was will im hat',
  },
};

const WEIGHTS: Map<string, Partial<Record<Lang, number>>> = buildWeights();

function buildWeights(): Map<string, Partial<Record<Lang, number>>> {
  const map = new Map<string, Partial<Record<Lang, number>>>();
  for (const lang of LANGS) {
    const lists = WORDS[lang];
    for (const [list, weight] of [
      [lists.strong, 2],
      [lists.weak, 1],
    ] as const) {
      for (const word of list.split(/\s+/)) {
        const entry = map.get(word) ?? {};
        entry[lang] = Math.max(entry[lang] ?? 0, weight);
        map.set(word, entry);
      }
    }
  }
  return map;
}

/** Letters that only some of the languages use. */
const LETTER_CUES: ReadonlyArray<[RegExp, Partial<Record<Lang, number>>]> = [
  [/[äö]/g, { sv: 0.6, de: 0.4 }],
  [/[øæ]/g, { nb: 0.6, da: 0.6 }],
  [/[üß]/g, { de: 1 }],
  [/å/g, { sv: 0.3, nb: 0.3, da: 0.3 }],
];

export interface LanguageGuess {
  language: DetectedLanguage;
  /** 0..1: how clearly the best language won. */
  certainty: number;
}

const MIN_SCORE = 2;
const MAX_REPEATS_PER_WORD = 3;

export function detectLanguage(text: string): LanguageGuess {
  const scores: Record<Lang, number> = { sv: 0, nb: 0, da: 0, en: 0, de: 0 };
  const seen = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[\p{L}]+/gu) ?? []) {
    const n = (seen.get(word) ?? 0) + 1;
    seen.set(word, n);
    if (n > MAX_REPEATS_PER_WORD) continue;
    const entry = WEIGHTS.get(word);
    if (!entry) continue;
    for (const lang of LANGS) scores[lang] += entry[lang] ?? 0;
  }
  const lower = text.toLowerCase();
  for (const [pattern, cue] of LETTER_CUES) {
    const hits = Math.min(lower.match(pattern)?.length ?? 0, 6);
    for (const lang of LANGS) scores[lang] += hits * (cue[lang] ?? 0);
  }
  const ranked = [...LANGS].sort((a, b) => scores[b] - scores[a]);
  const best = ranked[0] ?? 'en';
  const second = ranked[1] ?? 'en';
  const top = scores[best];
  if (top < MIN_SCORE) return { language: 'und', certainty: 0 };
  const margin = (top - scores[second]) / top;
  return { language: best, certainty: Math.min(1, 0.4 + margin + Math.min(top, 20) / 40) };
}

/** The language a sender's country domain suggests, for texts too short to tell. */
const TLD_LANGUAGE: Record<string, Lang> = { se: 'sv', no: 'nb', dk: 'da' };

export function languageOfDomain(senderEmail?: string): Lang | undefined {
  const tld = senderEmail?.toLowerCase().split('.').pop() ?? '';
  return TLD_LANGUAGE[tld];
}

/**
 * The language we answer in: we write sv, nb and en. Danish gets English, not bokmål: our
 * Norwegian texts point to Norway's authority where a Danish subject's own is Denmark's (Art. 77),
 * and a reply should be in a language the subject chose. German and anything else gets English.
 */
export function replyLanguageFor(language: DetectedLanguage, senderEmail?: string): ReplyLanguage {
  if (language === 'sv') return 'sv';
  if (language === 'nb') return 'nb';
  if (language === 'und') return replyLanguageFor(languageOfDomain(senderEmail) ?? 'en');
  return 'en';
}
