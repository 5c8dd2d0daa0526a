/**
 * The EPC QR code payload (European Payments Council guideline EPC069-12,
 * "Quick Response Code: Guidelines to Enable Data Capture for the Initiation
 * of a SEPA Credit Transfer"): what a banking app reads to prefill a SEPA
 * transfer. Version 002 (the BIC may be left out inside the EEA), character
 * set 1 (UTF-8), identification SCT; EUR only.
 *
 * @module
 */
import { formatAmount } from "../money/money.ts";
import { isValidIban } from "./iban.ts";

/** What a SEPA transfer needs. */
export interface EpcTransfer {
  /** The beneficiary's name, 1–70 characters. */
  readonly name: string;
  /** The beneficiary's IBAN, normalized. */
  readonly iban: string;
  /** The beneficiary's BIC, 8 or 11 characters, or null. */
  readonly bic: string | null;
  /** EUR cents, 1 to 99,999,999,999 (0.01–999,999,999.99 EUR). */
  readonly amount: bigint;
  /** Unstructured remittance text, at most 140 characters (may be empty). */
  readonly text: string;
}

/** The longest payload the guideline allows, in bytes. */
export const EPC_MAX_BYTES = 331;
/** The largest amount, in EUR cents. */
export const EPC_MAX_AMOUNT = 99_999_999_999n;
/** The longest remittance text. */
export const EPC_MAX_TEXT = 140;

/** Thrown when a transfer cannot be put in an EPC QR code. */
export class EpcError extends Error {
  override readonly name = "EpcError";
}

/**
 * The payload of an EPC QR code for `transfer`: twelve lines joined by LF
 * (service tag BCD, version 002, character set 1, SCT, BIC, name, IBAN,
 * `EUR<amount>`, purpose (empty), structured reference (empty), remittance
 * text, and no beneficiary-to-originator information), trailing empty lines
 * left out as the guideline allows. Throws {@linkcode EpcError} when a field is
 * out of bounds.
 *
 * @example
 * ```ts
 * epcPayload({ name: "Ana", iban: "DE89370400440532013000", bic: null, amount: 1230n, text: "Trip" });
 * // "BCD\n002\n1\nSCT\n\nAna\nDE89370400440532013000\nEUR12.30\n\n\nTrip"
 * ```
 */
export function epcPayload(transfer: EpcTransfer): string {
  const { name, iban, bic, amount, text } = transfer;
  if (name.length < 1 || [...name].length > 70 || /[\p{Cc}]/u.test(name)) {
    throw new EpcError("the name must have 1–70 characters and no control characters");
  }
  if (!isValidIban(iban)) throw new EpcError("not a valid IBAN");
  if (bic !== null && !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    throw new EpcError("not a BIC");
  }
  if (amount < 1n || amount > EPC_MAX_AMOUNT) {
    throw new EpcError("the amount must be 0.01–999999999.99 EUR");
  }
  if ([...text].length > EPC_MAX_TEXT || /[\p{Cc}]/u.test(text)) {
    throw new EpcError("the text must have at most 140 characters and no control characters");
  }
  const lines = [
    "BCD",
    "002",
    "1",
    "SCT",
    bic ?? "",
    name,
    iban,
    `EUR${formatAmount(amount, "EUR")}`,
    "", // purpose
    "", // structured reference
    text,
  ];
  while (lines[lines.length - 1] === "") lines.pop();
  const payload = lines.join("\n");
  if (new TextEncoder().encode(payload).length > EPC_MAX_BYTES) {
    throw new EpcError(`the payload is longer than ${EPC_MAX_BYTES} bytes`);
  }
  return payload;
}

/** `text` cut to at most `max` code points (for a remittance text Kopek writes itself). */
export function clip(text: string, max: number): string {
  const points = [...text.replace(/[\p{Cc}]/gu, " ")];
  return points.length <= max ? points.join("") : points.slice(0, max).join("");
}
