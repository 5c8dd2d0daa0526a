/**
 * axe-core (`@axe-core/playwright`) for the PWA's browser tests: the serious
 * and critical violations on a page, one line each. WCAG 2.5.3 (a control's
 * accessible name contains its visible label) is checked too, with axe's
 * `label-content-name-mismatch` rule, which axe leaves off by default.
 *
 * @module
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";

/** The serious and critical violations axe finds on the page, one line each, prefixed by `where`. */
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map((n) =>
        `${where}: ${v.id} (${v.impact}): ${v.help} at ${n.target.join(" ")}: ${
          n.failureSummary?.replace(/\s+/g, " ")
        }`
      )
    );
}
