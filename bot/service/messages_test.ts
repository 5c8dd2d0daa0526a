import assert from "node:assert/strict";
import { type Lang, langOf, LANGS, type Messages, messages } from "./messages.ts";

/** Every reply of `m` as text, by key: the functions called with sample arguments. */
function rendered(m: Messages): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(m)) {
    out[key] = typeof value === "function"
      ? key === "memberChoice" ? value("Ana", 2, true) : value("Ana", "Bob", "12.00 EUR")
      : value;
  }
  return out;
}

/** Keys whose reply may equal English's: symbols and names only. */
const SAME_AS_ENGLISH = new Set(["settleButton"]);

Deno.test("messages(): every language has a reply of its own for every key, not English copied", () => {
  const en = rendered(messages("en"));
  for (const lang of LANGS.filter((l) => l !== "en")) {
    const other = rendered(messages(lang));
    assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), lang);
    const copied = Object.keys(en).filter((k) => !SAME_AS_ENGLISH.has(k) && other[k] === en[k]);
    assert.deepEqual(copied, [], `${lang} replies as English does for these keys`);
  }
});

Deno.test("messages(): the languages are told apart (no catalogue is another's copy)", () => {
  const sample = ["help", "hello", "langSet", "cancelled", "receiptTooLarge", "thatExpense"];
  for (const key of sample) {
    const texts = LANGS.map((lang) => rendered(messages(lang))[key]);
    assert.equal(new Set(texts).size, LANGS.length, key);
  }
});

Deno.test("messages(): the help and /lang's usage list all five languages, in each language", () => {
  for (const lang of LANGS) {
    const m = messages(lang);
    assert.match(m.help, /\/lang en\|es\|de\|fr\|pt\b/, lang);
    for (const l of LANGS) assert.match(m.langUsage, new RegExp(`/lang ${l}\\b`), `${lang}: ${l}`);
  }
});

Deno.test("messages(): French keeps its typography (no-break spaces, guillemets, apostrophes)", () => {
  for (const [key, text] of Object.entries(rendered(messages("fr")))) {
    assert.doesNotMatch(text, / [:;?!»]/, `${key}: a plain space before high punctuation`);
    assert.doesNotMatch(text, /« /, `${key}: a plain space after «`);
    assert.doesNotMatch(text, /["']/, `${key}: straight quotes`);
    assert.doesNotMatch(text, /\d (Mio|minutes|millions|pièces)/, `${key}: a number's unit apart`);
  }
  assert.equal(messages("fr").whoIs("Bob"), "Qui est «\u00a0Bob\u00a0»\u00a0?");
});

Deno.test("messages(): an unknown language is English", () => {
  assert.equal(messages(undefined), messages("en"));
  assert.equal(messages("it"), messages("en"));
  assert.equal(messages("pt").langSet, "Vou responder em português.");
  assert.equal(messages("fr").langSet, "Je vous répondrai en français.");
});

Deno.test("langOf(): Telegram's language codes, regional ones included; English otherwise", () => {
  const cases: [string | undefined, Lang][] = [
    ["en", "en"],
    ["en-GB", "en"],
    ["es-AR", "es"],
    ["de", "de"],
    ["de-CH", "de"],
    ["fr", "fr"],
    ["fr-FR", "fr"],
    ["fr-CA", "fr"],
    ["FR", "fr"],
    ["pt", "pt"],
    ["pt-BR", "pt"],
    ["pt-PT", "pt"],
    ["it", "en"],
    ["", "en"],
    [undefined, "en"],
  ];
  for (const [code, lang] of cases) assert.equal(langOf(code), lang, String(code));
});
