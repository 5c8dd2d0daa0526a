/**
 * One-time codes people type or tap (invites, Telegram link codes): 16
 * characters of Crockford base32 (80 bits), read back forgivingly (case,
 * spaces, dashes, and the look-alikes O/0 and I/L/1 do not matter). Only
 * their SHA-256 digest is ever stored.
 *
 * A code can be derived from an id with a server secret (HMAC), so that a
 * retried create answers the very same code without the code being stored.
 *
 * @module
 */
import { sha256Hex } from "../digest.ts";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 16;

function encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < LENGTH) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/**
 * A code as typed, in its one canonical form, or null when it cannot be a
 * code (wrong length or characters).
 */
export function normaliseCode(input: string): string | null {
  if (input.length > 64) return null;
  const code = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (code.length !== LENGTH) return null;
  for (const ch of code) if (!ALPHABET.includes(ch)) return null;
  return code;
}

/** The hex SHA-256 of a canonical code: what events and stream names hold. */
export function codeDigest(code: string): string {
  return sha256Hex(code);
}

/** Makes codes. */
export interface CodeMinter {
  /** A fresh random code. */
  random(): string;
  /** The code of `(purpose, id)`: always the same for the same inputs and secret. */
  derive(purpose: string, id: string): Promise<string>;
}

/** Creates a minter whose derived codes depend on `secret` (at least 32 characters). */
export function createCodeMinter(secret: string): CodeMinter {
  const key = crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(`kopek/codes/v1\0${secret}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return {
    random: () => encode(crypto.getRandomValues(new Uint8Array(10))),
    async derive(purpose, id) {
      const mac = await crypto.subtle.sign(
        "HMAC",
        await key,
        new TextEncoder().encode(`${purpose}\0${id}`),
      );
      return encode(new Uint8Array(mac));
    },
  };
}
