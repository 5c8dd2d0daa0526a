import { isFirstName } from "./lexicon/first_names.ts";
import { isGiftee, isOwnedName } from "./owner.ts";
import { isUnknownSubject, looksLikeName, mayBeName, memberNamed } from "./people.ts";
import { isServiceVerb } from "./service_verbs.ts";
import { AS_VERBS, isTransferAt, isTransferWord } from "./transfers.ts";
import type { Token } from "./text.ts";
import type { ParseContext, Refusal } from "./types.ts";

/** Verbs (keys) that hand money to someone: a settlement when a person receives it. */
const HANDING = {
  en: [
    "paid",
    "payed",
    "pays",
    "pay",
    "sent",
    // Trinidad's present for the past ("shivani send me back the 75"; round 9).
    "send",
    "gave",
    "repaid",
    "returned",
    "transferred",
    "reimbursed",
    "refunded",
    "venmoed",
  ],
  es: [
    "pago",
    "pague",
    "devolvio",
    "devolvi",
    "transfirio",
    "transferi",
    "dio",
    "di",
    "pase",
    "paso",
    "pasado",
    "pasaste",
    "enviado",
    "devuelto",
    "regrese",
    "regreso",
    "reembolse",
    "reembolso",
  ],
  // Participles with the separable "zurück" (back): "hat mir 20 zurückgegeben".
  de: [
    "zahlte",
    "bezahlt",
    "gezahlt",
    "zuruckgezahlt",
    "uberwiesen",
    "zuruckuberwiesen",
    "gegeben",
    "zuruckgegeben",
    "geschickt",
    "zuruckgeschickt",
    "erstattet",
    "zuruckerstattet",
    "gab",
    // Bavarian, Austrian and Swiss German participles, "ge-" dropped or the vowel as spoken:
    // "hod de semmeln zahlt", "hot de spritzer zoit", "hat ma 20 gschickt", "30 zruckzahlt".
    ...["zahlt", "zoit", "zoid", "gschickt", "zruckzahlt", "zruckgeben", "zruckgem"],
    ...["zruckgschickt", "zruckgezahlt", "zruckgegeben"],
    // Swiss German: "gä"/"ggä" (gegeben), "zrugg" written apart or not.
    ...["ga", "gga", "zrugga", "zruggga", "zruggzahlt", "zruggschickt"],
  ],
  fr: [
    "paye",
    "payee",
    "rembourse",
    "remboursee",
    "envoye",
    "donne",
    "vire",
    "verse",
    "paie",
    "rendu",
    "rend",
    "rends",
    "remis",
    "redonne",
    "file",
  ],
  pt: [
    "paguei",
    "pagou",
    "devolveu",
    "devolvi",
    "transferi",
    "transferiu",
    "mandei",
    "mandou",
    "deu",
    "dei",
    "pagaste",
    "enviei",
    "enviou",
    "passei",
    "passou",
    "reembolsei",
    "reembolsou",
  ],
};

/** Whether a message's words say money was sent by a payment service ("un bizum", "um pix"). */
export function isTransfer(tokens: readonly Token[]): boolean {
  return tokens.some((t, i) => isTransferAt(tokens, i) || isServiceVerb(t.key, AS_VERBS));
}
/** Verbs (keys) of paying for something, never for someone. */
const BUYING = {
  // "shouted": Australia's and New Zealand's "paid for" ("tane shouted kfc").
  en: ["covered", "bought", "spent", "got", "grabbed", "fronted", "shouted"],
  es: ["pagado", "compro", "compre", "gasto", "gaste", "puso", "adelanto", "invito"],
  de: ["kaufte", "ausgegeben", "gekauft", "ausgelegt", "vorgestreckt", "ubernommen", "spendiert"],
  fr: ["achete", "depense", "offert", "avance", "avancee", "regle", "reglee"],
  pt: ["comprei", "comprou", "gastei", "gastou", "pago", "adiantou", "bancou", "banquei"],
};

/** Of {@linkcode PAID}, the verbs that only buy: never a description's word ("Olivia covered parking"). */
const BOUGHT: ReadonlySet<string> = new Set(Object.values(BUYING).flat());

/** Verbs whose subject paid (keys): "Ana paid", "Ana pagó", "Ana zahlte". */
const PAID: ReadonlySet<string> = new Set([
  ...Object.values(HANDING).flat(),
  ...Object.values(BUYING).flat(),
]);

/** Of {@linkcode PAID}, those that can hand money to a person: a settlement when one follows. */
const HANDED: ReadonlySet<string> = new Set(Object.values(HANDING).flat());

/** Whether a key hands money over: a handing verb, or a service's name made a verb ("venmoed"). */
function hands(key: string): boolean {
  return HANDED.has(key) || isServiceVerb(key, AS_VERBS);
}

/**
 * Whether a payment service's bare name at `i` stands as the verb between two people ("siti
 * paynow me 22.50", "Ana bizum Bob 20"), as chat drops the verb's ending.
 */
function serviceAsVerb(tokens: readonly Token[], i: number, members: readonly string[]): boolean {
  if (i === 0 || !isTransferAt(tokens, i)) return false;
  const next = tokens[i + 1]?.key ?? "";
  return memberNamed(tokens[i - 1].key, members) !== undefined &&
    (TO_ME.has(next) || memberNamed(next, members) !== undefined);
}

/** Verbs of making (keys) that hand money with a transfer as object ("me ha hecho un bizum"). */
const MAKE: ReadonlySet<string> = new Set(["hecho", "hizo", "hice", "fait", "fez", "fiz", "made"]);

/**
 * Whether the verb at `i` makes a transfer ("maca me ha hecho un bizum de 20", "nour m'a fait un
 * virement de 45", "fiz um pix"): it hands money over like "sent" (round 8).
 */
function makesTransfer(tokens: readonly Token[], i: number): boolean {
  return MAKE.has(tokens[i].key) && [1, 2].some((k) => isTransferAt(tokens, i + k));
}

/** Whether a key is a paying verb, a service's name made a verb among them. */
function pays(key: string): boolean {
  return PAID.has(key) || isServiceVerb(key, AS_VERBS);
}

/** Auxiliaries and clitics between a subject and its verb: "Bob hat", "Bob me pagó". */
const BRIDGE: ReadonlySet<string> = new Set([
  // Bavarian and Austrian "hat": "hod", "hot" ("jakob hot de spritzer zoit"); Basel "het".
  ...["hod", "hot", "hat", "het"],
  // Réunion Creole's past marker ("loïc la payé"), and Spanish "la" as "le" ("bob la pagó").
  "la",
  "habe",
  "hab",
  "me",
  "le",
  "ha",
  "has",
  "he",
  "a",
  "ai",
  "m",
  "lui",
]);
/**
 * Spanish verbs: a person right after one, without "a", is its subject
 * ("pagó Mateo"); a Spanish receiver takes "a" or a clitic ("a Bob", "me").
 */
const SPANISH: ReadonlySet<string> = new Set([...HANDING.es, ...BUYING.es, ...HANDING.pt]);

/** Auxiliaries whose subject is the payer when a paying verb follows: "Bob hat mir 15 gegeben". */
const AUXILIARY: ReadonlySet<string> = new Set([
  ...["hat", "habe", "hab", "ha", "he", "has", "a", "hod", "hot", "het"],
]);
/** "paid by Ana", "pagado por Ana", "bezahlt von Ana". */
const BY: ReadonlySet<string> = new Set(["by", "por", "von", "par", "pelo", "pela"]);
/** "paid 20 to Bob", "a Bob", "an Bob", "à Bob", "ao Bob". */
const TO: ReadonlySet<string> = new Set([
  "to",
  "a",
  "an",
  "ao",
  "pra",
  "pro",
  "para",
  "pour",
  "for",
]);
/** Words after which a capitalised word is the one money went to ("paid Dave", "pro Lucas"). */
const RECEIVER_SLOT: ReadonlySet<string> = new Set([
  ...[...TO, "habe", "hab", "hat", "ai", "ha", "he", "hod", "het"],
]);
/**
 * Words that make the sender the receiver: "Bob paid me back", "Bob me pagó", "Bob hat mir",
 * "Bob m'a payé" ("m'" of the elision).
 */
const TO_ME: ReadonlySet<string> = new Set(["me", "mir", "mich", "m", "moi", "amoin"]);
/** German auxiliaries after which Bavarian "ma" and Swiss "mer" mean "mir" ("hat ma 20 gschickt"). */
const GERMAN_AUXILIARY: ReadonlySet<string> = new Set(["hat", "hab", "habe", "hod", "hot", "het"]);

/** Whether the word at `i` makes the sender the receiver ({@linkcode TO_ME}, or "ma" as "mir"). */
function isToMe(tokens: readonly Token[], i: number): boolean {
  const key = tokens[i].key;
  return TO_ME.has(key) ||
    ((key === "ma" || key === "mer") && i > 0 && GERMAN_AUXILIARY.has(tokens[i - 1].key));
}

/** Articles before a person's name opening a message ("o Rui pagou", "de Beat hät zahlt"). */
const SUBJECT_ARTICLE: ReadonlySet<string> = new Set([
  "o",
  "a",
  "el",
  "la",
  "de",
  "der",
  "d",
  "da",
  // Swiss and Liechtenstein "dr" (der: "dr Elias het s Tanka zahlt"; round 10).
  "dr",
]);

/** Whether a word after such an article is a stranger's name: capitalised, or a first name. */
function articledName(t: Token): boolean {
  return /^\p{Lu}\p{Ll}+$/u.test(t.raw) || isFirstName(t.key);
}

/**
 * French infinitives written for the participle they sound like ("olivier a payer le gaz",
 * "j'ai rembourser Hugo"), and the participle read: after "avoir" only.
 */
const INFINITIVES: ReadonlyMap<string, string> = new Map([
  ["payer", "paye"],
  ["rembourser", "rembourse"],
  ["envoyer", "envoye"],
  ["acheter", "achete"],
  ["avancer", "avance"],
  ["regler", "regle"],
  ["virer", "vire"],
  ["donner", "donne"],
]);
/** French forms of "avoir" before a participle (keys): "a", "ai", "as", "avons", "avez", "ont". */
const AVOIR: ReadonlySet<string> = new Set(["a", "ai", "as", "avons", "avez", "ont"]);

/**
 * The tokens with a French infinitive after a form of "avoir" read as its participle ("a payer"
 * → "a payé"); what was typed stays.
 */
export function readFrenchInfinitives(tokens: readonly Token[]): Token[] {
  return tokens.map((t, i) => {
    const participle = INFINITIVES.get(t.key);
    return participle !== undefined && i > 0 && AVOIR.has(tokens[i - 1].key)
      ? { ...t, key: participle }
      : t;
  });
}

/** Subject pronouns for the sender ("j'" of "j'ai"). */
const I: ReadonlySet<string> = new Set(["i", "yo", "ich", "je", "j", "eu"]);

/** Who did what, as the message's words say. */
export interface Roles {
  /** The member who paid (the subject of a paying verb, or "paid by X"). */
  readonly payer: string | undefined;
  /** Members the money went to directly ("paid Bob", "Bob paid me"). */
  readonly receivers: readonly string[];
  /** Whether a verb that can hand money over is present. */
  readonly handed: boolean;
  /** Members named that play no role the parser understands. */
  readonly stray: readonly string[];
}

/** The paying verbs (for typo correction). */
export function roleWords(): string[] {
  return [...PAID];
}

/** Whether a key is a verb that can hand money to a person ("paguei", "devolví", "gave"). */
export function isHandingVerb(key: string): boolean {
  return hands(key);
}

/**
 * Claims the payer phrase's auxiliaries between the payer at `s` and the verb or auxiliary at `v`
 * ("da hannes hot s Benzin zohlt", ", de evi hot zohlt": Tyrolean "hot" is "hat", no word of the
 * description; round 9). A clitic for "me" stays: it makes the sender the receiver.
 */
function claimBridges(tokens: readonly Token[], claimed: boolean[], s: number, v: number): void {
  for (let k = s + 1; k <= v; k++) {
    const key = tokens[k].key;
    if (claimed[k] || TO_ME.has(key)) continue;
    if ((k < v && BRIDGE.has(key)) || (k === v && AUXILIARY.has(key))) claimed[k] = true;
  }
}

/** Whether a key is a paying verb or role word (for the vocabulary). */
export function isRoleWord(key: string): boolean {
  return pays(key) || BRIDGE.has(key) || BY.has(key) || isTransferWord(key);
}

/**
 * Finds the payer and any receiver among the unclaimed words (after the
 * split phrases are claimed). The payer is the person right before a paying
 * verb, possibly across an auxiliary or clitic ("Ana paid", "Bob hat …
 * bezahlt", "Bob me pagó"), or after "by"/"por"/"von", or "I"/"yo"/"ich".
 * Receivers are the other persons: "paid Bob 20", "Bob paid me back", "le
 * pagué 20 a Bob", "ich habe Bob 20 gezahlt". A capitalised unknown word in
 * the payer's place is refused ("unknown name Zed"). With `listed` (the message lists who
 * shares), a member named after "for"/"of" belongs to the description (see `owner.ts`).
 */
export function findRoles(
  tokens: readonly Token[],
  claimed: boolean[],
  context: Pick<ParseContext, "me" | "members">,
  isKnownWord: (key: string) => boolean,
  listed = false,
): Roles | Refusal {
  let payer: string | undefined;
  let payerAt = -1;
  /** A stranger's name: capitalised, or a first name in any case ("kevin paid", "paid kevin"). */
  const stranger = (t: Token) => looksLikeName(t, isKnownWord) || mayBeName(t, isKnownWord);
  const verbs = tokens.flatMap((t, i) =>
    !claimed[i] &&
      (pays(t.key) || serviceAsVerb(tokens, i, context.members) || makesTransfer(tokens, i))
      ? [i]
      : []
  );
  const handed = verbs.some((i) => hands(tokens[i].key)) || isTransfer(tokens);
  const free = (i: number) => i >= 0 && i < tokens.length && !claimed[i];
  const claimPayer = (i: number, name: string): Refusal | undefined => {
    if (payer !== undefined && payer !== name) return { reason: "two payers" };
    payer = name;
    payerAt = i;
    claimed[i] = true;
    return undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    if (!free(i)) continue;
    const key = tokens[i].key;
    if (I.has(key)) {
      const refused = claimPayer(i, context.me);
      if (refused) return refused;
    } else if (BY.has(key) && free(i + 1)) {
      const member = memberNamed(tokens[i + 1].key, context.members) ??
        (tokens[i + 1].key === "me" ? context.me : undefined);
      if (member !== undefined) {
        claimed[i] = true;
        const refused = claimPayer(i + 1, member);
        if (refused) return refused;
      } else if (key === "by" && looksLikeName(tokens[i + 1], isKnownWord)) {
        return { reason: `unknown name ${tokens[i + 1].raw}` };
      }
    }
  }
  const heads = verbs.length === 0
    ? []
    : [...verbs, ...tokens.flatMap((t, i) => !claimed[i] && AUXILIARY.has(t.key) ? [i] : [])];
  for (const v of heads) {
    let s = v - 1;
    while (s >= 0 && free(s) && BRIDGE.has(tokens[s].key) && !TO_ME.has(tokens[s].key)) s--;
    // "Bob me pagó", "Bob m'a payé": the clitic right before the verb or its auxiliary.
    const clitic = s === v - 1 || (s === v - 2 && AUXILIARY.has(tokens[v - 1].key));
    if (s >= 0 && free(s) && TO_ME.has(tokens[s].key) && clitic) s--;
    if (!free(s)) continue;
    const member = memberNamed(tokens[s].key, context.members);
    if (member !== undefined) {
      const refused = claimPayer(s, member);
      if (refused) return refused;
      claimBridges(tokens, claimed, s, v);
      // The article opening the message before the payer is the payer phrase's ("dr Elias het").
      if (s === 1 && free(0) && SUBJECT_ARTICLE.has(tokens[0].key)) claimed[0] = true;
    } else if (s === 0 && (stranger(tokens[s]) || isUnknownSubject(tokens[s], isKnownWord))) {
      return { reason: `unknown name ${tokens[s].raw}` };
    } else if (
      s === 1 && SUBJECT_ARTICLE.has(tokens[0].key) &&
      (articledName(tokens[s]) || isUnknownSubject(tokens[s], isKnownWord))
    ) {
      // "o rui pagou o jantar", "de Beat hät s'Raclette zahlt": an article before a name, as
      // Portuguese, Spanish and southern and western German speakers put one, opens the message.
      return { reason: `unknown name ${tokens[s].raw}` };
    }
  }
  for (const v of verbs) {
    if (!SPANISH.has(tokens[v].key) || !free(v + 1)) continue;
    const member = memberNamed(tokens[v + 1].key, context.members);
    if (member === undefined) continue;
    const refused = claimPayer(v + 1, member);
    if (refused) return refused;
  }
  // The payer's buying verb is no word of the description ("Olivia covered parking").
  if (payer !== undefined) {
    for (const v of verbs) {
      if (BOUGHT.has(tokens[v].key)) claimed[v] = true;
    }
  }
  const receivers: string[] = [];
  const stray: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!free(i)) continue;
    const key = tokens[i].key;
    const member = memberNamed(key, context.members);
    const toMe = member === undefined && isToMe(tokens, i) && handed;
    // "monbus a santiago … antía pagó": "to" before the payer who hands is where, not whom.
    const place = TO.has(tokens[i - 1]?.key ?? "") && payerAt > i;
    if (
      member === undefined && !toMe && handed && i > 0 && stranger(tokens[i]) && !place &&
      (hands(tokens[i - 1].key) || RECEIVER_SLOT.has(tokens[i - 1].key))
    ) {
      // "paid Dave 20", "ich habe Sabine 20 überwiesen": a stranger receives; ask, never guess.
      return { reason: `unknown name ${tokens[i].raw}` };
    }
    if (member === undefined && !toMe) continue;
    // "regalo de Andrés 60 entre Javier y yo": with a list of who shares, the name is the thing's.
    // "regalo pa Emiliano 899": whom a gift is for, list or not.
    if (!handed && ((listed && isOwnedName(tokens, i)) || isGiftee(tokens, i))) continue;
    const person = member ?? context.me;
    if (handed) {
      receivers.push(person);
      claimed[i] = true;
      if (i > 0 && free(i - 1) && TO.has(tokens[i - 1].key)) claimed[i - 1] = true;
    } else stray.push(person);
  }
  return { payer, receivers, handed, stray };
}
