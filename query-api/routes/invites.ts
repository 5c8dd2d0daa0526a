/**
 * `GET /v1/groups/{g}/invites`: a group's invites, newest first, for its
 * owner and admins (members who may not manage members get 403, outsiders
 * the usual 404). Never a code: only its hash is stored. Each invite's
 * `status` is computed at read time with the decider's own rule
 * (`inviteStatusOf`) from the read model, its creator's current role and
 * active flag, and this service's clock; the decider, at accept time, has the
 * last word.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { can, forbidden, type InviteStatus, inviteStatusOf } from "@kopek/domain";
import { type InviteListRow, listInvites } from "@kopek/projector";
import type { QueryApiDeps } from "../deps.ts";
import {
  decodeCursor,
  encodeCursor,
  jsonWithEtag,
  Limit,
  parseQuery,
  requireGroupRole,
} from "../_http.ts";

/** The statuses `?status=` filters on. */
const STATUSES = [
  "active",
  "used",
  "expired",
  "revoked",
  "dead",
] as const satisfies readonly InviteStatus[];

/** Where the next page starts: before this stream version (an `integer` in the read model). */
const InviteCursor = z.strictObject({ c: z.number().int().min(1).max(2 ** 31 - 1) });

/** How many rows one filtered page reads at most before it answers with a cursor. */
const SCAN_LIMIT = 2_000;
/** How many rows a filtered page reads per query. */
const CHUNK = 500;

/** The status of an invite at `now`, by the decider's rule. */
export function statusOf(row: InviteListRow, now: string): InviteStatus {
  const creator = row.createdBy;
  return inviteStatusOf(
    {
      acceptedBy: row.acceptedByUser,
      revoked: row.revoked,
      createdBy: creator?.memberId ?? null,
      expiresAt: row.expiresAt,
      role: row.role,
    },
    creator && creator.role !== null && creator.active !== null
      ? { role: creator.role, active: creator.active }
      : undefined,
    now,
  );
}

/** An invite as the API shows it. */
function inviteJson(row: InviteListRow, status: InviteStatus) {
  return {
    id: row.id,
    memberId: row.memberId,
    role: row.role,
    expiresAt: row.expiresAt,
    createdBy: row.createdBy && { memberId: row.createdBy.memberId, name: row.createdBy.name },
    createdAt: row.createdAt,
    status,
    acceptedBy: row.acceptedBy,
  };
}

/** Mounts the invite route. */
export function inviteRoutes(deps: QueryApiDeps) {
  const clock = deps.now ?? (() => new Date());
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/invites", async (c) => {
      const query = parseQuery(c, {
        limit: Limit,
        cursor: z.string().max(1000).optional(),
        status: z.enum(STATUSES, { error: `must be one of ${STATUSES.join(", ")}` }).optional(),
      });
      const groupId = c.req.param("groupId").toLowerCase();
      const role = await requireGroupRole(deps, groupId, c.get("userId"));
      if (!can(role, "member.manage")) {
        throw forbidden("only the group's owner and admins may see its invites");
      }
      const before = decodeCursor(query.cursor, InviteCursor)?.c ?? null;
      const now = clock().toISOString();
      const cursorOf = (version: number) => encodeCursor({ c: version });

      if (query.status === undefined) {
        const rows = await listInvites(deps.sql, groupId, { limit: query.limit + 1, before });
        const items = rows.slice(0, query.limit);
        const last = items.at(-1);
        return await jsonWithEtag(c, {
          items: items.map((r) => inviteJson(r, statusOf(r, now))),
          nextCursor: rows.length > query.limit && last ? cursorOf(last.createdVersion) : null,
        });
      }

      // A status is computed, not stored: read newest first and keep the matching ones, up to
      // SCAN_LIMIT rows per request. A page may then hold fewer than `limit` items and still have
      // a cursor: the list goes on from the last row read.
      const matched: { row: InviteListRow; status: InviteStatus }[] = [];
      let scanned = 0;
      let at = before;
      let exhausted = false;
      while (matched.length <= query.limit && scanned < SCAN_LIMIT) {
        const want = Math.min(CHUNK, SCAN_LIMIT - scanned);
        const rows = await listInvites(deps.sql, groupId, { limit: want, before: at });
        for (const row of rows) {
          scanned++;
          at = row.createdVersion;
          const status = statusOf(row, now);
          if (status === query.status) matched.push({ row, status });
          if (matched.length > query.limit) break;
        }
        if (rows.length < want) {
          exhausted = true;
          break;
        }
      }
      const items = matched.slice(0, query.limit);
      const nextCursor = matched.length > query.limit
        ? cursorOf(items.at(-1)!.row.createdVersion)
        : !exhausted && at !== null
        ? cursorOf(at)
        : null;
      return await jsonWithEtag(c, {
        items: items.map(({ row, status }) => inviteJson(row, status)),
        nextCursor,
      });
    });
  };
}
