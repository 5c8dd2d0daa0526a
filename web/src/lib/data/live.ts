/**
 * `GET /v1/groups/{g}/live` read with fetch() and a stream reader (it needs
 * the Authorization header, which EventSource cannot send). Reconnects with
 * backoff, resumes with `Last-Event-ID` (from the last change, else from the
 * position `ready` said), and treats 45 s of silence (the server sends a
 * heartbeat every 15 s) as a dead connection.
 *
 * The server ends a stream with `event: end` when access ends (ADR 0021):
 * `removed` / `forbidden` stop following and call `onGone` (the page then
 * re-reads the group, whose 404 drops it from the cache); `token_expired` /
 * `session_ended` reconnect at once, the request refreshing the token first
 * (or finding the session gone: signed out, stopped). An instance that is
 * shutting down ends its streams with `event: shutdown` (ADR 0025): the
 * client reconnects within a second (spread at random, so that one instance's
 * clients do not all land on the next at once), to an instance still serving.
 * Only a connection that stayed up a while (or delivered a change) resets the backoff, so a stream
 * that keeps ending right away cannot make the client spin.
 *
 * @module
 */
import { requestRaw } from "../api/client.ts";
import { ApiError, SignedOutError } from "../api/errors.ts";

/** The state of a live connection, for a status line. */
export type LiveState = "connecting" | "live" | "retrying" | "stopped";

/** Why the server ended a stream (`event: end`). */
export type EndReason = "removed" | "forbidden" | "session_ended" | "token_expired";

const SILENCE_MS = 45_000;
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** A connection up this long worked: the next reconnect starts from the shortest backoff. */
const STEADY_MS = 10_000;

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
 * `onChange(position)` runs for each change (re-fetch with that position);
 * `onGone()` when the caller may no longer see the group (removed, or a 404
 * or 403 on connecting).
 */
export function followGroup(
  groupId: string,
  onChange: (position: number) => void,
  onState: (s: LiveState) => void = () => {},
  onGone: () => void = () => {},
): () => void {
  const stop = new AbortController();
  let lastId: string | null = null;
  let backoff = MIN_BACKOFF_MS;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(t);
        stop.signal.removeEventListener("abort", wake);
        globalThis.removeEventListener?.("online", wake);
        resolve();
      };
      const t = setTimeout(wake, ms);
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
      let readyAt = null as number | null;
      let ended = null as EndReason | null;
      let shutdown = false;
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
            readyAt = Date.now();
            // Nothing seen yet: resume from where the group stood, so a reconnect misses nothing.
            // The page's first read may have been answered before that position (a change landed
            // between it and this stream): handing the position on as a change makes the page
            // read at least that far, so nothing between the two is missed (ADR 0040).
            const at = Number(JSON.parse(e.data || "{}").position);
            const first = lastId === null && Number.isSafeInteger(at) && at > 0;
            if (first) lastId = String(at);
            onState("live");
            if (first) onChange(at);
          } else if (e.event === "change") {
            if (e.id) lastId = e.id;
            backoff = MIN_BACKOFF_MS;
            const position = Number(e.id ?? JSON.parse(e.data || "{}").position ?? 0);
            onChange(Number.isFinite(position) ? position : 0);
          } else if (e.event === "end") {
            ended = (JSON.parse(e.data || "{}").reason ?? "token_expired") as EndReason;
          } else if (e.event === "shutdown") {
            shutdown = true;
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
        if (e instanceof SignedOutError) {
          onState("stopped");
          return;
        }
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
          onGone();
          onState("stopped");
          return;
        }
      } finally {
        clearTimeout(silence);
        stop.signal.removeEventListener("abort", abortAttempt);
      }
      if (stop.signal.aborted) break;
      const steady = readyAt !== null && Date.now() - readyAt >= STEADY_MS;
      if (steady) backoff = MIN_BACKOFF_MS;
      if (ended === "removed" || ended === "forbidden") {
        onGone();
        onState("stopped");
        return;
      }
      onState("retrying");
      // A token that expired (or a session that ended) on a stream that worked: at once.
      if (ended !== null && steady) continue;
      // Its instance is stopping: soon, to another one.
      if (shutdown && steady) {
        await wait(Math.floor(Math.random() * 1_000));
        continue;
      }
      await wait(backoff + Math.floor(Math.random() * 500));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
    onState("stopped");
  })();

  return () => stop.abort();
}
