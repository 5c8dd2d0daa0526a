import { allocate } from "$domain/money/mod.ts";

/** The most decimal places a percentage may have (as `percentWeights` takes them). */
const MAX_DECIMALS = 6;

/**
 * Percentages for `n` people that split `total` minor units exactly as an
 * equal split does: the percent allocation (API.md rule 1) of them gives each
 * person the same minor units as `equal` would, to the cent. With the fewest
 * decimal places that do: 10.00 among 3 is 33.4 / 33.3 / 33.3 (3.34, 3.33, 3.33),
 * but 10,000.00 among 3 needs 33.3334 / 33.3333 / 33.3333 (33.34 % of it is
 * 3,334.00, not 3,333.34). Without a total (`null`, or not above zero) the
 * percentages of 100 %: 33.34 / 33.33 / 33.33. Answers `null` when even 6
 * decimal places cannot give the equal split (totals above about 10^8 minor
 * units); the form then says so.
 *
 * @example
 * ```ts
 * equalPercents(1_000_000n, 3); // ["33.3334", "33.3333", "33.3333"]
 * ```
 */
export function equalPercents(total: bigint | null, n: number): string[] | null {
  if (n <= 0) return [];
  const ones = Array.from({ length: n }, () => 1n);
  if (total === null || total <= 0n) {
    return allocate(10_000n, ones).map((w) => decimal(w, 2));
  }
  const equal = allocate(total, ones);
  for (let digits = 0; digits <= MAX_DECIMALS; digits++) {
    const weights = allocate(100n * 10n ** BigInt(digits), equal);
    const shares = allocate(total, weights);
    if (shares.every((s, i) => s === equal[i])) return weights.map((w) => decimal(w, digits));
  }
  return null;
}

/** `value / 10^scale` (value ≥ 0) as a trimmed decimal string, as `percentWeights` reads it. */
function decimal(value: bigint, scale: number): string {
  const digits = value.toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

/** `total` in `n` parts as equal as can be, the larger ones first (the form's "Fill equally"). */
export function splitEven(total: bigint, n: number): bigint[] {
  const base = total / BigInt(n);
  let left = total - base * BigInt(n);
  return Array.from({ length: n }, () => (left-- > 0n ? base + 1n : base));
}

/** A value scaled by 10^scale as a decimal without trailing zeros ("33.333333"). */
export function formatScaled(v: bigint, scale: number): string {
  const s = v.toString().padStart(scale + 1, "0");
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/\.?0+$/, "");
}
