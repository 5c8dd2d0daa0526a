/**
 * Builds `first_names.json`, the first names the parser knows for a stranger's name written in
 * lower case ("lunch 20 with kevin", "comida con marta", "kino mit stefan"), from the person
 * name lists of **`@faker-js/faker`** 10.6.0 (MIT, © Faker contributors): the generic, female and
 * male first names of its English, Spanish, German, French and Portuguese locales (en, en_AU, es,
 * es_MX, de, de_AT, de_CH, fr, fr_BE, fr_CH, pt_BR, pt_PT). Kept: names of one word, three
 * letters or more, as keys (lower case, no diacritics), none of the parser's grammar words.
 * Deterministic: the output is sorted.
 *
 * Run (the package unpacked with `npm pack @faker-js/faker@10.6.0` and `tar xzf`):
 * `deno run -A bot/parse/lexicon/build_names.ts FAKER_DIR > bot/parse/lexicon/first_names.json`
 *
 * @module
 */
import { keyOf } from "../text.ts";
import { isParserWord } from "../vocabulary.ts";

/** The faker locales read: the parser's five languages and their regional variants. */
const LOCALES = [
  ...["en", "en_AU", "es", "es_MX", "de", "de_AT", "de_CH"],
  ...["fr", "fr_BE", "fr_CH", "pt_BR", "pt_PT"],
] as const;

interface FirstNames {
  readonly generic?: readonly string[];
  readonly female?: readonly string[];
  readonly male?: readonly string[];
}

/** The sorted keys of the first names of `locales` (see the module's comment). */
export function buildNames(
  locales: Readonly<Record<string, { person?: { first_name?: FirstNames } }>>,
): string[] {
  const keys = new Set<string>();
  for (const locale of LOCALES) {
    const names = locales[locale]?.person?.first_name;
    for (
      const name of [...(names?.generic ?? []), ...(names?.female ?? []), ...(names?.male ?? [])]
    ) {
      const key = keyOf(name);
      if (/^\p{L}{3,}$/u.test(key) && !isParserWord(key)) keys.add(key);
    }
  }
  return [...keys].sort();
}

if (import.meta.main) {
  const dir = Deno.args[0];
  const { allLocales } = await import(`file://${dir}/dist/index.js`);
  const version = JSON.parse(await Deno.readTextFile(`${dir}/package.json`)).version;
  const about = `Built by bot/parse/lexicon/build_names.ts from the first names of ` +
    `@faker-js/faker ${version} (MIT, © Faker contributors). Do not edit by hand: change the ` +
    `script and run it again.`;
  // deno-lint-ignore no-console
  console.log(JSON.stringify({ about, names: buildNames(allLocales) }, null, 1));
}
