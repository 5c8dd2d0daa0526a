import assert from "node:assert/strict";
import { extractAmount } from "./amount.ts";
import { tokenize } from "./text.ts";

function amountOf(text: string, currency = "EUR") {
  const tokens = tokenize(text);
  return extractAmount(tokens, tokens.map(() => false), currency, (k) => k === "bob");
}

Deno.test("extractAmount() reads symbols and codes before or after", () => {
  assert.deepEqual(amountOf("$50"), { total: { amount: "50.00", currency: "USD" } });
  assert.deepEqual(amountOf("50 usd"), { total: { amount: "50.00", currency: "USD" } });
  assert.deepEqual(amountOf("€12,50"), { total: { amount: "12.50", currency: "EUR" } });
  assert.deepEqual(amountOf("12.5 EUR", "USD"), { total: { amount: "12.50", currency: "EUR" } });
  assert.deepEqual(amountOf("1.234,56 €"), { total: { amount: "1234.56", currency: "EUR" } });
  assert.deepEqual(amountOf("¥3000"), { total: { amount: "3000", currency: "JPY" } });
  assert.deepEqual(amountOf("50 bucks"), { total: { amount: "50.00", currency: "USD" } });
  assert.deepEqual(amountOf("BHD 1.5"), { total: { amount: "1.500", currency: "BHD" } });
});

Deno.test("extractAmount() uses the group's currency for a bare number", () => {
  assert.deepEqual(amountOf("taxi 12", "GBP"), { total: { amount: "12.00", currency: "GBP" } });
});

Deno.test("extractAmount() does arithmetic in exact decimals", () => {
  assert.deepEqual(amountOf("3*4.5"), { total: { amount: "13.50", currency: "EUR" } });
  assert.deepEqual(amountOf("0.1 + 0.2"), { total: { amount: "0.30", currency: "EUR" } });
});

Deno.test("extractAmount() refuses rather than guesses", () => {
  assert.deepEqual(amountOf("taxi"), { reason: "no amount" });
  assert.deepEqual(amountOf("12 and 8"), { reason: "two amounts" });
  assert.deepEqual(amountOf("¥12.5"), { reason: "too many decimals for JPY" });
  assert.deepEqual(amountOf("0"), { reason: "zero amount" });
  assert.deepEqual(amountOf("99999999999999999"), { reason: "amount too large" });
});

Deno.test("extractAmount() prefers the number with a currency; a member is not a code", () => {
  assert.deepEqual(amountOf("2 beers €9"), { total: { amount: "9.00", currency: "EUR" } });
  assert.deepEqual(amountOf("paid Bob 20"), { total: { amount: "20.00", currency: "EUR" } });
  assert.deepEqual(amountOf("20 all"), { total: { amount: "20.00", currency: "EUR" } });
});

Deno.test("extractAmount() reads thousands grouped by spaces or apostrophes, and a Swiss '.-'", () => {
  assert.deepEqual(amountOf("loyer 1 200 €"), { total: { amount: "1200.00", currency: "EUR" } });
  assert.deepEqual(amountOf("Miete 1'800"), { total: { amount: "1800.00", currency: "EUR" } });
  assert.deepEqual(amountOf("Pizza 18.-"), { total: { amount: "18.00", currency: "EUR" } });
  assert.deepEqual(amountOf("R$ 1.350,00 aluguel"), {
    total: { amount: "1350.00", currency: "BRL" },
  });
  // A date's digits are not grouped with the amount after it.
  assert.deepEqual(amountOf("flight 2026-11-20 189.99"), {
    total: { amount: "189.99", currency: "EUR" },
  });
});

Deno.test("extractAmount() reads a currency family's name as the group's currency only", () => {
  assert.deepEqual(amountOf("cincuenta pesos", "MXN"), {
    total: { amount: "50.00", currency: "MXN" },
  });
  assert.deepEqual(amountOf("cincuenta pesos", "ARS"), {
    total: { amount: "50.00", currency: "ARS" },
  });
  assert.deepEqual(amountOf("cincuenta pesos", "EUR"), { reason: "no amount" });
});

Deno.test("extractAmount() reads a word for a thousand after a number", () => {
  assert.deepEqual(amountOf("cena 22 mil", "ARS"), {
    total: { amount: "22000.00", currency: "ARS" },
  });
  assert.deepEqual(amountOf("carro 1,5 mil reais", "BRL"), {
    total: { amount: "1500.00", currency: "BRL" },
  });
  assert.deepEqual(amountOf("Auto 3 Tausend"), { total: { amount: "3000.00", currency: "EUR" } });
  assert.deepEqual(amountOf("car 2 grand", "USD"), {
    total: { amount: "2000.00", currency: "USD" },
  });
});

Deno.test("extractAmount(): '$', 'bucks' and 'dollars' are the group's dollar or peso, else USD", () => {
  assert.deepEqual(amountOf("loyer 1 400 $", "CAD"), {
    total: { amount: "1400.00", currency: "CAD" },
  });
  assert.deepEqual(amountOf("asado $18000", "ARS"), {
    total: { amount: "18000.00", currency: "ARS" },
  });
  assert.deepEqual(amountOf("taxi 20 bucks", "AUD"), {
    total: { amount: "20.00", currency: "AUD" },
  });
  assert.deepEqual(amountOf("taxi $20", "EUR"), { total: { amount: "20.00", currency: "USD" } });
  assert.deepEqual(amountOf("taxi US$20", "CAD"), { total: { amount: "20.00", currency: "USD" } });
});

Deno.test("extractAmount() reads a currency's slang as the group's currency only", () => {
  assert.deepEqual(amountOf("dix piasses pour un café", "CAD"), {
    total: { amount: "10.00", currency: "CAD" },
  });
  assert.deepEqual(amountOf("ciné 20 balles"), { total: { amount: "20.00", currency: "EUR" } });
  assert.deepEqual(amountOf("cañas 12 pavos"), { total: { amount: "12.00", currency: "EUR" } });
  assert.deepEqual(amountOf("pizza 50 paus", "BRL"), {
    total: { amount: "50.00", currency: "BRL" },
  });
});

Deno.test("extractAmount() reads thousands in slang: Chile's and Argentina's lucas", () => {
  assert.deepEqual(amountOf("completos 9 lucas", "CLP"), {
    total: { amount: "9000", currency: "CLP" },
  });
  assert.deepEqual(amountOf("asado 20 lucas", "ARS"), {
    total: { amount: "20000.00", currency: "ARS" },
  });
  // In another currency "lucas" is a word (a name), not a thousand.
  assert.deepEqual(amountOf("pizza 20 lucas", "EUR"), {
    total: { amount: "20.00", currency: "EUR" },
  });
  assert.deepEqual(amountOf("cinquenta conto de gasolina", "BRL"), {
    total: { amount: "50.00", currency: "BRL" },
  });
});

Deno.test("extractAmount(): a number counting nights or days, or an hour after by/um, is none", () => {
  assert.deepEqual(amountOf("cabaña 3 noches 180.000", "CLP"), {
    total: { amount: "180000", currency: "CLP" },
  });
  assert.deepEqual(amountOf("pousada 3 diárias 720", "BRL"), {
    total: { amount: "720.00", currency: "BRL" },
  });
  assert.deepEqual(amountOf("hostel 3 nights $135", "USD"), {
    total: { amount: "135.00", currency: "USD" },
  });
  assert.deepEqual(amountOf("home by 7 tonight?"), { reason: "no amount" });
  assert.deepEqual(amountOf("Bin um 7 zuhause"), { reason: "no amount" });
});

Deno.test("extractAmount(): minutes, degrees and distances, or an hour after 'at', are none", () => {
  for (
    const text of [
      "chego em 15 min",
      "llego en 20 minutos",
      "bin in 10 Minuten da",
      "30 degrees tomorrow",
      "hoy 25 grados",
      "ran 10 km",
      "footy at 6 tonight",
      "beach at 4?",
    ]
  ) assert.deepEqual(amountOf(text), { reason: "no amount" }, text);
  assert.deepEqual(amountOf("taxi 20 min 15"), { total: { amount: "15.00", currency: "EUR" } });
  assert.deepEqual(amountOf("oscar me devolvió 30 lucas", "COP"), {
    total: { amount: "30000.00", currency: "COP" },
  });
});

Deno.test("extractAmount(): an amount in words before what it paid for needs no currency", () => {
  assert.deepEqual(amountOf("nonante-cinq pour l'hôtel"), {
    total: { amount: "95.00", currency: "EUR" },
  });
  assert.deepEqual(amountOf("twenty for the taxi"), {
    total: { amount: "20.00", currency: "EUR" },
  });
  // Under ten it may count people: no amount.
  assert.deepEqual(amountOf("tres para mí"), { reason: "no amount" });
});

Deno.test("extractAmount(): 'k' thousands, India's '/-' and 'Rs', regional slang for the unit", () => {
  const inr = (amount: string) => ({ total: { amount, currency: "INR" } });
  assert.deepEqual(amountOf("rent 45k", "INR"), inr("45000.00"));
  assert.deepEqual(amountOf("trip 1.5k", "INR"), inr("1500.00"));
  assert.deepEqual(amountOf("kurta 1,499/- only me", "INR"), inr("1499.00"));
  assert.deepEqual(amountOf("dinner Rs.500", "INR"), inr("500.00"));
  assert.deepEqual(amountOf("auto rs 120", "INR"), inr("120.00"));
  assert.deepEqual(amountOf("tacos 200 varos", "MXN"), {
    total: { amount: "200.00", currency: "MXN" },
  });
  assert.deepEqual(amountOf("Taxi 45 Euronen"), { total: { amount: "45.00", currency: "EUR" } });
  // A slang word names the group's currency only: "rs" in a group in EUR is no currency.
  assert.deepEqual(amountOf("rs 20"), { total: { amount: "20.00", currency: "EUR" } });
});

Deno.test("extractAmount(): Africa's and Peru's local signs, read in their own currency only", () => {
  const at = (amount: string, currency: string) => ({ total: { amount, currency } });
  assert.deepEqual(amountOf("checkers R486.20", "ZAR"), at("486.20", "ZAR"));
  assert.deepEqual(amountOf("braai meat R1 250", "ZAR"), at("1250.00", "ZAR"));
  assert.deepEqual(amountOf("shoprite ₦45,600", "EUR"), at("45600.00", "NGN"));
  assert.deepEqual(amountOf("hanout 37 dh", "MAD"), at("37.00", "MAD"));
  assert.deepEqual(amountOf("petit taxi 25dh", "MAD"), at("25.00", "MAD"));
  assert.deepEqual(amountOf("péage 68 dirhams", "MAD"), at("68.00", "MAD"));
  assert.deepEqual(amountOf("auchan 18 500f", "XOF"), at("18500", "XOF"));
  assert.deepEqual(amountOf("eau 14 250 fcfa", "XOF"), at("14250", "XOF"));
  assert.deepEqual(amountOf("kero 23.480 kz", "AOA"), at("23480.00", "AOA"));
  assert.deepEqual(amountOf("chapa 30mt", "MZN"), at("30.00", "MZN"));
  assert.deepEqual(amountOf("plaza vea S/ 186.40", "PEN"), at("186.40", "PEN"));
  assert.deepEqual(amountOf("taxi S/.25", "USD"), at("25.00", "PEN"));
  // Elsewhere the same letters name nothing: "R 50" in euros is fifty euros, "25dh" no amount,
  // and a word attached that names no currency keeps the token from being one ("10am").
  assert.deepEqual(amountOf("R 50 taxi"), at("50.00", "EUR"));
  assert.deepEqual(amountOf("taxi 25dh"), { reason: "no amount" });
  assert.deepEqual(amountOf("taxi 10am 20"), at("20.00", "EUR"));
});

Deno.test("extractAmount(): ages and scores are no amounts", () => {
  assert.deepEqual(amountOf("gonza cumple 30 el sábado, hacemos asado?"), { reason: "no amount" });
  assert.deepEqual(amountOf("painho faz 60 anos domingo"), { reason: "no amount" });
  assert.deepEqual(amountOf("o jogo acabou 1 a 1"), { reason: "no amount" });
  assert.deepEqual(amountOf("Tom turns 40, cake 25"), {
    total: { amount: "25.00", currency: "EUR" },
  });
});

Deno.test("extractAmount(): a fiver and a tenner; a price in words closing a message", () => {
  assert.deepEqual(amountOf("a tenner for the taxi home", "EUR"), {
    total: { amount: "10.00", currency: "EUR" },
  });
  assert.deepEqual(amountOf("fiver for the bus", "GBP"), {
    total: { amount: "5.00", currency: "GBP" },
  });
  assert.deepEqual(amountOf("fondue au café du village septante-deux", "CHF"), {
    total: { amount: "72.00", currency: "CHF" },
  });
  assert.deepEqual(amountOf("la raclette huitante", "CHF"), {
    total: { amount: "80.00", currency: "CHF" },
  });
  // Under twenty, or with a number in digits, or after "for", words stay words.
  assert.deepEqual(amountOf("pizza for twenty"), { reason: "no amount" });
  assert.deepEqual(amountOf("cafés deux"), { reason: "no amount" });
});

Deno.test("extractAmount(): Uruguay's 'mangos' and Peru's 'lucas' are units of the group's money", () => {
  assert.deepEqual(amountOf("nafta 1.500 mangos", "UYU"), {
    total: { amount: "1500.00", currency: "UYU" },
  });
  assert.deepEqual(amountOf("metropolitano 12 lucas", "PEN"), {
    total: { amount: "12.00", currency: "PEN" },
  });
  // In Chile a luca is still a thousand pesos.
  assert.deepEqual(amountOf("bip 5 lucas", "CLP"), { total: { amount: "5000", currency: "CLP" } });
});

Deno.test("extractAmount() reads the escudo's cifrão, contos, S$, CFA francs and bob (round 7)", () => {
  const cve = (amount: string) => ({ total: { amount, currency: "CVE" } });
  assert.deepEqual(amountOf("compras 4.350$00", "CVE"), cve("4350.00"));
  assert.deepEqual(amountOf("hiace 300$00", "CVE"), cve("300.00"));
  assert.deepEqual(amountOf("ferry 3.900$", "CVE"), cve("3900.00"));
  assert.deepEqual(amountOf("renda 35 contos", "CVE"), cve("35000.00"));
  // Elsewhere "$" is a dollar and a conto a real, as before.
  assert.deepEqual(amountOf("ferry 39$", "EUR"), { total: { amount: "39.00", currency: "USD" } });
  assert.deepEqual(amountOf("35 contos", "BRL"), { total: { amount: "35.00", currency: "BRL" } });
  assert.deepEqual(amountOf("crab S$168", "EUR"), { total: { amount: "168.00", currency: "SGD" } });
  assert.deepEqual(amountOf("dix mille francs", "XOF"), {
    total: { amount: "10000", currency: "XOF" },
  });
  assert.deepEqual(amountOf("20 francs", "EUR"), { total: { amount: "20.00", currency: "CHF" } });
  const bob = tokenize("chai two hundred bob");
  assert.deepEqual(extractAmount(bob, bob.map(() => false), "KES", () => false), {
    total: { amount: "200.00", currency: "KES" },
  });
  // A member called Bob is never the shilling (this file's groups have one).
  assert.deepEqual(amountOf("two hundred bob", "KES"), { reason: "no amount" });
  // "livrés" (delivered) is no "livres" (pounds): only accented currency words lose accents.
  assert.deepEqual(amountOf("sushis livrés 68,40", "CAD"), {
    total: { amount: "68.40", currency: "CAD" },
  });
});

Deno.test("extractAmount(): German hundreds in one word; twenty or more in words opening a message (round 7)", () => {
  assert.deepEqual(amountOf("Anzahlung hundertfünfzig Euro"), {
    total: { amount: "150.00", currency: "EUR" },
  });
  assert.deepEqual(amountOf("zweihundertdreißig Euro Miete"), {
    total: { amount: "230.00", currency: "EUR" },
  });
  assert.deepEqual(amountOf("ciento veinte mil de mercado", "COP"), {
    total: { amount: "120000.00", currency: "COP" },
  });
  // A small number opening a message counts things, as before.
  assert.deepEqual(amountOf("dos cafés"), { reason: "no amount" });
});

Deno.test("extractAmount(): a clock time without its colon after at/um is no amount (round 7)", () => {
  assert.deepEqual(amountOf("table at 730 can?", "SGD"), { reason: "no amount" });
  assert.deepEqual(amountOf("Treffen um 1930"), { reason: "no amount" });
  // Not a time: past 23 hours or 59 minutes, or with no word of time before it.
  assert.deepEqual(amountOf("hotel at 2480"), { total: { amount: "2480.00", currency: "EUR" } });
  assert.deepEqual(amountOf("rent 730"), { total: { amount: "730.00", currency: "EUR" } });
});

Deno.test("extractAmount(): '/=' closes a sum, 'm' counts millions, 'mil' may be glued (round 9)", () => {
  assert.deepEqual(amountOf("data 25,000/= just me", "UGX"), {
    total: { amount: "25000", currency: "UGX" },
  });
  assert.deepEqual(amountOf("rent 1.2m", "UGX"), { total: { amount: "1200000", currency: "UGX" } });
  assert.deepEqual(amountOf("carga 20mil", "PYG"), { total: { amount: "20000", currency: "PYG" } });
  // "30mt" stays meticais, not thirty million and a "t".
  assert.deepEqual(amountOf("chapa 30mt", "MZN"), { total: { amount: "30.00", currency: "MZN" } });
});

Deno.test("extractAmount(): a number inside a name is no second amount (round 9)", () => {
  assert.deepEqual(amountOf("peaje ruta 27 1.160", "PYG"), {
    total: { amount: "1160", currency: "PYG" },
  });
  assert.deepEqual(amountOf("mercado 4 verduras 54.000", "PYG"), {
    total: { amount: "54000", currency: "PYG" },
  });
  assert.deepEqual(amountOf("curry 36 am sonntag 16,40"), {
    total: { amount: "16.40", currency: "EUR" },
  });
  // Two things with an amount each stay two amounts.
  assert.deepEqual(amountOf("Parkhaus 8 und Kaffee 4,50"), { reason: "two amounts" });
  assert.deepEqual(amountOf("pizza 12 coke 3"), { reason: "two amounts" });
});

Deno.test("extractAmount(): Costa Rica's 'rojos' and 'tejas', East Africa's 'shs' (round 9)", () => {
  assert.deepEqual(amountOf("casados 9 rojos", "CRC"), {
    total: { amount: "9000.00", currency: "CRC" },
  });
  assert.deepEqual(amountOf("bus 6 tejas", "CRC"), {
    total: { amount: "600.00", currency: "CRC" },
  });
  assert.deepEqual(amountOf("water bill shs 62,300", "UGX"), {
    total: { amount: "62300", currency: "UGX" },
  });
  // Elsewhere "rojos" is a word: the number stays as written.
  assert.deepEqual(amountOf("vinos rojos 9", "EUR"), {
    total: { amount: "9.00", currency: "EUR" },
  });
});

Deno.test("extractAmount(): a number before Urdu 'baje' (o'clock) is a time (round 9)", () => {
  assert.deepEqual(amountOf("chai pe chalein? 5 baje", "PKR"), { reason: "no amount" });
});

Deno.test("extractAmount(): the new regions' signs and slang (round 10)", () => {
  // Barbados's "bds$" glued in lower case, Cantonese "蚊" (dollar) glued after the number.
  assert.deepEqual(amountOf("fruits n veg bds$58.50", "BBD"), {
    total: { amount: "58.50", currency: "BBD" },
  });
  assert.deepEqual(amountOf("pineapple buns 50蚊", "HKD"), {
    total: { amount: "50.00", currency: "HKD" },
  });
});

Deno.test("extractAmount(): the CFP franc's 'F' and 'balles', Portugal's 'paus', Alemannic 'Franka' are claimed (round 10)", () => {
  const claimedOf = (text: string, currency: string) => {
    const tokens = tokenize(text);
    const claimed = tokens.map(() => false);
    extractAmount(tokens, claimed, currency, () => false);
    return tokens.filter((_, i) => claimed[i]).map((t) => t.raw);
  };
  assert.deepEqual(claimedOf("courses 8 450 F", "XPF"), ["8450", "F"]);
  assert.deepEqual(claimedOf("bar 5 400 balles", "XPF"), ["5400", "balles"]);
  assert.deepEqual(claimedOf("tasca 38 paus", "EUR"), ["38", "paus"]);
  assert.deepEqual(claimedOf("Match 25 Franka", "CHF"), ["25", "Franka"]);
});

Deno.test("extractAmount(): a year beside a word, and a short number beside one when the sum has four digits, are a name's (round 10)", () => {
  assert.deepEqual(amountOf("Vignette 2027 103,80", "EUR"), {
    total: { amount: "103.80", currency: "EUR" },
  });
  assert.deepEqual(amountOf("baskets au marché de 67 ha 35000", "MGA"), {
    total: { amount: "35000.00", currency: "MGA" },
  });
  // Two plain short numbers stay two amounts.
  assert.deepEqual(amountOf("pizza 12 coke 3"), { reason: "two amounts" });
});
