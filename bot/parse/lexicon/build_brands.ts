/**
 * Builds `brands.json`, the parser's lexicon of shop, chain and operator names, from the
 * OpenStreetMap **name-suggestion-index** (`name-suggestion-index` 8.0.20260918 on npm,
 * BSD-3-Clause, © name-suggestion-index contributors; Wikidata identifiers CC0): the canonical
 * names of brands and operators as mappers tag them, each with its OSM tag (shop=supermarket,
 * amenity=pharmacy, …) and the countries it is found in.
 *
 * A brand's tag maps to a built-in category (`RANKED`); a brand with several (a supermarket chain
 * with petrol stations and pharmacies) takes its main trade's, the first in `RANKED`. Kept: the
 * brands of the countries where the parser's five languages are spoken, or found worldwide; names
 * of three letters or more, spelled as the parser's keys with apostrophes dropped and hyphens as
 * spaces ("Trader Joe's" → "trader joes", "Hydro-Québec" → "hydro quebec"), and without a
 * trailing kind of shop ("CVS Pharmacy" also as "cvs"); none that is a
 * parser word or a stop word (`stop.ts`); brands of the same name count as one. A name of one word that is also an ordinary word of one of the five languages ("Spar",
 * "Continente", "Oma", "Target") goes to `ordinary`, which the parser reads last: it names the
 * chain only when nothing else in the message says what was bought. The ordinary words are those
 * of the Debian word lists (`wamerican`, `wspanish`, `wngerman`, `wfrench`, `wportuguese`,
 * `wbrazilian`, in `/usr/share/dict`), read at build time only: lower-case entries, and every entry
 * of the German list (its nouns are capitalised) but abbreviations in capitals ("BVG"). Deterministic: the output is sorted.
 *
 * Run (the package unpacked with `npm pack name-suggestion-index@8.0.20260918` and `tar xzf`; the
 * word lists installed with `apt-get install wamerican wspanish wngerman wfrench wportuguese
 * wbrazilian`):
 * `deno run -A bot/parse/lexicon/build_brands.ts NSI_DIR > bot/parse/lexicon/brands.json`
 *
 * @module
 */
import type { Category } from "@kopek/domain";
import { brandKey } from "./brands.ts";
import { isParserWord } from "../vocabulary.ts";
import { STOP } from "./stop.ts";

/**
 * NSI tree paths by tag and the category their names mean, in the order a brand's main trade is
 * chosen when it has several: a supermarket chain with petrol stations, pharmacies and cafés is
 * groceries (Tesco, Leclerc), a furniture store with a restaurant shopping (IKEA), a fuel brand
 * with convenience shops transport (Aral, Shell); convenience shops, cafés and telephone shops
 * come after the trade they are attached to.
 */
const RANKED: readonly (readonly [readonly string[], Category])[] = [
  [
    [
      ...["supermarket", "wholesale", "greengrocer", "butcher", "grocery", "deli", "frozen_food"],
      ...["health_food", "organic", "variety_store", "alcohol", "beverages", "bakery"],
    ].map((v) => `brands/shop/${v}`),
    "groceries",
  ],
  [
    [
      ...["department_store", "furniture", "clothes", "shoes", "sports", "electronics"],
      ...["doityourself", "hardware", "books", "toys", "computer", "houseware", "jewelry"],
      ...["cosmetics", "bag", "outdoor", "mall", "interior_decoration", "appliance"],
      ...["garden_centre", "stationery", "perfumery", "pet", "gift", "boutique"],
      ...["fashion_accessories"],
    ].map((v) => `brands/shop/${v}`),
    "shopping",
  ],
  [
    ["hotel", "motel", "hostel", "guest_house", "camp_site", "apartment", "chalet"]
      .map((v) => `brands/tourism/${v}`),
    "lodging",
  ],
  [[
    ...["pharmacy", "dentist", "doctors", "clinic", "hospital"].map((v) => `brands/amenity/${v}`),
    ...["chemist", "optician", "hearing_aids"].map((v) => `brands/shop/${v}`),
    "brands/healthcare/pharmacy",
  ], "health"],
  [[
    ...["fuel", "car_rental", "bicycle_rental", "car_sharing", "parking", "taxi", "bus_station"]
      .map((v) => `brands/amenity/${v}`),
    ...["subway", "bus", "train", "tram", "light_rail", "ferry", "trolleybus"]
      .map((v) => `transit/route/${v}`),
    // Where a transit operator's name is written: its stations, stops and ticket validators.
    ...["railway/station", "railway/tram_stop", "highway/bus_stop"].map((v) => `transit/${v}`),
    ...["subway", "train", "light_rail", "bus"]
      .map((v) => `transit/public_transport/station_${v}`),
    "operators/route/railway",
    "operators/amenity/ticket_validator",
  ], "transport"],
  [
    ["fast_food", "restaurant", "cafe", "bar", "pub", "ice_cream", "food_court"]
      .map((v) => `brands/amenity/${v}`),
    "food",
  ],
  [[
    ...["cinema", "theatre", "nightclub"].map((v) => `brands/amenity/${v}`),
    ...["fitness_centre", "sports_centre", "bowling_alley", "amusement_arcade"]
      .map((v) => `brands/leisure/${v}`),
    "brands/tourism/theme_park",
  ], "entertainment"],
  [["brands/shop/convenience"], "groceries"],
  [[
    "brands/shop/mobile_phone",
    "brands/shop/telecommunication",
    "operators/power/plant",
    "operators/power/line",
    "operators/power/substation",
    "operators/telecom/exchange",
    "operators/man_made/pipeline",
    "operators/pipeline/substation",
  ], "utilities"],
  [["car_repair", "tyres", "car_parts"].map((v) => `brands/shop/${v}`), "transport"],
  [["brands/shop/florist"], "gifts"],
];

/** Each path's rank (its group's place in {@linkcode RANKED}) and category. */
const TAGS: ReadonlyMap<string, { rank: number; category: Category }> = new Map(
  RANKED.flatMap(([paths, category], rank) => paths.map((p) => [p, { rank, category }] as const)),
);

/**
 * Countries (ISO 3166-1 alpha-2) where English, Spanish, German, French or Portuguese is spoken,
 * and the UN M49 regions that hold them (001 world, 150 Europe, 419 Latin America, 021 Northern
 * America, 002 Africa and its parts; "fx" metropolitan France, "conus" the contiguous United
 * States): a brand found only elsewhere is left out. Africa's countries whose language of shops
 * and bills is English, French or Portuguese (Nigeria, Ghana, Kenya, the Maghreb, Senegal, Côte
 * d'Ivoire, Cameroon, …) joined in round 6, when a held-out set written there showed them missing.
 */
const PLACES: ReadonlySet<string> = new Set(
  ("us gb ie ca au nz za in sg es mx ar co cl pe uy ve ec bo py cr pa do gt hn sv ni cu pr de at " +
    "ch li lu be fr fx mc pt br ao mz cv 001 150 419 021 005 013 155 039 conus " +
    // Africa: English, French, Portuguese and Spanish-speaking countries, and its M49 regions.
    "ng gh ke ug tz zm zw bw na ls sz mw sl lr gm rw bi ma dz tn sn ci ml bf ne gn bj tg cm ga cg " +
    "cd cf td mg dj km mu sc mr gw st gq 002 015 202 011 014 017 018").split(" "),
);

interface NsiItem {
  readonly displayName: string;
  readonly matchNames?: readonly string[];
  readonly locationSet?: { readonly include?: readonly (string | number[])[] };
  readonly tags: Readonly<Record<string, string>>;
}

/** Whether an item is found in one of {@linkcode PLACES} ("ca-qc.geojson" is in Canada). */
function inPlaces(item: NsiItem): boolean {
  return (item.locationSet?.include ?? []).some((p) =>
    typeof p === "string" && PLACES.has(p.toLowerCase().split(/[-.]/)[0])
  );
}

/**
 * A name of two languages written with a slash ("NMBS/SNCB", "STIB/MIVB") and each of them; a
 * name written in two scripts ("Marjane مرجان", "Shell شل") and its Latin words alone.
 */
function halves(name: string): string[] {
  const names = /^[^/\s]+\/[^/\s]+$/.test(name) ? [name, ...name.split("/")] : [name];
  return names.flatMap((n) => {
    const latin = n.split(/\s+/).filter((w) => !/[^\P{L}\p{Script=Latin}]/u.test(w)).join(" ");
    return latin !== n && /\p{Script=Latin}/u.test(latin) ? [n, latin] : [n];
  });
}

/**
 * The names an item is written as: its display name, brand, name, operator, network and
 * variants (`full`), and apart their short forms (`short`: "Keys" for "Keys Energy Services",
 * kept only when no ordinary word).
 */
function namesOf(item: NsiItem): { full: string[]; short: string[] } {
  const t = item.tags;
  const present = (names: (string | undefined)[]) =>
    names.filter((n): n is string => typeof n === "string" && n.length > 0).flatMap(halves);
  return {
    full: present([
      ...[item.displayName, t.brand, t.name, t.operator, t.network],
      ...(item.matchNames ?? []),
    ]),
    short: present([t["brand:short"], t["operator:short"], t["network:short"], t.short_name]),
  };
}

/**
 * Trailing words naming the kind of shop, left off a name as people say it ("CVS Pharmacy" is
 * "CVS", "Whole Foods Market" "Whole Foods").
 */
const KIND: ReadonlySet<string> = new Set([
  ...["pharmacy", "market", "supermarket", "supermarkets", "store", "stores", "shop", "drugstore"],
]);

/** A key and, if it ends in a kind of shop, the key without it ("cvs pharmacy" → "cvs"). */
function spoken(key: string): string[] {
  const words = key.split(" ");
  return words.length > 1 && KIND.has(words[words.length - 1])
    ? [key, words.slice(0, -1).join(" ")]
    : [key];
}

/**
 * Whether a key is kept: three letters or more, or one word of two (the short forms people type:
 * "dm", "CP"); no parser word, no stop word.
 */
function keep(key: string): boolean {
  const letters = key.replace(/[^\p{L}]/gu, "").length;
  return (letters >= 3 || (letters === 2 && !key.includes(" "))) && !isParserWord(key) &&
    !STOP.has(key) && key.split(" ").length <= 4;
}

/** The Debian word lists read (file in `/usr/share/dict`, whether capitalised entries count). */
const WORD_LISTS: readonly (readonly [string, boolean])[] = [
  ["american-english", false],
  ["spanish", false],
  ["ngerman", true],
  ["french", false],
  ["portuguese", false],
  ["brazilian", false],
];

/** The ordinary words of the five languages, as keys (see the module's comment). */
export async function ordinaryWords(dir = "/usr/share/dict"): Promise<Set<string>> {
  const words = new Set<string>();
  for (const [file, capitals] of WORD_LISTS) {
    const text = new TextDecoder("utf-8", { fatal: false }).decode(
      await Deno.readFile(`${dir}/${file}`),
    );
    for (const line of text.split("\n")) {
      const word = line.trim().split("/")[0];
      // An abbreviation ("BVG", "ADAC") is no ordinary word: it names the firm.
      const acronym = /^\p{Lu}{2,}$/u.test(word);
      if (word !== "" && !acronym && (capitals || !/^\p{Lu}/u.test(word))) {
        words.add(brandKey(word));
      }
    }
  }
  return words;
}

/**
 * The lexicon: for each category, the sorted brand keys that mean it (`words`), and apart those
 * of one word that are ordinary words (`ordinary`).
 */
export function buildBrands(
  nsi: Readonly<Record<string, { readonly items: readonly NsiItem[] }>>,
  ordinary: ReadonlySet<string> = new Set(),
): { words: Record<string, string[]>; ordinary: Record<string, string[]> } {
  const trades = new Map<string, { rank: number; category: Category }>();
  for (const [path, { items }] of Object.entries(nsi)) {
    const tag = TAGS.get(path);
    if (tag === undefined) continue;
    for (const item of items) {
      if (!inPlaces(item)) continue;
      const { full, short } = namesOf(item);
      const keys = new Set([
        ...full.map(brandKey).flatMap(spoken),
        ...short.map(brandKey).filter((k) => !ordinary.has(k)),
      ]);
      for (const key of keys) {
        if (!keep(key)) continue;
        const before = trades.get(key);
        if (before === undefined || tag.rank < before.rank) trades.set(key, tag);
      }
    }
  }
  const words: Record<string, string[]> = {};
  const common: Record<string, string[]> = {};
  for (const [key, { category: main }] of [...trades].sort(([a], [b]) => a < b ? -1 : 1)) {
    const out = !key.includes(" ") && ordinary.has(key) ? common : words;
    (out[main] ??= []).push(key);
  }
  return { words, ordinary: common };
}

if (import.meta.main) {
  const dir = Deno.args[0];
  const nsi = JSON.parse(await Deno.readTextFile(`${dir}/dist/json/nsi.json`)).nsi;
  const version = JSON.parse(await Deno.readTextFile(`${dir}/package.json`)).version;
  const about = `Built by bot/parse/lexicon/build_brands.ts from the OpenStreetMap ` +
    `name-suggestion-index (name-suggestion-index ${version}, BSD-3-Clause, © ` +
    `name-suggestion-index contributors); ordinary words told apart with the Debian word ` +
    `lists. Do not edit by hand: change the script and run it again.`;
  const built = buildBrands(nsi, await ordinaryWords());
  // deno-lint-ignore no-console
  console.log(JSON.stringify({ about, ...built }, null, 2));
}
