/**
 * The access-control matrix: every route of the OpenAPI route table ×
 * every kind of caller (each role, a signed-in outsider, a removed member,
 * no token, an expired token, a token signed with another key, guests of a
 * guest link of this group and of another) gets exactly
 * the status API.md implies. Rules live in `testing/access_rules.ts`; a route
 * without a rule fails here.
 */
import assert from "node:assert/strict";
import { connect, createTokenIssuer } from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import { OPERATIONS } from "@kopek/query-api";
import { importRatesFile, ratesMigrate } from "@kopek/rates";
import {
  type Fixture,
  KopekClient,
  type Principal,
  PRINCIPALS,
  type Rule,
  RULES,
  startForTest,
  SYNC_RECORD_STATUS,
} from "@kopek/testing";

const SECRET = "the-matrix-test-secret-long-enough-0123456789";
const PASSWORD = "correct horse battery staple";
const MEMBER_ROLES = ["admin", "member", "auditor", "viewer"] as const;

function keyOf(op: { method: string; path: string }) {
  return `${op.method.toUpperCase()} ${op.path}`;
}

Deno.test("every route has an access rule, and every rule a route", () => {
  const routes = OPERATIONS.map(keyOf);
  assert.deepEqual(routes.filter((r) => !(r in RULES)), [], "routes without a rule");
  assert.deepEqual(
    Object.keys(RULES).filter((r) => !routes.includes(r)),
    [],
    "rules without a route",
  );
});

Deno.test("access matrix: every route × every caller gets the status API.md implies", async () => {
  await using db = await createTestDatabase();
  const sql = connect(db.url, { max: 2 });
  await ratesMigrate(sql);
  await importRatesFile(
    sql,
    new URL("../../rates/testdata/eurofxref-daily-2022-07-08.xml", import.meta.url),
  );
  await sql.end();
  const running = await startForTest(db.url, {
    KOPEK_JWT_SECRET: SECRET,
    KOPEK_RATE_LIMITS: "off",
  });
  try {
    const api = new KopekClient(running.url);
    let position = 0;
    const saw = (p: number) => {
      position = Math.max(position, Number(p) || 0);
    };
    const users: Record<string, { client: KopekClient; userId: string; token: string }> = {};
    for (const name of ["owner", ...MEMBER_ROLES, "outsider", "deactivated"]) {
      const { client, userId } = await api.register(`${name}@matrix.test`, name);
      users[name] = { client, userId, token: client.token! };
    }
    const owner = users.owner.client;
    const created = await owner.post("/v1/groups", { name: "Matrix", currency: "EUR" });
    const groupId = created.body.id as string;
    const memberIds: Record<string, string> = { owner: created.body.memberId };
    for (const role of [...MEMBER_ROLES, "deactivated"] as const) {
      const a = await owner.post(`/v1/groups/${groupId}/members`, {
        name: role,
        email: `${role}@matrix.test`,
        role: role === "deactivated" ? "member" : role,
      });
      assert.equal(a.status, 201);
      assert.equal(a.body.userId, users[role].userId);
      memberIds[role] = a.body.id;
      saw(a.body.position);
    }
    const removed = await owner.delete(`/v1/groups/${groupId}/members/${memberIds.deactivated}`);
    assert.equal(removed.status, 200);
    saw(removed.body.position);
    const inviteGroupId = (await owner.post("/v1/groups", { name: "Door", currency: "EUR" })).body
      .id as string;

    // Guests (ADR 0059): a member-role and a viewer-role link of a placeholder of the group, and
    // a member-role link of a placeholder of another group; each opened once.
    const guestOf = async (g: string, role: "member" | "viewer") => {
      const placeholder = await owner.post(`/v1/groups/${g}/members`, {
        name: "Bo",
        role: "member",
      });
      assert.equal(placeholder.status, 201);
      saw(placeholder.body.position);
      const link = await owner.post(`/v1/groups/${g}/guest-links`, {
        memberId: placeholder.body.id,
        role,
      });
      assert.equal(link.status, 201);
      const opened = await api.post("/v1/guest-sessions", { token: link.body.token });
      assert.equal(opened.status, 200);
      return opened.body.token as string;
    };

    // Tokens of no session (like the bot's): the matrix is about roles, and its own cases sign
    // everyone out everywhere, which a `/live` stream of a session's token follows (ADR 0021).
    const issuer = createTokenIssuer({ secret: SECRET });
    const sessionless = async (name: string) => (await issuer.issue(users[name].userId)).token;
    const tokens: Record<Principal, string | null> = {
      owner: await sessionless("owner"),
      admin: await sessionless("admin"),
      member: await sessionless("member"),
      auditor: await sessionless("auditor"),
      viewer: await sessionless("viewer"),
      outsider: await sessionless("outsider"),
      deactivated: await sessionless("deactivated"),
      anonymous: null,
      expired: (await createTokenIssuer({
        secret: SECRET,
        now: () => new Date(Date.now() - 3_600_000),
      }).issue(users.owner.userId)).token,
      foreign: (await createTokenIssuer({ secret: "another-key-entirely-0123456789abcdef" })
        .issue(users.owner.userId)).token,
      guestMember: await guestOf(groupId, "member"),
      guestViewer: await guestOf(groupId, "viewer"),
      guestElsewhere: await guestOf(inviteGroupId, "member"),
    };

    let emails = 0;
    let dump: Promise<string> | undefined;
    let importJob: Promise<string> | undefined;
    const fixture: Fixture = {
      groupId,
      inviteGroupId,
      owner,
      memberIds: memberIds as Fixture["memberIds"],
      password: PASSWORD,
      freshEmail: () => `fresh-${++emails}@matrix.test`,
      async refreshToken(p) {
        const a = await api.post("/v1/auth/login", {
          email: `${p}@matrix.test`,
          password: PASSWORD,
        });
        assert.equal(a.status, 200);
        return a.body.refreshToken;
      },
      saw,
      dump: () =>
        dump ??= owner.request("GET", `/v1/groups/${groupId}/export.sql`).then((a) => {
          assert.equal(a.status, 200);
          return a.body.text as string;
        }),
      importJob: () =>
        importJob ??= fixture.dump().then(async (d) => {
          const a = await owner.request("POST", "/v1/imports", d, {
            "content-type": "application/sql",
          });
          assert.equal(a.status, 202);
          return a.body.id as string;
        }),
    };

    const wrong: string[] = [];
    let cases = 0;
    for (const op of OPERATIONS) {
      const rule: Rule = RULES[keyOf(op)];
      for (const p of PRINCIPALS) {
        const req = await rule.request(fixture, p);
        const headers: Record<string, string> = { ...req.headers };
        if (tokens[p]) headers.authorization = `Bearer ${tokens[p]}`;
        if (req.body !== undefined) headers["content-type"] ??= "application/json";
        if (op.method === "get") headers["kopek-min-position"] = String(position);
        const res = await fetch(running.url + req.path, {
          method: op.method.toUpperCase(),
          headers,
          body: req.body === undefined
            ? undefined
            : typeof req.body === "string"
            ? req.body
            : JSON.stringify(req.body),
        });
        cases++;
        const type = res.headers.get("content-type") ?? "";
        const text = op.path.endsWith("/live") && res.status === 200
          ? (await res.body?.cancel(), "")
          : await res.text();
        const expected = rule.expect(p);
        if (res.status !== expected) {
          wrong.push(
            `${keyOf(op)} as ${p}: ${res.status}, expected ${expected} ${text.slice(0, 200)}`,
          );
          continue;
        }
        if (res.status >= 400) {
          assert.match(type, /application\/problem\+json/, `${keyOf(op)} as ${p}`);
        } else if (text && type.includes("json")) {
          const body = JSON.parse(text);
          if (typeof body.position === "number") saw(body.position);
          if (op.path === "/v1/sync") {
            const inner = body.results[0].status;
            const want = SYNC_RECORD_STATUS(p);
            if (inner !== want) {
              wrong.push(`sync expense.record as ${p}: ${inner}, expected ${want}`);
            }
          }
        }
      }
    }
    assert.deepEqual(wrong, [], `${wrong.length} of ${cases} cases wrong`);
    assert.ok(cases >= OPERATIONS.length * PRINCIPALS.length);

    // An invisible group answers exactly like one that does not exist.
    const hidden = await users.outsider.client.get(`/v1/groups/${groupId}`);
    const missing = await users.outsider.client.get(`/v1/groups/${crypto.randomUUID()}`);
    assert.deepEqual(
      [hidden.status, hidden.body.detail, hidden.body.code],
      [missing.status, missing.body.detail, missing.body.code],
    );
    // So does someone else's import job.
    const theirs = await users.outsider.client.get(`/v1/imports/${await fixture.importJob()}`);
    const noJob = await users.outsider.client.get(`/v1/imports/${crypto.randomUUID()}`);
    assert.deepEqual(
      [theirs.status, theirs.body.detail, theirs.body.code],
      [noJob.status, noJob.body.detail, noJob.body.code],
    );
  } finally {
    await running.stop();
  }
});
