/**
 * Sending a request and checking its answer against the fuzz's properties.
 *
 * @module
 */
import assert from "node:assert/strict";
import { awaitImport } from "@kopek/testing";
import { type Fixture, PASSWORD } from "./fixture.ts";
import { describe, type Req } from "./request.ts";
import { PRODUCES, ROUTES } from "../routes.ts";
import { assertInContract } from "./contract.ts";

const OP_OF = new Map(ROUTES.map((r) => [r.name, r.op]));

// ---------------------------------------------------------------------------
// Sending and checking

export interface Sent {
  readonly status: number;
  readonly contentType: string;
  // deno-lint-ignore no-explicit-any
  readonly json: any;
  readonly text: string;
  readonly headers: Headers;
}

export async function send(base: string, r: Req): Promise<Sent> {
  const res = await fetch(base + r.path, {
    method: r.method,
    headers: r.headers,
    body: r.body === undefined ? undefined : r.chunked
      ? ReadableStream.from(
        (function* (bytes) {
          for (let i = 0; i < bytes.length; i += 65_536) yield bytes.slice(i, i + 65_536);
        })(new Uint8Array(r.body)),
      )
      : new Uint8Array(r.body),
  });
  const contentType = res.headers.get("content-type") ?? "";
  // A live stream never ends: its status and headers are the answer.
  if (res.ok && contentType.startsWith("text/event-stream")) {
    await res.body?.cancel();
    return { status: res.status, contentType, json: undefined, text: "", headers: res.headers };
  }
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // checked below where JSON is required
  }
  return { status: res.status, contentType, json, text, headers: res.headers };
}

/**
 * The end of the import job a 202 queued, as the answer its request stands
 * for: a refused job as its 422 problem, a done one as the 202 (a job that
 * failed inside Kopek is a 500: a bug).
 */
export async function importEnd(f: Fixture, r: Req, queued: Sent): Promise<Sent> {
  const where = describe(r);
  assert.equal(queued.json?.status, "queued", where);
  assert.equal(queued.headers.get("location"), `/v1/imports/${queued.json?.id}`, where);
  const job = (await awaitImport(f.ana, queued.json.id)).body;
  if (job.status === "done") return queued;
  const problem = job.problem as { status: number };
  return {
    status: problem.status,
    contentType: "application/problem+json",
    json: problem,
    text: JSON.stringify(problem),
    headers: queued.headers,
  };
}

/**
 * The read models apply everything up to `head` (an event they cannot apply would stall them).
 * Each read waits the query side's bounded 2 s and answers 503 `position_not_reached` when the
 * projector is merely behind (a loaded CI machine): that is retried, for up to two minutes, so
 * that only a projector that stopped fails the test.
 */
export async function assertProjected(f: Fixture, head: number, where: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const read = await f.ana.get(`/v1/groups/${f.g}`, { "Kopek-Min-Position": String(head) });
    if (read.status === 200) return;
    const behind = read.status === 503 &&
      (read.body as { code?: string } | null)?.code === "position_not_reached";
    assert.ok(
      behind && Date.now() < deadline,
      `the read models did not reach ${head}: ${where} (${read.status})`,
    );
  }
}

function assertProblem(p: unknown, status: number, where: string) {
  assert.ok(p !== null && typeof p === "object", `${where}: the problem is not an object`);
  const doc = p as Record<string, unknown>;
  assert.equal(doc.status, status, `${where}: problem.status ${doc.status} ≠ ${status}`);
  for (const k of ["type", "title", "detail"]) {
    assert.equal(typeof doc[k], "string", `${where}: problem.${k} is not a string`);
  }
  assert.ok(Array.isArray(doc.errors), `${where}: problem.errors is not an array`);
  for (const e of doc.errors as unknown[]) {
    const fe = e as Record<string, unknown>;
    assert.ok(
      typeof fe?.path === "string" && typeof fe?.message === "string",
      `${where}: problem.errors entry ${JSON.stringify(e)} lacks path or message`,
    );
  }
}

/** Checks that the contract's row of the request's route lists the answer's status and code. */
export function assertAnswerInContract(r: Req, a: Sent) {
  const where = `${describe(r)}\n→ ${a.status} ${a.text.slice(0, 600)}`;
  assertInContract(OP_OF.get(r.route)!, r.path, a.status, a.json?.code, where);
}

/** Checks one answer to a write against the properties; answers whether it was a rejection. */
export function check(r: Req, a: Sent, before: number, after: number): boolean {
  const where = `${describe(r)}\n→ ${a.status} ${a.text.slice(0, 600)}`;
  assert.ok(a.status < 500, `5xx for bad input: ${where}`);
  let rejected = a.status >= 400;
  if (rejected) {
    assert.ok(
      a.contentType.startsWith("application/problem+json"),
      `error without application/problem+json (${a.contentType}): ${where}`,
    );
    assertProblem(a.json, a.status, where);
  } else {
    // A 204 (a client error logged) has no body at all.
    assert.ok(
      a.status === 204 || a.contentType.startsWith("application/json"),
      `2xx not JSON: ${where}`,
    );
    if (r.route === "sync") {
      const results = a.json?.results as { status: number; problem?: unknown }[];
      assert.ok(Array.isArray(results), `sync without results: ${where}`);
      for (const res of results) {
        assert.ok(res.status < 500, `sync result ${res.status}: ${where}`);
        if (res.status >= 400) assertProblem(res.problem, res.status, `sync result: ${where}`);
      }
      rejected = results.every((res) => res.status >= 400);
      for (const i of r.doomed) {
        if (results[i]) assert.ok(results[i].status >= 400, `sync command ${i} accepted: ${where}`);
      }
    }
  }
  if (rejected) assert.equal(after, before, `a rejected request appended events: ${where}`);
  if (r.mustReject) assert.ok(rejected, `bad input was accepted: ${where}`);
  if (r.expect) {
    assert.ok(r.expect.includes(a.status), `expected ${r.expect.join(" or ")}: ${where}`);
  }
  return rejected;
}

/**
 * Checks one answer to a read: no 5xx but the 503 of a position not reached
 * (with `Retry-After`), problem documents for errors, JSON (or an event
 * stream, or a 304) otherwise, `Kopek-Position` on every answer of the read
 * models, and no event appended, ever. Answers whether it was a rejection.
 */
export function checkRead(r: Req, a: Sent, before: number, after: number): boolean {
  const where = `${describe(r)}\n→ ${a.status} ${a.text.slice(0, 600)}`;
  const notReached = a.status === 503 && a.json?.code === "position_not_reached";
  assert.ok(a.status < 500 || notReached, `5xx for bad input: ${where}`);
  if (notReached) assert.ok(a.headers.get("retry-after"), `503 without Retry-After: ${where}`);
  const rejected = a.status >= 400;
  if (rejected) {
    assert.ok(
      a.contentType.startsWith("application/problem+json"),
      `error without application/problem+json (${a.contentType}): ${where}`,
    );
    assertProblem(a.json, a.status, where);
  } else if (a.status === 304) {
    assert.equal(a.text, "", `a 304 with a body: ${where}`);
  } else if (r.route === "GET live") {
    assert.equal(a.status, 200, where);
    assert.ok(a.contentType.startsWith("text/event-stream"), `live is no event stream: ${where}`);
  } else if (PRODUCES.has(r.route)) {
    assert.equal(a.status, 200, where);
    assert.ok(
      a.contentType.startsWith(PRODUCES.get(r.route)!),
      `2xx not ${PRODUCES.get(r.route)}: ${where}`,
    );
  } else {
    assert.equal(a.status, 200, where);
    assert.ok(a.contentType.startsWith("application/json"), `2xx not JSON: ${where}`);
    assert.ok(a.json !== undefined, `2xx whose JSON does not parse: ${where}`);
  }
  if (!rejected && r.route !== "GET openapi") {
    assert.match(a.headers.get("kopek-position") ?? "", /^\d+$/, `no Kopek-Position: ${where}`);
  }
  assert.equal(after, before, `a read appended events: ${where}`);
  if (r.mustReject) assert.ok(rejected, `bad input was accepted: ${where}`);
  if (r.expect) {
    assert.ok(r.expect.includes(a.status), `expected ${r.expect.join(" or ")}: ${where}`);
  }
  return rejected;
}

/**
 * What a request used up or changed: a refresh token that was not rotated
 * goes back into the pool (a rotated one is replaced by the new one), and a
 * password that a garbled body changed is changed back.
 */
export async function settle(f: Fixture, r: Req, a: Sent) {
  if (r.poolToken !== undefined && f.pools.taken.delete(r.poolToken)) {
    const presented = r.body !== undefined &&
      new TextDecoder().decode(r.body).includes(r.poolToken);
    if (presented && r.route === "refresh" && a.status === 200) {
      f.pools.refresh.push(a.json.refreshToken);
    } else if (!presented || (a.status >= 400 && a.status !== 401)) {
      // Not presented, or refused before the session was looked at: as good as it was.
      f.pools.refresh.push(r.poolToken);
    }
  }
  if (r.route === "password" && a.status === 200) {
    const sent = JSON.parse(new TextDecoder().decode(r.body)) as { newPassword: string };
    if (sent.newPassword === PASSWORD) return;
    const back = await fetch(`${f.base}/v1/me/password`, {
      method: "PUT",
      headers: { authorization: r.headers["authorization"], "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: sent.newPassword, newPassword: PASSWORD }),
    });
    await back.body?.cancel();
    assert.equal(back.status, 200, `changing the password back: ${describe(r)}`);
  }
}
