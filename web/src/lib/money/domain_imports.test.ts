/**
 * The PWA bundles the server's pure money code from ../domain (`$domain/...`,
 * ADR 0011, revised). What it imports from there must stay pure: no zod, no
 * npm package, no server code, or the first load grows past its budget. This
 * test reads the import statements themselves, from every `$domain/` import
 * in src/ through everything those files import in turn.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const domain = resolve(web, "../domain");
/** The only places of domain/ the PWA may import from. */
const ALLOWED = ["money/", "ledger/", "payments/links.ts", "payments/epc.ts", "payments/iban.ts", "shared/categories.ts",
  "shared/attachment_limits.ts"];

const SPECIFIER = /(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']/g;

function specifiers(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(SPECIFIER)].map((m) => m[1] ?? m[2]);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Every domain file the PWA's sources reach, with what each imports. */
function reachable(): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const stack = sources(join(web, "src")).flatMap((file) =>
    specifiers(file).filter((s) => s.startsWith("$domain/")).map((s) =>
      join(domain, s.slice("$domain/".length))
    )
  );
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    const imports = specifiers(file);
    seen.set(file, imports);
    for (const s of imports) if (s.startsWith(".")) stack.push(resolve(dirname(file), s));
  }
  return seen;
}

describe("what the PWA imports from domain/", () => {
  it("stays in domain/money, domain/ledger, payments' links and shared/categories.ts, importing no package", () => {
    const files = reachable();
    expect(files.size).toBeGreaterThan(5);
    for (const [file, imports] of files) {
      const path = relative(domain, file);
      expect(ALLOWED.some((a) => path.startsWith(a)), path).toBe(true);
      expect(imports.filter((s) => !s.startsWith(".")), path).toEqual([]);
    }
  });
});
