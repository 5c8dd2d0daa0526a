/**
 * The shared scenarios (`scenarios.js`) driven by hand, without a server:
 * what they send, how they retry, what they check.
 */
import assert from "node:assert/strict";
import {
  balancesRequest,
  checkReply,
  createGroupRequest,
  expensesRequest,
  loginRequest,
  monthlyReportRequest,
  recordExpenseRequest,
  registerRequest,
  type Reply,
  type Scenario,
  type Session,
  signUp,
  type Step,
  uuidv7,
  writeExpense,
} from "./scenarios.js";

const session: Session = { token: "t0k", groupId: "g1", memberId: "m1" };

/** Drives `scenario` with `answer` for each request; answers the steps it yielded and its result. */
function drive<T>(
  scenario: Scenario<T>,
  answer: (step: Step & { kind: "request" }, n: number) => Reply,
): { steps: Step[]; result: T } {
  const steps: Step[] = [];
  let n = 0;
  let next = scenario.next();
  while (!next.done) {
    steps.push(next.value);
    next = scenario.next(next.value.kind === "request" ? answer(next.value, n++) : undefined);
  }
  return { steps, result: next.value };
}

const reply = (
  status: number,
  body: unknown = {},
  headers: Record<string, string> = {},
): Reply => ({
  status,
  body,
  headers,
});

Deno.test("uuidv7: a version-7 UUID with the RFC 9562 variant, its time first", () => {
  const id = uuidv7(0x0193_1234_5678);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(id.startsWith("01931234-5678-7"));
  assert.notEqual(uuidv7(), uuidv7());
});

Deno.test("writeExpense: retried with the same id and body, after Retry-After, until acknowledged", () => {
  const { steps, result } = drive(
    writeExpense(session, "dinner"),
    (_, n) =>
      n === 0
        ? reply(503, { code: "database_unavailable" }, { "retry-after": "2" })
        : n === 1
        ? reply(0)
        : reply(201, { id: "x", version: 1, position: 42 }),
  );
  const requests = steps.filter((s) => s.kind === "request");
  assert.equal(requests.length, 3);
  for (const r of requests) {
    assert.equal(r.method, "POST");
    assert.equal(r.path, "/v1/groups/g1/expenses");
    assert.equal(r.headers.authorization, "Bearer t0k");
    assert.deepEqual(r.body, requests[0].body);
  }
  const body = requests[0].body as { id: string; total: unknown; paidBy: unknown };
  assert.equal(body.id, result.id);
  assert.deepEqual(body.total, { amount: "12.34", currency: "EUR" });
  assert.deepEqual(
    steps.filter((s) => s.kind === "sleep").map((s) => s.seconds),
    [2, 0.2],
    "Retry-After honoured, then the backoff",
  );
  assert.deepEqual(result, { id: result.id, acked: true, position: 42, sends: 3, status: 201 });
  const checks = steps.flatMap((s) => s.kind === "checks" ? Object.entries(s.checks) : []);
  assert.ok(checks.every(([, ok]) => ok), JSON.stringify(checks));
  assert.ok(checks.some(([name]) => name === "record expense: 503 carries Retry-After"));
});

Deno.test("writeExpense: a 4xx is the answer, not retried; the policy bounds the retries", () => {
  const refused = drive(writeExpense(session, "x"), () => reply(422, { code: "validation" }));
  assert.equal(refused.result.acked, false);
  assert.equal(refused.result.sends, 1);
  const bounded = drive(
    writeExpense(session, "x", { attempts: 3, maxRetryAfterS: 1, backoffS: 0 }),
    () => reply(503, {}, { "retry-after": "30" }),
  );
  assert.equal(bounded.result.sends, 3);
  assert.deepEqual(
    bounded.steps.filter((s) => s.kind === "sleep").map((s) => s.seconds),
    [1, 1],
    "Retry-After capped by the policy",
  );
  const all = drive(
    writeExpense(session, "x", { attempts: 2, maxRetryAfterS: 1, backoffS: 0, retryAll: true }),
    () => reply(500),
  );
  assert.equal(all.result.sends, 2, "retryAll retries a 500 too");
});

Deno.test("writeExpense: nothing is sent once giveUp holds, a deadline passed during the pause included", () => {
  let deadlinePassed = false;
  const scenario = writeExpense(session, "x", {
    attempts: Infinity,
    maxRetryAfterS: 5,
    backoffS: 0.2,
    retryAll: true,
    giveUp: () => deadlinePassed,
  });
  const steps: Step[] = [];
  let next = scenario.next();
  while (!next.done) {
    steps.push(next.value);
    // The drain deadline passes while the writer waits out the Retry-After.
    if (next.value.kind === "sleep") deadlinePassed = true;
    next = scenario.next(
      next.value.kind === "request" ? reply(503, {}, { "retry-after": "1" }) : undefined,
    );
  }
  assert.deepEqual(steps.map((s) => s.kind), ["request", "checks", "sleep", "checks"]);
  assert.deepEqual(next.value, {
    id: next.value.id,
    acked: false,
    position: 0,
    sends: 1,
    status: 503,
  });
  const last = steps.at(-1)!;
  assert.ok(last.kind === "checks" && last.checks["record expense: status 201"] === false);
});

Deno.test("signUp: register, login, a group with its own id, read back with Kopek-Min-Position", () => {
  const { steps, result } = drive(signUp("t"), (step) => {
    if (step.name === "register") return reply(201, { token: "first" });
    if (step.name === "login") return reply(200, { token: "tok" });
    if (step.name === "create group") {
      const id = (step.body as { id: string }).id;
      return reply(201, { id, memberId: "m9", version: 1, position: 7 });
    }
    return reply(200, { members: [] }, { "kopek-position": "7" });
  });
  const requests = steps.flatMap((s) => s.kind === "request" ? [s] : []);
  assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), [
    "POST /v1/auth/register",
    "POST /v1/auth/login",
    "POST /v1/groups",
    `GET /v1/groups/${result.groupId}/balances`,
  ]);
  assert.equal(requests[2].headers.authorization, "Bearer tok");
  assert.equal(requests[3].headers["kopek-min-position"], "7");
  assert.equal(result.token, "tok");
  assert.equal(result.memberId, "m9");
});

Deno.test("checkReply: the contract's checks of an answer", () => {
  const read = {
    kind: "request" as const,
    name: "balances (min position)",
    method: "GET" as const,
    path: "/v1/groups/g1/balances",
    headers: { "kopek-min-position": "10" },
    expect: [200],
  };
  const good = checkReply(
    read,
    reply(200, {
      members: [{ balance: { amount: "-1.50" } }, { balance: { amount: "1.50" } }],
    }, { "kopek-position": "12" }),
  );
  assert.ok(Object.values(good).every(Boolean), JSON.stringify(good));
  const behind = checkReply(read, reply(200, { members: [] }, { "kopek-position": "9" }));
  assert.equal(behind["balances (min position): Kopek-Position >= Kopek-Min-Position"], false);
  const unbalanced = checkReply(
    read,
    reply(200, { members: [{ balance: { amount: "1.00" } }] }, { "kopek-position": "12" }),
  );
  assert.equal(unbalanced["balances: members' balances sum to zero"], false);
  const failed = checkReply(read, reply(500));
  assert.deepEqual(failed, { "balances (min position): status 200": false });
});

Deno.test("request names: usable in a k6 threshold's tag selector (no comma, brace or colon)", () => {
  const steps = [
    registerRequest("a@example.com", "A"),
    loginRequest("a@example.com"),
    createGroupRequest("t", uuidv7(), "G"),
    recordExpenseRequest(session, uuidv7(), "x"),
    balancesRequest(session),
    balancesRequest(session, 1),
    expensesRequest(session),
    expensesRequest(session, 1),
    monthlyReportRequest(session),
  ];
  for (const step of steps) assert.doesNotMatch(step.name, /[,{}:]/, step.name);
});
