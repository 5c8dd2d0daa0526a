/**
 * A group's custom categories: an owner or admin adds, changes and removes
 * them; every member's expense may use a built-in category or one of the
 * group's that is not removed. A removed category stays in the history: the
 * expenses that use it keep it, and an amendment may keep it, but no expense
 * may newly choose it.
 *
 * Names are unique per group, case-insensitively (NFKC, lower case), and
 * never equal a built-in category's name. A group has at most
 * {@linkcode MAX_ACTIVE_CATEGORIES} categories at a time and adds at most
 * {@linkcode MAX_CATEGORIES_EVER} over its life, so that its state stays small.
 *
 * @module
 */
import { conflict, forbidden, invalid, notFound } from "../errors.ts";
import { CATEGORIES, isBuiltInCategory } from "../shared/schemas.ts";
import type { GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { can } from "./roles.ts";
import type { CategoryState, GroupState, MemberState } from "./state.ts";

/** The most categories a group has at a time (removed ones not counted). */
export const MAX_ACTIVE_CATEGORIES = 100;
/** The most categories a group may add over its life (removed ones counted). */
export const MAX_CATEGORIES_EVER = 1000;

/** A category name as compared for uniqueness. */
export function categoryNameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase();
}

const BUILT_IN_KEYS = new Set<string>(CATEGORIES.map(categoryNameKey));

function requireManager(actor: MemberState) {
  if (!can(actor.role, "group.update")) {
    throw forbidden("only an owner or admin can manage the group's categories");
  }
}

function requireFreeName(state: GroupState, name: string, self: string | null) {
  const key = categoryNameKey(name);
  if (BUILT_IN_KEYS.has(key)) {
    throw conflict("category.name_taken", `"${name}" is the name of a built-in category`);
  }
  for (const c of state.categories.values()) {
    if (!c.removed && c.id !== self && categoryNameKey(c.name) === key) {
      throw conflict("category.name_taken", `the group already has a category "${c.name}"`);
    }
  }
}

function activeCategory(state: GroupState, id: string): CategoryState {
  const c = state.categories.get(id);
  if (!c || c.removed) throw notFound("category");
  return c;
}

/** The events of a `category.add`, `category.update` or `category.remove`, or a refusal. */
export function decideCategory(
  command: Extract<GroupCommand, { type: "category.add" | "category.update" | "category.remove" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  requireManager(actor);
  switch (command.type) {
    case "category.add": {
      if (state.categories.has(command.categoryId)) {
        throw conflict("category.exists", "a category with this id already exists");
      }
      const active = [...state.categories.values()].filter((c) => !c.removed).length;
      if (active >= MAX_ACTIVE_CATEGORIES || state.categories.size >= MAX_CATEGORIES_EVER) {
        throw conflict(
          "category.too_many",
          `a group has at most ${MAX_ACTIVE_CATEGORIES} categories (and adds at most ${MAX_CATEGORIES_EVER})`,
        );
      }
      requireFreeName(state, command.name, null);
      const { categoryId, name, icon, colour } = command;
      return [{ type: "CategoryAdded", data: { categoryId, name, icon, colour } }];
    }
    case "category.update": {
      const c = activeCategory(state, command.categoryId);
      const next = {
        categoryId: c.id,
        name: command.name ?? c.name,
        icon: command.icon ?? c.icon,
        colour: command.colour ?? c.colour,
      };
      if (next.name === c.name && next.icon === c.icon && next.colour === c.colour) return [];
      if (next.name !== c.name) requireFreeName(state, next.name, c.id);
      return [{ type: "CategoryChanged", data: next }];
    }
    case "category.remove": {
      const c = activeCategory(state, command.categoryId);
      return [{ type: "CategoryRemoved", data: { categoryId: c.id } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown category command ${(unknown as GroupCommand).type}`);
    }
  }
}

/**
 * Refuses an expense's category unless it is built in or a category of the
 * group that is not removed; `kept` (the category the expense has before an
 * amendment) may stay even when removed.
 */
export function requireUsableCategory(state: GroupState, key: string, kept?: string): void {
  if (isBuiltInCategory(key)) return;
  const c = state.categories.get(key);
  if (!c) {
    throw invalid("category.unknown", "category", "the group has no category with this id");
  }
  if (c.removed && key !== kept) {
    throw invalid("category.removed", "category", `the category "${c.name}" has been removed`);
  }
}
