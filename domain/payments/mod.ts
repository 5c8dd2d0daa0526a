/**
 * Payments people can make: payment handles, IBAN checks, the EPC (SEPA) QR
 * payload and payment links. Pure.
 *
 * @module
 */
export * from "./iban.ts";
export * from "./handles.ts";
export * from "./epc.ts";
export * from "./links.ts";
