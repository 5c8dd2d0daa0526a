/**
 * Fuzz routes: a group's custom categories (add, change, remove) and the
 * caller's balances across groups.
 *
 * @module
 */
import { categoryArb, categoryPatchArb } from "./_kit/bodies.ts";
import { g0, type Route } from "./_kit/route.ts";

/** The category routes and `GET /v1/me/balances`. */
export const CATEGORIES_ROUTES: readonly Route[] = [
  {
    name: "GET categories",
    op: "GET /v1/groups/{g}/categories",
    method: "GET",
    path: "/v1/groups/{0}/categories",
    ids: g0,
    auth: "user",
    params: ["includeRemoved"],
  },
  {
    name: "category.add",
    op: "POST /v1/groups/{g}/categories",
    method: "POST",
    path: "/v1/groups/{0}/categories",
    ids: g0,
    auth: "user",
    ledger: true,
    body: categoryArb,
  },
  {
    name: "category.update",
    op: "PATCH /v1/groups/{g}/categories/{c}",
    method: "PATCH",
    path: "/v1/groups/{0}/categories/{1}",
    ids: (f) => [f.g, f.K],
    auth: "user",
    ledger: true,
    unversioned: true,
    body: categoryPatchArb,
  },
  {
    name: "category.remove",
    op: "DELETE /v1/groups/{g}/categories/{c}",
    method: "DELETE",
    path: "/v1/groups/{0}/categories/{1}",
    ids: (f) => [f.g, f.K],
    auth: "user",
    ledger: true,
    unversioned: true,
    bodyless: true,
  },
  {
    name: "GET me balances",
    op: "GET /v1/me/balances",
    method: "GET",
    path: "/v1/me/balances",
    ids: () => [],
    auth: "user",
    zedOk: true,
    params: [],
  },
];
