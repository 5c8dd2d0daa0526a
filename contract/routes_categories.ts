/**
 * The route table's category routes: a group's categories, built-in and its
 * own (ADR 0053).
 *
 * @module
 */
import { CategoryAddInput, CategoryUpdateInput } from "./schemas.ts";
import { read, type Route, write } from "./route.ts";

/** A group's categories: read by every member, managed by its owner and admins. */
export const CATEGORY_ROUTES: readonly Route[] = [
  read("/v1/groups/{g}/categories", {
    summary: "The categories an expense may use: the built-in ones, then the group's own " +
      "(at most 100 at a time); `includeRemoved=true` adds the removed ones, which old " +
      "expenses keep",
    response: "Categories",
    query: ["includeRemoved"],
    etag: true,
  }),
  write("post", "/v1/groups/{g}/categories", {
    summary: "Add a custom category (owner or admin): a name unique in the group " +
      "(case-insensitive, never a built-in name), one emoji, a colour #rrggbb",
    body: CategoryAddInput,
    ok: 201,
    response: "CategoryWritten",
    idempotent: true,
    problems: [
      "forbidden",
      "duplicate_id",
      "category.exists",
      "category.name_taken",
      "category.too_many",
    ],
  }),
  write("patch", "/v1/groups/{g}/categories/{c}", {
    summary: "Change a custom category's name, icon or colour (owner or admin)",
    body: CategoryUpdateInput,
    response: "CategoryWritten",
    idempotent: true,
    problems: ["forbidden", "duplicate_id", "category.name_taken"],
  }),
  write("delete", "/v1/groups/{g}/categories/{c}", {
    summary: "Remove a custom category (owner or admin): expenses that use it keep it, " +
      "new expenses cannot choose it",
    response: "CategoryWritten",
    idempotent: true,
    problems: ["forbidden", "duplicate_id"],
  }),
];
