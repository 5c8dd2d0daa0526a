import assert from "node:assert/strict";
import fc from "fast-check";
import { parseMessage } from "./parse.ts";
import { readNames } from "./split.ts";
import { tokenize } from "./text.ts";

const context = { me: "Ana", members: ["Ana", "Bob", "Chen", "José", "Léa"] };
const namesOf = (text: string) => {
  const tokens = tokenize(text);
  return readNames(tokens, tokens.map(() => false), 0, context, () => false);
};

Deno.test("readNames() reads lists with commas, conjunctions and the Oxford comma", () => {
  const people = (text: string) => {
    const read = namesOf(text);
    return "people" in read ? read.people.map((p) => "member" in p ? p.member : "all") : read;
  };
  assert.deepEqual(people("Bob, Chen and José"), ["Bob", "Chen", "José"]);
  assert.deepEqual(people("Bob, Chen, and José"), ["Bob", "Chen", "José"]);
  assert.deepEqual(people("bob,chen"), ["Bob", "Chen"]);
  assert.deepEqual(people("me & Bob"), ["Ana", "Bob"]);
  assert.deepEqual(people("Bob + Chen"), ["Bob", "Chen"]);
  assert.deepEqual(people("Bob y José"), ["Bob", "José"]);
  assert.deepEqual(people("Bob und Chen"), ["Bob", "Chen"]);
  assert.deepEqual(people("Bob et Léa"), ["Bob", "Léa"]);
  assert.deepEqual(people("o Bob e a Léa"), ["Bob", "Léa"]);
  assert.deepEqual(people("BOB and LÉA"), ["Bob", "Léa"]);
  assert.deepEqual(namesOf("Bob, Zed and Chen"), { reason: "unknown name Zed" });
  // A comma ends the list when no name follows.
  assert.deepEqual(people("Bob, taxi"), ["Bob"]);
});

Deno.test("readNames(): people with no comma, closed by a conjunction, are one list", () => {
  const people = (text: string) => {
    const read = namesOf(text);
    return "people" in read ? read.people.map((p) => "member" in p ? p.member : "all") : read;
  };
  assert.deepEqual(people("me bob and chen"), ["Ana", "Bob", "Chen"]);
  assert.deepEqual(people("bob chen n me"), ["Bob", "Chen", "Ana"]);
  assert.deepEqual(people("moi josé et léa"), ["Ana", "José", "Léa"]);
  assert.deepEqual(people("moi pis Léa"), ["Ana", "Léa"]);
  assert.deepEqual(people("me na bob"), ["Ana", "Bob"]);
  // Without a closing conjunction a bare run stays one name, unless it closes the message.
  assert.deepEqual(people("bob chen taxi"), ["Bob"]);
  assert.deepEqual(people("me bob chen"), ["Ana", "Bob", "Chen"]);
  const paid = parseMessage("dinner 26.40 me bob chen", {
    ...context,
    today: "2026-06-13",
    currency: "SGD",
  });
  assert.equal(paid.intent === "expense" && paid.splitWith.join(), "Ana,Bob,Chen");
});

const separators = [", ", " and ", " & ", " + ", " y ", " und ", " et ", " e ", ",", " , "];

Deno.test("property: n names joined by any separators split an expense among those n", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.constantFrom(...context.members.slice(1)), { minLength: 1, maxLength: 4 }),
      fc.array(fc.constantFrom(...separators), { minLength: 4, maxLength: 4 }),
      fc.boolean(),
      fc.constantFrom(
        (s: string) => s,
        (s: string) => s.toLowerCase(),
        (s: string) => s.toUpperCase(),
      ),
      (names, seps, oxford, kase) => {
        const list = names.map(kase).reduce((text, name, i) =>
          i === 0
            ? name
            : i === names.length - 1 && oxford && names.length > 2
            ? `${text}, and ${name}`
            : `${text}${seps[i - 1]}${name}`
        );
        const parsed = parseMessage(`dinner 40 between ${list}`, {
          ...context,
          today: "2026-11-22",
          currency: "EUR",
        });
        assert.equal(parsed.intent, "expense", list);
        if (parsed.intent !== "expense") return;
        assert.deepEqual([...parsed.splitWith].sort(), [...names].sort(), list);
      },
    ),
  );
});

const shareOf = (text: string) => {
  const r = parseMessage(text, { ...context, today: "2026-11-22", currency: "EUR" });
  return r.intent === "expense" ? r.splitWith : r;
};

Deno.test("extractSplit() reads a bare list of people as exactly who shares", () => {
  assert.deepEqual(shareOf("taxi 9 Chen + me"), ["Ana", "Chen"]);
  assert.deepEqual(shareOf("me and José lunch 20"), ["Ana", "José"]);
  assert.deepEqual(shareOf("cena 30 yo, Bob y Léa"), ["Ana", "Bob", "Léa"]);
  assert.deepEqual(shareOf("taxi 12 split Bob, Chen and me"), ["Ana", "Bob", "Chen"]);
  // One person alone is no list; a list before a paying verb is its subject, not a split.
  assert.deepEqual(shareOf("taxi 9 Chen"), { intent: "unknown", reason: "unclear role of Chen" });
});

Deno.test("extractSplit() reads everyone except some, in five languages", () => {
  assert.deepEqual(shareOf("pizza 20 for everyone except Chen"), ["Ana", "Bob", "José", "Léa"]);
  assert.deepEqual(shareOf("pizza 20 everyone except Chen and Bob"), ["Ana", "José", "Léa"]);
  assert.deepEqual(shareOf("pizza 20 con todos menos José"), ["Ana", "Bob", "Chen", "Léa"]);
  assert.deepEqual(shareOf("Pizza 20 für alle außer Léa"), ["Ana", "Bob", "Chen", "José"]);
  assert.deepEqual(shareOf("pizza 20 pour tout le monde sauf Bob"), ["Ana", "Chen", "José", "Léa"]);
  assert.deepEqual(shareOf("pizza 20 para todos exceto Bob"), ["Ana", "Chen", "José", "Léa"]);
  assert.deepEqual(shareOf("pizza 20 for everyone except Zed"), {
    intent: "unknown",
    reason: "unknown name Zed",
  });
});

Deno.test("extractSplit() reads 'conmigo'/'comigo' as with me", () => {
  assert.deepEqual(shareOf("Bob pagó 20 de taxi, a medias conmigo"), ["Ana", "Bob"]);
  assert.deepEqual(shareOf("o Bob pagou 20 do taxi, dividido comigo"), ["Ana", "Bob"]);
});

const day = { today: "2026-11-22", currency: "EUR", ...context };

Deno.test("'just me', 'solo yo', 'nur ich', 'juste moi', 'só eu': exactly those named", () => {
  for (
    const text of [
      "dentist 90 just me",
      "dentista 60 solo yo",
      "Zahnarzt 80 nur ich",
      "médecin 25 juste moi",
      "consulta 300 só eu",
      "taxi 20 only me",
      "taxi 20 me only",
      "pizza 15 nur für mich",
      "pizza 20 solo para mí",
      "uber 20 just for me",
      "cerveza 6 yo sola",
      "ciné 12 moi seule",
      "cerveja 20 eu sozinho",
    ]
  ) {
    const parsed = parseMessage(text, day);
    assert.ok(parsed.intent === "expense", text);
    assert.deepEqual(parsed.splitWith, ["Ana"], text);
    assert.equal(parsed.description.split(" ").length, 1, text);
  }
  const two = parseMessage("cine 20 solo Bob y yo", day);
  assert.ok(two.intent === "expense");
  assert.deepEqual(two.splitWith, ["Ana", "Bob"]);
});

Deno.test("an unknown word where only a name can go is asked about, in any case", () => {
  for (const text of ["lunch 20 with kevin", "kino mit stefan 24", "dinner with Bob and tom 30"]) {
    assert.equal(parseMessage(text, day).intent, "unknown", text);
  }
  // Any other word after "with" is a description: "coffee with oat milk", "con gambas".
  for (const text of ["coffee with oat milk 3", "dinner with friends 40", "pasta con gambas 14"]) {
    assert.equal(parseMessage(text, day).intent, "expense", text);
  }
  // A typo of a member's name there is the member: "com lea", "w boob".
  const typo = parseMessage("taxi 12 with Chne", day);
  assert.ok(typo.intent === "expense");
  assert.deepEqual(typo.splitWith, ["Ana", "Chen"]);
});

Deno.test("'w' and 'w/' mean with", () => {
  for (const text of ["gas 45 split w bob, chen", "gas 45 w/ bob & chen"]) {
    const parsed = parseMessage(text, day);
    assert.ok(parsed.intent === "expense", text);
    assert.deepEqual(parsed.splitWith, ["Ana", "Bob", "Chen"], text);
    assert.equal(parsed.description, "gas", text);
  }
});

Deno.test("'n' joins names; 'tout le monde' alone is everyone and leaves the description", () => {
  const joined = parseMessage("lunch 12 with Bob n Chen", day);
  assert.ok(joined.intent === "expense");
  assert.deepEqual(joined.splitWith, ["Ana", "Bob", "Chen"]);
  for (const text of ["loyer 900 tout le monde", "aluguel 1500 todo mundo"]) {
    const parsed = parseMessage(text, day);
    assert.ok(parsed.intent === "expense", text);
    assert.equal(parsed.description.split(" ").length, 1, text);
  }
});

Deno.test("parseMessage(): 'sauf', 'sans', 'sin', 'without' say everyone but the named", () => {
  const context = {
    today: "2026-03-09",
    currency: "EUR",
    me: "Ana",
    members: ["Ana", "Bob", "Chen"],
  };
  for (const text of ["abonnement 17,99 sauf moi", "spotify 18 without me"]) {
    const r = parseMessage(text, context);
    assert.deepEqual(r.intent === "expense" && r.splitWith, ["Bob", "Chen"], text);
  }
  for (const text of ["airbnb à gand 230 sans Bob", "cena 40 sin Bob", "jantar 40 sem o Bob"]) {
    const r = parseMessage(text, context);
    assert.deepEqual(r.intent === "expense" && r.splitWith, ["Ana", "Chen"], text);
  }
  // "u" joins names as "und" does.
  const u = parseMessage("Znacht 66 mit bob u chen", context);
  assert.deepEqual(u.intent === "expense" && u.splitWith, ["Ana", "Bob", "Chen"]);
});

Deno.test("extractSplit(): Chile's and the River Plate's spoken 'pa' names who it is for", () => {
  assert.deepEqual(shareOf("remedios 15.490 pa la Léa"), ["Léa"]);
  assert.deepEqual(shareOf("farmacia 455 pa Chen"), ["Chen"]);
  // After a gift word, whom the gift is for stays in the description (round 5).
  assert.deepEqual(shareOf("regalo pal Bob en la tienda 25"), [
    "Ana",
    "Bob",
    "Chen",
    "José",
    "Léa",
  ]);
});

Deno.test("extractSplit(): Québec's 'toute la gang' and 'que pour moi' (round 7)", () => {
  const qc = { today: "2026-12-05", currency: "CAD", me: "Ana", members: context.members };
  const gang = parseMessage("hydro-québec 187,35 toute la gang", qc);
  assert.equal(gang.intent === "expense" && gang.description, "hydro-québec");
  assert.equal(gang.intent === "expense" && gang.splitWith.length, 5);
  const mine = parseMessage("pull chez zara 39,95 que pour moi", qc);
  assert.deepEqual(mine.intent === "expense" && [mine.description, mine.splitWith], [
    "pull chez zara",
    ["Ana"],
  ]);
});

Deno.test("extractSplit(): spoken list, for and only words, and 'pa tos' (round 8)", () => {
  const ctx = { today: "2026-11-22", currency: "EUR", me: "Ana", members: ["Ana", "Bob", "Chen"] };
  const split = (text: string) => {
    const parsed = parseMessage(text, ctx);
    return parsed.intent === "expense" ? parsed.splitWith : parsed;
  };
  assert.deepEqual(split("taxi 350 mi an bob"), ["Ana", "Bob"]);
  assert.deepEqual(split("Tageskarte 11,80 i ond bob"), ["Ana", "Bob"]);
  assert.deepEqual(split("pharmacy 2,150 fi bob"), ["Bob"]);
  assert.deepEqual(split("credit 1000 jus me"), ["Ana"]);
  assert.deepEqual(split("montaditos 18,50 pa tos"), ["Ana", "Bob", "Chen"]);
  assert.deepEqual(split("patties fi all a wi 1,800"), ["Ana", "Bob", "Chen"]);
  // "an" and "jus" elsewhere, "tos" after another word: no people.
  const cough = parseMessage("jarabe para la tos 8", ctx);
  assert.equal(cough.intent === "expense" && cough.description, "jarabe para la tos");
  const juice = parseMessage("jus d'orange 4 with bob", ctx);
  assert.equal(juice.intent === "expense" && juice.description, "jus d'orange");
});

Deno.test("readNames(): after a comma, a person before a paying verb is the payer, not listed (round 8)", () => {
  const ctx = { today: "2026-11-22", currency: "EUR", me: "Ana", members: ["Ana", "Bob", "Chen"] };
  const parsed = parseMessage("tickets 30 everyone except bob, chen paid", ctx);
  assert.equal(parsed.intent === "expense" && parsed.paidBy, "Chen");
  assert.deepEqual(parsed.intent === "expense" && parsed.splitWith, ["Ana", "Chen"]);
  // Without a verb after it, the name after the comma is listed.
  const listed = parseMessage("tickets 30 everyone except bob, chen", ctx);
  assert.deepEqual(listed.intent === "expense" && listed.splitWith, ["Ana"]);
});

Deno.test("extractSplit(): a stranger behind 'with' and an article or title is refused (round 9)", () => {
  const today = { today: "2026-11-22", currency: "EUR" };
  for (
    const text of [
      "Pizza mit dem Lukas 24",
      "Fondue mit em Reto 48",
      "fufu avec papa jules 8 000",
      "pizza con el rodri 70",
      "jantar com o zé 40",
      "jaraqui frito com a keila 30",
    ]
  ) {
    assert.equal(parseMessage(text, { ...context, ...today }).intent, "unknown", text);
  }
  // A member behind a Swiss article after "für" shares alone; a thing after "com" stays a thing.
  const abo = parseMessage("Abo für d Léa 89", { ...context, ...today });
  assert.deepEqual(abo.intent === "expense" && abo.splitWith, ["Léa"]);
  assert.equal(parseMessage("açaí com farinha 30", { ...context, ...today }).intent, "expense");
});

Deno.test("extractSplit(): an unknown word closing the message behind 'with', or joined to a listed person, is a stranger (round 10)", () => {
  const today = { today: "2026-11-22", currency: "EUR" };
  for (
    const text of [
      "cena 40 con xabier",
      "resto 64 avec jérém",
      "pudding n souse for me n kemar 36",
      // Bavarian and Austrian "mit'n" is "mit dem".
      "Schnitzel 42 mit'n Pauli",
    ]
  ) {
    assert.equal(parseMessage(text, { ...context, ...today }).intent, "unknown", text);
  }
  // A known word there is a thing; a word before more of the message is left to the description.
  assert.equal(parseMessage("café con leche 3", { ...context, ...today }).intent, "expense");
  assert.equal(parseMessage("pão com farinha 3", { ...context, ...today }).intent, "expense");
  const bob = parseMessage("Schnitzel 42 mit'n Bob", { ...context, ...today });
  assert.deepEqual(bob.intent === "expense" && bob.splitWith, ["Ana", "Bob"]);
});

Deno.test("extractSplit(): Bajan 'fuh' is 'for', 'wunna' is you all (round 10)", () => {
  const today = { today: "2026-11-22", currency: "EUR" };
  const one = parseMessage("macaroni pie fuh bob 32", { ...context, ...today });
  assert.deepEqual(one.intent === "expense" && one.splitWith, ["Bob"]);
  const all = parseMessage("beers at de rum shop 45 fuh wunna all", { ...context, ...today });
  assert.equal(all.intent === "expense" && all.description, "beers at de rum shop");
});

Deno.test("extractSplit(): a capitalised month behind 'with' and an article is a person's name (round 10)", () => {
  const today = { today: "2026-11-22", currency: "CHF" };
  assert.equal(parseMessage("Fondue 72 mit em Marco", { ...context, ...today }).intent, "unknown");
  assert.equal(parseMessage("cena 40 con Julio", { ...context, ...today }).intent, "unknown");
  // A member called so is the member; a month elsewhere stays a month.
  const julio = parseMessage("cena 40 con Julio", {
    ...today,
    me: "Ana",
    members: ["Ana", "Julio"],
  });
  assert.deepEqual(julio.intent === "expense" && julio.splitWith, ["Ana", "Julio"]);
  assert.equal(parseMessage("Miete Juni 900", { ...context, ...today }).intent, "expense");
});
