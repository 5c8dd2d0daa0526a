/**
 * The rate a foreign-currency command uses: the client's own rate or
 * converted amount, or else the service's rate for the expense's date.
 *
 * @module
 */
import type { ResolvedFx } from "@kopek/domain";

/** A source of the service's own rates (the rates worker provides one). */
export interface FxResolver {
  /** The latest rate published on or before `date` to turn one `from` into `to`, or null. */
  rate(from: string, to: string, date: string): Promise<
    { rate: string; date: string; source: string } | null
  >;
}

/** What a command body may say about conversion. */
export interface FxRequest {
  readonly currency: string;
  readonly date: string;
  readonly fx?: { rate?: string; convertedAmount?: string };
}

/**
 * Resolves the conversion of a command into the group's currency: null when
 * no conversion is needed or none could be found (decide then answers a
 * clear 422, never a silent rate of 1).
 */
export async function resolveFx(
  request: FxRequest,
  groupCurrency: string,
  resolver: FxResolver | undefined,
): Promise<ResolvedFx | null> {
  if (request.currency === groupCurrency) return null;
  if (request.fx?.rate !== undefined) {
    return { kind: "rate", rate: request.fx.rate, date: request.date, source: "client" };
  }
  if (request.fx?.convertedAmount !== undefined) {
    return { kind: "converted", amount: request.fx.convertedAmount, date: request.date };
  }
  const found = await resolver?.rate(request.currency, groupCurrency, request.date);
  return found ? { kind: "rate", ...found } : null;
}
