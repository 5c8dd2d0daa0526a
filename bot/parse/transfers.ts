/**
 * Payment services and transfers: the words that say money was sent by one ("fiz um pix", "un
 * bizum", "orange money à Dieumerci"), split out of `roles.ts` (round 9). Pure.
 *
 * @module
 */
import type { Token } from "./text.ts";

/**
 * Payment services and transfers (keys): with a person, money handed over ("fiz um pix de 40 pra
 * Inês", "hice un bizum a Mateo", "virement à Hugo"), never an expense shared with that person.
 */
const TRANSFER: ReadonlySet<string> = new Set([
  "pix",
  "bizum",
  "twint",
  "paypal",
  "venmo",
  "zelle",
  ...["lydia", "paylib", "wero", "mbway", "revolut", "tikkie", "swish", "vipps", "satispay"],
  ...["mercadopago", "nequi", "yape", "plin", "daviplata", "cashapp"],
  ...["payid", "osko", "gpay", "googlepay", "phonepe", "paytm", "upi", "payconiq", "interac"],
  ...["etransfer", "applepay", "mobilepay", "blik"],
  // Singapore's PayNow and PayLah, Malaysia's DuitNow (round 7: "paynowed arjun 40").
  ...["paynow", "paylah", "duitnow"],
  // South Africa's SnapScan, Zapper and EFTs, Nigeria's OPay, PalmPay and Moniepoint, Kenya's M-Pesa.
  ...["snapscan", "zapper", "eft", "opay", "palmpay", "moniepoint", "mpesa"],
  // The Philippines' GCash (round 8); Pakistan's JazzCash and Easypaisa, Costa Rica's SINPE
  // Móvil (round 9).
  ...["gcash", "jazzcash", "easypaisa", "sinpe"],
  // The UK's Monzo, Hong Kong's PayMe and FPS (its Faster Payment System), Madagascar's MVola
  // (round 10: "monzo'd ste 12.50", "chloe FPS'd me $320", "mvola à tojo 15 000").
  ...["monzo", "payme", "fps", "mvola"],
  "transfer",
  "transferencia",
  "virement",
  "uberweisung",
]);

/**
 * Services read only made verbs: MTN's Mobile Money, "momo" ("momo'd nii 150", round 8), whose
 * bare name is also dumplings.
 */
export const AS_VERBS: ReadonlySet<string> = new Set([...TRANSFER, "momo"]);

/**
 * Mobile-money brands whose service is the brand and "money" ("orange money", "tigo money",
 * "airtel money", "mtn money"; round 9): the brand alone is a telephone company (utilities).
 */
const MOBILE_MONEY: ReadonlySet<string> = new Set(["orange", "tigo", "airtel", "mtn", "vodafone"]);

/** Whether a key is a payment service's or transfer's word (for the vocabulary). */
export function isTransferWord(key: string): boolean {
  return TRANSFER.has(key);
}

/** Whether the token at `i` names a transfer: a service, or "money" after a mobile-money brand. */
export function isTransferAt(tokens: readonly Token[], i: number): boolean {
  const key = tokens[i]?.key ?? "";
  return TRANSFER.has(key) || (key === "money" && MOBILE_MONEY.has(tokens[i - 1]?.key ?? ""));
}
