import type { Category } from "@kopek/domain";
import { compoundCategory } from "./compounds.ts";
import { lexiconCategory } from "./lexicon/mod.ts";
import { tokenize } from "./text.ts";
import type { CustomCategory } from "./types.ts";

/**
 * Keywords kept by hand (keys: lower case, no diacritics) per category, English, Spanish, German,
 * French and Portuguese mixed. They win over the generated lexicon (`lexicon/`).
 */
const KEYWORDS: Readonly<Record<Exclude<Category, "other">, readonly string[]>> = {
  food: [
    "vermut",
    "vermouth",
    "tip",
    "tips",
    "propina",
    "trinkgeld",
    "pourboire",
    "gorjeta",
    "mesero",
    "cana",
    "canas",
    "apero",
    "aperitivo",
    "aperitif",
    "churros",
    "chelas",
    "chela",
    "pub",
    "pubs",
    "pint",
    "pints",
    "food",
    "lunch",
    "dinner",
    "breakfast",
    "brunch",
    "pizza",
    "sushi",
    "burger",
    "burgers",
    "restaurant",
    "cafe",
    "coffee",
    "coffees",
    "snacks",
    "takeaway",
    "takeout",
    "tacos",
    "kebab",
    "drinks",
    "beer",
    "beers",
    "wine",
    "ice",
    "icecream",
    "bakery",
    "comida",
    "cena",
    "almuerzo",
    "desayuno",
    "restaurante",
    "cafes",
    "cerveza",
    "cervezas",
    "tapas",
    "helado",
    "vino",
    "essen",
    "mittagessen",
    "abendessen",
    "fish",
    "ramen",
    "fondue",
    "bar",
    "fruhstuck",
    "kaffee",
    "bier",
    "dinner",
    "doner",
    "eis",
    "brotchen",
    "nourriture",
    "repas",
    "dejeuner",
    "diner",
    "petit-dejeuner",
    "resto",
    "biere",
    "bieres",
    "vin",
    "boulangerie",
    "glace",
    "almoco",
    "jantar",
    "lanche",
    "cerveja",
    "cervejas",
    "vinho",
    "padaria",
    "sorvete",
    "pizzaria",
    "churrasco",
  ],
  groceries: [
    "super",
    "tesco",
    "sainsbury",
    "sainsburys",
    "asda",
    "waitrose",
    "morrisons",
    "groceries",
    "grocery",
    "supermarket",
    "market",
    "lidl",
    "aldi",
    "mercadona",
    "rewe",
    "edeka",
    "supermercado",
    "mercado",
    "compra",
    "viveres",
    "lebensmittel",
    "supermarkt",
    "einkauf",
    "einkaufen",
    "wocheneinkauf",
    "courses",
    "epicerie",
    "supermarche",
    "marche",
    "supermercado",
    "feira",
    "compras",
    "carrefour",
    "monoprix",
  ],
  transport: [
    "park",
    "parking",
    "parkuhr",
    "parkhaus",
    "parkplatz",
    "parcmetre",
    "parquimetro",
    "estacionamiento",
    "estacionamento",
    "toll",
    "tolls",
    "peage",
    "portagem",
    "pedagio",
    "autopista",
    "gasoleo",
    "diesel",
    "taxi",
    "uber",
    "cab",
    "bus",
    "train",
    "tram",
    "metro",
    "subway",
    "flight",
    "flights",
    "fuel",
    "petrol",
    "gas",
    "gasoline",
    "parking",
    "toll",
    "tolls",
    "ferry",
    "tren",
    "vuelo",
    "vuelos",
    "gasolina",
    "aparcamiento",
    "peaje",
    "billete",
    "billetes",
    "zug",
    "flug",
    "benzin",
    "tanken",
    "parken",
    "maut",
    "fahrkarte",
    "fahrkarten",
    "u-bahn",
    "bahn",
    "carsharing",
    "avion",
    "bike",
    "bicycle",
    "vol",
    "essence",
    "peage",
    "billet",
    "navette",
    "trem",
    "aviao",
    "voo",
    "combustivel",
    "pedagio",
    "passagem",
    "passagens",
    "onibus",
    "estacionamento",
    "velo",
    "bicicleta",
  ],
  lodging: [
    "hotel",
    "hostel",
    "airbnb",
    "lodging",
    "accommodation",
    "cabin",
    "motel",
    "camping",
    "alojamiento",
    "hostal",
    "unterkunft",
    "ferienwohnung",
    "pension",
    "jugendherberge",
    "auberge",
    "logement",
    "gite",
    "hospedagem",
    "pousada",
    "albergue",
  ],
  entertainment: [
    "cinema",
    "movie",
    "movies",
    "concert",
    "tickets",
    "ticket",
    "museum",
    "theatre",
    "theater",
    "bowling",
    "netflix",
    "fireworks",
    "spotify",
    "games",
    "cine",
    "pelicula",
    "concierto",
    "entradas",
    "entrada",
    "museo",
    "teatro",
    "kino",
    "konzert",
    "eintritt",
    "karten",
    "museum",
    "club",
    "party",
    "fiesta",
    "film",
    "musee",
    "spectacle",
    "soiree",
    "filme",
    "show",
    "museu",
    "ingresso",
    "ingressos",
    "balada",
  ],
  shopping: [
    "clothes",
    "shoes",
    "shirt",
    "jacket",
    "amazon",
    "shopping",
    "souvenirs",
    "ropa",
    "zapatos",
    "camiseta",
    "chaqueta",
    "kleidung",
    "schuhe",
    "jacke",
    "hemd",
    "vetements",
    "chaussures",
    "roupa",
    "roupas",
    "sapatos",
    "camisa",
  ],
  utilities: [
    "electricity",
    "power",
    "water",
    "internet",
    "wifi",
    "phone",
    "heating",
    "bills",
    "bill",
    "luz",
    "electricidad",
    "agua",
    "telefono",
    "calefaccion",
    "factura",
    "strom",
    "wasser",
    "heizung",
    "handy",
    "nebenkosten",
    "rechnung",
    "electricite",
    "eau",
    "facture",
    "telephone",
    "gaz",
    "chauffage",
    "eletricidade",
    "conta",
    "telefone",
  ],
  rent: [
    "rent",
    "alquiler",
    "renta",
    "miete",
    "kaltmiete",
    "warmmiete",
    "loyer",
    "aluguel",
    "aluguer",
    "renda",
  ],
  health: [
    "vet",
    "vets",
    "veterinarian",
    "veterinary",
    "veterinario",
    "veterinaria",
    "veterinaire",
    "tierarzt",
    "tierarztin",
    "pharmacy",
    "pharmacie",
    "paracetamol",
    "ibuprofen",
    "plasters",
    "pflaster",
    "kine",
    "kinesitherapeute",
    "physio",
    "physiotherapy",
    "fisio",
    "fisioterapia",
    "pharmacy",
    "doctor",
    "medicine",
    "dentist",
    "hospital",
    "meds",
    "farmacia",
    "medico",
    "medicinas",
    "dentista",
    "apotheke",
    "arzt",
    "medikamente",
    "zahnarzt",
    "pharmacie",
    "medecin",
    "medicaments",
    "dentiste",
    "remedio",
    "remedios",
    "hopital",
  ],
  gifts: [
    "prenda",
    "prendas",
    "gift",
    "gifts",
    "present",
    "presents",
    "birthday",
    "flowers",
    "regalo",
    "regalos",
    "cumpleanos",
    "flores",
    "geschenk",
    "geschenke",
    "geburtstag",
    "blumen",
    "cadeau",
    "cadeaux",
    "anniversaire",
    "fleurs",
    "presente",
    "presentes",
    "aniversario",
  ],
};

const TABLE: ReadonlyMap<string, Category> = new Map(
  Object.entries(KEYWORDS).flatMap(([category, words]) =>
    words.map((word) => [word, category as Category] as const)
  ),
);

/** A custom category's name as the keys of its words ("Ski Pässe" → ["ski", "passe"]). */
function nameKeys(name: string): string[] {
  return tokenize(name).map((t) => t.key);
}

/**
 * The first custom category whose name's words appear in `keys` in a row (in
 * message order; at a position, the longest name first), if any.
 */
export function customCategory(
  keys: readonly string[],
  custom: readonly CustomCategory[],
): CustomCategory | undefined {
  const names = custom.map((c) => ({ c, words: nameKeys(c.name) }))
    .filter((n) => n.words.length > 0)
    .sort((a, b) => b.words.length - a.words.length);
  for (let i = 0; i < keys.length; i++) {
    for (const { c, words } of names) {
      if (words.every((w, j) => keys[i + j] === w)) return c;
    }
  }
  return undefined;
}

/** The hand-kept keywords (for typo correction). */
export function keywords(): string[] {
  return [...TABLE.keys()];
}

/** Whether a key is a category keyword (for the vocabulary). */
export function isCategoryWord(key: string): boolean {
  return TABLE.has(key) || lexiconCategory(key) !== undefined;
}

/** Plural endings tried off a word that is not in a table itself ("bananas", "Brezeln"). */
const PLURALS = ["s", "es", "n", "en", "e"] as const;

/** A key's entry in `table` (a function), or its singular's ("croissants" → "croissant"). */
function lookup<C>(key: string, table: (key: string) => C | undefined): C | undefined {
  const direct = table(key);
  if (direct !== undefined || key.length < 5) return direct;
  for (const ending of PLURALS) {
    if (!key.endsWith(ending)) continue;
    const singular = table(key.slice(0, key.length - ending.length));
    if (singular !== undefined) return singular;
  }
  return undefined;
}

const handKept = (key: string) => TABLE.get(key);

/** A part of a compound's category: the hand-kept keywords, then the lexicon. */
function partCategory(key: string): Category | undefined {
  return TABLE.get(key) ?? lexiconCategory(key);
}

/**
 * The category of the first keyword among `keys` (the description's words,
 * in message order): a hand-kept keyword first, then a word of the lexicon,
 * then a compound with a known part ("Kinokarten"); "other" when none is known. A custom category of the
 * group (`custom`) whose name the words hold wins over the built-in keywords.
 *
 * @example
 * ```ts
 * categorize(["taxi", "airport"]); // "transport"
 * categorize(["abendessen"]); // "food"
 * ```
 */
export function categorize(
  keys: readonly string[],
  custom: readonly CustomCategory[] = [],
): Category | string {
  const own = customCategory(keys, custom);
  if (own !== undefined) return own.key;
  for (const key of keys) {
    const category = lookup(key, handKept);
    if (category !== undefined) return category;
  }
  for (const key of keys) {
    const category = lookup(key, lexiconCategory);
    if (category !== undefined) return category;
  }
  for (const key of keys) {
    const category = compoundCategory(key, partCategory);
    if (category !== undefined) return category;
  }
  return "other";
}
