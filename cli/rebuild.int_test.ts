/**
 * `kopek rebuild`, run as its deno.json task against a running Kopek: every
 * read model rebuilt blue/green while the server serves, the same answers
 * after, and clear refusals of bad arguments.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { PROJECTION_NAMES } from "@kopek/projector";
import { spawnTask, startForTest, walkthrough } from "@kopek/testing";

async function kopek(databaseUrl: string, dataDir: string, args: string[]) {
  const child = spawnTask("kopek", { KOPEK_DATABASE_URL: databaseUrl, KOPEK_DATA_DIR: dataDir }, {
    extraArgs: args,
  });
  const out = await child.output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("kopek rebuild --all swaps fresh read models in under a running Kopek", async () => {
  await using db = await createTestDatabase("kopek_rebuild_cli");
  const running = await startForTest(db.url);
  const dataDir = await Deno.makeTempDir({ prefix: "kopek-rebuild-" });
  try {
    const walk = await walkthrough(running.url);
    // Invites too (the owner lists them): two open, one revoked.
    const invites = `/v1/groups/${walk.groupId}/invites`;
    const made = [];
    for (const role of ["viewer", "auditor", "member"]) {
      const a = await walk.ana.post(invites, { role });
      assert.equal(a.status, 201);
      made.push(a.body.id as string);
    }
    assert.equal((await walk.ana.delete(`${invites}/${made[1]}`)).status, 200);
    const paths = [
      `/v1/groups/${walk.groupId}/balances`,
      `/v1/groups/${walk.groupId}/expenses`,
      `/v1/groups/${walk.groupId}`,
    ];
    const [{ head }] = await db.sql<{ head: string }[]>`
      SELECT max(position)::text AS head FROM events`;
    const wait = { "Kopek-Min-Position": head };
    const before = await Promise.all(paths.map((p) => walk.bob.get(p, wait)));
    for (const a of before) assert.equal(a.status, 200, JSON.stringify(a.body));
    const invitesBefore = await walk.ana.get(invites, wait);
    assert.deepEqual(
      invitesBefore.body.items.map((i: { status: string }) => i.status),
      ["active", "revoked", "active"],
    );

    const all = await kopek(db.url, dataDir, ["rebuild", "--all"]);
    assert.equal(all.code, 0, all.stdout + all.stderr);
    // Every read model, in name order.
    assert.match(
      all.stdout,
      new RegExp(`rebuilt ${[...PROJECTION_NAMES].sort().join(", ")} without downtime`),
    );
    const one = await kopek(db.url, dataDir, ["rebuild", "balances"]);
    assert.equal(one.code, 0, one.stdout + one.stderr);

    const after = await Promise.all(paths.map((p) => walk.bob.get(p, wait)));
    const strip = (b: Record<string, unknown>) => ({ ...b, asOf: null });
    assert.deepEqual(after.map((a) => strip(a.body)), before.map((a) => strip(a.body)));
    assert.deepEqual((await walk.ana.get(invites, wait)).body, invitesBefore.body);
    const [{ n }] = await db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'kopek\\_%'`;
    assert.equal(n, 0, "no build schema left");

    for (const args of [["rebuild"], ["rebuild", "nope"], ["rebuild", "--all", "groups"]]) {
      const bad = await kopek(db.url, dataDir, args);
      assert.equal(bad.code, 2, `${args.join(" ")}: ${bad.stdout}${bad.stderr}`);
      assert.match(bad.stderr, /name the read models to rebuild, or --all/);
    }
  } finally {
    await running.stop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});
