/**
 * A group's categories (ADR 0053): the built-in ones and the group's own, as
 * `GET /v1/groups/{g}/categories?includeRemoved=true` answers them, kept per
 * group in memory and in localStorage (so the picker and the labels work
 * offline with what was seen last). Writes are online only.
 *
 * @module
 */
import { request, sawWrite } from "../api/client.ts";
import type { Categories, CategoryItem, CategoryWritten } from "../types.ts";
import { builtInCategoryItems } from "$domain/shared/categories.ts";
import { categoryLabel } from "../format.ts";

const BUILT_IN: CategoryItem[] = builtInCategoryItems();

const storageKey = (groupId: string) => `kopek.categories.${groupId}`;

function stored(groupId: string): CategoryItem[] {
  try {
    const raw = globalThis.localStorage?.getItem(storageKey(groupId));
    return raw ? (JSON.parse(raw) as CategoryItem[]) : BUILT_IN;
  } catch {
    return BUILT_IN;
  }
}

const cache = $state<Record<string, CategoryItem[]>>({});

/** The group's categories as last seen (removed ones too): built-ins until loaded. */
export function categoriesOf(groupId: string): CategoryItem[] {
  return cache[groupId] ?? stored(groupId);
}

/** `GET .../categories?includeRemoved=true` into the cache; offline, the cache stays. */
export async function loadCategories(groupId: string, minPosition?: number): Promise<CategoryItem[]> {
  const { data } = await request<Categories>(`/v1/groups/${groupId}/categories?includeRemoved=true`, { minPosition });
  cache[groupId] = data.items;
  try {
    globalThis.localStorage?.setItem(storageKey(groupId), JSON.stringify(data.items));
  } catch {
    // A full or missing storage only costs the offline labels.
  }
  return data.items;
}

/** A category key's label: a custom category's name with its icon, a built-in's capitalised. */
export function categoryText(groupId: string, key: string): string {
  const c = categoriesOf(groupId).find((x) => x.key === key);
  if (!c || c.builtIn) return categoryLabel(key);
  return `${c.icon ?? ""} ${c.name}`.trim();
}

/** Adds (POST), changes (PATCH) or removes (DELETE) a custom category, then reloads the list. */
export async function writeCategory(
  groupId: string,
  action:
    | { kind: "add"; body: { name: string; icon: string; colour: string } }
    | { kind: "change"; id: string; body: Partial<{ name: string; icon: string; colour: string }> }
    | { kind: "remove"; id: string },
): Promise<CategoryWritten> {
  const base = `/v1/groups/${groupId}/categories`;
  const { data } = action.kind === "add"
    ? await request<CategoryWritten>(base, { method: "POST", body: action.body })
    : action.kind === "change"
    ? await request<CategoryWritten>(`${base}/${action.id}`, { method: "PATCH", body: action.body })
    : await request<CategoryWritten>(`${base}/${action.id}`, { method: "DELETE" });
  if (data.position !== null) await sawWrite(data.position);
  await loadCategories(groupId, data.position ?? undefined);
  return data;
}
