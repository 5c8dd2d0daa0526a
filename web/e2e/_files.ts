/**
 * Files the attachment tests upload, made here rather than kept in the repository: a PDF of an
 * exact size (a real one, which the server stores as it is), a PNG (made by hand: signature,
 * IHDR, one zlib-compressed IDAT, IEND), a PNG whose header declares far more pixels than the
 * server decodes (a pixel bomb: a few hundred bytes), and their SHA-256.
 *
 * @module
 */
import { deflateSync } from "node:zlib";

const text = new TextEncoder();

/** The lowercase hex SHA-256 of some bytes. */
export async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A one-page PDF of exactly `size` bytes: its content stream carries the padding. */
export function pdfOfSize(size: number): Uint8Array<ArrayBuffer> {
  const head = (n: number) =>
    "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n" +
    "2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
    "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 4 0 R>> endobj\n" +
    `4 0 obj <</Length ${n}>>\nstream\n`;
  const tail = "\nendstream\nendobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";
  // The stream's length changes the header's by its digits: settle it.
  let n = size;
  for (let i = 0; i < 3; i++) {
    n = size - text.encode(head(n)).length - tail.length;
  }
  const out = new Uint8Array(size);
  const h = text.encode(head(n));
  out.set(h, 0);
  // A comment line over and over ("% receipt 0000001\n"): valid content, not all one byte.
  let at = h.length;
  let line = 0;
  while (at < h.length + n) {
    const l = text.encode(`% receipt ${String(line++).padStart(7, "0")}\n`);
    out.set(l.subarray(0, Math.min(l.length, h.length + n - at)), at);
    at += l.length;
  }
  out.set(text.encode(tail), h.length + n);
  if (out.length !== size) {
    throw new Error(`pdf of ${out.length} bytes, not ${size}`);
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(text.encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function ihdr(width: number, height: number): Uint8Array {
  const d = new Uint8Array(13);
  const v = new DataView(d.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  d.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter, no interlace
  return d;
}

const SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

/** An RGB PNG of `width`×`height` with a colour gradient. */
export function png(width: number, height: number): Uint8Array<ArrayBuffer> {
  const raw = new Uint8Array((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw.set(
        [(x * 255 / width) | 0, (y * 255 / height) | 0, 128],
        row + 1 + x * 3,
      );
    }
  }
  return concat([
    SIGNATURE,
    chunk("IHDR", ihdr(width, height)),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array()),
  ]);
}

/** A PNG whose header says `width`×`height` (a pixel bomb): only its first rows are there. */
export function pixelBomb(
  width = 20_000,
  height = 20_000,
): Uint8Array<ArrayBuffer> {
  const rows = new Uint8Array((width * 3 + 1) * 2);
  return concat([
    SIGNATURE,
    chunk("IHDR", ihdr(width, height)),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", new Uint8Array()),
  ]);
}
