/**
 * An in-memory Kopek for the bot's unit tests: one group, Trip (USD), with
 * Ana and Bob (linked to Telegram users {@linkcode ANA} and {@linkcode BOB})
 * and Chen (no account). It keeps the expenses and settlements written to it
 * (by id, so a write retried with its id is kept once), checks versions like
 * Kopek (412 when changed since), and can be made unreachable for a number
 * of calls. The end-to-end tests use a real Kopek ({@linkcode startBotStand}).
 *
 * @module
 */
import type { KopekPort } from "../features/context.ts";
import {
  type Attachment,
  type Balances,
  type Group,
  KopekApiError,
  KopekUnreachable,
  type NewExpense,
  type NewSettlement,
  type WriteResult,
} from "../service/kopek_api.ts";

/** Ana's and Bob's Telegram user ids. */
export const ANA = 42;
export const BOB = 43;

/** The group every fake Kopek has. */
export const TRIP: Group = {
  id: "g-trip",
  name: "Trip",
  currency: "USD",
  timeZone: "UTC",
  version: 3,
  simplifyDebts: true,
  members: [
    { id: "m-ana", name: "Ana", userId: "u-ana", role: "owner", active: true },
    { id: "m-bob", name: "Bob", userId: "u-bob", role: "member", active: true },
    { id: "m-chen", name: "Chen", userId: null, role: "member", active: true },
  ],
};

/** An entry written to the fake. */
export interface Written {
  readonly kind: "expense" | "settlement";
  readonly id: string;
  body: NewExpense | NewSettlement;
  version: number;
  voided: boolean;
}

/** The fake and what was written to it. */
export interface FakeKopek extends KopekPort {
  /** Entries by id, in the order first written. */
  readonly written: Map<string, Written>;
  /** The names of the methods called, in order. */
  readonly calls: string[];
  /** The settle-up plan `balances` answers. */
  settleUp: Balances["settleUp"];
  /** The group's custom categories `categories` answers. */
  custom: { key: string; name: string }[];
  /** Makes the next `times` calls fail as unreachable. */
  down(times: number): void;
  /** Attachments by id: the expense, the bytes and the name given. */
  readonly attachments: Map<string, { expenseId: string; bytes: Uint8Array; name?: string }>;
}

/** A fresh fake: nobody linked yet but by `/start good-code` (Ana) or `bob-code` (Bob). */
export function fakeKopek(): FakeKopek {
  const users = new Map<number, string>();
  const codes: Record<string, [number, string, string]> = {
    "good-code": [ANA, "u-ana", "Ana"],
    "bob-code": [BOB, "u-bob", "Bob"],
  };
  const written = new Map<string, Written>();
  const attachments: FakeKopek["attachments"] = new Map();
  const calls: string[] = [];
  let position = 100;
  let failing = 0;
  const call = (name: string) => {
    calls.push(name);
    if (failing > 0) {
      failing--;
      throw new KopekUnreachable(new Error("connection refused"));
    }
  };
  const userOf = (tg: number) => {
    const userId = users.get(tg);
    if (!userId) throw new KopekApiError(404, "telegram.not_linked", "not linked");
    return userId;
  };
  const write = (kind: Written["kind"], id: string, body: Written["body"]): WriteResult => {
    const entry = written.get(id) ?? { kind, id, body, version: 1, voided: false };
    written.set(id, entry);
    return { id, version: entry.version, position: ++position };
  };
  const change = (id: string, version: number, f: (e: Written) => void): WriteResult => {
    const entry = written.get(id);
    if (!entry) throw new KopekApiError(404, "not_found", "no such entry");
    if (entry.version !== version) throw new KopekApiError(412, "stale", "changed since");
    f(entry);
    entry.version++;
    return { id, version: entry.version, position: ++position };
  };
  /** A method of the API: counted, failing while Kopek is down, answering in a promise. */
  const api = <A extends unknown[], R>(name: string, f: (...args: A) => R) => (...args: A) =>
    Promise.resolve().then(() => {
      call(name);
      return f(...args);
    });
  const fake: FakeKopek = {
    written,
    attachments,
    calls,
    settleUp: [],
    custom: [],
    down: (times) => void (failing = times),
    link: api("link", (code: string, tg: number) => {
      const known = codes[code];
      if (!known) throw new KopekApiError(code === "old-code" ? 410 : 404, undefined, code);
      if (users.has(tg)) throw new KopekApiError(409, undefined, "linked");
      users.set(tg, known[1]);
      return { id: known[1], displayName: known[2], position: ++position };
    }),
    session: api("session", (tg: number) => ({ userId: userOf(tg), token: "t" })),
    groups: api("groups", (tg: number) => {
      userOf(tg);
      const { id, name, currency, members } = TRIP;
      return [{ id, name, currency, role: "owner", memberCount: members.length }];
    }),
    group: api("group", (tg: number) => (userOf(tg), TRIP)),
    categories: api("categories", (tg: number) => (userOf(tg), fake.custom)),
    recordExpense: api(
      "recordExpense",
      (tg: number, _g: string, body: NewExpense, id = crypto.randomUUID()) => (
        userOf(tg), write("expense", id, body)
      ),
    ),
    recordSettlement: api(
      "recordSettlement",
      (tg: number, _g: string, body: NewSettlement, id = crypto.randomUUID()) => (
        userOf(tg), write("settlement", id, body)
      ),
    ),
    amendExpense: api(
      "amendExpense",
      (tg: number, _g: string, id: string, version: number, body: NewExpense) => (
        userOf(tg), change(id, version, (e) => void (e.body = body))
      ),
    ),
    voidExpense: api("voidExpense", (tg: number, _g: string, id: string, version: number) => (
      userOf(tg), change(id, version, (e) => void (e.voided = true))
    )),
    voidSettlement: api("voidSettlement", (tg: number, _g: string, id: string, version: number) => (
      userOf(tg), change(id, version, (e) => void (e.voided = true))
    )),
    chats: api("chats", (tg: number, _g: string, userIds: readonly string[]) => {
      userOf(tg);
      return [...users].filter(([, u]) => userIds.includes(u))
        .map(([telegramUserId, userId]) => ({ userId, telegramUserId }));
    }),
    addAttachment: api(
      "addAttachment",
      (tg: number, _g: string, expenseId: string, id: string, bytes: Uint8Array, name?: string) => {
        userOf(tg);
        const expense = written.get(expenseId);
        if (!expense || expense.kind !== "expense") {
          throw new KopekApiError(404, "not_found", "no such expense");
        }
        if (expense.voided) throw new KopekApiError(409, "expense.voided", "voided");
        if (bytes.length > 10 * 1024 * 1024) {
          throw new KopekApiError(413, "attachment.too_large", "too large");
        }
        const type = sniff(bytes);
        if (!type) throw new KopekApiError(415, "attachment.unsupported_type", "not a receipt");
        const kept = attachments.get(id);
        if (kept && kept.expenseId !== expenseId) {
          throw new KopekApiError(409, "attachment.exists", "on another expense");
        }
        attachments.set(id, { expenseId, bytes, name });
        return {
          created: !kept,
          attachment: {
            id,
            expenseId,
            name: name ?? `attachment.${type.split("/")[1]}`,
            contentType: type,
            size: bytes.length,
            sha256: "0".repeat(64),
            width: null,
            height: null,
            hasThumbnail: false,
            addedBy: "m-ana",
            addedAt: "2026-12-05T12:00:00Z",
          },
        };
      },
    ),
    balances: api("balances", (tg: number): Balances => {
      userOf(tg);
      return { currency: "USD", simplifyDebts: true, members: [], settleUp: fake.settleUp };
    }),
  };
  return fake;
}

/** The type Kopek would sniff from the bytes' first ones (the four it keeps), or undefined. */
function sniff(b: Uint8Array): Attachment["contentType"] | undefined {
  const starts = (...bytes: number[]) => bytes.every((x, i) => b[i] === x);
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47)) return "image/png";
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf";
  const ascii = new TextDecoder().decode(b.subarray(0, 12));
  return ascii.startsWith("RIFF") && ascii.endsWith("WEBP") ? "image/webp" : undefined;
}
