/** An exact decimal number: `units / 10^scale`. Never a float. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}

function grouped(whole: string, separator: string): boolean {
  const parts = whole.split(separator);
  return /^[0-9]{1,3}$/.test(parts[0]) && parts.slice(1).every((p) => /^[0-9]{3}$/.test(p));
}

function decimal(whole: string, fraction: string): Decimal {
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

/**
 * Reads a number written the English or the continental way. With both "."
 * and "," the last one is the decimal mark and the other groups thousands
 * ("1.234,56", "1,234.56"). With one kind repeated it groups thousands
 * ("1.000.000"). With one mark once, it groups thousands when exactly three
 * digits follow and one to three non-zero-led digits precede ("1.234",
 * "12,500"), and is the decimal mark otherwise ("12,50", "12.5", "0.500").
 * Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * readNumber("1.234,56"); // { units: 123456n, scale: 2 }
 * readNumber("12,5"); // { units: 125n, scale: 1 }
 * ```
 */
export function readNumber(s: string): Decimal | undefined {
  if (!/^[0-9][0-9.,]*[0-9]$|^[0-9]$/.test(s)) return undefined;
  const dots = count(s, ".");
  const commas = count(s, ",");
  if (dots === 0 && commas === 0) return decimal(s, "");
  if (dots > 0 && commas > 0) {
    const mark = s.lastIndexOf(".") > s.lastIndexOf(",") ? "." : ",";
    const group = mark === "." ? "," : ".";
    if (count(s, mark) !== 1) return undefined;
    const [whole, fraction] = s.split(mark);
    if (!grouped(whole, group)) return undefined;
    return decimal(whole.replaceAll(group, ""), fraction);
  }
  const mark = dots > 0 ? "." : ",";
  const parts = s.split(mark);
  if (parts.length > 2) return grouped(s, mark) ? decimal(parts.join(""), "") : undefined;
  const [whole, fraction] = parts;
  if (fraction.length === 3 && whole.length <= 3 && !whole.startsWith("0")) {
    return decimal(whole + fraction, "");
  }
  return decimal(whole, fraction);
}

function align(a: Decimal, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

/** `a + b`, exactly. */
export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: align(a, scale) + align(b, scale), scale };
}

/** `a × b`, exactly. */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/**
 * Evaluates sums of products of numbers ("12+8", "3*4.5", "3x4,50",
 * "2×3+1"); `*`, `x` and `×` bind tighter than `+`. Returns `undefined` if a
 * term is not a number per {@linkcode readNumber}.
 *
 * @example
 * ```ts
 * toDecimalString(evaluate("3*4.5")!); // "13.5"
 * ```
 */
export function evaluate(expression: string): Decimal | undefined {
  let sum: Decimal = { units: 0n, scale: 0 };
  for (const term of expression.split("+")) {
    let product: Decimal = { units: 1n, scale: 0 };
    for (const factor of term.split(/[*x×]/i)) {
      const n = readNumber(factor);
      if (n === undefined) return undefined;
      product = multiply(product, n);
    }
    sum = add(sum, product);
  }
  return sum;
}

/** The shortest plain decimal string of `d` ("13.5", "50", "0.05"), as `parseAmount` reads it. */
export function toDecimalString(d: Decimal): string {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  const digits = units.toString().padStart(scale + 1, "0");
  if (scale === 0) return digits;
  return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}
