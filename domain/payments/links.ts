/**
 * How to pay one settle-up transfer to a member, from the member's payment
 * handles: a PayPal.me link with the amount, a Revolut link (revolut.me takes
 * no amount: the payer types it), a UPI link (INR only), an EPC QR payload
 * (EUR only) or the bank details, and free text. Pure.
 *
 * @module
 */
import { formatAmount } from "../money/money.ts";
import { clip, EPC_MAX_AMOUNT, EPC_MAX_TEXT, EpcError, epcPayload } from "./epc.ts";

/** A payment handle (the shape `handles.ts` validates; kept here so that the PWA needs no zod). */
export type PaymentHandleData =
  | {
    readonly kind: "iban";
    readonly iban: string;
    readonly name: string;
    readonly bic?: string | null;
  }
  | { readonly kind: "paypal"; readonly username: string }
  | { readonly kind: "revolut"; readonly username: string }
  | { readonly kind: "upi"; readonly vpa: string; readonly name?: string | null }
  | { readonly kind: "text"; readonly text: string };

/** Currencies PayPal takes payments in (PayPal's list of supported currencies). */
export const PAYPAL_CURRENCIES: ReadonlySet<string> = new Set([
  "AUD",
  "BRL",
  "CAD",
  "CNY",
  "CZK",
  "DKK",
  "EUR",
  "HKD",
  "HUF",
  "ILS",
  "JPY",
  "MYR",
  "MXN",
  "TWD",
  "NZD",
  "NOK",
  "PHP",
  "PLN",
  "GBP",
  "SGD",
  "SEK",
  "CHF",
  "THB",
  "USD",
]); // deno-fmt-ignore

/** What the payer is asked to pay. */
export interface PaymentRequest {
  /** Minor units, > 0. */
  readonly amount: bigint;
  /** ISO 4217 code of the amount. */
  readonly currency: string;
  /** A short text for the payee's statement (e.g. the group's name). */
  readonly reference: string;
}

/** One way to pay. */
export type PaymentOption =
  | { readonly kind: "paypal"; readonly url: string }
  | { readonly kind: "revolut"; readonly url: string }
  | { readonly kind: "upi"; readonly url: string }
  | { readonly kind: "epc"; readonly payload: string; readonly iban: string; readonly name: string }
  | {
    readonly kind: "iban";
    readonly iban: string;
    readonly name: string;
    readonly bic: string | null;
  }
  | { readonly kind: "text"; readonly text: string };

/** `https://paypal.me/<user>/<amount><CUR>`, or null when PayPal does not take the currency. */
export function paypalLink(username: string, request: PaymentRequest): string | null {
  if (!PAYPAL_CURRENCIES.has(request.currency)) return null;
  const amount = formatAmount(request.amount, request.currency);
  return `https://paypal.me/${encodeURIComponent(username)}/${amount}${request.currency}`;
}

/** `https://revolut.me/<user>`: revolut.me has no amount parameter. */
export function revolutLink(username: string): string {
  return `https://revolut.me/${encodeURIComponent(username)}`;
}

/** A UPI deep link (`upi://pay?pa=…&pn=…&am=…&cu=INR&tn=…`), or null unless the amount is INR. */
export function upiLink(vpa: string, name: string | null, request: PaymentRequest): string | null {
  if (request.currency !== "INR") return null;
  const params: [string, string][] = [["pa", vpa]];
  if (name) params.push(["pn", name]);
  params.push(["am", formatAmount(request.amount, "INR")], ["cu", "INR"]);
  const note = clip(request.reference, 80);
  if (note) params.push(["tn", note]);
  return `upi://pay?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
}

/** The ways to pay `request` with the payee's handles, in the handles' order. */
export function paymentOptions(
  handles: readonly PaymentHandleData[],
  request: PaymentRequest,
): PaymentOption[] {
  const options: PaymentOption[] = [];
  for (const h of handles) {
    switch (h.kind) {
      case "paypal": {
        const url = paypalLink(h.username, request);
        if (url) options.push({ kind: "paypal", url });
        break;
      }
      case "revolut":
        options.push({ kind: "revolut", url: revolutLink(h.username) });
        break;
      case "upi": {
        const url = upiLink(h.vpa, h.name ?? null, request);
        if (url) options.push({ kind: "upi", url });
        break;
      }
      case "iban": {
        const bic = h.bic ?? null;
        const payload = request.currency === "EUR" && request.amount <= EPC_MAX_AMOUNT
          ? epcOrNull(h.name, h.iban, bic, request)
          : null;
        if (payload) options.push({ kind: "epc", payload, iban: h.iban, name: h.name });
        else options.push({ kind: "iban", iban: h.iban, name: h.name, bic });
        break;
      }
      case "text":
        options.push({ kind: "text", text: h.text });
        break;
    }
  }
  return options;
}

/** The EPC payload, or null when the fields do not fit in one (e.g. over 331 bytes). */
function epcOrNull(
  name: string,
  iban: string,
  bic: string | null,
  request: PaymentRequest,
): string | null {
  try {
    const text = clip(request.reference, EPC_MAX_TEXT);
    return epcPayload({ name, iban, bic, amount: request.amount, text });
  } catch (e) {
    if (e instanceof EpcError) return null;
    throw e;
  }
}
