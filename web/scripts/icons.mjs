// Draws Kopek's PNG icons (a coin on a green square) with no dependency:
// `node scripts/icons.mjs` writes static/icon-192.png, icon-512.png,
// icon-maskable-512.png and favicon.png. The outputs are checked in.
import { deflateSync } from "node:zlib";
import { writeFileSync } from "node:fs";

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5, size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const GREEN = [15, 95, 74];
const GOLD = [242, 190, 70];
const GOLD_DARK = [196, 140, 30];
const WHITE = [255, 255, 255];

/** The icon at unit coordinates: `inset` shrinks the coin (maskable icons keep a safe zone). */
function draw(x, y, size, { rounded, inset }) {
  const u = x / size, v = y / size;
  // Background: a rounded square, or the full square for maskable icons.
  const r = rounded ? 0.18 : 0;
  const dx = Math.max(Math.abs(u - 0.5) - (0.5 - r), 0), dy = Math.max(Math.abs(v - 0.5) - (0.5 - r), 0);
  if (Math.hypot(dx, dy) > r) return [0, 0, 0, 0];
  const d = Math.hypot(u - 0.5, v - 0.5);
  const R = 0.34 * inset;
  if (d < R) {
    if (d > R * 0.82) return [...GOLD_DARK, 255];
    // A "K" in the middle of the coin.
    const cu = (u - 0.5) / R, cv = (v - 0.5) / R;
    const stem = cu > -0.42 && cu < -0.22 && Math.abs(cv) < 0.5;
    const arm = Math.abs(cv) < 0.5 && cu > -0.25 && cu < 0.45 && Math.abs(Math.abs(cv) - (cu + 0.2) * 0.95) < 0.11;
    if (stem || arm) return [...GREEN, 255];
    return [...GOLD, 255];
  }
  if (d < R + 0.025) return [...WHITE, 255];
  return [...GREEN, 255];
}

const out = new URL("../static/", import.meta.url);
writeFileSync(new URL("icon-192.png", out), png(192, (x, y, s) => draw(x, y, s, { rounded: true, inset: 1 })));
writeFileSync(new URL("icon-512.png", out), png(512, (x, y, s) => draw(x, y, s, { rounded: true, inset: 1 })));
writeFileSync(new URL("icon-maskable-512.png", out), png(512, (x, y, s) => draw(x, y, s, { rounded: false, inset: 0.8 })));
writeFileSync(new URL("favicon.png", out), png(48, (x, y, s) => draw(x, y, s, { rounded: true, inset: 1 })));
console.log("icons written to static/");
