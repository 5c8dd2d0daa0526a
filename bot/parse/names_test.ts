import assert from "node:assert/strict";
import { expandClippedNames, joinMemberNames } from "./names.ts";
import { tokenize } from "./text.ts";

const MEMBERS = ["Lucas", "Beatriz", "Ana Clara"];

Deno.test("a member's name of two words becomes one token, in any case and accent", () => {
  const keys = (text: string) => joinMemberNames(tokenize(text), MEMBERS).map((t) => t.key);
  assert.deepEqual(keys("uber 27 eu e ana clara"), ["uber", "27", "eu", "e", "ana clara"]);
  assert.deepEqual(keys("Ana Clara pagou 20"), ["ana clara", "pagou", "20"]);
  assert.deepEqual(keys("com ANA CLÁRA, Beatriz"), ["com", "ana clara", "beatriz"]);
});

Deno.test("the joined token keeps its spelling and the comma after it", () => {
  const [t] = joinMemberNames(tokenize("Ana Clara, Lucas"), MEMBERS);
  assert.deepEqual(t, { raw: "Ana Clara", lower: "ana clara", key: "ana clara", comma: true });
});

Deno.test("words of the name apart, or split by a comma, stay as they are", () => {
  const keys = (text: string) => joinMemberNames(tokenize(text), MEMBERS).map((t) => t.key);
  assert.deepEqual(keys("ana, clara"), ["ana", "clara"]);
  assert.deepEqual(keys("clara ana"), ["clara", "ana"]);
  assert.deepEqual(joinMemberNames(tokenize("ana clara"), ["Ana"]).length, 2);
});

Deno.test("a member's clipped name is read as the member, unless it is a word or a name", () => {
  const members = ["Trinidad", "Benjamín", "Gonzalo", "Paula", "Theo"];
  const known = new Set(["tag"]);
  const keys = (text: string) =>
    expandClippedNames(tokenize(text), members, (k) => known.has(k)).map((t) => t.key);
  assert.deepEqual(keys("pa la trini"), ["pa", "la", "trinidad"]);
  assert.deepEqual(keys("el benja pagó"), ["el", "benjamin", "pago"]);
  assert.deepEqual(keys("con Gonza"), ["con", "gonzalo"]);
  // A first name of its own ("paul" in a group with Paula) is a stranger; three letters are too
  // few ("ben", "gon") but where a list puts a name (round 7); a word one letter short of the
  // name is a typo's business ("trinida").
  assert.deepEqual(keys("ben paid"), ["ben", "paid"]);
  assert.deepEqual(keys("with paul and ben"), ["with", "paul", "and", "benjamin"]);
  assert.deepEqual(keys("trinida"), ["trinida"]);
});

Deno.test("where a list puts a name, a clip of three letters or a clip that is a name is the member", () => {
  const members = ["Ximena", "Emiliano", "Regina", "Juan Esteban", "Manuela", "Guilherme"];
  const keys = (text: string) =>
    expandClippedNames(tokenize(text), members, () => false).map((t) => t.key);
  assert.deepEqual(keys("con emi y regi"), ["con", "emiliano", "y", "regina"]);
  assert.deepEqual(keys("eu e o gui"), ["eu", "e", "o", "guilherme"]);
  assert.deepEqual(keys("con juanes y manu"), ["con", "juan esteban", "y", "manuela"]);
  // Outside a list three letters stay as typed.
  assert.deepEqual(keys("emi pizza"), ["emi", "pizza"]);
  // A contraction of a name of two words is the member anywhere ("juanes pagó").
  assert.deepEqual(keys("juanes pagó"), ["juan esteban", "pago"]);
});

Deno.test("a pet name of a member's name, and a clip of three letters opening the message, are the member (round 10)", () => {
  const members = ["Katharina", "Wolfgang", "Bernadette", "Stephen"];
  const keys = (text: string) =>
    expandClippedNames(tokenize(text), members, () => false).map((t) => t.key);
  // Austrian and German "-i", English "-y"/"-ie" on the name's first four letters or more.
  assert.deepEqual(keys("i und wolfi"), ["i", "und", "wolfgang"]);
  assert.deepEqual(keys("olle außer berni"), ["olle", "ausser", "bernadette"]);
  assert.deepEqual(keys("hab dem Wolfi 15 überwiesen")[2], "wolfgang");
  // Liverpool's "Ste" for Stephen, as the message's subject.
  assert.deepEqual(keys("ste got the tickets")[0], "stephen");
  // A pet name is of a member's own name: "steffi" is no Stephen.
  assert.deepEqual(keys("pizza steffi"), ["pizza", "steffi"]);
});

Deno.test("a clip of three letters after a handing verb is the member (round 10)", () => {
  const keys = (text: string) =>
    expandClippedNames(tokenize(text), ["Kayleigh", "Stephen"], () => false).map((t) => t.key);
  assert.deepEqual(keys("paid ste 12"), ["paid", "stephen", "12"]);
  assert.deepEqual(keys("pizza ste 12"), ["pizza", "ste", "12"]);
});
