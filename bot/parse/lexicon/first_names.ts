/**
 * First names (`first_names.json`, built by `build_names.ts` from `@faker-js/faker`'s person
 * names in the five languages): whether a word written in lower case where a name goes is
 * somebody's name ("with kevin") rather than a thing ("with oat milk"). Pure.
 *
 * @module
 */
import names from "./first_names.json" with { type: "json" };

let keys: ReadonlySet<string> | undefined;

/** Whether a key is a first name of the list ("kevin", "marta", "joao"). */
export function isFirstName(key: string): boolean {
  keys ??= new Set(names.names);
  return keys.has(key);
}
