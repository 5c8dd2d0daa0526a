/**
 * Test helpers: a local HTTP server that serves the recorded ECB files and
 * can be told to fail, a logger whose lines the test can read, and a
 * database with the rates tables.
 *
 * @module
 */
import { createLogger, type Logger } from "@kopek/platform";
import { createTestDatabase, type TestDatabase } from "@kopek/platform/testing";
import { ratesMigrate } from "./store.ts";

/** The recorded ECB daily file of 2022-07-08. */
export const DAILY_FILE = new URL("./testdata/eurofxref-daily-2022-07-08.xml", import.meta.url);
/** The recorded ECB 90-day file ending 2017-03-03. */
export const HISTORY_FILE = new URL("./testdata/eurofxref-hist-90d-2017.xml", import.meta.url);

/** How the server answers. */
export type ServerMode =
  | "ok"
  /** 500 Internal Server Error. */
  | "fail"
  /** Never answers (until the server closes). */
  | "hang"
  /** 200 with a truncated document. */
  | "malformed"
  /** 200 with an HTML page, as a captive portal would. */
  | "html";

/** A running test server. */
export interface RatesServer extends AsyncDisposable {
  /** The daily file's URL. */
  readonly dailyUrl: string;
  /** The 90-day file's URL. */
  readonly historyUrl: string;
  /** How it answers from now on. */
  mode: ServerMode;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  /** Replaces what a path serves in mode "ok". */
  files: Record<string, string>;
}

/** Starts a server on 127.0.0.1 and a free port, serving the recorded files. */
export async function startRatesServer(): Promise<RatesServer> {
  const files: Record<string, string> = {
    "/daily.xml": await Deno.readTextFile(DAILY_FILE),
    "/hist-90d.xml": await Deno.readTextFile(HISTORY_FILE),
  };
  const closing = Promise.withResolvers<void>();
  const state = { mode: "ok" as ServerMode, requests: [] as string[], files };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const path = new URL(request.url).pathname;
      state.requests.push(path);
      switch (state.mode) {
        case "fail":
          return new Response("boom", { status: 500 });
        case "hang":
          // Answers only when the server closes. (Not request.signal: without
          // --unstable-no-legacy-abort, reading it prints a warning.)
          await closing.promise;
          return new Response("too late", { status: 503 });
        case "malformed": {
          const text = state.files[path] ?? "";
          return xml(text.slice(0, Math.floor(text.length / 2)));
        }
        case "html":
          return new Response("<!DOCTYPE html><html><body>Log in</body></html>", {
            headers: { "content-type": "text/html" },
          });
        case "ok": {
          const text = state.files[path];
          return text === undefined ? new Response("not found", { status: 404 }) : xml(text);
        }
      }
    },
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    dailyUrl: `${base}/daily.xml`,
    historyUrl: `${base}/hist-90d.xml`,
    get mode() {
      return state.mode;
    },
    set mode(m: ServerMode) {
      state.mode = m;
    },
    get files() {
      return state.files;
    },
    set files(f: Record<string, string>) {
      state.files = f;
    },
    requests: state.requests,
    async [Symbol.asyncDispose]() {
      closing.resolve();
      await server.shutdown();
    },
  };
}

function xml(text: string): Response {
  return new Response(text, { headers: { "content-type": "text/xml; charset=utf-8" } });
}

/** A log line as pino wrote it. */
export type LogLine = { level: string; msg: string; [key: string]: unknown };

/** A logger at `debug` that keeps its lines in `lines` instead of printing them. */
export function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: "debug",
    name: "test",
    destination: { write: (s: string) => void lines.push(JSON.parse(s)) },
  });
  return { logger, lines };
}

/** A fresh database with the rates tables, dropped on dispose. */
export async function createRatesDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase("kopek_rates");
  try {
    await ratesMigrate(db.sql);
  } catch (e) {
    await db[Symbol.asyncDispose]();
    throw e;
  }
  return db;
}
