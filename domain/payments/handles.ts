/**
 * Payment handles: how a member can be paid (an IBAN with the holder's name,
 * a PayPal.me or Revolut username, a UPI address, or free text). A member has
 * at most {@linkcode MAX_PAYMENT_HANDLES}; every text is bounded.
 *
 * @module
 */
import { z } from "zod";
import { isValidIban, normalizeIban } from "./iban.ts";
import { Text } from "../shared/schemas.ts";

/** The most handles a member keeps. */
export const MAX_PAYMENT_HANDLES = 5;

/** Longest texts of a handle, in UTF-16 code units. */
export const HANDLE_LIMITS = {
  /** The account holder's name (EPC069-12: 70). */
  name: 70,
  /** Free text (how else to pay). */
  text: 200,
} as const;

/** Trimmed, 1–70 characters, no control characters (as every name of the API). */
const Name = Text(HANDLE_LIMITS.name);

/** A BIC (ISO 9362): 8 or 11 letters and digits. */
export const Bic = z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, "not a BIC");

/** An IBAN, normalized (no spaces, upper case) and checked (mod 97). */
export const Iban = z.string().max(64).transform(normalizeIban).refine(
  isValidIban,
  "not a valid IBAN (shape or check digits)",
);

/** A PayPal.me username: 1–20 letters and digits. */
export const PaypalUsername = z.string().regex(/^[A-Za-z0-9]{1,20}$/, "not a PayPal.me name");
/** A Revolut username (revtag): 3–32 letters, digits, dots, underscores or dashes. */
export const RevolutUsername = z.string().regex(
  /^[A-Za-z0-9._-]{3,32}$/,
  "not a Revolut username",
);
/** A UPI virtual payment address, `name@bank`. */
export const UpiVpa = z.string().regex(/^[A-Za-z0-9.\-_]{2,64}@[A-Za-z0-9]{2,64}$/, "not a UPI id");

/** One payment handle, by kind. */
export const PaymentHandle = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("iban"), iban: Iban, name: Name, bic: Bic.nullish() }),
  z.strictObject({ kind: z.literal("paypal"), username: PaypalUsername }),
  z.strictObject({ kind: z.literal("revolut"), username: RevolutUsername }),
  z.strictObject({ kind: z.literal("upi"), vpa: UpiVpa, name: Name.nullish() }),
  z.strictObject({
    kind: z.literal("text"),
    text: Text(HANDLE_LIMITS.text),
  }),
]);
/** One payment handle, by kind. */
export type PaymentHandle = z.infer<typeof PaymentHandle>;

/** A member's handles: at most {@linkcode MAX_PAYMENT_HANDLES}. */
export const PaymentHandles = z.array(PaymentHandle).max(MAX_PAYMENT_HANDLES);

/** A handle as events store it: optional fields are null, never missing. */
export function storedHandle(handle: PaymentHandle): PaymentHandle {
  switch (handle.kind) {
    case "iban":
      return { kind: "iban", iban: handle.iban, name: handle.name, bic: handle.bic ?? null };
    case "upi":
      return { kind: "upi", vpa: handle.vpa, name: handle.name ?? null };
    default:
      return handle;
  }
}
