/**
 * The topology test (`deno task test:topology`, ADR 0031): Kopek's
 * distributed setup from native processes on this machine, under the load
 * driver's write and report scenarios (ops/load, ADR 0033) through a real
 * load balancer, while its parts are
 * killed and restarted; then every acknowledged write exists exactly once,
 * `kopek verify` passes, reports come from the replica again, PgBouncer never
 * lost a server answer, and a restore from the base backup plus the WAL
 * archive holds every acknowledged event.
 *
 * The setup: a PostgreSQL primary of its own (`initdb`, WAL archived into a
 * folder), a streaming replica with a replication slot (the reporting
 * connection), PgBouncer in transaction mode (every service connects through
 * it, `?prepare=false`), a Valkey of its own, HAProxy routing GET to 2 query
 * APIs and every other method to 2 command APIs, 2 projectors, the rates
 * worker fetching recorded ECB files from a local mirror (`rates.ts`), and
 * the bot polling the Telegram stand-in (`bot.ts`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { connect } from "../../platform/db.ts";
import {
  chownToPostgres,
  ownClusterBinariesPresent,
  startOwnCluster,
} from "../../platform/testing/own_cluster.ts";
import {
  replicaBinariesPresent,
  startStreamingReplica,
} from "../../platform/testing/streaming_replica.ts";
import { within } from "../../platform/testing/within.ts";
import { startTask } from "@kopek/testing";
import {
  checkWrites,
  describeData,
  type KopekProcess,
  prepareTarget,
  spawnKopek,
  startValkey,
  valkeyPresent,
  waitStatus,
} from "../faults/harness.ts";
import { describeLatency, type Sample, startReads, startWrites } from "../load/driver.ts";
import { readReport } from "../load/scenarios.js";
import { haproxyPresent, startHaproxy } from "./haproxy.ts";
import { pgBouncerPresent, startPgBouncer } from "./pgbouncer.ts";
import { startTopologyRates } from "./rates.ts";
import { BOT_API_ENV, startTopologyBot } from "./bot.ts";
import { archiveCurrentWal, archiveSettings, baseBackup, restoreFromArchive } from "./restore.ts";

/** What a fault waits for before the next one: the load must go on. */
const ACKS_BETWEEN_FAULTS = 100;
const PROGRESS_MS = 60_000;
/** How long the replica stays down. */
const REPLICA_DOWN_MS = 5_000;

async function missing(): Promise<string | false> {
  if (!(await ownClusterBinariesPresent()) || !(await replicaBinariesPresent())) {
    return "PostgreSQL 15 binaries (initdb, pg_basebackup) not installed";
  }
  if (!(await pgBouncerPresent())) return "PgBouncer not installed";
  if (!(await haproxyPresent())) return "HAProxy not installed";
  if (!(await valkeyPresent())) return "redis-server not installed";
  return false;
}

/** `status: count` of the answers that were not 2xx. */
function errorsByStatus(samples: readonly Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) {
    if (s.status === 200 || s.status === 201) continue;
    const key = `${s.status}${s.code ? ` ${s.code}` : ""}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}: ${n}`).join(", ") || "none";
}

/** Where a process says it is ready: the projector's own `/healthz`, the APIs' `/readyz`. */
function probe(p: KopekProcess): string {
  return `${p.base}/${p.task === "serve:projector" ? "healthz" : "readyz"}`;
}

function portOf(p: KopekProcess): string {
  return new URL(p.base).port;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The services' pools: 10 connections each (platform/db.ts), 6 services, and the rates worker's 2. */
const SERVICE_CONNECTIONS = 62;

/** The whole run with PgBouncer's pool at `poolSize` server connections. */
async function topologyRun(poolSize: number): Promise<void> {
  const figures: string[] = [
    `PgBouncer pool: ${poolSize} server connections for up to ${SERVICE_CONNECTIONS} client ones`,
  ];
  const t0 = performance.now();
  const work = await Deno.makeTempDir({ prefix: "kopek-topology-" });
  await chownToPostgres(work);
  const archive = `${work}/archive`;
  await Deno.mkdir(archive);
  await chownToPostgres(archive);
  const cleanups: (() => Promise<unknown>)[] = [];
  const processes: KopekProcess[] = [];
  try {
    const primary = await startOwnCluster({ settings: archiveSettings(archive) });
    cleanups.push(() => primary.close());
    const admin = connect(primary.url(), { max: 1 });
    cleanups.push(() => admin.end({ timeout: 2 }));
    await admin`CREATE DATABASE kopek`;
    await baseBackup(primary.port, `${work}/base`);
    const backupAt = new Date().toISOString();

    const replica = await startStreamingReplica({
      primaryPort: primary.port,
      slot: "kopek_reports",
    });
    cleanups.push(() => replica.close());
    const pgbouncer = await startPgBouncer({ serverPort: primary.port, poolSize });
    cleanups.push(() => pgbouncer.close());
    const valkey = await startValkey();
    cleanups.push(() => valkey.close());

    // Migrations as a deployment runs them: `kopek migrate` on the primary, before the services.
    const migrateDir = `${work}/migrate-data`;
    const migrate = startTask("migrate", {
      KOPEK_DATABASE_URL: primary.url("kopek"),
      KOPEK_DATA_DIR: migrateDir,
      KOPEK_LOG_LEVEL: "warn",
    });
    const migrated = await within(120_000, "kopek migrate", migrate.finished());
    assert.ok(migrated.success, `kopek migrate failed:\n${migrate.text}`);

    const env = {
      KOPEK_DATABASE_URL: pgbouncer.url("kopek"),
      KOPEK_REPORTING_DATABASE_URL: replica.url("kopek"),
      KOPEK_VALKEY_URL: valkey.url,
      ...BOT_API_ENV,
    };
    const spawn = (task: string, port?: string) => {
      const p = spawnKopek(task, port ? { ...env, KOPEK_PORT: port } : env);
      processes.push(p);
      return p;
    };
    // One after another, each ready before the next: six Deno processes loading the same
    // node_modules at once failed now and then to load a module (`Unable to load`).
    const ready = async (task: string) => {
      const p = spawn(task);
      await waitStatus(probe(p), 200, 120_000, p);
      return p;
    };
    const spawnWith = (task: string, more: Record<string, string>) => {
      const p = spawnKopek(task, { ...env, ...more });
      processes.push(p);
      return p;
    };
    const rates = await startTopologyRates(spawnWith, figures);
    cleanups.push(() => rates.close());
    const command = [await ready("serve:command-api"), await ready("serve:command-api")];
    const query = [await ready("serve:query-api"), await ready("serve:query-api")];
    const projectors = [await ready("serve:projector"), await ready("serve:projector")];
    const haproxy = await startHaproxy({
      command: command.map((p) => Number(portOf(p))),
      query: query.map((p) => Number(portOf(p))),
    });
    cleanups.push(() => haproxy.close());
    const bot = await startTopologyBot(spawnWith, haproxy.base, figures);
    cleanups.push(() => bot.close());
    figures.push(`setup: ${seconds(performance.now() - t0)}`);

    // Replica lag, sampled on the primary while the load runs.
    let maxLagBytes = 0;
    let maxLagS = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows = await admin<{ bytes: string | null; s: number | null }[]>`
            SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS bytes,
                   extract(epoch FROM replay_lag)::float8 AS s
            FROM pg_stat_replication`.catch(() => []);
        for (const r of rows) {
          maxLagBytes = Math.max(maxLagBytes, Number(r.bytes ?? 0));
          maxLagS = Math.max(maxLagS, r.s ?? 0);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    const target = await prepareTarget(haproxy.base);
    await rates.check(target, "before the faults");
    await bot.link(target.client);
    await bot.send("Add 50 for food");
    const reportUrl = `/v1/groups/${target.groupId}/reports/monthly?from=2026-11&to=2026-11`;
    // The load is the shared scenarios of ops/load (ADR 0033), run by the Deno driver: 8 writers
    // recording expenses with ids of their own, each retried with its id until acknowledged.
    const load = startWrites(haproxy.base, target, { writers: 8 });
    // Report readers through the balancer all along: the replica's outage is one they see.
    const reads = startReads(haproxy.base, target, (s) => readReport(s), { readers: 2 });
    const loadStart = performance.now();
    const progress = (what: string) => load.moreAcks(ACKS_BETWEEN_FAULTS, PROGRESS_MS, what);
    try {
      await progress("before the faults");
      const restart = async (old: KopekProcess, what: string) => {
        old.signal("SIGKILL");
        await old.status;
        const again = spawn(old.task, portOf(old));
        await waitStatus(probe(again), 200, 120_000, again);
        await progress(`after ${what}`);
        return again;
      };
      bot.sendInBackground("Add 7 for taxi"); // in flight while a command API dies
      command[0] = await restart(command[0], "SIGKILL of a command API");
      query[0] = await restart(query[0], "SIGKILL of a query API");
      projectors[0] = await restart(projectors[0], "SIGKILL of a projector");

      await replica.stop("fast");
      await new Promise((r) => setTimeout(r, REPLICA_DOWN_MS));
      await replica.start();
      await progress("after the replica's restart");

      await valkey.kill();
      await valkey.start();
      await progress("after Valkey's restart");
      await rates.check(target, "after Valkey's restart");
      await rates.newDay(haproxy.base, target.token);
    } finally {
      const unacked = await load.stop();
      await reads.stop();
      sampling = false;
      await sampler;
      figures.push(
        `load: ${
          seconds(performance.now() - loadStart)
        }, ${load.acked.size} writes acknowledged, ` +
          `${load.samples.length} requests (${describeLatency(load.samples)}), ` +
          `errors by status: ${
            errorsByStatus(load.samples)
          }, never acknowledged: ${unacked.length}`,
      );
      figures.push(
        `report reads during the faults: ${reads.samples.length} (${
          describeLatency(reads.samples)
        }), errors by status: ${errorsByStatus(reads.samples)}`,
      );
      figures.push(`replica lag seen: up to ${maxLagBytes} bytes, ${maxLagS.toFixed(2)} s`);
    }

    // Every acknowledged write exactly once.
    const data = await checkWrites(primary.url("kopek"), load);
    figures.push(`data: ${describeData(data)}`);
    assert.equal(data.lost, 0, describeData(data));
    assert.equal(data.doubled, 0, describeData(data));

    // A report read from the replica, once it has replayed the last acknowledged write.
    const reportStart = performance.now();
    while (true) {
      const report = await fetch(`${haproxy.base}${reportUrl}`, {
        headers: {
          authorization: `Bearer ${target.token}`,
          "kopek-min-position": String(load.lastPosition),
        },
      });
      const body = await report.json().catch(() => ({}));
      // Served by the replica (`Kopek-Served-By`) once it has replayed the last acknowledged write.
      const servedBy = report.headers.get("kopek-served-by");
      if (report.status === 200 && servedBy === "replica") break;
      if (performance.now() - reportStart > PROGRESS_MS) {
        assert.fail(
          `no report from the replica: ${report.status} ${servedBy} ${JSON.stringify(body)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    figures.push(
      `report from the replica after the load: ${seconds(performance.now() - reportStart)}`,
    );

    await bot.checkRecorded(primary.url("kopek"), target.client, target.groupId);

    // The replica came back on its slot.
    const [slot] = await admin<{ active: boolean }[]>`
      SELECT active FROM pg_replication_slots WHERE slot_name = 'kopek_reports'`;
    assert.ok(slot?.active, "the replica does not stream from its slot");

    // `kopek verify` recomputes every hash chain.
    const verify = startTask("kopek", {
      KOPEK_DATABASE_URL: primary.url("kopek"),
      KOPEK_DATA_DIR: migrateDir,
      KOPEK_LOG_LEVEL: "warn",
    }, ["verify"]);
    const verified = await within(120_000, "kopek verify", verify.finished());
    assert.ok(verified.success, `kopek verify failed:\n${verify.text}`);

    const log = await pgbouncer.log();
    const notLinked = log.split("\n").filter((l) => l.includes("when not linked")).length;
    figures.push(`PgBouncer "got packet from server when not linked": ${notLinked}`);
    assert.equal(notLinked, 0, "PgBouncer dropped a server answer (a pipelined query)");

    // Point-in-time restore: the base backup of the start plus the WAL archive.
    await archiveCurrentWal(admin);
    const restored = await restoreFromArchive({
      backup: `${work}/base`,
      archive,
      dir: `${work}/restored`,
    });
    cleanups.push(() => restored.close());
    const after = await checkWrites(restored.url("kopek"), load);
    figures.push(
      `restore (base backup of ${backupAt} + archive): ${seconds(restored.restoreMs)}, ${
        describeData(after)
      }`,
    );
    assert.equal(after.lost, 0, `the restore lost writes: ${describeData(after)}`);
    assert.equal(after.doubled, 0, describeData(after));
    figures.push(`total: ${seconds(performance.now() - t0)}`);
  } finally {
    await Deno.stdout.write(
      new TextEncoder().encode(
        `\nThe topology test's figures:\n${figures.map((f) => `  ${f}`).join("\n")}\n`,
      ),
    );
    await Promise.all(processes.map((p) => p.stop()));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

const skip = await missing();
for (
  const [what, poolSize] of [
    ["a pool of 20", 20],
    ["a pool smaller than the services' concurrency (2)", 2],
  ] as const
) {
  Deno.test({
    name: `topology: under write load while its parts die and return, PgBouncer with ${what}${
      skip ? ` (skipped: ${skip})` : ""
    }`,
    ignore: Boolean(skip),
    sanitizeResources: false,
    sanitizeOps: false,
    fn: () => topologyRun(poolSize),
  });
}
