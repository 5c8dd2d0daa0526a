// A stand-in for k6's `k6` module (testdata only): records checks and sleeps.
/** @type {{ name: string, ok: boolean, tags: unknown }[]} */
export const checks = [];
/** @type {number[]} */
export const sleeps = [];

/**
 * @param {unknown} value
 * @param {Record<string, (v: unknown) => boolean>} sets
 * @param {unknown} tags
 */
export function check(value, sets, tags) {
  let all = true;
  for (const [name, fn] of Object.entries(sets)) {
    const ok = fn(value);
    checks.push({ name, ok, tags });
    all &&= ok;
  }
  return all;
}

/** @param {number} seconds */
export function sleep(seconds) {
  sleeps.push(seconds);
}
