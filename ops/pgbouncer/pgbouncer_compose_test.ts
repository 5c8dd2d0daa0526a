/**
 * ops/pgbouncer/pgbouncer.compose.ini (compose.yaml's PgBouncer) is a configuration PgBouncer
 * starts with: Debian's PgBouncer runs it, with only its address, port and auth file moved to this
 * machine, and must listen without a warning or an error (an unknown or misspelt setting is one).
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { waitForPort, within } from "@kopek/platform/testing";
import { chownToPostgres, isRoot } from "../../platform/testing/own_cluster.ts";
import { freePort } from "../../platform/testing/free_port.ts";

const INI = fileURLToPath(new URL("./pgbouncer.compose.ini", import.meta.url));

async function hasPgbouncer(): Promise<boolean> {
  try {
    return (await new Deno.Command("pgbouncer", { args: ["--version"], stdout: "null" }).output())
      .success;
  } catch {
    return false;
  }
}

/** Replaces the one line `name = …` of the ini, failing when it is not there exactly once. */
function setting(ini: string, name: string, value: string): string {
  const line = new RegExp(`^${name}\\s*=.*$`, "gm");
  assert.equal(ini.match(line)?.length, 1, `${name} in pgbouncer.compose.ini`);
  return ini.replace(line, `${name} = ${value}`);
}

Deno.test({
  name: "PgBouncer starts with the compose configuration and listens, without a warning",
  ignore: !(await hasPgbouncer()),
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "kopek-pgbouncer-compose-" });
    const port = freePort();
    let ini = await Deno.readTextFile(INI);
    ini = setting(ini, "listen_addr", "127.0.0.1");
    ini = setting(ini, "listen_port", String(port));
    ini = setting(ini, "auth_file", `${dir}/userlist.txt`);
    await Deno.writeTextFile(`${dir}/pgbouncer.ini`, ini);
    await Deno.writeTextFile(`${dir}/userlist.txt`, '"kopek_app" "example"\n');
    await chownToPostgres(dir, true);
    const [cmd, args] = isRoot()
      ? ["runuser", ["-u", "postgres", "--", "pgbouncer", `${dir}/pgbouncer.ini`]]
      : ["pgbouncer", [`${dir}/pgbouncer.ini`]];
    const child = new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).spawn();
    const output = child.output();
    // Rejects when PgBouncer exits; handled here, since it does at the end of every run.
    const exited = output.then((out) => {
      throw new Error(`PgBouncer exited: ${new TextDecoder().decode(out.stderr)}`);
    });
    exited.catch(() => {});
    try {
      await within(
        10_000,
        "PgBouncer listening",
        Promise.race([waitForPort(port, Infinity), exited]),
      );
    } finally {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
      const out = await output.catch(() => undefined);
      await Deno.remove(dir, { recursive: true });
      if (out) {
        const log = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
        assert.doesNotMatch(log, /WARNING|ERROR|FATAL/, log);
      }
    }
  },
});
