import assert from "node:assert/strict";
import { parseMessage } from "./parse.ts";

const context = {
  today: "2026-11-22",
  currency: "EUR",
  me: "Ana",
  members: ["Ana", "Bob", "Chen"],
};

Deno.test("findRoles(): an unknown word in the payer's place is a stranger, in any case (round 8)", () => {
  for (
    const text of [
      "dai paid 18 for parking",
      "manolo pagó el taxi 18",
      "kader a payé les glaces 12",
      "la wara pagó la cena 150",
      "da sepp hot die Runde zahlt 30",
    ]
  ) {
    assert.equal(parseMessage(text, context).intent, "unknown", text);
  }
  // A known word or a brand there is no name: the sender paid.
  for (const text of ["taxi paid 18", "uber paid 18 w bob", "bob paid 18 for parking"]) {
    assert.equal(parseMessage(text, context).intent, "expense", text);
  }
});

Deno.test("findRoles(): a transfer made to me, and GCash and MoMo made verbs, hand money (round 8)", () => {
  const settled = (text: string) => {
    const p = parseMessage(text, context);
    return p.intent === "settlement" ? `${p.from}→${p.to} ${p.total.amount}` : p.intent;
  };
  assert.equal(settled("bob me ha hecho un bizum de 20"), "Bob→Ana 20.00");
  assert.equal(settled("bob m'a fait un virement de 45"), "Bob→Ana 45.00");
  assert.equal(settled("hice un bizum a bob de 20"), "Ana→Bob 20.00");
  assert.equal(settled("gcashed bob 500"), "Ana→Bob 500.00");
  assert.equal(settled("momo'd bob 150"), "Ana→Bob 150.00");
  // Bare "momo" is dumplings: shared, not sent.
  assert.equal(settled("momo with bob 12"), "expense");
});

Deno.test("findRoles(): JazzCash, Easypaisa, SINPE and mobile money hand money; 'send' too (round 9)", () => {
  const settled = (text: string) => {
    const p = parseMessage(text, context);
    return p.intent === "settlement" ? `${p.from}→${p.to} ${p.total.amount}` : p.intent;
  };
  assert.equal(settled("bob jazzcash'd me 1500"), "Bob→Ana 1500.00");
  assert.equal(settled("bob me hizo un sinpe de 75"), "Bob→Ana 75.00");
  assert.equal(settled("sinpe a bob 15"), "Ana→Bob 15.00");
  assert.equal(settled("easypaisa to bob 20"), "Ana→Bob 20.00");
  assert.equal(settled("orange money à bob 25"), "Ana→Bob 25.00");
  assert.equal(settled("bob send me back the 75"), "Bob→Ana 75.00");
  // The brand alone is the telephone company: an expense.
  assert.equal(settled("orange credit 20"), "expense");
});

Deno.test("findRoles(): Réunion Creole 'X la payé' makes X the payer, 'amoin' is to me (round 9)", () => {
  const paid = parseMessage("bob la payé les dodos 18,50", context);
  assert.equal(paid.intent === "expense" && paid.paidBy, "Bob");
  const back = parseMessage("bob la rembourse amoin 15", context);
  assert.deepEqual(back.intent === "settlement" && [back.from, back.to], ["Bob", "Ana"]);
});

Deno.test("findRoles(): the payer phrase's auxiliary is no word of the description (round 9)", () => {
  const hannes = parseMessage("bob hot s Benzin zohlt 65", context);
  assert.deepEqual(hannes.intent === "expense" && [hannes.paidBy, hannes.description], [
    "Bob",
    "Benzin",
  ]);
  const evi = parseMessage("Hütte am Ritten 210, de bob hot zohlt", context);
  assert.deepEqual(evi.intent === "expense" && [evi.paidBy, evi.description], [
    "Bob",
    "Hütte am Ritten",
  ]);
  // A clitic for "me" stays and makes the sender the receiver.
  const back = parseMessage("bob me pagó 20", context);
  assert.deepEqual(back.intent === "settlement" && [back.from, back.to], ["Bob", "Ana"]);
});

Deno.test("findRoles(): Monzo, PayMe, FPS and MVola hand money over, made verbs or with a person (round 10)", () => {
  const settled = (text: string) => {
    const p = parseMessage(text, context);
    return p.intent === "settlement" ? `${p.from}→${p.to} ${p.total.amount}` : p.intent;
  };
  assert.equal(settled("monzo'd bob 12.50"), "Ana→Bob 12.50");
  assert.equal(settled("bob FPS'd me 320"), "Bob→Ana 320.00");
  assert.equal(settled("payme'd bob 150"), "Ana→Bob 150.00");
  assert.equal(settled("mvola à bob 15"), "Ana→Bob 15.00");
});

Deno.test("findRoles(): Swiss 'dr' before the payer, and the Ruhr's 'dat', are no words of the description (round 10)", () => {
  const swiss = parseMessage("dr Bob het s Tanka zahlt 85.–", { ...context, currency: "CHF" });
  assert.ok(swiss.intent === "expense");
  assert.equal(swiss.paidBy, "Bob");
  assert.equal(swiss.description, "Tanka");
  const ruhr = parseMessage("Bob hat dat Bogestra Ticket bezahlt, 3,50", context);
  assert.ok(ruhr.intent === "expense");
  assert.equal(ruhr.description, "Bogestra Ticket");
});

Deno.test("findRoles(): 'to' a place before the payer who hands is where, not whom (round 10)", () => {
  const bus = parseMessage("monbus a santiago 2x 6,85 bob pagó", context);
  assert.ok(bus.intent === "expense");
  assert.equal(bus.paidBy, "Bob");
  // After the verb a stranger still receives: ask.
  assert.equal(parseMessage("bob pagó 20 a santiago", context).intent, "unknown");
});
