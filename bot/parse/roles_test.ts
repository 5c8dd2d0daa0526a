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
