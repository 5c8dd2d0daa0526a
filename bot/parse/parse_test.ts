import assert from "node:assert/strict";
import { parseMessage } from "./parse.ts";

const context = {
  today: "2026-11-22",
  currency: "EUR",
  me: "Ana",
  members: ["Ana", "Bob", "Chen"],
};

Deno.test("parseMessage() reads the issue's example", () => {
  assert.equal(
    JSON.stringify(parseMessage("Add $50 for food", context)),
    '{"intent":"expense","total":{"amount":"50.00","currency":"USD"},"description":"food",' +
      '"category":"food","date":"2026-11-22","paidBy":"Ana","splitWith":["Ana","Bob","Chen"]}',
  );
});

Deno.test("parseMessage() reads settlements both ways", () => {
  assert.deepEqual(parseMessage("paid Bob 20", context), {
    intent: "settlement",
    from: "Ana",
    to: "Bob",
    total: { amount: "20.00", currency: "EUR" },
    date: "2026-11-22",
  });
  assert.deepEqual(parseMessage("Bob paid me back 15", context), {
    intent: "settlement",
    from: "Bob",
    to: "Ana",
    total: { amount: "15.00", currency: "EUR" },
    date: "2026-11-22",
  });
});

Deno.test("parseMessage() names the payer and the sharers", () => {
  const r = parseMessage("Chen paid 45 for groceries split with me", context);
  assert.equal(r.intent, "expense");
  if (r.intent !== "expense") return;
  assert.equal(r.paidBy, "Chen");
  assert.deepEqual(r.splitWith, ["Ana", "Chen"]);
  assert.equal(r.category, "groceries");
});

Deno.test("parseMessage() refuses what it would have to guess", () => {
  assert.deepEqual(parseMessage("taxi 12 and 8", context), {
    intent: "unknown",
    reason: "two amounts",
  });
  assert.deepEqual(parseMessage("split with Zed 20", context), {
    intent: "unknown",
    reason: "unknown name Zed",
  });
  assert.deepEqual(parseMessage("   ", context), { intent: "unknown", reason: "empty message" });
});

Deno.test("parseMessage() is deterministic", () => {
  const text = "taxi 12,5 € yesterday split with Bob";
  assert.deepEqual(parseMessage(text, context), parseMessage(text, context));
});

Deno.test("parseMessage() picks a custom category by name, kept pure by the context", () => {
  const withOwn = { ...context, categories: [{ key: "c-1", name: "Ski pass" }] };
  const r = parseMessage("Ski pass 45 for Chen", withOwn);
  assert.equal(r.intent, "expense");
  if (r.intent !== "expense") return;
  assert.equal(r.category, "c-1");
  assert.deepEqual(r.splitWith, ["Chen"]);
  // Its words alone describe it, as typed; "Ski" is no stranger's name.
  const bare = parseMessage("30 Ski Pass", withOwn);
  assert.equal(bare.intent === "expense" && bare.description, "Ski Pass");
  const food = parseMessage("20 dinner", withOwn);
  assert.equal(food.intent === "expense" && food.category, "food");
  // Without the group's categories the same words are not a category.
  const plain = parseMessage("30 ski pass", context);
  assert.equal(plain.intent === "expense" && plain.category, "other");
});

Deno.test("parseMessage() reads settlements in natural forms, and asks about strangers", () => {
  const es = { today: "2026-11-18", currency: "EUR", me: "Lucía", members: ["Lucía", "Mateo"] };
  const settled = (text: string, c: typeof context) => {
    const r = parseMessage(text, c);
    return r.intent === "settlement" ? `${r.from}->${r.to} ${r.total.amount}` : r;
  };
  assert.equal(settled("le he pasado 10 a Mateo", es), "Lucía->Mateo 10.00");
  assert.equal(settled("Mateo me pasó 10", es), "Mateo->Lucía 10.00");
  assert.equal(settled("hice un bizum de 10 a Mateo", es), "Lucía->Mateo 10.00");
  assert.equal(settled("o Bob devolveu-me 10", context), "Bob->Ana 10.00");
  assert.equal(settled("Bob m'a rendu 10", context), "Bob->Ana 10.00");
  assert.deepEqual(parseMessage("paid Zed 20", context), {
    intent: "unknown",
    reason: "unknown name Zed",
  });
  assert.deepEqual(parseMessage("paguei 20 pro Zeca", context), {
    intent: "unknown",
    reason: "unknown name Zeca",
  });
});

Deno.test("parseMessage() reads handing back in the five languages, and 'pra'/'pro' as 'to'", () => {
  const settled = (text: string, from: string, to: string) =>
    assert.deepEqual(parseMessage(text, context), {
      intent: "settlement",
      from,
      to,
      total: { amount: "20.00", currency: "EUR" },
      date: "2026-11-22",
    }, text);
  settled("bob hat mir 20 zurückgegeben", "Bob", "Ana");
  settled("Bob m'a remis 20", "Bob", "Ana");
  settled("paguei 20 pra bob", "Ana", "Bob");
  settled("devolvi 20 pro chen", "Ana", "Chen");
  settled("bob reimbursed me 20", "Bob", "Ana");
  // With a thing paid between the verb and "pra", it is an expense for that person.
  assert.equal(parseMessage("paguei o jantar 20 pra bob", context).intent, "expense");
});

Deno.test("parseMessage() joins a member's name of two words", () => {
  const br = { ...context, members: ["Ana", "Bob", "Ana Clara"] };
  const parsed = parseMessage("uber 27 eu e ana clara", br);
  assert.ok(parsed.intent === "expense");
  assert.deepEqual(parsed.splitWith, ["Ana", "Ana Clara"]);
  assert.equal(parsed.description, "uber");
  const paid = parseMessage("ana clara pagou o ifood 64,50", br);
  assert.ok(paid.intent === "expense");
  assert.equal(paid.paidBy, "Ana Clara");
});

Deno.test("parseMessage() reads balance asked about the accounts, and 'scrap that'", () => {
  assert.equal(parseMessage("como vamos de cuentas", context).intent, "balance");
  assert.equal(parseMessage("on en est où des comptes ?", context).intent, "balance");
  assert.equal(parseMessage("scrap that last one", context).intent, "undo");
});

Deno.test("parseMessage(): common short words are no typos of a date ('que' is no 'tue')", () => {
  for (const text of ["café 2 rien que moi", "drogaria são paulo 45", "c'est 12 pour le pain"]) {
    const parsed = parseMessage(text, context);
    assert.ok(parsed.intent === "expense", text);
    assert.equal(parsed.date, context.today, text);
  }
});

Deno.test("parseMessage(): a first name in lower case where a payer or receiver goes is asked about", () => {
  assert.equal(parseMessage("kevin paid 20 for pizza", context).intent, "unknown");
  assert.equal(parseMessage("paid kevin 20", context).intent, "unknown");
  // A thing there is no stranger: "paid rent 800".
  assert.equal(parseMessage("paid rent 800", context).intent, "expense");
});

Deno.test("parseMessage(): buying verbs name the payer and leave the description; payment apps settle", () => {
  const ctx = { today: "2026-03-09", currency: "EUR", me: "Ana", members: ["Ana", "Bob", "Chen"] };
  for (
    const text of [
      "bob got the pizzas, 28",
      "Bob covered the pizzas, 28",
      "bob a avancé 28 pour les pizzas",
      "bob hat 28 für die pizzas ausgelegt",
      "bob adiantou 28 das pizzas",
    ]
  ) {
    const r = parseMessage(text, ctx);
    assert.equal(r.intent === "expense" && r.paidBy, "Bob", text);
    assert.equal(r.intent === "expense" && r.description, "pizzas", text);
  }
  for (
    const text of ["lydia de 12,50 à bob", "mbway 12,50 ao bob", "Bob 12,50 per Twint geschickt"]
  ) {
    const r = parseMessage(text, ctx);
    assert.equal(r.intent, "settlement", text);
    assert.equal(r.intent === "settlement" && r.to, "Bob", text);
  }
});

Deno.test("parseMessage() reads Bavarian and Austrian verbs, 'ma' for 'mir', 'olle'", () => {
  const at = (amount: string) => ({ amount, currency: "EUR" });
  assert.deepEqual(parseMessage("bob hat ma 20 per paypal gschickt", context), {
    intent: "settlement",
    from: "Bob",
    to: "Ana",
    total: at("20.00"),
    date: "2026-11-22",
  });
  assert.deepEqual(parseMessage("chen hat ma 30 zruckgeben", context), {
    intent: "settlement",
    from: "Chen",
    to: "Ana",
    total: at("30.00"),
    date: "2026-11-22",
  });
  const spritzer = parseMessage("bob hod de spritzer zoit 27", context);
  assert.equal(spritzer.intent === "expense" && spritzer.paidBy, "Bob");
  assert.equal(spritzer.intent === "expense" && spritzer.description, "spritzer");
  const kino = parseMessage("kinokarten 44 olle außer chen", context);
  assert.deepEqual(kino.intent === "expense" && kino.splitWith, ["Ana", "Bob"]);
  assert.deepEqual(parseMessage("wer is wem wos schuldig", context), { intent: "balance" });
  // French "ma" stays "my": "Bob a payé ma part" hands nothing to the sender.
  assert.equal(parseMessage("Bob a payé ma part 20", context).intent, "expense");
});

Deno.test("parseMessage(): 'shouted' names the payer; 'tout sauf' and a typo of 'except' leave out", () => {
  const shout = parseMessage("bob shouted kfc 46.70 last nite", context);
  assert.equal(shout.intent === "expense" && shout.paidBy, "Bob");
  assert.equal(shout.intent === "expense" && shout.date, "2026-11-21");
  const tout = parseMessage("billets match 150 tout sauf chen", context);
  assert.deepEqual(tout.intent === "expense" && tout.splitWith, ["Ana", "Bob"]);
  const exept = parseMessage("cinema tickets 420 everyone exept chen", context);
  assert.deepEqual(exept.intent === "expense" && exept.splitWith, ["Ana", "Bob"]);
});

Deno.test("parseMessage(): Swiss German participles, articles and dates; an article's stranger (round 7)", () => {
  const swiss = { ...context, currency: "CHF", me: "Reto", members: ["Reto", "Nadja", "Seraina"] };
  assert.deepEqual(parseMessage("seraina hät mer 24.50 zrugg gä", swiss), {
    intent: "settlement",
    from: "Seraina",
    to: "Reto",
    total: { amount: "24.50", currency: "CHF" },
    date: "2026-11-22",
  });
  const taxi = parseMessage("nadja hät s'Taxi hei zahlt 38.50 geschter", swiss);
  assert.equal(
    taxi.intent === "expense" && `${taxi.description} ${taxi.date}`,
    "Taxi hei 2026-11-21",
  );
  assert.deepEqual(parseMessage("de Beat hät s'Raclette zahlt 64.–", swiss), {
    intent: "unknown",
    reason: "unknown name Beat",
  });
  assert.deepEqual(parseMessage("o rui pagou o jantar 45", context), {
    intent: "unknown",
    reason: "unknown name rui",
  });
  // A member after the article is the payer, as before.
  const bob = parseMessage("o bob pagou o jantar 45", context);
  assert.equal(bob.intent === "expense" && bob.paidBy, "Bob");
});

Deno.test("parseMessage(): a payment service's bare name as the verb; French infinitives after avoir (round 7)", () => {
  const sg = { ...context, currency: "SGD" };
  assert.deepEqual(parseMessage("bob paynow me 22.50 for the kopi", sg), {
    intent: "settlement",
    from: "Bob",
    to: "Ana",
    total: { amount: "22.50", currency: "SGD" },
    date: "2026-11-22",
  });
  assert.deepEqual(parseMessage("paynowed chen 40", sg), {
    intent: "settlement",
    from: "Ana",
    to: "Chen",
    total: { amount: "40.00", currency: "SGD" },
    date: "2026-11-22",
  });
  const paid = parseMessage("bob a payer le taxi 20", context);
  assert.equal(paid.intent === "expense" && paid.paidBy, "Bob");
});

Deno.test("parseMessage(): Basel 'het' is the auxiliary 'hät', not a typo of 'heut' (round 9)", () => {
  const basel = {
    today: "2026-12-01",
    currency: "CHF",
    me: "Dominik",
    members: ["Dominik", "Seraina"],
  };
  assert.deepEqual(parseMessage("Seraina het mer 25.50 zrugg gä", basel), {
    intent: "settlement",
    from: "Seraina",
    to: "Dominik",
    total: { amount: "25.50", currency: "CHF" },
    date: "2026-12-01",
  });
});

Deno.test("parseMessage(): what nothing else names, bought for a relative of someone, is a present (round 10)", () => {
  const context = {
    today: "2026-11-22",
    currency: "EUR",
    me: "Ana",
    members: ["Ana", "Bob", "Simão"],
  };
  for (
    const text of [
      "chitenge for bob's mum 35",
      "pano pra mãe do simão 15",
      "chitenge pour la grand-mère de bob 40",
    ]
  ) {
    const parsed = parseMessage(text, context);
    assert.ok(parsed.intent === "expense", text);
    assert.equal(parsed.category, "gifts", text);
  }
  // A thing a word names keeps its category; bought for a member, no present.
  const food = parseMessage("pizza pra mãe do simão 15", context);
  assert.equal(food.intent === "expense" && food.category, "food");
  const plain = parseMessage("chitenge for bob 35", context);
  assert.equal(plain.intent === "expense" && plain.category, "other");
});

Deno.test("parseMessage(): a message naming tomorrow is a plan, not an expense (round 10)", () => {
  const context = { today: "2026-11-22", currency: "HKD", me: "Ana", members: ["Ana", "Bob"] };
  for (
    const text of [
      "typhoon signal 8 tmr no work",
      "beach tomorrow? bout 10",
      "on va au ciné demain 12",
    ]
  ) {
    assert.equal(parseMessage(text, context).intent, "unknown", text);
  }
  // Spanish "mañana" and German "morgen" after an article or a day are the morning.
  for (const text of ["churros 7 esta mañana", "Frühstück 6,40 heute morgen"]) {
    assert.equal(parseMessage(text, context).intent, "expense", text);
  }
});
