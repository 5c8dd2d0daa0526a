/**
 * Each bug the fuzz found, as one request (and its answer) that no longer depends on a seed.
 *
 * @module
 */
import assert from "node:assert/strict";
import { expenseBodies, settlementBody } from "./_kit/bodies.ts";
import { eventLog, type Fixture } from "./_kit/fixture.ts";
import { SOME_UUID } from "./_kit/garbage.ts";
import { cursorOf } from "./_kit/query.ts";

/** Each bug the fuzz found, as one request (and its answer) that no longer depends on a seed. */
export async function regressions(f: Fixture) {
  const g = `/v1/groups/${f.g}`;
  const raw = (
    method: string,
    path: string,
    body: string | Uint8Array,
    type = "application/json",
  ) =>
    fetch(f.base + path, {
      method,
      headers: { authorization: `Bearer ${f.anaToken}`, "content-type": type },
      body: typeof body === "string" ? body : new Uint8Array(body),
    }).then(async (r) => ({
      status: r.status,
      type: r.headers.get("content-type"),
      body: await r.json(),
    }));
  const before = await eventLog(f.db);

  // An unknown write path is a problem document too.
  const nowhere = await raw("POST", "/v1/nowhere", "{}");
  assert.deepEqual([nowhere.status, nowhere.type], [
    404,
    "application/problem+json; charset=utf-8",
  ]);

  // I-JSON: a field named twice (JSON.parse would keep the last) and a lone surrogate are malformed.
  const dup = await raw("PATCH", g, '{"name":"A","name":"B"}');
  assert.equal(dup.status, 400);
  assert.deepEqual(dup.body.errors, [{ path: "name", message: 'duplicate field "name"' }]);
  const lone = await raw(
    "POST",
    "/v1/auth/register",
    '{"email":"x@example.com","password":"\\ud800aaaaaaaaaa","displayName":"X"}',
  );
  assert.equal(lone.status, 400);
  assert.equal(lone.body.errors[0].path, "password");
  const utf16 = await raw("PATCH", g, '{"name":"A"}', "application/json; charset=utf-16");
  assert.equal(utf16.status, 415);

  // A JSON null is a body, not "no body": it removed the member.
  const remove = await raw("DELETE", `${g}/members/${f.D}`, "null");
  assert.equal(remove.status, 422);

  // Year 0000 passed the schema and then stalled the read models on PostgreSQL's date.
  const settle = { ...settlementBody(f), date: "0000-01-01" };
  const y0 = await raw("POST", `${g}/settlements`, JSON.stringify(settle));
  assert.deepEqual([y0.status, y0.body.errors[0].path], [422, "date"]);

  // A conversion beyond 15 digits was appended, and then no command on the group could load it.
  const huge = {
    ...expenseBodies(f)[4],
    total: { amount: "999999999999999", currency: "JPY" },
    paidBy: [{ memberId: f.B, amount: "999999999999999" }],
    fx: { rate: "1000000000000" },
  };
  const big = await raw("POST", `${g}/expenses`, JSON.stringify(huge));
  assert.deepEqual([big.status, big.body.code, big.body.errors[0].path], [
    422,
    "money.too_large",
    "fx.rate",
  ]);

  // Sync: a deep ifMatch overflowed the stack in String() (a 500 result); a target id that is
  // not a string was "not found"; a "__proto__" field was dropped instead of refused.
  const command = (body: string) =>
    `{"id":"${crypto.randomUUID()}","type":"member.update","groupId":"${f.g}","body":${body}}`;
  const sync = await raw(
    "POST",
    "/v1/sync",
    `{"commands":[${
      [
        command(
          `{"memberId":"${f.D}","name":"Dan","ifMatch":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
        ),
        command(`{"memberId":5,"name":"Dan"}`),
        command(`{"memberId":"${f.D}","name":"Dan","__proto__":null}`),
      ].join(",")
    }]}`,
  );
  assert.equal(sync.status, 200);
  assert.deepEqual(
    sync.body.results.map((
      r: { status: number; problem: { errors: unknown[] } },
    ) => [r.status, r.problem.errors]),
    [
      [422, [{ path: "ifMatch", message: 'must be a version, like "3"' }]],
      [422, [{ path: "memberId", message: "must be a UUID" }]],
      [422, [{ path: "", message: "unknown field(s): __proto__" }]],
    ],
  );

  // Reads: a forged cursor that PostgreSQL cannot take (NUL in a group name, a date in year 0)
  // passed the cursor schema and failed in SQL: a 500.
  const read = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(f.base + path, {
      headers: { authorization: `Bearer ${f.anaToken}`, ...headers },
    });
    return {
      status: res.status,
      type: res.headers.get("content-type"),
      retryAfter: res.headers.get("retry-after"),
      body: await res.json(),
    };
  };
  for (
    const path of [
      `/v1/groups?cursor=${cursorOf({ n: "\u0000", i: SOME_UUID })}`,
      `${g}/expenses?cursor=${cursorOf({ d: "0000-01-01", p: 1 })}`,
    ]
  ) {
    const forged = await read(path);
    assert.deepEqual([forged.status, forged.body.errors], [
      422,
      [{ path: "query.cursor", message: "is not a valid cursor" }],
    ], path);
  }

  // Not a bug, but the one 5xx the properties allow: a position the read models have not reached.
  const ahead = await read(g, { "Kopek-Min-Position": "999999999999999" });
  assert.deepEqual([ahead.status, ahead.body.code, ahead.retryAfter], [
    503,
    "position_not_reached",
    "1",
  ]);

  assert.equal((await eventLog(f.db)).count, before.count, "no request above appended an event");
}
