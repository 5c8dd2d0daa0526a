import assert from "node:assert/strict";
import { type ProcessWithEnv, tolerateRestrictedEnvEnumeration } from "./env_enumeration.ts";

/** A `process` whose env behaves like Deno's under `--allow-env=<list>`: named reads work, enumeration throws. */
function restrictedProcess(values: Record<string, string>): ProcessWithEnv {
  const env = new Proxy<Record<string, string | undefined>>({}, {
    get: (_t, key) => typeof key === "string" ? values[key] : undefined,
    has: (_t, key) => typeof key === "string" && key in values,
    set: (_t, key, value) => {
      values[String(key)] = String(value);
      return true;
    },
    deleteProperty: (_t, key) => delete values[String(key)],
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === "string" && key in values
        ? { value: values[key], enumerable: true, configurable: true, writable: true }
        : undefined,
    ownKeys: () => {
      throw new Deno.errors.NotCapable("Requires env access");
    },
  });
  return { env };
}

Deno.test("a restricted env enumerates as empty instead of throwing", () => {
  const process = restrictedProcess({ KOPEK_PORT: "8080" });
  assert.throws(() => Object.keys(process.env), Deno.errors.NotCapable);
  tolerateRestrictedEnvEnumeration(process);
  assert.deepEqual(Object.keys(process.env), []);
  assert.deepEqual({ ...process.env }, {});
});

Deno.test("named reads, writes and deletes still reach the original env", () => {
  const values: Record<string, string> = { KOPEK_PORT: "8080" };
  const process = restrictedProcess(values);
  tolerateRestrictedEnvEnumeration(process);
  assert.equal(process.env.KOPEK_PORT, "8080");
  assert.equal("KOPEK_PORT" in process.env, true);
  assert.equal(process.env.DEBUG, undefined);
  process.env.KOPEK_LOG_LEVEL = "warn";
  assert.equal(values.KOPEK_LOG_LEVEL, "warn");
  delete process.env.KOPEK_PORT;
  assert.equal("KOPEK_PORT" in values, false);
});

Deno.test("with unrestricted access the enumeration is unchanged", () => {
  const plain: ProcessWithEnv = { env: { A: "1", B: "2" } };
  tolerateRestrictedEnvEnumeration(plain);
  assert.deepEqual(Object.keys(plain.env).sort(), ["A", "B"]);
  assert.deepEqual({ ...plain.env }, { A: "1", B: "2" });
});

Deno.test("other errors of the enumeration still surface", () => {
  const broken: ProcessWithEnv = {
    env: new Proxy({}, {
      ownKeys: () => {
        throw new TypeError("broken");
      },
    }),
  };
  tolerateRestrictedEnvEnumeration(broken);
  assert.throws(() => Object.keys(broken.env), TypeError);
});

Deno.test("wrapping twice keeps one wrapper", () => {
  const process = restrictedProcess({});
  const first = tolerateRestrictedEnvEnumeration(process);
  assert.equal(tolerateRestrictedEnvEnumeration(process), first);
});

Deno.test("a process under --allow-env=<list> loads ioredis (whose debug enumerates process.env) only after the preload", async () => {
  // The Valkey adapter as the main module: loading it loads ioredis, and ioredis loads debug.
  const valkey = new URL("./cache/valkey.ts", import.meta.url).pathname;
  const preload = new URL("./preload.ts", import.meta.url).pathname;
  const run = (flags: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", ...flags, "--allow-env=DEBUG,NODE_V8_COVERAGE", valkey],
      stdout: "piped",
      stderr: "piped",
    }).output();
  const without = await run([]);
  assert.notEqual(without.code, 0, "Deno now allows the enumeration: the preload may go");
  assert.match(new TextDecoder().decode(without.stderr), /NotCapable: Requires env access/);
  const withPreload = await run([`--preload=${preload}`]);
  assert.equal(withPreload.code, 0, new TextDecoder().decode(withPreload.stderr));
});
