/**
 * The signs and names of every currency a group can have (`lexicon/currency_markers.json`, built
 * from the CLDR data of V8's ICU by `lexicon/build_currency_markers.ts`): "J$5,200" in Kingston,
 * "RD$4,350.50" in Santo Domingo, "GH₵85" in Accra, "₱3,240.75" and "P4,580.20" in Manila,
 * "12 bs" in La Paz, "25 000 gourdes" and "1 250 gdes" in Port-au-Prince. Asked only after the
 * hand-kept signs and words of `currency.ts`. Pure.
 *
 * A marker counts when it names the group's currency; a sign of one currency only, written with
 * a currency symbol ("RD$", "GH₵", "NT$"), counts in any group. Letters alone ("Bs", "P", "G",
 * "gdes") and signs several currencies share ("₱" is the Cuban peso's too) count only in their
 * own currency's group: "P" or "G" elsewhere is a letter, "won" and "rand" are words.
 *
 * @module
 */
import markers from "./lexicon/currency_markers.json" with { type: "json" };
import { keyOf } from "./text.ts";

interface Markers {
  readonly signs: ReadonlyMap<string, readonly string[]>;
  readonly words: ReadonlyMap<string, readonly string[]>;
  /** Signs of two letters or more, in lower case ("bs", "ksh"): a single letter keeps its case. */
  readonly folded: ReadonlyMap<string, readonly string[]>;
}

let loaded: Markers | undefined;

function load(): Markers {
  if (loaded !== undefined) return loaded;
  const folded = new Map<string, string[]>();
  for (const [sign, codes] of Object.entries(markers.signs)) {
    if (sign.length < 2) continue;
    const key = sign.toLowerCase();
    folded.set(key, [...new Set([...(folded.get(key) ?? []), ...codes])]);
  }
  loaded = {
    signs: new Map(Object.entries(markers.signs)),
    words: new Map(Object.entries(markers.words)),
    folded,
  };
  return loaded;
}

/** The currency a sign or name written beside a number means in a group in `group`, if any. */
export function markedCurrency(text: string, group: string | undefined): string | undefined {
  const { signs, words, folded } = load();
  const sign = signs.get(text);
  if (sign !== undefined) {
    if (group !== undefined && sign.includes(group)) return group;
    return sign.length === 1 && /\p{Sc}/u.test(text) ? sign[0] : undefined;
  }
  const lower = text.toLowerCase();
  // The group's own ISO code in any case ("ugx 380,000", "380,000 Ugx"; round 9): every code of
  // ISO 4217 names its currency, but only there, where it cannot be a word ("all", "top", "cup").
  if (group !== undefined && lower === group.toLowerCase()) return group;
  const word = words.get(/^[ -~]*$/.test(lower) ? lower : keyOf(text)) ?? folded.get(lower);
  return group !== undefined && word?.includes(group) ? group : undefined;
}
