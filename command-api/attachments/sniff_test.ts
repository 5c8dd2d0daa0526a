import assert from "node:assert/strict";
import { SNIFF_BYTES, sniffType } from "./sniff.ts";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(
    parts.flatMap((p) => typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p),
  );

Deno.test("sniffType: the four kept types from their magic numbers", () => {
  assert.equal(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0], "JFIF")), "image/jpeg");
  assert.equal(sniffType(bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), "image/png");
  assert.equal(sniffType(bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 ")), "image/webp");
  assert.equal(sniffType(bytes("%PDF-1.7\n")), "application/pdf");
});

Deno.test("sniffType: anything else is null, whatever it claims to be", () => {
  for (
    const other of [
      bytes("<!doctype html><script>"),
      bytes([0x7f], "ELF", [2, 1, 1, 0]),
      bytes("GIF89a"),
      bytes("MZ", [0x90, 0]),
      bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt "), // RIFF, but not WEBP
      bytes("%PDF"), // no dash: not the signature
      bytes([0xff, 0xd8]), // cut short
      new Uint8Array(),
    ]
  ) {
    assert.equal(sniffType(other), null, `${[...other]}`);
  }
});

Deno.test("sniffType: the signatures fit in the bytes the upload reads first", () => {
  // The WebP check reaches furthest: "WEBP" at offset 8.
  assert.ok(SNIFF_BYTES >= 12);
  assert.equal(
    sniffType(bytes("RIFF", [0, 0, 0, 0], "WEBP").subarray(0, SNIFF_BYTES)),
    "image/webp",
  );
});
