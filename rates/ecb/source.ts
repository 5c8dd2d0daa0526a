/**
 * The ECB adapter of the rate source port: the euro foreign exchange
 * reference rates the European Central Bank publishes each TARGET working
 * day around 16:00 CET.
 *
 * @module
 */
import {
  type FetchOptions,
  type Publication,
  type RateSource,
  RateSourceError,
} from "../source.ts";
import { parseEcbXml } from "./parse.ts";

/** The ECB's file of the latest publication. */
export const ECB_DAILY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";
/** The ECB's file of the last 90 days of publications. */
export const ECB_HISTORY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml";

/** Options of {@linkcode createEcbRateSource}. */
export interface EcbRateSourceOptions {
  /** The latest publication (default {@linkcode ECB_DAILY_URL}). */
  dailyUrl?: string;
  /** Recent history (default {@linkcode ECB_HISTORY_URL}). */
  historyUrl?: string;
  /** The name stored with the rates (default `"ecb"`). */
  name?: string;
  /** Largest response accepted, in bytes (default 10 MiB; the full history is ~2 MiB). */
  maxBytes?: number;
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

/**
 * A {@linkcode RateSource} reading the ECB's XML files: `scope: "latest"`
 * reads the daily file, `"history"` the 90-day file. It adds no timeout of
 * its own: the caller's `signal` carries one.
 *
 * @example
 * ```ts
 * const source = createEcbRateSource({ dailyUrl: "http://127.0.0.1:8081/daily.xml" });
 * const [latest] = await source.fetch({ signal: AbortSignal.timeout(10_000) });
 * ```
 */
export function createEcbRateSource(options: EcbRateSourceOptions = {}): RateSource {
  const dailyUrl = options.dailyUrl ?? ECB_DAILY_URL;
  const historyUrl = options.historyUrl ?? ECB_HISTORY_URL;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const doFetch = options.fetch ?? globalThis.fetch;
  return {
    name: options.name ?? "ecb",
    async fetch(fetchOptions: FetchOptions = {}): Promise<Publication[]> {
      const url = fetchOptions.scope === "history" ? historyUrl : dailyUrl;
      const signal = fetchOptions.signal;
      try {
        const response = await doFetch(url, {
          signal,
          headers: { accept: "application/xml, text/xml" },
        });
        if (!response.ok) {
          await response.body?.cancel();
          throw new RateSourceError(
            "http",
            `GET ${url} answered ${response.status} ${response.statusText}`.trimEnd(),
          );
        }
        return parseEcbXml(await readLimited(response, maxBytes, url));
      } catch (e) {
        if (e instanceof RateSourceError) throw e;
        if (signal?.aborted) {
          const reason = signal.reason;
          const timedOut = reason instanceof DOMException && reason.name === "TimeoutError";
          throw new RateSourceError(
            "timeout",
            timedOut ? `GET ${url} timed out` : `GET ${url} was aborted`,
            { cause: reason },
          );
        }
        throw new RateSourceError("network", `GET ${url} failed: ${errorMessage(e)}`, {
          cause: e,
        });
      }
    },
  };
}

/** The body as UTF-8 text, refusing more than `maxBytes`. */
async function readLimited(response: Response, maxBytes: number, url: string): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new RateSourceError("malformed", `GET ${url} sent more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new RateSourceError("malformed", `GET ${url} sent a body that is not UTF-8`);
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
