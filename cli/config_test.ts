import assert from "node:assert/strict";
import { ConfigError, databaseUrlRole, loadConfig } from "@kopek/platform";
import { MaintenanceConfig } from "./config.ts";

const OWNER = "postgres://kopek:owner-secret@db:5432/kopek";
const APP = "postgres://kopek_app:app-secret@pgbouncer:6432/kopek?prepare=false";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(MaintenanceConfig, env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => `${p.variable} ${p.message}`);
  }
  return [];
}

Deno.test("MaintenanceConfig takes the owner's URL with the services' one, or neither", () => {
  assert.deepEqual(problems({}), []);
  assert.deepEqual(problems({ KOPEK_DATABASE_URL: APP }), []);
  const both = loadConfig(MaintenanceConfig, {
    KOPEK_MIGRATION_DATABASE_URL: OWNER,
    KOPEK_DATABASE_URL: APP,
  });
  assert.equal(both.KOPEK_MIGRATION_DATABASE_URL, OWNER);
  assert.equal(databaseUrlRole(both.KOPEK_DATABASE_URL!), "kopek_app");
});

Deno.test("MaintenanceConfig refuses an owner's URL alone, or URLs that name no role", () => {
  assert.deepEqual(problems({ KOPEK_MIGRATION_DATABASE_URL: OWNER }), [
    "KOPEK_DATABASE_URL is required with KOPEK_MIGRATION_DATABASE_URL (it names the services' role)",
  ]);
  assert.match(
    problems({ KOPEK_MIGRATION_DATABASE_URL: OWNER, KOPEK_DATABASE_URL: "postgres://db/kopek" })
      .join(),
    /^KOPEK_DATABASE_URL must name its role \(postgres:\/\/ROLE:password@host\/db\)/,
  );
  assert.deepEqual(
    problems({ KOPEK_MIGRATION_DATABASE_URL: "postgres://db/kopek", KOPEK_DATABASE_URL: APP }),
    ["KOPEK_MIGRATION_DATABASE_URL must name its role (postgres://ROLE:password@host/db)"],
  );
  assert.deepEqual(
    problems({ KOPEK_MIGRATION_DATABASE_URL: "mysql://x", KOPEK_DATABASE_URL: APP }),
    [
      "KOPEK_MIGRATION_DATABASE_URL must be a postgres:// URL",
    ],
  );
});

Deno.test("databaseUrlRole() reads the URL's user name, decoded", () => {
  assert.equal(databaseUrlRole("postgres://kopek%40app:pw@h/db"), "kopek@app");
  assert.equal(databaseUrlRole("postgresql://h:5432/db"), undefined);
  assert.equal(databaseUrlRole("not a url"), undefined);
});
