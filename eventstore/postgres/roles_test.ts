import assert from "node:assert/strict";
import { APPEND_ONLY_TABLES, quoteRole, READ_ONLY_TABLES } from "./roles.ts";

Deno.test("quoteRole() double-quotes any role name and doubles its quotes", () => {
  assert.equal(quoteRole("kopek_app"), '"kopek_app"');
  assert.equal(quoteRole('odd"name; DROP TABLE events'), '"odd""name; DROP TABLE events"');
  assert.equal(quoteRole("Kopek App"), '"Kopek App"');
  assert.throws(() => quoteRole(""));
  assert.throws(() => quoteRole("a\0b"));
});

Deno.test("the log and its keys are append-only for the app role, the migrations read-only", () => {
  assert.deepEqual([...APPEND_ONLY_TABLES], ["events", "command_log"]);
  assert.deepEqual([...READ_ONLY_TABLES], ["schema_migrations"]);
});
