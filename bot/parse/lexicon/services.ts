/**
 * The services lexicon (`services.json`, kept by hand as data): brands with no shop on the map,
 * which the name-suggestion-index behind `brands.json` cannot hold (delivery and ride apps,
 * streaming, telephone and energy companies, transit cards, chains' nicknames). Pure.
 *
 * @module
 */
import type { Category } from "@kopek/domain";
import services from "./services.json" with { type: "json" };

const NAMES: ReadonlyMap<string, Category> = new Map(
  Object.entries(services.words as Record<string, Record<string, string[]>>).flatMap((
    [category, groups],
  ) => Object.values(groups).flat().map((name) => [name, category as Category] as const)),
);

/** A service's category by its name in the brands' spelling ("uber eats" → food), if known. */
export function serviceCategory(name: string): Category | undefined {
  return NAMES.get(name);
}

/** Every service's name with its category (for tests). */
export function serviceNames(): ReadonlyMap<string, Category> {
  return NAMES;
}
