import assert from "node:assert/strict";
import { foldersOf, migrationsOf } from "@kopek/platform";
import { PROJECTIONS } from "./projections/mod.ts";
import { projectorSchema } from "./migrate.ts";

Deno.test("each projection's migrations folder is the registry's, in apply order", () => {
  const projections = foldersOf(["projector"]).filter((f) => f.component !== "projector");
  assert.deepEqual(
    PROJECTIONS.map((p) => ({ component: `projector.${p.name}`, dir: p.migrations.href })),
    projections.map((f) => ({ component: f.component, dir: migrationsOf(f.component).dir.href })),
    "a new read model adds its folder to platform/schema/registry.ts (then deno task generate:tasks)",
  );
});

Deno.test("the projector's part of the database is the registry's projector folders", () => {
  assert.deepEqual(
    projectorSchema.migrations.map((m) => ({ component: m.component, dir: m.dir.href })),
    foldersOf(["projector"]).map((f) => ({
      component: f.component,
      dir: migrationsOf(f.component).dir.href,
    })),
  );
});
