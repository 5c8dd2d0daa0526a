import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import settings from "../../../project.inlang/settings.json" with { type: "json" };

const root = join(import.meta.dirname, "messages");
const locales: string[] = settings.locales;
const areas = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

type Message = string | { declarations?: string[]; selectors?: string[]; match: Record<string, string> }[];

function load(area: string, locale: string): Record<string, Message> {
  const { $schema: _, ...messages } = JSON.parse(readFileSync(join(root, area, `${locale}.json`), "utf8"));
  return messages;
}

/** The placeholders a message uses: `{name}` in its texts and its `input` declarations. */
function placeholders(message: Message): string[] {
  const found = new Set<string>();
  const texts = typeof message === "string" ? [message] : message.flatMap((v) => Object.values(v.match));
  for (const t of texts) for (const [, name] of t.matchAll(/\{(\w+)\}/g)) found.add(name);
  if (typeof message !== "string") {
    for (const v of message) {
      for (const d of v.declarations ?? []) {
        const input = /^input (\w+)$/.exec(d);
        if (input) found.add(input[1]);
      }
    }
  }
  return [...found].sort();
}

describe("the catalogues (src/lib/i18n/messages/<area>/<locale>.json)", () => {
  it("are all listed in project.inlang/settings.json", () => {
    const patterns = settings["plugin.inlang.messageFormat"].pathPattern;
    expect([...patterns].sort()).toEqual(areas.map((a) => `./src/lib/i18n/messages/${a}/{locale}.json`));
  });

  for (const area of areas) {
    it(`${area}: every key in every locale, with the same placeholders, named ${area}_…`, () => {
      const base = load(area, settings.baseLocale);
      for (const key of Object.keys(base)) expect(key).toMatch(new RegExp(`^${area}_[a-z0-9_]+$`));
      for (const locale of locales) {
        const messages = load(area, locale);
        expect(Object.keys(messages).sort(), `${area}/${locale}.json keys`).toEqual(Object.keys(base).sort());
        for (const [key, message] of Object.entries(messages)) {
          expect(placeholders(message), `${area}/${locale}.json ${key}`).toEqual(placeholders(base[key]));
          const texts = typeof message === "string" ? [message] : message.flatMap((v) => Object.values(v.match));
          for (const t of texts) expect(t.trim(), `${area}/${locale}.json ${key} is empty`).not.toBe("");
        }
      }
    });
  }

  it("make plurals with Intl.PluralRules", async () => {
    const { m } = await import("./mod.ts");
    expect(m.common_members_count({ count: 1 }, { locale: "en" })).toBe("1 member");
    expect(m.common_members_count({ count: 2 }, { locale: "de" })).toBe("2 Mitglieder");
    expect(m.common_members_count({ count: 1 }, { locale: "es" })).toBe("1 miembro");
  });
});
