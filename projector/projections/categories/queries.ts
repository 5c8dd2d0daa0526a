/**
 * Queries on the categories read model, for query-api: a group's categories
 * (at most 1,000 ever, so one query reads them all), and the labels of
 * category keys (built-in names and custom ids) for reports and exports.
 *
 * @module
 */
import { CATEGORIES } from "@kopek/domain";
import type { Sql, TransactionSql } from "../../_deps.ts";

/** A custom category as the read model has it. */
export interface CategoryView {
  readonly id: string;
  readonly name: string;
  readonly icon: string;
  readonly colour: string;
  readonly removed: boolean;
}

/** A category key's name, icon and colour (null for the built-in ones). */
export interface CategoryLabelView {
  readonly name: string;
  readonly icon: string | null;
  readonly colour: string | null;
}

/** The group's custom categories, removed ones too, by name. */
export async function listCategories(
  sql: Sql | TransactionSql,
  groupId: string,
): Promise<CategoryView[]> {
  const rows = await sql<CategoryView[]>`
    SELECT category_id::text AS id, name, icon, colour, removed
    FROM rm_categories WHERE group_id = ${groupId}::uuid
    ORDER BY lower(name), category_id`;
  return rows.map((r) => ({ ...r }));
}

/** Every key an expense of the group may hold → its label: built-in names, then custom ids. */
export async function categoryLabels(
  sql: Sql | TransactionSql,
  groupId: string,
): Promise<Map<string, CategoryLabelView>> {
  const labels = new Map<string, CategoryLabelView>(
    CATEGORIES.map((c) => [c, { name: c, icon: null, colour: null }]),
  );
  for (const c of await listCategories(sql, groupId)) {
    labels.set(c.id, { name: c.name, icon: c.icon, colour: c.colour });
  }
  return labels;
}
