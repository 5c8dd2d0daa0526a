/**
 * The categories projection: the categories a batch touched, upserted in
 * bulk. A replayed `CategoryAdded` never brings a removed category back
 * (`removed` only goes from false to true).
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { textArray } from "../../_sql.ts";
import { foldCategories } from "./fold.ts";

async function apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void> {
  const changes = [...foldCategories(events).values()];
  const bodies = changes.filter((c) => c.body !== null);
  if (bodies.length > 0) {
    await tx`
      INSERT INTO rm_categories AS c (group_id, category_id, name, icon, colour, removed, position)
      SELECT * FROM unnest(
        ${textArray(tx, bodies.map((r) => r.groupId))}::uuid[],
        ${textArray(tx, bodies.map((r) => r.categoryId))}::uuid[],
        ${textArray(tx, bodies.map((r) => r.body!.name))}::text[],
        ${textArray(tx, bodies.map((r) => r.body!.icon))}::text[],
        ${textArray(tx, bodies.map((r) => r.body!.colour))}::text[],
        ${textArray(tx, bodies.map((r) => r.removed))}::boolean[],
        ${textArray(tx, bodies.map((r) => r.position))}::bigint[])
      ON CONFLICT (group_id, category_id) DO UPDATE SET
        name = EXCLUDED.name, icon = EXCLUDED.icon, colour = EXCLUDED.colour,
        removed = c.removed OR EXCLUDED.removed, position = EXCLUDED.position`;
  }
  const removals = changes.filter((c) => c.body === null && c.removed);
  if (removals.length > 0) {
    await tx`
      UPDATE rm_categories AS c SET removed = true, position = u.position
      FROM unnest(
        ${textArray(tx, removals.map((r) => r.groupId))}::uuid[],
        ${textArray(tx, removals.map((r) => r.categoryId))}::uuid[],
        ${textArray(tx, removals.map((r) => r.position))}::bigint[])
        AS u(group_id, category_id, position)
      WHERE c.group_id = u.group_id AND c.category_id = u.category_id`;
  }
}

/** Each group's custom categories (`rm_categories`). */
export const categoriesProjection: Projection = {
  name: "categories",
  tables: ["rm_categories"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
