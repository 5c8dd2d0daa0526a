/**
 * Small HTTP helpers of query-api: strict query parameters, opaque cursors,
 * JSON answers with ETags and `If-None-Match`, and the group visibility rule.
 *
 * @module
 */
import type { Context } from "hono";
import { z } from "zod";
import { type Cache, guestOf, problem, ProblemError, type Sql, zodProblem } from "@kopek/platform";
import { accessCacheKey, groupAccess } from "@kopek/projector";
import type { Role } from "@kopek/domain";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parameters every read accepts (handled by the position middleware). */
const COMMON = { minPosition: z.string().optional() };

/** `limit`: default 50, 1..500. */
export const Limit = z.string().regex(/^\d{1,6}$/, { error: "must be an integer" })
  .transform(Number)
  .pipe(
    z.number().int().min(1, { error: "must be at least 1" }).max(500, {
      error: "must be at most 500",
    }),
  )
  .optional()
  .default(50);

/**
 * Parses the query string against a strict schema: unknown or invalid
 * parameters are a 422 problem naming them.
 */
export function parseQuery<T extends z.ZodRawShape>(
  c: Context,
  shape: T,
): z.infer<z.ZodObject<T & typeof COMMON>> {
  const schema = z.strictObject({ ...shape, ...COMMON });
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw new ProblemError(zodProblem(result.error, "query"));
  return result.data as z.infer<z.ZodObject<T & typeof COMMON>>;
}

/** An opaque cursor for a page key. */
export function encodeCursor(key: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

/**
 * One page of a list read with `limit + 1` rows: the first `limit` items and
 * the cursor of the last one when more rows follow.
 */
export function page<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (last: T) => unknown,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/** Decodes a cursor made by {@linkcode encodeCursor} and validates it; else 422. */
export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | null {
  if (cursor === undefined) return null;
  try {
    const b64 = cursor.replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    return schema.parse(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    throw new ProblemError(
      problem(422, "query.cursor: is not a valid cursor", {
        code: "validation",
        errors: [{ path: "query.cursor", message: "is not a valid cursor" }],
      }),
    );
  }
}

/** Whether a string is a UUID. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** The 404 of anything that does not exist or that the caller may not see. */
export function notFound(what: string): ProblemError {
  return new ProblemError(problem(404, `${what} not found`, { code: "not_found" }));
}

/**
 * The caller's role in the group; a group that does not exist, a malformed
 * id, and a group the caller is not an active member of all answer the same 404.
 */
export async function requireGroupRole(
  deps: { sql: Sql; bus?: Cache },
  groupId: string,
  userId: string,
): Promise<Role> {
  if (!isUuid(groupId)) throw notFound("group");
  const access = await accessOf(deps, groupId.toLowerCase());
  if (access === null) {
    // The access read model is quarantined for this group (ADR 0016): fail closed, for everyone.
    throw new ProblemError(
      problem(503, "this group cannot be read right now: an operator has been alerted", {
        code: "group_unavailable",
      }),
      { "Retry-After": "60" },
    );
  }
  // A guest (ADR 0059) holds its link's role in its one group; the guest gate checked the link.
  const guest = guestOf(userId);
  if (guest !== null) {
    if (guest.groupId !== groupId.toLowerCase()) throw notFound("group");
    return guest.role;
  }
  const role = access[userId] ?? null;
  if (role === null) throw notFound("group");
  return role;
}

/**
 * How long a group's access map stays cached. Only a bus shared with the
 * projector caches it (`QueryApiDeps.bus`): the projector drops the entry
 * after every batch that touched the group.
 */
const ACCESS_TTL_MS = 30_000;

/**
 * A group's access map (userId → role), through the cache (the one look-up
 * of `requireGroupRole`, also re-run by live streams); null while the group
 * is quarantined for the access read model.
 */
export async function accessOf(
  deps: { sql: Sql; bus?: Cache },
  groupId: string,
): Promise<Record<string, Role> | null> {
  const key = accessCacheKey(groupId);
  const hit = deps.bus ? await deps.bus.get(key) : null;
  if (hit !== null) return JSON.parse(hit);
  const access = await groupAccess(deps.sql, groupId);
  await deps.bus?.set(key, JSON.stringify(access), ACCESS_TTL_MS);
  return access;
}

/** A weak ETag: a digest of the text. */
export async function weakTag(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  const b64 = btoa(String.fromCharCode(...new Uint8Array(digest).slice(0, 16)));
  return `W/"${b64.replaceAll("=", "")}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

/**
 * Answers JSON (`application/json; charset=utf-8`) with an ETag: the given
 * strong one (a version) or a weak digest of the body; a matching
 * `If-None-Match` answers 304.
 */
export async function jsonWithEtag(c: Context, body: unknown, etag?: string): Promise<Response> {
  const text = JSON.stringify(body);
  const tag = etag ?? await weakTag(text);
  c.header("ETag", tag);
  if (matches(c.req.header("if-none-match"), tag)) return c.body(null, 304);
  return c.body(text, 200, { "Content-Type": "application/json; charset=utf-8" });
}
