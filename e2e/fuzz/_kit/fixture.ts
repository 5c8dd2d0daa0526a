/**
 * The fuzz's fixture: a group with members, an expense, a settlement, invites,
 * sessions and link codes, and the pools that requests use up and {@linkcode topUp} refills.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createTokenIssuer } from "@kopek/platform";
import { type TestDatabase } from "@kopek/platform/testing";
import { importDump, KopekClient } from "@kopek/testing";
import { expenseBodies, recurrenceBody, settlementBody } from "./bodies.ts";

export const MAX_BODY = 1024 * 1024;
export const PASSWORD = "correct horse battery staple";
export const STALE = '"999999"';
export const BOT_KEY = "the-fuzzed-bot-service-key-long-enough-0123456789";
export const JWT_SECRET = "the-fuzzed-jwt-secret-long-enough-0123456789";
/** How many generated requests a run sends by default (each run of the property sends one). */
export const MIN_REQUESTS = 10_000;

// ---------------------------------------------------------------------------
// Fixture

/** Things the fuzz uses up, and refills after each request (see {@linkcode topUp}). */
interface Pools {
  /** Current refresh tokens of Rex's sessions. */
  readonly refresh: string[];
  /** The refresh tokens taken for a request, until its answer says what became of them. */
  readonly taken: Set<string>;
  /** Codes of invites into groups of their own, for Zed to accept. */
  readonly invites: string[];
  /** Ana's Telegram link codes, for the bot to redeem. */
  readonly telegramCodes: string[];
}

export interface Fixture {
  readonly base: string;
  /** The SQL export of the group, as `POST /v1/imports` takes it. */
  readonly dump: string;
  /** Ana's import job of that export (done). */
  readonly importJob: string;
  readonly db: TestDatabase;
  readonly ana: KopekClient;
  readonly anaEmail: string;
  readonly anaToken: string;
  /** Signed in, and no member of the group. */
  readonly zed: KopekClient;
  readonly zedToken: string;
  /** An access token that the bot holds for Ana (it names the bot: `via`). */
  readonly viaToken: string;
  /** Whose refresh tokens the fuzz rotates (no other route touches his sessions). */
  readonly rexEmail: string;
  /** The group, its members (Ana owner, Bob member, Chen and Dan placeholders), an expense, a settlement. */
  readonly g: string;
  readonly A: string;
  readonly B: string;
  readonly C: string;
  readonly D: string;
  readonly E: string;
  readonly S: string;
  /** A custom category of the group (removed by the first remove that gets through). */
  readonly K: string;
  /** A recurring expense of the group (ADR 0051). */
  readonly R: string;
  /** An invite into the group (revoked by the first revoke that gets through). */
  readonly I: string;
  /** A member-role guest link of Chen (ADR 0059): opened and claimed (by Ana: refused) by the fuzz. */
  readonly guestLinkToken: string;
  /** A guest link of Dan's that the fuzz revokes. */
  readonly guestLinkToRevoke: string;
  /** A guest session of `guestLinkToken`: a caller that acts as Chen in the group only. */
  readonly guestToken: string;
  /** The second page of Ana's groups, of the group's entries, its activity and its invites. */
  readonly groupsCursor: string;
  readonly entriesCursor: string;
  readonly activityCursor: string;
  readonly invitesCursor: string;
  readonly pools: Pools;
  /** The last event position seen (for `Kopek-Min-Position: HEAD`). */
  readonly seen: { head: number };
}

export function want(a: { status: number; body: unknown }, status: number, what: string) {
  assert.equal(a.status, status, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
}

export async function setUp(base: string, db: TestDatabase): Promise<Fixture> {
  const anon = new KopekClient(base);
  const bot = anon.as(BOT_KEY);
  const tag = crypto.randomUUID().slice(0, 8);
  const anaEmail = `ana-${tag}@example.com`;
  const rexEmail = `rex-${tag}@example.com`;
  const { client: ana, userId: anaId } = await anon.register(anaEmail, "Ana");
  await anon.register(`bob-${tag}@example.com`, "Bob");
  const { client: zed } = await anon.register(`zed-${tag}@example.com`, "Zed");
  await anon.register(rexEmail, "Rex");
  const group = await ana.post("/v1/groups", { name: "Fuzz trip", currency: "EUR" });
  want(group, 201, "create group");
  const g = group.body.id as string;
  const A = group.body.memberId as string;
  const add = async (body: Record<string, unknown>) => {
    const a = await ana.post(`/v1/groups/${g}/members`, body);
    want(a, 201, "add member");
    return a.body.id as string;
  };
  const B = await add({ name: "Bob", email: `bob-${tag}@example.com`, role: "member" });
  const C = await add({ name: "Chen", role: "member" });
  const D = await add({ name: "Dan", role: "viewer" });
  const ids = { g, A, B, C, D, E: "", S: "" };
  const e = await ana.post(`/v1/groups/${g}/expenses`, expenseBodies(ids)[0]);
  want(e, 201, "record expense");
  const s = await ana.post(`/v1/groups/${g}/settlements`, settlementBody(ids));
  want(s, 201, "record settlement");
  const k = await ana.post(`/v1/groups/${g}/categories`, {
    name: "Ski",
    icon: "⛷️",
    colour: "#3366FF",
  });
  want(k, 201, "add category");
  const r = await ana.post(`/v1/groups/${g}/recurrences`, recurrenceBody(ids));
  want(r, 201, "set up a recurring expense");
  want(await ana.post("/v1/groups", { name: "Fuzz flat", currency: "EUR" }), 201, "2nd group");

  // The bot's token for Ana: she links Telegram user 777 with a code.
  const link = await ana.post("/v1/me/telegram-link", undefined);
  want(link, 201, "telegram link code");
  want(
    await bot.post("/v1/telegram/links", { code: link.body.code, telegramUserId: 777 }),
    201,
    "link telegram",
  );
  const via = await bot.post("/v1/telegram/tokens", { telegramUserId: 777 });
  want(via, 200, "bot token");

  // The second pages, once the read models have everything above.
  const head = (await eventLog(db)).head;
  const at = { "Kopek-Min-Position": String(head) };
  const groups = await ana.get("/v1/groups?limit=1", at);
  want(groups, 200, "groups page");
  const entries = await ana.get(`/v1/groups/${g}/expenses?limit=1&kind=all`, at);
  want(entries, 200, "entries page");
  const activity = await ana.get(`/v1/groups/${g}/activity?limit=1`, at);
  want(activity, 200, "activity page");
  assert.ok(
    groups.body.nextCursor && entries.body.nextCursor && activity.body.nextCursor,
    "second pages",
  );

  const exported = await fetch(`${base}/v1/groups/${ids.g}/export.sql`, {
    headers: { authorization: `Bearer ${ana.token}` },
  });
  assert.equal(exported.status, 200, "export.sql of the fixture");
  const dump = await exported.text();
  // Ana's import job (done), for GET /v1/imports/{id}.
  const imported = await importDump(ana, dump);
  assert.equal(imported.status, "done", `import of the fixture: ${JSON.stringify(imported)}`);
  // Invites into the group, after the export (which they would not change: imports drop them).
  const invites = [];
  for (const role of ["viewer", "member"]) {
    const a = await ana.post(`/v1/groups/${g}/invites`, { role });
    want(a, 201, "invite into the group");
    invites.push(a.body);
  }
  const invitePage = await ana.get(`/v1/groups/${g}/invites?limit=1`, {
    "Kopek-Min-Position": String(invites[1].position),
  });
  want(invitePage, 200, "invites page");
  assert.ok(invitePage.body.nextCursor, "second page of invites");
  // Guest links (ADR 0059), after the export too: a group's export never holds them.
  const guestLink = await ana.post(`/v1/groups/${g}/guest-links`, { memberId: C, role: "member" });
  want(guestLink, 201, "guest link");
  const toRevoke = await ana.post(`/v1/groups/${g}/guest-links`, { memberId: D, role: "viewer" });
  want(toRevoke, 201, "guest link to revoke");
  const guest = await anon.post("/v1/guest-sessions", { token: guestLink.body.token });
  want(guest, 200, "guest session");
  const f: Fixture = {
    base,
    guestLinkToken: guestLink.body.token as string,
    guestLinkToRevoke: toRevoke.body.id as string,
    guestToken: guest.body.token as string,
    dump,
    importJob: imported.id as string,
    db,
    ana,
    anaEmail,
    // A token of no session: fuzzed sign-outs (sessions.revoke, password) end Ana's sessions, and a
    // `/live` stream of a session's token ends with it (ADR 0021); this one lasts its 15 minutes.
    anaToken: (await createTokenIssuer({ secret: JWT_SECRET }).issue(anaId)).token,
    zed,
    zedToken: zed.token!,
    viaToken: via.body.token,
    rexEmail,
    ...ids,
    E: e.body.id as string,
    S: s.body.id as string,
    K: k.body.id as string,
    R: r.body.id as string,
    groupsCursor: groups.body.nextCursor,
    entriesCursor: entries.body.nextCursor,
    activityCursor: activity.body.nextCursor,
    I: invites[0].id as string,
    invitesCursor: invitePage.body.nextCursor,
    pools: { refresh: [], taken: new Set(), invites: [], telegramCodes: [] },
    seen: { head: (await eventLog(db)).head },
  };
  await topUp(f);
  return f;
}

/** Refills the pools that requests used up: a login, an invite, a link code. */
export async function topUp(f: Fixture) {
  while (f.pools.refresh.length < 2) {
    const a = await new KopekClient(f.base).post("/v1/auth/login", {
      email: f.rexEmail,
      password: PASSWORD,
    });
    want(a, 200, "login (refresh pool)");
    f.pools.refresh.push(a.body.refreshToken);
  }
  while (f.pools.invites.length < 1) {
    // A group of its own per invite: Zed can join a group only once.
    const door = await f.ana.post("/v1/groups", { name: "Door", currency: "EUR" });
    want(door, 201, "door group");
    const invite = await f.ana.post(`/v1/groups/${door.body.id}/invites`, { role: "member" });
    want(invite, 201, "invite (invite pool)");
    f.pools.invites.push(invite.body.code);
  }
  while (f.pools.telegramCodes.length < 1) {
    const link = await f.ana.post("/v1/me/telegram-link", {});
    want(link, 201, "telegram link code (pool)");
    f.pools.telegramCodes.push(link.body.code);
  }
}

/** A current refresh token of Rex's, if the pool has one. */
export function takeRefreshToken(f: Fixture): string {
  const token = f.pools.refresh.pop();
  if (token === undefined) return unknownRefreshToken();
  f.pools.taken.add(token);
  return token;
}

/** A refresh token that no session has (well-formed: it reaches the session lookup). */
export function unknownRefreshToken(): string {
  const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
  return `${crypto.randomUUID()}.${secret}`;
}

/** How many events the log holds, and the last position. */
export async function eventLog(db: TestDatabase): Promise<{ count: number; head: number }> {
  const [row] = await db.sql<{ count: number; head: number }[]>`
    SELECT count(*)::int AS count, coalesce(max(position), 0)::int AS head FROM events`;
  return row;
}
