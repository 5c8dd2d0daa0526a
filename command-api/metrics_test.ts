import assert from "node:assert/strict";
import { createMetricsRegistry, problem, ProblemError } from "@kopek/platform";
import { createMemoryCommandApi } from "./_memory_testing.ts";
import type { CommandRequest, CommandResult, CommandRunner } from "./commands.ts";
import { groupNoticeCounter, instrumentCommands } from "./metrics.ts";

const ACTOR = { userId: "u", via: null };
const ANSWER: CommandResult = { created: true, body: {}, etag: null };

function request(type: string): CommandRequest {
  return { type, groupId: null, targetId: null, body: {} } as unknown as CommandRequest;
}

/** A runner answering or throwing what `outcome` gives for the type. */
function fake(outcome: (type: string) => CommandResult | Error): CommandRunner {
  return {
    run: (r) => {
      const o = outcome(r.type);
      return o instanceof Error ? Promise.reject(o) : Promise.resolve(o);
    },
  };
}

function sample(text: string, name: string, labels: string): number {
  const escaped = `${name}{${labels}}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`^${escaped} (\\d+)$`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

Deno.test("instrumentCommands() counts accepted, replayed and refused commands by type and reason, passing answers and errors through", async () => {
  const registry = createMetricsRegistry({ process: false });
  const conflict = new ProblemError(problem(409, "no", { code: "version_conflict" }));
  const runner = instrumentCommands(
    fake((type) => {
      if (type === "group.create") return ANSWER;
      if (type === "group.update") return { ...ANSWER, replayed: true };
      if (type === "member.add") return conflict;
      return new Error("boom");
    }),
    registry,
  );
  assert.equal(await runner.run(request("group.create"), ACTOR, null), ANSWER);
  await runner.run(request("group.create"), ACTOR, null);
  assert.equal((await runner.run(request("group.update"), ACTOR, null)).replayed, true);
  await assert.rejects(runner.run(request("member.add"), ACTOR, null), (e) => e === conflict);
  await assert.rejects(runner.run(request("expense.void"), ACTOR, null), /boom/);
  const text = await registry.metrics();
  assert.equal(sample(text, "kopek_commands_accepted_total", 'command="group.create"'), 2);
  assert.equal(sample(text, "kopek_commands_replayed_total", 'command="group.create"'), 0);
  assert.equal(sample(text, "kopek_commands_accepted_total", 'command="group.update"'), 1);
  assert.equal(sample(text, "kopek_commands_replayed_total", 'command="group.update"'), 1);
  assert.equal(
    sample(text, "kopek_commands_refused_total", 'command="member.add",reason="version_conflict"'),
    1,
  );
  assert.equal(
    sample(text, "kopek_commands_refused_total", 'command="expense.void",reason="unexpected"'),
    1,
  );
});

Deno.test("instrumentCommands() bounds its labels: an odd command type counts as other", async () => {
  const registry = createMetricsRegistry({ process: false });
  const runner = instrumentCommands(fake(() => ANSWER), registry);
  await runner.run(request("Robert'); DROP TABLE"), ACTOR, null);
  const text = await registry.metrics();
  assert.equal(sample(text, "kopek_commands_accepted_total", 'command="other"'), 1);
  // Twice on one registry: the families are shared, not registered again.
  const again = instrumentCommands(fake(() => ANSWER), registry);
  await again.run(request("group.create"), ACTOR, null);
  assert.equal(
    sample(await registry.metrics(), "kopek_commands_accepted_total", 'command="group.create"'),
    1,
  );
});

Deno.test("the command API counts its writes on the registry it is given: a retry with the same key is a replay", async () => {
  const registry = createMetricsRegistry({ process: false });
  const api = createMemoryCommandApi({ metrics: registry });
  const ana = await api.user("Ana");
  const key = { "idempotency-key": crypto.randomUUID() };
  const body = { name: "Flat", currency: "EUR" };
  assert.equal((await ana.send("POST", "/v1/groups", body, key)).status, 201);
  assert.equal((await ana.send("POST", "/v1/groups", body, key)).status, 201);
  assert.equal((await ana.send("POST", "/v1/groups", { name: "" })).status, 422);
  const text = await registry.metrics();
  assert.equal(sample(text, "kopek_commands_accepted_total", 'command="group.create"'), 2);
  assert.equal(sample(text, "kopek_commands_replayed_total", 'command="group.create"'), 1);
  assert.equal(
    sample(text, "kopek_commands_refused_total", 'command="group.create",reason="validation"'),
    1,
  );
});

Deno.test("groupNoticeCounter() counts notices by outcome, each a series from the first scrape", async () => {
  const registry = createMetricsRegistry({ process: false });
  const count = groupNoticeCounter(registry);
  assert.equal(
    sample(await registry.metrics(), "kopek_group_notices_total", 'outcome="marked"'),
    0,
  );
  count("marked");
  count("marked");
  groupNoticeCounter(registry)("dropped", 3); // the same family on the same registry
  const text = await registry.metrics();
  assert.equal(sample(text, "kopek_group_notices_total", 'outcome="marked"'), 2);
  assert.equal(sample(text, "kopek_group_notices_total", 'outcome="dropped"'), 3);
  assert.match(text, /^kopek_group_notices_total\{outcome="caught_up"\} 0$/m);
});
