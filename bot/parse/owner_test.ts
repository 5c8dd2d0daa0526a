import assert from "node:assert/strict";
import { isGiftee, isKinOwned, isOwnedName, listFollows } from "./owner.ts";
import { parseMessage } from "./parse.ts";
import { tokenize } from "./text.ts";

const owned = (text: string, i: number) => isOwnedName(tokenize(text), i);

Deno.test("isOwnedName(): a name after a for/of word, across one article", () => {
  assert.ok(owned("present for callum", 2));
  assert.ok(owned("regalo pa la josefa", 3));
  assert.ok(owned("cadeau pour l'anniv de hugo", 5));
  assert.ok(owned("fleurs pour l'anniv d'élodie", 5));
  assert.ok(!owned("pizza with tom", 2));
});

Deno.test("listFollows() looks for a list word after the index", () => {
  const tokens = tokenize("prenda para o tiago 45 entre mim e a mariana");
  assert.ok(listFollows(tokens, 1, (k) => k === "entre"));
  assert.ok(!listFollows(tokens, 6, (k) => k === "entre"));
});

Deno.test("parseMessage(): with a list of who shares, a name for whom the thing is stays in it", () => {
  const context = {
    today: "2026-03-09",
    currency: "EUR",
    me: "Ana",
    members: ["Ana", "Bob", "Chen", "Dora"],
  };
  for (
    const [text, description, splitWith] of [
      ["birthday present for dora 30 split between me bob and chen", "birthday present for dora", [
        "Ana",
        "Bob",
        "Chen",
      ]],
      ["regalo pa la Dora 20 entre Bob y yo", "regalo pa la Dora", ["Ana", "Bob"]],
      ["Geschenk für Dora 40 zwischen Bob, Chen und mir", "Geschenk für Dora", [
        "Ana",
        "Bob",
        "Chen",
      ]],
      ["fleurs pour l'anniv de Dora 25 Bob et moi", "fleurs pour l'anniv de Dora", ["Ana", "Bob"]],
    ] as const
  ) {
    const r = parseMessage(text, context);
    assert.equal(r.intent, "expense", text);
    if (r.intent !== "expense") continue;
    assert.equal(r.description, description, text);
    assert.deepEqual(r.splitWith, splitWith, text);
  }
  // With no list, "for Dora" still says who shares.
  const alone = parseMessage("pizza 20 for Dora", context);
  assert.deepEqual(alone.intent === "expense" && alone.splitWith, ["Dora"]);
});

Deno.test("isGiftee(): whom a gift is for, with no list of who shares", () => {
  const giftee = (text: string, i: number) => isGiftee(tokenize(text), i);
  assert.ok(giftee("regalo pa emiliano", 2));
  assert.ok(giftee("cadeau pour la maman d'arnaud", 5));
  assert.ok(giftee("birthday present for tom", 3));
  assert.ok(!giftee("pizza for tom", 2));
});

Deno.test("a member named as a relative's is whom the thing is for, not who shares (round 7)", () => {
  const kin = (text: string, i: number) => isKinOwned(tokenize(text), i);
  assert.ok(kin("bouquet pour la maman de chloé", 5));
  assert.ok(kin("presente pra mãe da kátia", 4));
  assert.ok(kin("Blueme für em fabian sini Mami", 3));
  assert.ok(!kin("pizza pour chloé", 2));
  assert.ok(isGiftee(tokenize("Geburtstagsgeschenk für lena"), 2));
  const context = {
    today: "2026-02-27",
    currency: "EUR",
    me: "Sacha",
    members: ["Sacha", "Lou", "Chloé"],
  };
  const flowers = parseMessage("bouquet pour la maman de chloé 35", context);
  assert.deepEqual(flowers.intent === "expense" && flowers.splitWith, ["Sacha", "Lou", "Chloé"]);
});

Deno.test("isKinOwned(): popular French 'la mère à Nour' owns with 'à' after a relative (round 8)", () => {
  assert.equal(isKinOwned(tokenize("fleurs pour la mère à nour 35"), 5), true);
  assert.equal(isKinOwned(tokenize("fleurs à nour 35"), 2), false);
  const ctx = { today: "2026-11-22", currency: "EUR", me: "Ana", members: ["Ana", "Nour", "Chen"] };
  const parsed = parseMessage("fleurs pour la mère à nour 35", ctx);
  assert.deepEqual(parsed.intent === "expense" && parsed.splitWith, ["Ana", "Nour", "Chen"]);
});
