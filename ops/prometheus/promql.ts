/**
 * The metric names a PromQL expression reads, and the expressions of Kopek's
 * alert rules and Grafana dashboards: for the tests that fail when a query
 * names a family Kopek does not export (a renamed metric), ADR 0038.
 *
 * @module
 */
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
export const ALERTS = join(ROOT, "ops/prometheus/alerts.yml");
export const ALERTS_TEST = join(ROOT, "ops/prometheus/alerts_test.yml");
export const DASHBOARDS = join(ROOT, "ops/grafana/dashboards");

/** PromQL's keywords and the words that may stand where a name would. */
const KEYWORDS = new Set([
  "and",
  "or",
  "unless",
  "bool",
  "offset",
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "inf",
  "nan",
]);

/**
 * The metric names `expr` selects. Strings, Grafana variables (`$job`,
 * `$__rate_interval`), label matchers, ranges, grouping clauses and numbers
 * are taken out first; a word followed by `(` is a function or an aggregation.
 */
export function metricNames(expr: string): Set<string> {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\$\{?\w+\}?/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
    .replace(/\boffset\s+\S+/g, " ")
    .replace(/(^|[^A-Za-z_:0-9.])\d+(\.\d+)?([eE][+-]?\d+)?/g, "$1 ");
  const names = new Set<string>();
  for (const m of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = bare.slice(m.index! + m[0].length);
    if (/^\s*\(/.test(after)) continue;
    if (KEYWORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return names;
}

/** A YAML file as a value, through Python's PyYAML (as ops/compose_test.ts does). */
export async function readYaml(path: string): Promise<unknown> {
  const out = await new Deno.Command("python3", {
    args: [
      "-c",
      "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
      path,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** One alerting rule of alerts.yml. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** The alerting rules of ops/prometheus/alerts.yml. */
export async function alertRules(path = ALERTS): Promise<AlertRule[]> {
  const file = await readYaml(path) as { groups: { rules: AlertRule[] }[] };
  return file.groups.flatMap((g) => g.rules);
}

/** Every PromQL expression of a Grafana dashboard's panels and query variables. */
export function dashboardExpressions(dashboard: unknown): string[] {
  const exprs: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        if (key === "expr" && typeof v === "string") exprs.push(v);
        else if (key === "definition" && typeof v === "string") exprs.push(v);
        else walk(v);
      }
    }
  };
  walk(dashboard);
  return exprs.map((e) => e.replace(/^label_values\(\s*([^,)]+).*\)$/, "$1"));
}

/** The dashboards' JSON files, by name. */
export async function dashboards(dir = DASHBOARDS): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.endsWith(".json")) continue;
    found.set(entry.name, JSON.parse(await Deno.readTextFile(join(dir, entry.name))));
  }
  return found;
}

/** Every expression of the alerts and the dashboards, with where it is. */
export async function allExpressions(): Promise<{ where: string; expr: string }[]> {
  const out = (await alertRules()).map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }));
  for (const [name, dashboard] of await dashboards()) {
    for (const expr of dashboardExpressions(dashboard)) out.push({ where: name, expr });
  }
  return out;
}

/**
 * The sample names a `/metrics` text allows a query to select: each family of
 * a `# TYPE` line (a histogram's `_bucket`, `_sum` and `_count`, a summary's
 * `_sum` and `_count`), and every sample line's name.
 */
export function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\w+)/.exec(line);
    if (type) {
      const [, family, kind] = type;
      names.add(family);
      if (kind === "histogram") {
        for (const s of ["_bucket", "_sum", "_count"]) names.add(family + s);
      }
      if (kind === "summary") { for (const s of ["_sum", "_count"]) names.add(family + s); }
      continue;
    }
    const sample = /^([A-Za-z_:][A-Za-z0-9_:]*)[ {]/.exec(line);
    if (sample) names.add(sample[1]);
  }
  return names;
}
