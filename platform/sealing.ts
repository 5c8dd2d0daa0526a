/**
 * Sealing personal data with a per-account data key (crypto-shredding, ADR
 * 0044): AES-256-GCM through WebCrypto. A sealed box is text,
 * `s1.<key id>.<base64 of the 12-byte IV and the ciphertext with its tag>`;
 * the key id (16 hex digits of the key's SHA-256) tells a box sealed with
 * another key (or whose key was deleted: the data reads as erased, null)
 * from a box that was changed (refused: {@linkcode open} throws). The
 * additional data binds a box to where it is stored (an event's id), so a box
 * moved to another event is refused too.
 *
 * @module
 */

/** Bytes of a data key (AES-256). */
export const DATA_KEY_BYTES = 32;

/** A new random data key. */
export function newDataKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(DATA_KEY_BYTES));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function keyId(key: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", key as BufferSource));
  return Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

function importKey(key: Uint8Array): Promise<CryptoKey> {
  if (key.length !== DATA_KEY_BYTES) throw new Error("a data key has 32 bytes");
  return crypto.subtle.importKey("raw", key as BufferSource, "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
}

/** Seals a text with a data key, bound to `context` (e.g. the event's id). */
export async function seal(key: Uint8Array, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
      await importKey(key),
      encoder.encode(plaintext),
    ),
  );
  const box = new Uint8Array(iv.length + sealed.length);
  box.set(iv);
  box.set(sealed, iv.length);
  return `s1.${await keyId(key)}.${toBase64(box)}`;
}

/** Whether a value is a sealed box. */
export function isSealed(value: unknown): value is string {
  return typeof value === "string" && /^s1\.[0-9a-f]{16}\.[A-Za-z0-9+/=]+$/.test(value);
}

/**
 * Opens a box: its text, or null when the key is gone (null) or is another key
 * (the data is erased). Throws when the box was changed or bound elsewhere.
 */
export async function open(
  key: Uint8Array | null,
  box: string,
  context: string,
): Promise<string | null> {
  if (!isSealed(box)) throw new Error("not a sealed box");
  const [, id, body] = box.split(".");
  if (key === null || id !== await keyId(key)) return null;
  const bytes = fromBase64(body);
  if (bytes.length < 12 + 16) throw new Error("a sealed box was changed");
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.subarray(0, 12), additionalData: encoder.encode(context) },
      await importKey(key),
      bytes.subarray(12),
    );
    return decoder.decode(plain);
  } catch {
    throw new Error("a sealed box was changed (or moved): refused");
  }
}
