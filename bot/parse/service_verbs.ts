/**
 * A payment service's name made a verb (keys): "venmoed", "payid'd", "gpayed", "zelled",
 * "twintet", "getwintet", "bizumeé", "bizumeado", "plineó", "pixei", "pixou": money handed over by that
 * service, as "paid" is. Pure.
 *
 * @module
 */

/** Verb endings of the five languages a service's name takes, longest first. */
const ENDINGS = [
  ...["eado", "eada", "easte", "ete", "ed", "'d", "et", "te", "ei", "ou", "ie", "ee", "eo"],
  ...["d", "t", "e"],
] as const;

/**
 * Whether `key` is a service's name (one of `services`, keys) with a verb ending, or with
 * German's participle "ge-" as well.
 *
 * @example
 * ```ts
 * isServiceVerb("twintet", new Set(["twint"])); // true
 * ```
 */
export function isServiceVerb(key: string, services: ReadonlySet<string>): boolean {
  if (key.length < 4) return false;
  const stems = key.startsWith("ge") ? [key, key.slice(2)] : [key];
  for (const stem of stems) {
    for (const ending of ENDINGS) {
      if (!stem.endsWith(ending)) continue;
      const name = stem.slice(0, stem.length - ending.length);
      // A doubled last consonant: "zelled", "pixxed".
      if (services.has(name) || (name.length > 2 && services.has(name.slice(0, -1)))) return true;
    }
  }
  return false;
}
