/**
 * Lets Node-style code enumerate `process.env` under a restricted env
 * permission.
 *
 * Deno answers `Object.keys(process.env)` with `Deno.env.toObject()`, which
 * needs unrestricted `--allow-env`: with a list such as
 * `--allow-env=KOPEK_*` it throws `NotCapable`. The `debug` package, which
 * ioredis loads, enumerates `process.env` when it is imported, so without
 * this every service would need access to the whole environment
 * (denoland/deno#31071).
 *
 * {@linkcode tolerateRestrictedEnvEnumeration} wraps `process.env` so that
 * such an enumeration sees no variables instead of throwing. Everything else
 * (reading, writing, deleting a named variable) goes to the original object
 * unchanged and still needs its permission; with unrestricted env access the
 * enumeration is unchanged too.
 *
 * @module
 */

/** The part of Node's `process` this touches. */
export interface ProcessWithEnv {
  env: Record<string, string | undefined>;
}

/** Whether `process.env` has already been wrapped (wrapping twice is harmless but pointless). */
const WRAPPED = Symbol.for("kopek.envEnumerationTolerant");

/**
 * Replaces `process.env` with a view that enumerates as empty when the env
 * permission does not cover the whole environment. Returns the view.
 */
export function tolerateRestrictedEnvEnumeration(
  process: ProcessWithEnv,
): Record<string, string | undefined> {
  const original = process.env;
  if ((original as Record<symbol, unknown>)[WRAPPED]) return original;
  const view = new Proxy<Record<string | symbol, string | undefined>>({}, {
    get: (_target, key) => key === WRAPPED ? true : Reflect.get(original, key),
    has: (_target, key) => Reflect.has(original, key),
    set: (_target, key, value) => Reflect.set(original, key, value),
    deleteProperty: (_target, key) => Reflect.deleteProperty(original, key),
    defineProperty: (_target, key, attributes) => Reflect.defineProperty(original, key, attributes),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(original, key),
    ownKeys: () => {
      try {
        return Reflect.ownKeys(original);
      } catch (e) {
        if (e instanceof Deno.errors.NotCapable) return [];
        throw e;
      }
    },
  });
  process.env = view as Record<string, string | undefined>;
  return process.env;
}
