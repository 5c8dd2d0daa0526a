/**
 * One catch-up of every projection from zero, for a CPU profile of the
 * projector alone. Two steps, so that writing the history stays out of the
 * profile:
 *
 * 1. `deno run -A projector/bench/catchup_profile.ts write` writes a simulated
 *    history (KOPEK_BENCH_EVENTS events, default 50,000, as the catch-up bench)
 *    into a fresh database and prints its name;
 * 2. `deno run -A --cpu-prof --cpu-prof-dir=DIR projector/bench/catchup_profile.ts
 *    catchup NAME` resets every projection, catches up, prints events/s, and
 *    drops the database; then
 *    `deno run --allow-read ops/profile/top_frames.ts DIR/FILE.cpuprofile --top 25`;
 * 3. or `... catchup_profile.ts rebuild NAME`: the same history rebuilt by
 *    `kopek rebuild --all`'s path (blue/green builds, then the swap);
 * 4. or, after a `catchup` with KOPEK_PROFILE_KEEP=1, `... catchup_profile.ts floor NAME`: the
 *    least any catch-up could do, with the same CPU accounting: every event read once (a plain
 *    SELECT, decoded by the driver) and the read models' final rows written once into empty
 *    twins of their tables (`ops/bench/_rewrite.ts`).
 *
 * `catchup` runs the projector's loop (`start()`, as the service does) until
 * the head is applied; KOPEK_BENCH_RUNNER=rounds calls `runOnce()` instead.
 *
 * KOPEK_BENCH_BATCH sets `batchSize` (default 2,000), KOPEK_BENCH_CATCHUP_BATCH
 * `catchUpBatchSize` (the default of each path when unset); KOPEK_PROFILE_KEEP=1
 * keeps the database for the next run.
 *
 * @module
 */
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { connect } from "@kopek/platform";
import { testServerUrl, withDatabaseName } from "@kopek/platform/testing";
import { projectorMigrate } from "../migrate.ts";
import { createProjector } from "../projector.ts";
import { rebuildProjections } from "../rebuild.ts";
import { PROJECTION_NAMES } from "../projections/mod.ts";
import { writeSimulatedHistory } from "../testing/builder.ts";
import { drain, quietLogger, waitApplied } from "../testing/setup.ts";
import process from "node:process";
import { rewriteReadModels } from "../../ops/bench/_rewrite.ts";
import { selectAll } from "../../ops/bench/_select.ts";

/** User + system CPU of the server processes of this database's connections, in ms (Linux). */
async function backendCpuMs(sql: ReturnType<typeof connect>): Promise<number | null> {
  const rows = await sql<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
  try {
    const tick = 100; // USER_HZ
    let ms = 0;
    for (const { pid } of rows) {
      const fields = (await Deno.readTextFile(`/proc/${pid}/stat`)).split(") ")[1].split(" ");
      ms += (Number(fields[11]) + Number(fields[12])) * 1000 / tick;
    }
    return ms;
  } catch {
    return null;
  }
}

const [step, name] = Deno.args;
if (step === "write") {
  const events = Number(Deno.env.get("KOPEK_BENCH_EVENTS") ?? "50000");
  const db = `kopek_catchup_prof_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = connect(testServerUrl(), { max: 1 });
  await admin.unsafe(`CREATE DATABASE ${db}`);
  await admin.end();
  const sql = connect(withDatabaseName(testServerUrl(), db), { max: 10 });
  await migrate(sql);
  await projectorMigrate(sql);
  const { written } = await writeSimulatedHistory(createPostgresEventStore(sql), {
    events,
    groups: 100,
    members: 4,
    perAppend: 50,
    concurrency: 100,
    seed: 42,
  });
  await sql.end();
  // deno-lint-ignore no-console
  console.log(`${db} (${written} events)`);
} else if ((step === "catchup" || step === "rebuild" || step === "floor") && name) {
  const sql = connect(withDatabaseName(testServerUrl(), name), { max: 10 });
  const store = createPostgresEventStore(sql);
  const batchSize = Number(Deno.env.get("KOPEK_BENCH_BATCH") ?? "2000");
  const catchUp = Deno.env.has("KOPEK_BENCH_CATCHUP_BATCH")
    ? { catchUpBatchSize: Number(Deno.env.get("KOPEK_BENCH_CATCHUP_BATCH")) }
    : {};
  const logger = quietLogger();
  let run: () => Promise<number>;
  if (step === "catchup") {
    const head = await store.headPosition();
    const projector = createProjector({ sql, store, logger, batchSize, ...catchUp });
    for (const p of PROJECTION_NAMES) await projector.rebuild(p);
    run = Deno.env.get("KOPEK_BENCH_RUNNER") === "rounds"
      ? () => drain(projector, sql, head, 600_000)
      : async () => {
        // The projector's own loop (`start()`), as the service runs it.
        projector.start();
        await waitApplied(sql, head, 600_000);
        await projector.stop();
        const [{ n }] = await sql<{ n: number }[]>`
          SELECT count(*)::int AS n FROM events WHERE position <= ${head}`;
        return n;
      };
  } else if (step === "floor") {
    run = async () => {
      const read = await selectAll(sql, "all");
      await rewriteReadModels(sql);
      return read;
    };
  } else {
    // `kopek rebuild --all`: blue/green builds, then the swap.
    run = async () =>
      (await rebuildProjections({ sql, store, logger, batchSize, ...catchUp }, PROJECTION_NAMES))
        .events;
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  const applied = await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  // CPU time is less sensitive to the other load on a shared machine than wall time: the
  // projector's own, and its connections' server processes' (started lazily, during the run).
  const serverMs = await backendCpuMs(sql);
  const perK = (ms: number) => (ms / applied * 1000).toFixed(0);
  // deno-lint-ignore no-console
  console.log(
    `${step}: ${applied} events in ${seconds.toFixed(2)} s = ${
      Math.round(applied / seconds)
    } events/s; CPU per 1,000 events: projector ${
      perK((used.user + used.system) / 1000)
    } ms, server ${serverMs === null ? "?" : perK(serverMs)} ms`,
  );
  await sql.end();
  if (Deno.env.get("KOPEK_PROFILE_KEEP") !== "1") {
    const admin = connect(testServerUrl(), { max: 1 });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
} else {
  throw new Error(
    "usage: catchup_profile.ts write | catchup DATABASE | rebuild DATABASE | floor DATABASE",
  );
}
