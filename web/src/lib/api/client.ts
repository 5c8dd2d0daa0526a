/**
 * The one HTTP client of the PWA (pages and service worker): same-origin
 * `/v1/...` requests with the bearer token, refreshing it shortly before it
 * expires or after a 401, problem+json turned into {@linkcode ApiError}.
 *
 * Refresh tokens rotate and work once, so refreshes are serialised across
 * tabs and the service worker by the Web Lock `kopek-refresh`; inside the
 * lock the session is read again, so a tab that waited uses the token
 * another one just got instead of spending the old refresh token twice.
 *
 * @module
 */
import { db, dropSession, loadSession, saveSession } from "../db.ts";
import type { Problem, Session } from "../types.ts";
import { ApiError, NetworkError, SignedOutError } from "./errors.ts";
import { guestOf } from "../guest.ts";

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

/** Options of one request. */
export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** The version for `If-Match`. */
  ifMatch?: number;
  /** Read-your-writes: wait until the read models applied this position. */
  minPosition?: number;
  /** Send the bearer token (default true). */
  auth?: boolean;
  signal?: AbortSignal;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** A body sent as it is (a file), with its media type, instead of JSON. */
  raw?: { body: Blob; type: string };
}

/** A successful answer. */
export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Headers;
  /** `Kopek-Position`, when the answer carries one. */
  position: number | null;
}

function expiringSoon(s: Session, now = Date.now()): boolean {
  return new Date(s.expiresAt).getTime() - now < REFRESH_MARGIN_MS;
}

/** Runs `f` holding a cross-tab lock where Web Locks exist. */
export async function withLock<T>(name: string, f: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return f();
  return locks.request(name, f) as Promise<T>;
}

async function readProblem(res: Response): Promise<Problem> {
  const type = res.headers.get("content-type") ?? "";
  try {
    if (type.includes("json")) {
      const body = await res.json();
      if (body && typeof body === "object") return { status: res.status, ...body } as Problem;
    }
    const text = await res.text();
    return { status: res.status, detail: text.slice(0, 300) || `${res.status} ${res.statusText}` };
  } catch {
    return { status: res.status, detail: `${res.status} ${res.statusText}` };
  }
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch (e) {
    if ((e as Error)?.name === "AbortError") throw e;
    throw new NetworkError(e);
  }
}

/**
 * Gets a fresh session: refreshes (under the lock) unless another context
 * already did. `failedToken` is the access token a 401 refused, if any.
 * A refused refresh signs out ({@linkcode SignedOutError}).
 */
export async function refreshSession(failedToken?: string): Promise<Session> {
  return await withLock("kopek-refresh", async () => {
    const current = await loadSession();
    if (!current) throw new SignedOutError({ status: 401, detail: "You are signed out" });
    const stale = failedToken !== undefined ? current.token === failedToken : expiringSoon(current);
    if (!stale) return current;
    // A guest (ADR 0059) has no refresh token: it opens its link again.
    const guest = guestOf(current);
    if (guest) {
      const res = await send("/v1/guest-sessions", {
        method: "POST",
        headers: { "Content-Type": "application/json; charset=utf-8", Accept: "application/json" },
        body: JSON.stringify({ token: guest.linkToken }),
      });
      if (res.status === 401) {
        const problem = await readProblem(res);
        await dropSession();
        throw new SignedOutError(problem);
      }
      if (!res.ok) throw new ApiError(res.status, await readProblem(res), res.headers);
      const next = { ...current, ...(await res.json()), guest } as Session;
      await saveSession(next);
      return next;
    }
    const res = await send("/v1/auth/refresh", {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", Accept: "application/json" },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    });
    if (res.status === 401) {
      const problem = await readProblem(res);
      await dropSession();
      throw new SignedOutError({ ...problem, detail: "Your session ended: please sign in again" });
    }
    if (!res.ok) throw new ApiError(res.status, await readProblem(res), res.headers);
    const next = (await res.json()) as Session;
    await saveSession(next);
    return next;
  });
}

/** The access token to send now, refreshed first when it is about to expire. */
async function accessToken(): Promise<string> {
  const s = await loadSession();
  if (!s) throw new SignedOutError({ status: 401, detail: "You are signed out" });
  if (!expiringSoon(s)) return s.token;
  try {
    return (await refreshSession()).token;
  } catch (e) {
    // Offline: the old token may still have a minute left; the request will tell.
    if (e instanceof NetworkError) return s.token;
    throw e;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });
}

/**
 * How long reads wait for this device's own latest write: far longer than
 * the read models lag, short enough that a floor from a server that was
 * reset since cannot stall reads for long.
 */
const WRITE_FLOOR_MS = 60_000;

interface WriteFloor {
  position: number;
  at: number;
}

/**
 * Notes the event position of a write this device made (the outbox sender
 * calls it before the cache shows the write). For a while every read asks
 * for at least that position (read-your-writes across tabs and the service
 * worker): a group opened the moment its create synced must not be read
 * from before it, where it does not exist yet (a 404 drops it from the cache
 * and stops its live stream).
 */
export async function sawWrite(position: number): Promise<void> {
  if (!Number.isSafeInteger(position) || position <= 0) return;
  await db.transaction("rw", db.kv, async () => {
    const old = (await db.kv.get("written"))?.value as WriteFloor | undefined;
    if (!old || position > old.position || Date.now() - old.at >= WRITE_FLOOR_MS) {
      await db.kv.put({ key: "written", value: { position, at: Date.now() } satisfies WriteFloor });
    }
  });
}

/** The position reads ask for at least: this device's latest write, while it is recent. */
async function writeFloor(): Promise<number> {
  const floor = (await db.kv.get("written"))?.value as WriteFloor | undefined;
  return floor && Date.now() - floor.at < WRITE_FLOOR_MS ? floor.position : 0;
}

/** Builds the headers of a request. */
function headersOf(options: RequestOptions, token: string | null): Record<string, string> {
  const h: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (options.raw) h["Content-Type"] = options.raw.type;
  else if (options.body !== undefined) h["Content-Type"] = "application/json; charset=utf-8";
  if (token) h.Authorization = `Bearer ${token}`;
  if (options.ifMatch !== undefined) h["If-Match"] = `"${options.ifMatch}"`;
  if (options.minPosition !== undefined && options.minPosition > 0) {
    h["Kopek-Min-Position"] = String(options.minPosition);
  }
  return h;
}

/**
 * Sends a request to the API and returns the raw response once it is OK
 * (for downloads and streams); errors as {@linkcode request}.
 */
export async function requestRaw(path: string, options: RequestOptions = {}): Promise<Response> {
  const auth = options.auth ?? true;
  let token = auth ? await accessToken() : null;
  if ((options.method ?? "GET") === "GET") {
    options = { ...options, minPosition: Math.max(options.minPosition ?? 0, await writeFloor()) };
  }
  // A Blob can be sent again (the retry after a refresh), unlike a stream.
  const body = options.raw?.body ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  for (let attempt = 0;; attempt++) {
    const res = await send(path, {
      method: options.method ?? "GET",
      headers: headersOf(options, token),
      body,
      signal: options.signal,
      cache: "no-store",
    });
    if (res.ok) return res;
    if (res.status === 401 && auth && attempt === 0 && token) {
      await res.body?.cancel();
      token = (await refreshSession(token)).token;
      continue;
    }
    // Read-your-writes not reached yet: the server says when to retry.
    if (res.status === 503 && attempt < 3) {
      const problem = await readProblem(res);
      if (problem.code === "position_not_reached") {
        await sleep(Number(res.headers.get("retry-after") ?? "1") * 1000, options.signal);
        continue;
      }
      throw new ApiError(res.status, problem, res.headers);
    }
    const problem = await readProblem(res);
    if (res.status === 429) {
      const after = res.headers.get("retry-after");
      problem.detail = `Too many requests${after ? `: try again in ${after} s` : ""}`;
    }
    throw new ApiError(res.status, problem, res.headers);
  }
}

/**
 * Sends a JSON request to the API.
 *
 * @throws {ApiError} for an error answer, {@linkcode NetworkError} when offline,
 *   {@linkcode SignedOutError} when the session ended.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const res = await requestRaw(path, options);
  const text = await res.text();
  const position = res.headers.get("kopek-position");
  return {
    status: res.status,
    data: (text ? JSON.parse(text) : null) as T,
    headers: res.headers,
    position: position === null ? null : Number(position),
  };
}
