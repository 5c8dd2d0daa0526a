/**
 * Finds user-visible text written into .svelte markup instead of the catalogues (ADR 0058):
 * text between tags, user-visible attributes (aria-label, title, placeholder, alt, a button's
 * value …) and string literals a text expression shows (`{busy ? "Saving" : "Save"}`), when
 * they hold a letter. Parsed with the Svelte compiler, so scripts, styles, class names and
 * bindings are never looked at. Used by hardcoded.test.ts.
 *
 * @module
 */
import { parse } from "svelte/compiler";

/** Attributes a person reads or hears. */
export const VISIBLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  "aria-label", "aria-description", "aria-placeholder", "aria-roledescription", "aria-valuetext",
  "title", "placeholder", "alt", "label", "summary",
]);

/**
 * Text that is the same in every language, so it needs no catalogue: the brand name, ISO 4217
 * currency codes and the like (three capitals), and text without a letter (symbols, digits,
 * punctuation) is never reported in the first place.
 */
export const ALLOWED: readonly RegExp[] = [
  /^Kopek$/, // the brand
  /^[A-Z]{3}$/, // a currency code (EUR, USD)
  /^(IBAN|BIC|EPC|QR|CSV|JSON|URL|ID)$/, // technical names shown as they are in every language
];

/** One hard-coded string: where, and what. */
export interface Finding {
  readonly line: number;
  readonly where: string;
  readonly text: string;
}

const LETTER = /\p{L}/u;

function allowed(text: string): boolean {
  const t = text.replace(/\s+/g, " ").trim();
  if (!LETTER.test(t)) return true;
  return ALLOWED.some((re) => re.test(t));
}

// deno-lint-ignore no-explicit-any
type Node = any;

/** The string literals an expression would show as text: itself, a ternary's branches, `a ?? "b"`. */
function shownLiterals(e: Node): Node[] {
  if (!e) return [];
  if (e.type === "Literal" && typeof e.value === "string") return [e];
  if (e.type === "TemplateLiteral") return e.quasis;
  if (e.type === "ConditionalExpression") return [...shownLiterals(e.consequent), ...shownLiterals(e.alternate)];
  if (e.type === "LogicalExpression") return [...shownLiterals(e.left), ...shownLiterals(e.right)];
  if (e.type === "BinaryExpression" && e.operator === "+") return [...shownLiterals(e.left), ...shownLiterals(e.right)];
  return [];
}

function literalText(n: Node): string {
  return n.type === "TemplateElement" ? n.value.cooked ?? "" : String(n.value);
}

/** Whether an attribute of element `el` is read by people. */
function visibleAttribute(el: Node, name: string): boolean {
  if (VISIBLE_ATTRIBUTES.has(name)) return true;
  if (name !== "value") return false;
  if (el.name === "button") return true;
  const type = el.attributes?.find((a: Node) => a.type === "Attribute" && a.name === "type");
  const t = Array.isArray(type?.value) ? type.value.map((v: Node) => v.data ?? "").join("") : "";
  return el.name === "input" && ["button", "submit", "reset"].includes(t);
}

/** The hard-coded user-visible strings of one .svelte source. */
export function findHardcoded(source: string): Finding[] {
  const ast = parse(source, { modern: true });
  const out: Finding[] = [];
  const lineOf = (pos: number) => source.slice(0, pos).split("\n").length;
  const report = (node: Node, where: string, text: string) => {
    if (!allowed(text)) out.push({ line: lineOf(node.start ?? 0), where, text: text.trim() });
  };
  const checkValue = (value: Node, where: string) => {
    const parts = value === true ? [] : Array.isArray(value) ? value : [value];
    for (const p of parts) {
      if (p.type === "Text") report(p, where, p.data);
      else if (p.type === "ExpressionTag") for (const l of shownLiterals(p.expression)) report(l, where, literalText(l));
    }
  };
  const walk = (node: Node, parent: Node) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n, parent);
      return;
    }
    if (node.type === "Text") report(node, `text in <${parent?.name ?? "?"}>`, node.data);
    else if (node.type === "ExpressionTag") {
      for (const l of shownLiterals(node.expression)) report(l, `expression in <${parent?.name ?? "?"}>`, literalText(l));
      return;
    }
    if (Array.isArray(node.attributes)) {
      for (const a of node.attributes) {
        if (a.type === "Attribute" && visibleAttribute(node, a.name)) checkValue(a.value, `${a.name}= on <${node.name}>`);
      }
    }
    for (const key of ["fragment", "nodes", "consequent", "alternate", "body", "pending", "then", "catch", "fallback"]) {
      if (node[key]) walk(node[key], node.type === "Fragment" ? parent : node.name ? node : parent);
    }
  };
  walk(ast.fragment, null);
  return out;
}
