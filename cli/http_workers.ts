/**
 * The all-in-one's extra HTTP servers (ADR 0063): `KOPEK_HTTP_WORKERS - 1` Web Workers, each
 * serving the command and the query API on the main isolate's port (`SO_REUSEPORT`), on its own
 * thread. The main isolate keeps everything that must stay single (the projector, the rates,
 * import, scheduler and notifier workers, the embedded PostgreSQL's supervision, the bot) and the
 * one in-process bus, which the workers reach over their message ports (`worker_bus.ts`).
 *
 * @module
 */
import type { KeyValueBus, Logger } from "@kopek/platform";
import { serveBus } from "./worker_bus.ts";

/** What a worker gets to start. */
export interface WorkerStart {
  readonly kind: "start";
  readonly index: number;
  /** The all-in-one's variables (its schema's only), parsed again by the worker. */
  readonly env: Record<string, string | undefined>;
  /** The database the main isolate opened (the embedded server's URL included). */
  readonly databaseUrl: string;
  /** The secrets the main isolate generated or read. */
  readonly secrets: {
    readonly KOPEK_JWT_SECRET: string;
    readonly KOPEK_BOT_API_KEY: string;
    readonly KOPEK_VAPID_PUBLIC_KEY: string | undefined;
    readonly KOPEK_VAPID_PRIVATE_KEY: string | undefined;
  };
  readonly storagePaths: readonly string[];
  /** The port the main isolate listens on (bound with `SO_REUSEPORT`). */
  readonly port: number;
}

/** The secrets a worker gets, picked from the main isolate's configuration (nothing else). */
export function workerSecrets(parts: WorkerStart["secrets"]): WorkerStart["secrets"] {
  return {
    KOPEK_JWT_SECRET: parts.KOPEK_JWT_SECRET,
    KOPEK_BOT_API_KEY: parts.KOPEK_BOT_API_KEY,
    KOPEK_VAPID_PUBLIC_KEY: parts.KOPEK_VAPID_PUBLIC_KEY,
    KOPEK_VAPID_PRIVATE_KEY: parts.KOPEK_VAPID_PRIVATE_KEY,
  };
}

/** Messages to a worker. */
export type ToWorker =
  | WorkerStart
  | { readonly kind: "stop"; readonly graceMs: number }
  | { readonly kind: "answer"; readonly id: number; readonly value: unknown };

/** Messages from a worker. */
export type FromWorker =
  | { readonly kind: "listening" }
  | { readonly kind: "failed"; readonly message: string }
  | { readonly kind: "stopped"; readonly cut: number; readonly ms: number }
  | { readonly kind: "nudge"; readonly what: "projector" | "imports" | "scheduler" }
  | { readonly kind: "ask"; readonly id: number; readonly question: "projector loop" | "metrics" };

/**
 * `KOPEK_HTTP_WORKERS=auto`: one HTTP server per two cores, at most 4. The all-in-one shares its
 * cores with the projector and (embedded or local) PostgreSQL, which an append keeps as busy as
 * the HTTP side: on 2 cores a second server measured no gain (docs/performance.md, "Several
 * processes"), so `auto` is 1 there, and 1 whenever the count is unknown.
 */
export function httpServersFor(setting: "auto" | number, cores: number | undefined): number {
  if (setting !== "auto") return setting;
  if (!cores || !Number.isFinite(cores)) return 1;
  return Math.max(1, Math.min(4, Math.floor(cores / 2)));
}

/** What the main isolate answers for its workers. */
export interface MainSide {
  readonly bus: KeyValueBus;
  /** False when the workers use Valkey themselves: the bus then needs no bridge. */
  readonly bridgeBus: boolean;
  readonly logger: Logger;
  nudge(what: "projector" | "imports" | "scheduler"): void;
  projectorLoop(): Promise<{ ok: boolean; detail?: string }>;
  metrics(): Promise<string>;
}

/** Running HTTP workers. */
export interface HttpWorkers {
  /** How many run. */
  readonly count: number;
  /** Rejects when a worker fails after it started. */
  readonly failed: Promise<never>;
  /** Drains every worker's server within `graceMs`, closes their pools, ends the workers. */
  stop(graceMs: number): Promise<{ cut: number }>;
}

/** Starts `count` workers on `start.port`; resolves once each listens (rejects if one fails). */
export async function startHttpWorkers(
  count: number,
  start: Omit<WorkerStart, "kind" | "index">,
  main: MainSide,
): Promise<HttpWorkers> {
  const failed = Promise.withResolvers<never>();
  failed.promise.catch(() => {});
  const started: { worker: Worker; stopped: PromiseWithResolvers<number>; unbridge: () => void }[] =
    [];
  const listening: Promise<void>[] = [];
  for (let index = 1; index <= count; index++) {
    const worker = new Worker(new URL("./http_worker.ts", import.meta.url), {
      type: "module",
      name: `kopek-http-${index}`,
    });
    const stopped = Promise.withResolvers<number>();
    const ready = Promise.withResolvers<void>();
    let up = false;
    const unbridge = main.bridgeBus ? serveBus(main.bus, worker) : () => Promise.resolve();
    worker.addEventListener("message", (event: MessageEvent) => {
      const message = event.data as FromWorker;
      switch (message?.kind) {
        case "listening":
          up = true;
          ready.resolve();
          return;
        case "failed": {
          const error = new Error(`HTTP worker ${index} failed: ${message.message}`);
          if (up) failed.reject(error);
          else ready.reject(error);
          return;
        }
        case "stopped":
          stopped.resolve(message.cut);
          return;
        case "nudge":
          main.nudge(message.what);
          return;
        case "ask": {
          const answer = message.question === "metrics" ? main.metrics() : main.projectorLoop();
          answer.then((value) => worker.postMessage({ kind: "answer", id: message.id, value }));
          return;
        }
      }
    });
    worker.addEventListener("error", (event: ErrorEvent) => {
      event.preventDefault();
      const error = new Error(`HTTP worker ${index} crashed: ${event.message}`);
      main.logger.error({ err: error }, "HTTP worker crashed");
      if (up) failed.reject(error);
      else ready.reject(error);
      stopped.resolve(0);
    });
    worker.postMessage({ kind: "start", index, ...start } satisfies WorkerStart);
    started.push({ worker, stopped, unbridge: () => void unbridge() });
    listening.push(ready.promise);
  }
  const terminate = () => {
    for (const { worker, unbridge } of started) {
      unbridge();
      worker.terminate();
    }
  };
  try {
    await Promise.all(listening);
  } catch (e) {
    terminate();
    throw e;
  }
  let stopping: Promise<{ cut: number }> | undefined;
  return {
    count,
    failed: failed.promise,
    stop(graceMs) {
      stopping ??= (async () => {
        for (const { worker } of started) worker.postMessage({ kind: "stop", graceMs });
        // A worker that does not answer within the grace period and a margin is ended anyway.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<number>((resolve) => {
          timer = setTimeout(() => resolve(0), graceMs + 3_000);
        });
        const cuts = await Promise.all(
          started.map(({ stopped }) => Promise.race([stopped.promise, late])),
        );
        clearTimeout(timer);
        terminate();
        return { cut: cuts.reduce((a, b) => a + b, 0) };
      })();
      return stopping;
    },
  };
}
