/**
 * The groups projection: bulk load, pure fold, bulk upsert.
 *
 * @module
 */
import type { TransactionSql } from "@kopek/platform";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { textArray } from "../../_sql.ts";
import { foldGroups, type GroupRow, groupsState, type MemberRow } from "./fold.ts";

async function load(tx: TransactionSql, events: readonly GroupEnvelope[]) {
  const groupIds = [...new Set(events.map((e) => e.groupId))];
  const memberKeys = new Map<string, [string, string]>();
  for (const e of events) {
    const memberId = "memberId" in e.event.data ? e.event.data.memberId : null;
    if (memberId !== null) memberKeys.set(`${e.groupId}/${memberId}`, [e.groupId, memberId]);
  }
  const groups = await tx<GroupRow[]>`
    SELECT group_id::text AS "groupId", name, currency, version,
           created_at AS "createdAt", updated_at AS "updatedAt"
    FROM rm_groups WHERE group_id = ANY(${textArray(tx, groupIds)}::uuid[])`;
  const pairs = [...memberKeys.values()];
  const members = pairs.length === 0 ? [] : await tx<MemberRow[]>`
    SELECT m.group_id::text AS "groupId", m.member_id::text AS "memberId", m.name,
           m.user_id::text AS "userId", m.role, m.active, m.revision,
           m.joined_version AS "joinedVersion"
    FROM rm_members m
    JOIN unnest(${textArray(tx, pairs.map((p) => p[0]))}::uuid[],
                ${textArray(tx, pairs.map((p) => p[1]))}::uuid[]) AS k(g, m)
      ON m.group_id = k.g AND m.member_id = k.m`;
  for (const g of groups) {
    g.createdAt = new Date(g.createdAt).toISOString();
    g.updatedAt = new Date(g.updatedAt).toISOString();
  }
  return groupsState(groups, members);
}

async function apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  const state = foldGroups(await load(tx, events), events);
  const groups = [...state.dirtyGroups].map((k) => state.groups.get(k)!);
  if (groups.length > 0) {
    await tx`
      INSERT INTO rm_groups (group_id, name, currency, version, created_at, updated_at)
      SELECT * FROM unnest(
        ${textArray(tx, groups.map((g) => g.groupId))}::uuid[],
        ${textArray(tx, groups.map((g) => g.name))}::text[],
        ${textArray(tx, groups.map((g) => g.currency))}::text[],
        ${textArray(tx, groups.map((g) => g.version))}::integer[],
        ${textArray(tx, groups.map((g) => g.createdAt))}::timestamptz[],
        ${textArray(tx, groups.map((g) => g.updatedAt))}::timestamptz[])
      ON CONFLICT (group_id) DO UPDATE SET
        name = EXCLUDED.name, currency = EXCLUDED.currency, version = EXCLUDED.version,
        updated_at = EXCLUDED.updated_at`;
  }
  const members = [...state.dirtyMembers].map((k) => state.members.get(k)!);
  if (members.length > 0) {
    await tx`
      INSERT INTO rm_members
        (group_id, member_id, name, user_id, role, active, revision, joined_version)
      SELECT * FROM unnest(
        ${textArray(tx, members.map((m) => m.groupId))}::uuid[],
        ${textArray(tx, members.map((m) => m.memberId))}::uuid[],
        ${textArray(tx, members.map((m) => m.name))}::text[],
        ${textArray(tx, members.map((m) => m.userId))}::uuid[],
        ${textArray(tx, members.map((m) => m.role))}::text[],
        ${textArray(tx, members.map((m) => m.active))}::boolean[],
        ${textArray(tx, members.map((m) => m.revision))}::integer[],
        ${textArray(tx, members.map((m) => m.joinedVersion))}::integer[])
      ON CONFLICT (group_id, member_id) DO UPDATE SET
        name = EXCLUDED.name, user_id = EXCLUDED.user_id, role = EXCLUDED.role,
        active = EXCLUDED.active, revision = EXCLUDED.revision`;
  }
}

/** Groups and their members (`rm_groups`, `rm_members`). */
export const groupsProjection: Projection = {
  name: "groups",
  tables: ["rm_groups", "rm_members"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
