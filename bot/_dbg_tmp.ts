import { tokenize } from "./parse/text.ts";
import { correctTypos } from "./parse/spelling.ts";
import { categorize, isCategoryWord } from "./parse/category.ts";
import { isParserWord } from "./parse/vocabulary.ts";
for (const t of Deno.args) {
  const toks = correctTypos(tokenize(t), [], (k) => isParserWord(k) || isCategoryWord(k));
  console.log(t, "→", toks.map((x) => x.key).join("|"), categorize(toks.map((x) => x.key)));
}
