/**
 * `GET /v1/groups/{g}/live` read with fetch() and a stream reader (it needs
 * the Authorization header, which EventSource cannot send). Reconnects with
 * backoff, resumes with `Last-Event-ID`, and treats 45 s of silence (the
 * server sends a heartbeat every 15 s) as a dead connection.
 *
 * @module
 */
import { requestRaw } from "../api/client.ts";
import { ApiError, SignedOutError } from "../api/errors.ts";

/** The state of a live connection, for a status line. */
export type LiveState = "connecting" | "live" | "retrying" | "stopped";

const SILENCE_MS = 45_000;
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/** One parsed server-sent event. */
export interface SseEvent {
  event: string;
  id: string | null;
  data: string;
}

/** Splits a text stream into server-sent events (WHATWG rules, enough of them). */
export function createSseParser(onEvent: (e: SseEvent) => void): (chunk: string) => void {
  let buffer = "";
  let event = "";
  let id: string | null = null;
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith("\r\n", nl) ? 2 : 1));
      if (line === "") {
        if (data.length > 0 || event) onEvent({ event: event || "message", id, data: data.join("\n") });
        event = "";
        data = [];
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "id") id = value;
    }
  };
}

/**
 * Follows a group's changes until the returned function is called.
 * `onChange(position)` runs for each change (re-fetch with that position).
 */
export function followGroup(
  groupId: string,
  onChange: (position: number) => void,
  onState: (s: LiveState) => void = () => {},
): () => void {
  const stop = new AbortController();
  let lastId: string | null = null;
  let backoff = MIN_BACKOFF_MS;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      const wake = () => {
        clearTimeout(t);
        resolve();
      };
      stop.signal.addEventListener("abort", wake, { once: true });
      // Back online: try at once.
      globalThis.addEventListener?.("online", wake, { once: true });
    });

  (async () => {
    while (!stop.signal.aborted) {
      const attempt = new AbortController();
      const abortAttempt = () => attempt.abort();
      stop.signal.addEventListener("abort", abortAttempt, { once: true });
      let silence: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(silence);
        silence = setTimeout(() => attempt.abort(), SILENCE_MS);
      };
      try {
        onState(lastId === null ? "connecting" : "retrying");
        arm();
        const res = await requestRaw(`/v1/groups/${groupId}/live`, {
          headers: lastId ? { Accept: "text/event-stream", "Last-Event-ID": lastId } : { Accept: "text/event-stream" },
          signal: attempt.signal,
        });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        const parse = createSseParser((e) => {
          if (e.event === "ready") {
            backoff = MIN_BACKOFF_MS;
            onState("live");
          } else if (e.event === "change") {
            if (e.id) lastId = e.id;
            const position = Number(e.id ?? JSON.parse(e.data || "{}").position ?? 0);
            onChange(Number.isFinite(position) ? position : 0);
          }
        });
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          arm();
          parse(value);
        }
      } catch (e) {
        if (stop.signal.aborted) break;
        if (e instanceof SignedOutError || (e instanceof ApiError && (e.status === 404 || e.status === 403))) {
          onState("stopped");
          return;
        }
      } finally {
        clearTimeout(silence);
        stop.signal.removeEventListener("abort", abortAttempt);
      }
      if (stop.signal.aborted) break;
      onState("retrying");
      await wait(backoff + Math.floor(Math.random() * 500));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
    onState("stopped");
  })();

  return () => stop.abort();
}
