/**
 * A queued photo is previewed only when its header declares a size the device may decode: a
 * pixel bomb stalled the page it was shown on (web/e2e/attachments.int_test.ts).
 */
import { describe, expect, it } from "vitest";
import { ATTACHMENT_LIMITS } from "$domain/shared/attachment_limits.ts";
import { previewable, previewableHead } from "./preview.ts";

function bytes(...parts: (number[] | Uint8Array | string)[]): Uint8Array {
  const arrays = parts.map((p) => (typeof p === "string" ? new TextEncoder().encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16be = (n: number) => [(n >>> 8) & 255, n & 255];
const u24le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];

/** A PNG's signature and header chunk (no pixels: the size is read from the header alone). */
const png = (w: number, h: number) =>
  bytes([0x89], "PNG\r\n\x1a\n", u32be(13), "IHDR", u32be(w), u32be(h), [8, 2, 0, 0, 0], u32be(0));

/** A JPEG whose frame header follows `before` bytes of an APP1 segment (EXIF sits there). */
const jpeg = (w: number, h: number, before = 16) =>
  bytes([0xff, 0xd8, 0xff, 0xe1], u16be(before + 2), new Uint8Array(before), [0xff, 0xc0], u16be(17), [8], u16be(h), u16be(w), [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);

/** An extended WebP header (VP8X): sizes minus one, 24 bits each. */
const webp = (w: number, h: number) => bytes("RIFF", [30, 0, 0, 0], "WEBPVP8X", [10, 0, 0, 0], [0, 0, 0, 0], u24le(w - 1), u24le(h - 1));

describe("previewableHead", () => {
  it("previews a photo of an ordinary size, in each kind the server keeps", () => {
    expect(previewableHead(png(640, 480))).toBe(true);
    expect(previewableHead(jpeg(4032, 3024))).toBe(true);
    expect(previewableHead(webp(1920, 1080))).toBe(true);
  });

  it("takes the server's limit to the pixel: at most maxPixels", () => {
    const max = ATTACHMENT_LIMITS.maxPixels;
    expect(previewableHead(png(max / 5_000, 5_000))).toBe(true);
    expect(previewableHead(png(max / 5_000 + 1, 5_000))).toBe(false);
  });

  it("refuses a pixel bomb of any kind: a small file declaring 400 million pixels", () => {
    expect(previewableHead(png(20_000, 20_000))).toBe(false);
    expect(previewableHead(jpeg(20_000, 20_000))).toBe(false);
    expect(previewableHead(webp(16_383, 16_383))).toBe(false);
  });

  it("refuses what it cannot size: not an image, an empty size, a header cut short", () => {
    expect(previewableHead(bytes("not a photo at all\n"))).toBe(false);
    expect(previewableHead(new Uint8Array())).toBe(false);
    expect(previewableHead(png(0, 480))).toBe(false);
    expect(previewableHead(jpeg(640, 480).subarray(0, 20))).toBe(false);
  });
});

describe("previewable", () => {
  it("reads a Blob's header, past a large EXIF block", async () => {
    expect(await previewable(new Blob([jpeg(4032, 3024, 60_000) as Uint8Array<ArrayBuffer>]))).toBe(true);
    expect(await previewable(new Blob([jpeg(20_000, 20_000, 60_000) as Uint8Array<ArrayBuffer>]))).toBe(false);
  });
});
