import assert from "node:assert/strict";
import { categorize } from "./category.ts";

Deno.test("categorize() takes the first keyword, in any of the three languages", () => {
  assert.equal(categorize(["food"]), "food");
  assert.equal(categorize(["bus", "tickets"]), "transport");
  assert.equal(categorize(["alquiler"]), "rent");
  assert.equal(categorize(["apotheke"]), "health");
  assert.equal(categorize(["keys"]), "other");
});

Deno.test("categorize() prefers the group's own category whose name the words hold", () => {
  const custom = [
    { key: "k-ski", name: "Ski" },
    { key: "k-pass", name: "Ski Pässe" },
    { key: "k-fuel", name: "Fuel" },
  ];
  assert.equal(categorize(["dinner", "ski"], custom), "k-ski");
  // The longest name at a position wins; diacritics and case do not matter.
  assert.equal(categorize(["ski", "passe"], custom), "k-pass");
  assert.equal(categorize(["fuel", "ski"], custom), "k-fuel");
  // No custom word: the built-in keywords, as before.
  assert.equal(categorize(["taxi"], custom), "transport");
  assert.equal(categorize(["taxi"], []), "transport");
});

Deno.test("categorize(): hand-kept words win over the lexicon's emoji senses", () => {
  // The lexicon reads "super" (superhero) as entertainment and "park" (national park) as lodging.
  assert.equal(categorize(["super"]), "groceries");
  assert.equal(categorize(["park"]), "transport");
  // German compounds on "Park-" follow their modifier.
  assert.equal(categorize(["parkschein"]), "transport");
  assert.equal(categorize(["parkgebuhr"]), "transport");
  assert.equal(categorize(["tierarztin"]), "health");
  assert.equal(categorize(["veterinaria"]), "health");
  assert.equal(categorize(["fisioterapia"]), "health");
  assert.equal(categorize(["autopista"]), "transport");
  assert.equal(categorize(["diesel"]), "transport");
  assert.equal(categorize(["aperitivo"]), "food");
  assert.equal(categorize(["pints"]), "food");
  assert.equal(categorize(["sainsburys"]), "groceries");
  assert.equal(categorize(["prendas"]), "gifts");
});

Deno.test("categorize(): what a ticket is for decides before the ticket word", () => {
  assert.equal(categorize(["bilhetes", "do", "concerto"]), "entertainment");
  assert.equal(categorize(["tickets", "bus"]), "transport");
  assert.equal(categorize(["billets"]), categorize(["billets"]));
});

Deno.test("categorize() reads the everyday lexicon's kinds of shop, transit slang and meals", () => {
  assert.equal(categorize(["verduleria"]), "groceries");
  assert.equal(categorize(["panaderia"]), categorize(["panaderia"]));
  assert.equal(categorize(["depanneur"]), "groceries");
  assert.equal(categorize(["metzgerei"]), "groceries");
  assert.equal(categorize(["subte"]), "transport");
  assert.equal(categorize(["nafta"]), "transport");
  assert.equal(categorize(["jahreskarte"]), "transport");
  assert.equal(categorize(["drogaria"]), "health");
  assert.equal(categorize(["geladeira"]), "shopping");
  assert.equal(categorize(["almhutte"]), "lodging");
  // Its words are read as written before any plural: "oysters" are no Oyster card.
  assert.equal(categorize(["oysters"]), "food");
});

Deno.test("categorize(): a ticket, a rental or gas takes the category of what goes with it", () => {
  assert.equal(categorize(["bvg", "tickets"]), "transport");
  assert.equal(categorize(["kayak", "rental"]), "entertainment");
  assert.equal(categorize(["car", "hire"]), "transport");
  assert.equal(categorize(["gas", "bill"]), "utilities");
  assert.equal(categorize(["botija", "de", "gas"]), "utilities");
  assert.equal(categorize(["gas"]), "transport");
});

Deno.test("categorize(): everyday words of round 4 (meals, delivery apps, bottled gas, markets)", () => {
  for (const k of ["bfast", "restau", "dej", "znacht", "raclette", "deliveroo", "lieferando"]) {
    assert.equal(categorize([k]), "food", k);
  }
  assert.equal(categorize(["butano"]), "utilities");
  assert.equal(categorize(["arriendo"]), "rent");
  assert.equal(categorize(["skipass"]), "entertainment");
  assert.equal(categorize(["ikea", "regal"]), "shopping");
  assert.equal(categorize(["feria"]), "groceries");
});

Deno.test("categorize(): a brand's name holding link words is read whole", () => {
  assert.equal(categorize(["pao", "de", "acucar"]), "groceries");
  assert.equal(categorize(["drogas", "la", "rebaja"]), "health");
});

Deno.test("categorize(): compounds split on everyday words, hyphenated or not", () => {
  // "Leberkäs" (everyday food) + "Semmeln"; "Wiesn" (the Oktoberfest) + "Tisch".
  assert.equal(categorize(["leberkassemmeln"]), "food");
  assert.equal(categorize(["wiesn-tisch", "anzahlung"]), "entertainment");
  // The head after a hyphen still counts ("WG-Miete").
  assert.equal(categorize(["wg-miete", "februar"]), "rent");
});

Deno.test("categorize(): Swiss -ig for -ung, a misspelt chain, the round's regional words (round 7)", () => {
  assert.equal(categorize(["ferienwohnig"]), "lodging");
  assert.equal(categorize(["delaize"]), "groceries");
  assert.equal(categorize(["guagua"]), "transport");
  assert.equal(categorize(["singtel", "fibre"]), "utilities");
  assert.equal(categorize(["kolsch", "im", "brauhaus"]), "food");
});

Deno.test("categorize(): a ticket word outranks a guessed misspelt chain (round 8)", () => {
  assert.equal(categorize(["entradas", "del", "betis"]), "entertainment");
  assert.equal(categorize(["ingresso", "do", "sport", "na", "ilha"]), "entertainment");
  // With no ticket word, the guess stands rather than "other".
  assert.equal(categorize(["delaize"]), categorize(["delhaize"]));
});

Deno.test("categorize(): a compound's hand-kept head outranks a modifier only the generated lexicon knows (round 9)", () => {
  assert.equal(categorize(["automercado"]), "groceries");
  assert.equal(categorize(["wanderschuhe"]), "shopping");
  // A hand-kept modifier still decides ("Kinokarten").
  assert.equal(categorize(["kinokarten"]), "entertainment");
});

Deno.test("categorize(): a ticket word outranks a generated-lexicon word that says no journey or show (round 10)", () => {
  assert.equal(categorize(["crop", "over", "fete", "tickets"]), "entertainment");
  assert.equal(categorize(["entradas", "al", "rojo", "vs", "crema"]), "entertainment");
  assert.equal(categorize(["ingressos", "fla", "x", "flu"]), "entertainment");
  // A word saying a journey still decides, and so does a hand-kept word or a brand.
  assert.equal(categorize(["trainline", "tickets", "to", "manchester"]), "transport");
  assert.equal(categorize(["billets", "match", "wydad"]), "entertainment");
  assert.equal(categorize(["bus", "tickets"]), "transport");
});

Deno.test("categorize(): a company whose name is an ordinary word, opening the words, outranks the generated lexicon (round 10)", () => {
  assert.equal(categorize(["casino", "johnston"]), "groceries");
  assert.equal(categorize(["free", "box"]), "utilities");
  assert.equal(categorize(["salt", "handyabo"]), "utilities");
  // Not as the head of a phrase, nor inside the words.
  assert.equal(categorize(["match", "de", "l", "ol"]), "entertainment");
  assert.equal(categorize(["sea", "salt"]), "food");
});
