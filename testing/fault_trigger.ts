/**
 * A test's `--preload` for a service process: on SIGUSR2, a fault nothing
 * catches, as `KOPEK_TEST_FAULT` says: `throw` (an exception thrown from a
 * timer) or `reject` (a rejected promise nobody awaits). Lets a test check
 * that a service exits non-zero on an unrecoverable state
 * (`fatal_exit.int_test.ts`). Never loaded outside tests.
 *
 * @module
 */
const fault = Deno.env.get("KOPEK_TEST_FAULT");
if (fault === "throw" || fault === "reject") {
  Deno.addSignalListener("SIGUSR2", () => {
    if (fault === "throw") {
      setTimeout(() => {
        throw new Error("injected fault: thrown");
      });
    } else {
      Promise.reject(new Error("injected fault: rejected"));
    }
  });
}
