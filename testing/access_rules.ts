/**
 * The access-control matrix of API.md: for every route, the status each
 * kind of caller must get, and how to make a request that only access can
 * refuse (a valid body, a fresh target). `e2e/access/access_matrix.int_test.ts`
 * runs every route of the OpenAPI route table against every caller; a route
 * without a rule here fails that test.
 *
 * @module
 */
import type { KopekClient } from "./client.ts";
import {
  GUEST_LINK_RULES,
  GUEST_PRINCIPALS,
  guestSyncStatus,
  isGuestPrincipal,
  withGuests,
} from "./access_guests.ts";
import { ACCOUNT_RULES } from "./access_rules_account.ts";
import {
  AUDITORS,
  created,
  EVERYONE,
  group,
  inGroup,
  MANAGERS,
  type MemberPrincipal,
  open,
  signedIn,
  UNAUTHENTICATED,
  WRITERS,
} from "./_access_kit.ts";

/** Who calls. */
export const PRINCIPALS = [
  "owner",
  "admin",
  "member",
  "auditor",
  "viewer",
  "outsider",
  "deactivated",
  "anonymous",
  "expired",
  "foreign",
  // Guests of a guest link (ADR 0059): testing/access_guests.ts.
  ...GUEST_PRINCIPALS,
] as const;
/** Who calls. */
export type Principal = (typeof PRINCIPALS)[number];

/** What a rule may use to build its request. */
export interface Fixture {
  readonly groupId: string;
  /** The owner's client (to create fresh targets). */
  readonly owner: KopekClient;
  /** A second group, owned by the owner alone, that invites are accepted into. */
  readonly inviteGroupId: string;
  /** Member ids by principal. */
  readonly memberIds: Readonly<Record<MemberPrincipal, string>>;
  /** A registration email nobody used yet. */
  freshEmail(): string;
  /** The principal's refresh token (a fresh session each call). */
  refreshToken(principal: Principal): Promise<string>;
  /** The password every fixture user has. */
  readonly password: string;
  /** Records the position of a write, so that later reads wait for it. */
  saw(position: number): void;
  /** A SQL export of the group (taken once). */
  dump(): Promise<string>;
  /** The id of an import job of the owner's (queued once). */
  importJob(): Promise<string>;
}

/** A request a rule makes. */
export interface RuleRequest {
  readonly path: string;
  /** A JSON value, or a string sent as it is (with its own content type in `headers`). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** The rule of one route. */
export interface Rule {
  /** The request for a caller (may create fresh targets as the owner first). */
  request(f: Fixture, p: Principal): Promise<RuleRequest> | RuleRequest;
  /** The status the caller must get. */
  expect(p: Principal): number;
}

function expenseBody(f: Fixture) {
  const payer = f.memberIds.owner;
  return {
    description: "Matrix dinner",
    total: { amount: "12.00", currency: "EUR" },
    date: "2026-11-20",
    paidBy: [{ memberId: payer, amount: "12.00" }],
    split: { mode: "equal", shares: [{ memberId: payer }, { memberId: f.memberIds.member }] },
  };
}

function settlementBody(f: Fixture) {
  return {
    from: f.memberIds.member,
    to: f.memberIds.owner,
    amount: { amount: "1.00", currency: "EUR" },
    date: "2026-11-21",
  };
}

const freshExpense = (f: Fixture) => created(f, `/v1/groups/${f.groupId}/expenses`, expenseBody(f));
const freshSettlement = (f: Fixture) =>
  created(f, `/v1/groups/${f.groupId}/settlements`, settlementBody(f));
const freshPlaceholder = (f: Fixture) =>
  created(f, `/v1/groups/${f.groupId}/members`, { name: "Placeholder", role: "viewer" });
/** A small PDF: attachments' access rules need no image processing. */
const PDF = "%PDF-1.4\n%%EOF\n";
/** A fresh expense with a fresh attachment of the owner's: its expense, attachment and URL path. */
async function freshAttachment(
  f: Fixture,
): Promise<{ e: string; a: string; path: string; position: string }> {
  const e = await freshExpense(f);
  const a = crypto.randomUUID();
  const path = `${group(f)}/expenses/${e}/attachments/${a}`;
  const put = await f.owner.request("PUT", path, PDF, { "content-type": "application/pdf" });
  if (put.status !== 201) {
    throw new Error(`setup ${path}: ${put.status} ${JSON.stringify(put.body)}`);
  }
  const position = put.headers.get("kopek-position") ?? "0";
  f.saw(Number(position));
  return { e, a, path, position };
}
const categoryBody = () => ({
  name: `C ${crypto.randomUUID()}`.slice(0, 40),
  icon: "🍕",
  colour: "#aa0000",
});
const freshCategory = (f: Fixture) => created(f, `${group(f)}/categories`, categoryBody());
const recurrenceBody = (f: Fixture) => {
  const { date: _date, ...template } = expenseBody(f);
  return { rule: { freq: "daily" }, start: new Date().toISOString().slice(0, 10), template };
};
const freshRecurrence = async (f: Fixture) =>
  `${group(f)}/recurrences/${await created(f, `${group(f)}/recurrences`, recurrenceBody(f))}`;

/** Rules by `"METHOD /path"`, paths as in the OpenAPI document. */
export const RULES: Readonly<Record<string, Rule>> = withGuests({
  ...GUEST_LINK_RULES,
  ...ACCOUNT_RULES,
  "GET /v1/groups/{g}/categories": {
    request: (f) => ({ path: `${group(f)}/categories` }),
    expect: inGroup(EVERYONE, 200),
  },
  "POST /v1/groups/{g}/categories": {
    request: (f) => ({ path: `${group(f)}/categories`, body: categoryBody() }),
    expect: inGroup(MANAGERS, 201),
  },
  "PATCH /v1/groups/{g}/categories/{c}": {
    request: async (f) => ({
      path: `${group(f)}/categories/${await freshCategory(f)}`,
      body: { colour: "#00aa00" },
    }),
    expect: inGroup(MANAGERS, 200),
  },
  "DELETE /v1/groups/{g}/categories/{c}": {
    request: async (f) => ({ path: `${group(f)}/categories/${await freshCategory(f)}` }),
    expect: inGroup(MANAGERS, 200),
  },
  "POST /v1/groups": {
    request: () => ({ path: "/v1/groups", body: { name: "Another", currency: "EUR" } }),
    expect: signedIn(201),
  },
  "GET /v1/groups": { request: () => ({ path: "/v1/groups" }), expect: signedIn(200) },
  "GET /v1/groups/{g}": { request: (f) => ({ path: group(f) }), expect: inGroup(EVERYONE, 200) },
  "PATCH /v1/groups/{g}": {
    request: (f) => ({ path: group(f), body: { name: "Matrix trip" } }),
    expect: inGroup(MANAGERS, 200),
  },
  "GET /v1/groups/{g}/members": {
    request: (f) => ({ path: `${group(f)}/members` }),
    expect: inGroup(EVERYONE, 200),
  },
  "POST /v1/groups/{g}/members": {
    request: (f) => ({ path: `${group(f)}/members`, body: { name: "Guest", role: "viewer" } }),
    expect: inGroup(MANAGERS, 201),
  },
  "GET /v1/groups/{g}/members/{m}": {
    request: (f) => ({ path: `${group(f)}/members/${f.memberIds.owner}` }),
    expect: inGroup(EVERYONE, 200),
  },
  "PATCH /v1/groups/{g}/members/{m}": {
    request: async (f) => ({
      path: `${group(f)}/members/${await freshPlaceholder(f)}`,
      body: { name: "Renamed" },
    }),
    expect: inGroup(MANAGERS, 200),
  },
  "DELETE /v1/groups/{g}/members/{m}": {
    request: async (f) => ({ path: `${group(f)}/members/${await freshPlaceholder(f)}` }),
    expect: inGroup(MANAGERS, 200),
  },
  // A placeholder's handles: owners and admins may set them (a member sets only their own).
  "PUT /v1/groups/{g}/members/{m}/payment-handles": {
    request: async (f) => ({
      path: `${group(f)}/members/${await freshPlaceholder(f)}/payment-handles`,
      body: { handles: [{ kind: "paypal", username: "matrix" }] },
    }),
    expect: inGroup(MANAGERS, 200),
  },
  "GET /v1/groups/{g}/payment-handles": {
    request: (f) => ({ path: `${group(f)}/payment-handles` }),
    expect: inGroup(EVERYONE, 200),
  },
  "POST /v1/groups/{g}/invites": {
    request: (f) => ({ path: `${group(f)}/invites`, body: { role: "viewer" } }),
    expect: inGroup(MANAGERS, 201),
  },
  "GET /v1/groups/{g}/invites": {
    request: (f) => ({ path: `${group(f)}/invites` }),
    expect: inGroup(MANAGERS, 200),
  },
  // A fresh invite each time (for a viewer, which an admin may revoke too).
  "DELETE /v1/groups/{g}/invites/{i}": {
    request: async (f) => ({
      path: `${group(f)}/invites/${await created(f, `${group(f)}/invites`, { role: "viewer" })}`,
    }),
    expect: inGroup(MANAGERS, 200),
  },
  // Not a group route: whoever holds a code may use it, once; a member already is one (409).
  // The invites are to a second group that only the owner belongs to, so that accepting does
  // not change who belongs to the fixture group.
  "POST /v1/invites/{code}/accept": {
    request: async (f) => {
      const a = await f.owner.post(`/v1/groups/${f.inviteGroupId}/invites`, { role: "viewer" });
      if (a.status !== 201) throw new Error(`setup invite: ${a.status}`);
      return { path: `/v1/invites/${a.body.code}/accept` };
    },
    expect: (p) => UNAUTHENTICATED[p] ?? (p === "owner" ? 409 : 200),
  },
  "GET /v1/groups/{g}/expenses": {
    request: (f) => ({ path: `${group(f)}/expenses` }),
    expect: inGroup(EVERYONE, 200),
  },
  "POST /v1/groups/{g}/expenses": {
    request: (f) => ({ path: `${group(f)}/expenses`, body: expenseBody(f) }),
    expect: inGroup(WRITERS, 201),
  },
  "GET /v1/groups/{g}/expenses/{e}": {
    request: async (f) => ({ path: `${group(f)}/expenses/${await freshExpense(f)}` }),
    expect: inGroup(EVERYONE, 200),
  },
  "GET /v1/groups/{g}/expenses/{e}/history": {
    request: async (f) => ({ path: `${group(f)}/expenses/${await freshExpense(f)}/history` }),
    expect: inGroup(EVERYONE, 200),
  },
  "GET /v1/groups/{g}/expenses/{e}/comments": {
    request: async (f) => ({ path: `${group(f)}/expenses/${await freshExpense(f)}/comments` }),
    expect: inGroup(EVERYONE, 200),
  },
  "POST /v1/groups/{g}/expenses/{e}/comments": {
    request: async (f) => ({
      path: `${group(f)}/expenses/${await freshExpense(f)}/comments`,
      body: { text: "Who has the receipt?" },
    }),
    expect: inGroup(WRITERS, 201),
  },
  "PUT /v1/groups/{g}/expenses/{e}/attachments/{a}": {
    request: async (f) => ({
      path: `${group(f)}/expenses/${await freshExpense(f)}/attachments/${crypto.randomUUID()}`,
      body: PDF,
      headers: { "content-type": "application/pdf" },
    }),
    expect: inGroup(WRITERS, 201),
  },
  "DELETE /v1/groups/{g}/expenses/{e}/attachments/{a}": {
    request: async (f) => ({ path: (await freshAttachment(f)).path }),
    expect: inGroup(WRITERS, 204),
  },
  "GET /v1/groups/{g}/expenses/{e}/attachments": {
    request: async (f) => ({
      path: `${group(f)}/expenses/${(await freshAttachment(f)).e}/attachments`,
    }),
    expect: inGroup(EVERYONE, 200),
  },
  "GET /v1/groups/{g}/attachments/{a}/url": {
    request: async (f) => ({ path: `${group(f)}/attachments/${(await freshAttachment(f)).a}/url` }),
    expect: inGroup(EVERYONE, 200),
  },
  // The token is the permission (ADR 0055): whoever holds a valid one gets the file.
  "GET /v1/files/{token}": {
    request: async (f) => {
      const { a, position } = await freshAttachment(f);
      const signed = await f.owner.get(`${group(f)}/attachments/${a}/url`, {
        "Kopek-Min-Position": position,
      });
      if (signed.status !== 200) throw new Error(`setup url: ${signed.status}`);
      return { path: String(signed.body.url) };
    },
    expect: open(200),
  },
  "GET /v1/groups/{g}/export.tar": {
    request: (f) => ({ path: `${group(f)}/export.tar` }),
    expect: inGroup(AUDITORS, 200),
  },
  "PUT /v1/groups/{g}/expenses/{e}": {
    request: async (f) => ({
      path: `${group(f)}/expenses/${await freshExpense(f)}`,
      body: { ...expenseBody(f), description: "Amended" },
    }),
    expect: inGroup(WRITERS, 200),
  },
  "DELETE /v1/groups/{g}/expenses/{e}": {
    request: async (f) => ({ path: `${group(f)}/expenses/${await freshExpense(f)}` }),
    expect: inGroup(WRITERS, 200),
  },
  "POST /v1/groups/{g}/settlements": {
    request: (f) => ({ path: `${group(f)}/settlements`, body: settlementBody(f) }),
    expect: inGroup(WRITERS, 201),
  },
  "GET /v1/groups/{g}/settlements/{s}": {
    request: async (f) => ({ path: `${group(f)}/settlements/${await freshSettlement(f)}` }),
    expect: inGroup(EVERYONE, 200),
  },
  "PUT /v1/groups/{g}/settlements/{s}": {
    request: async (f) => ({
      path: `${group(f)}/settlements/${await freshSettlement(f)}`,
      body: { ...settlementBody(f), amount: { amount: "2.00", currency: "EUR" } },
    }),
    expect: inGroup(WRITERS, 200),
  },
  "DELETE /v1/groups/{g}/settlements/{s}": {
    request: async (f) => ({ path: `${group(f)}/settlements/${await freshSettlement(f)}` }),
    expect: inGroup(WRITERS, 200),
  },
  "GET /v1/groups/{g}/balances": {
    request: (f) => ({ path: `${group(f)}/balances` }),
    expect: inGroup(EVERYONE, 200),
  },
  "GET /v1/groups/{g}/reports/monthly": {
    request: (f) => ({ path: `${group(f)}/reports/monthly?from=2026-01&to=2026-12` }),
    expect: inGroup(EVERYONE, 200),
  },
  "GET /v1/groups/{g}/activity": {
    request: (f) => ({ path: `${group(f)}/activity` }),
    expect: inGroup(EVERYONE, 200),
  },
  "GET /v1/groups/{g}/events": {
    request: (f) => ({ path: `${group(f)}/events` }),
    expect: inGroup(AUDITORS, 200),
  },
  "GET /v1/groups/{g}/verify": {
    request: (f) => ({ path: `${group(f)}/verify` }),
    expect: inGroup(AUDITORS, 200),
  },
  "GET /v1/groups/{g}/export.sql": {
    request: (f) => ({ path: `${group(f)}/export.sql` }),
    expect: inGroup(AUDITORS, 200),
  },
  "GET /v1/groups/{g}/export.csv": {
    request: (f) => ({ path: `${group(f)}/export.csv` }),
    expect: inGroup(EVERYONE, 200),
  },
  // Anyone signed in may restore a dump: it becomes a new group of theirs.
  "POST /v1/imports": {
    request: async (f) => ({
      path: "/v1/imports",
      body: await f.dump(),
      headers: { "content-type": "application/sql" },
    }),
    expect: signedIn(202),
  },
  // An import job is its owner's alone: anyone else gets what a missing job gets.
  "GET /v1/imports/{id}": {
    request: async (f) => ({ path: `/v1/imports/${await f.importJob()}` }),
    expect: (p) => UNAUTHENTICATED[p] ?? (p === "owner" ? 200 : 404),
  },
  "GET /v1/groups/{g}/live": {
    request: (f) => ({ path: `${group(f)}/live` }),
    expect: inGroup(EVERYONE, 200),
  },
  "GET /v1/rates": {
    request: () => ({ path: "/v1/rates?base=EUR&date=2022-07-08" }),
    expect: signedIn(200),
  },
  // The batch answers 200 to any signed-in user; each command inside is checked by its own rule.
  "POST /v1/sync": {
    request: (f) => ({
      path: "/v1/sync",
      body: {
        commands: [{
          id: crypto.randomUUID(),
          type: "expense.record",
          groupId: f.groupId,
          body: expenseBody(f),
        }],
      },
    }),
    expect: signedIn(200),
  },
  "GET /v1/groups/{g}/recurrences": {
    request: (f) => ({ path: `${group(f)}/recurrences` }),
    expect: inGroup(EVERYONE, 200),
  },
  "POST /v1/groups/{g}/recurrences": {
    request: (f) => ({ path: `${group(f)}/recurrences`, body: recurrenceBody(f) }),
    expect: inGroup(WRITERS, 201),
  },
  "PATCH /v1/groups/{g}/recurrences/{r}": {
    request: async (f) => ({ path: await freshRecurrence(f), body: { paused: true } }),
    expect: inGroup(WRITERS, 200),
  },
  "POST /v1/groups/{g}/recurrences/{r}/skips": {
    request: async (f) => ({
      // A daily rule from today: the day after tomorrow is an occurrence not yet due.
      path: `${await freshRecurrence(f)}/skips`,
      body: { date: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) },
    }),
    expect: inGroup(WRITERS, 200),
  },
  "DELETE /v1/groups/{g}/recurrences/{r}": {
    request: async (f) => ({ path: await freshRecurrence(f) }),
    expect: inGroup(WRITERS, 200),
  },
});

/** What a queued `expense.record` inside `POST /v1/sync` must answer, per caller. */
export const SYNC_RECORD_STATUS = (p: Principal): number =>
  isGuestPrincipal(p) ? guestSyncStatus(p) : inGroup(WRITERS, 201)(p);
