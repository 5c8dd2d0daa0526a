import assert from "node:assert/strict";
import sharp from "sharp";
import { ProblemError } from "@kopek/platform";
import { processUpload } from "./process.ts";
import { readCapped } from "./read_capped.ts";
import { createGate } from "./gate.ts";

async function problemOf(f: () => Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await f();
  } catch (e) {
    assert.ok(e instanceof ProblemError, `expected a ProblemError, got ${e}`);
    return { status: e.problem.status, code: String(e.problem.code) };
  }
  assert.fail("expected a refusal");
}

/** A JPEG whose EXIF holds a GPS position (sharp writes the EXIF IFDs it is given). */
async function jpegWithGps(): Promise<Uint8Array> {
  const out = await sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 10, b: 10 } },
  }).jpeg().withExif({
    IFD0: { Make: "Kopek", Model: "Test" },
    IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 2400/100" },
  }).toBuffer();
  return new Uint8Array(out);
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A small PNG whose header declares width × height (the pixel bomb's trick). */
async function pngDeclaring(width: number, height: number): Promise<Uint8Array> {
  const png = new Uint8Array(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: "white" } }).png()
      .toBuffer(),
  );
  const view = new DataView(png.buffer);
  // IHDR: length(4) "IHDR"(4) width(4) height(4) … at offset 8.
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}

Deno.test("processUpload: EXIF (GPS included) is gone from a re-encoded JPEG, a thumbnail made", async () => {
  const input = await jpegWithGps();
  const before = await sharp(input).metadata();
  assert.ok(before.exif, "the test image carries EXIF");
  const { original, thumbnail } = await processUpload(input);
  assert.equal(original.contentType, "image/jpeg");
  assert.equal(original.width, 64);
  const after = await sharp(original.bytes).metadata();
  assert.equal(after.exif, undefined);
  assert.ok(!new TextDecoder("latin1").decode(original.bytes).includes("Kopek"));
  assert.equal(thumbnail?.contentType, "image/webp");
});

Deno.test("processUpload: a forged JPEG (HTML or an executable) is 415", async () => {
  for (
    const bytes of [
      new TextEncoder().encode("<!doctype html><script>alert(1)</script>"),
      new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]),
      // Starts like a JPEG, is not one.
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode("<html>not a jpeg")]),
    ]
  ) {
    assert.deepEqual(await problemOf(() => processUpload(bytes)), {
      status: 415,
      code: "attachment.unsupported_type",
    });
  }
});

Deno.test("processUpload: a PNG declaring 30000×30000 is 422 before it is decoded", async () => {
  const bomb = await pngDeclaring(30_000, 30_000);
  assert.ok(bomb.length < 1000);
  assert.deepEqual(await problemOf(() => processUpload(bomb)), {
    status: 422,
    code: "attachment.image_too_large",
  });
});

Deno.test("processUpload: a PDF is kept as given", async () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
  const { original, thumbnail } = await processUpload(pdf);
  assert.deepEqual(original, {
    bytes: pdf,
    contentType: "application/pdf",
    width: null,
    height: null,
  });
  assert.equal(thumbnail, null);
});

Deno.test("readCapped: a body past the bound is refused and cancelled, not read further", async () => {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled += 1;
      c.enqueue(new Uint8Array(1024 * 1024));
    },
    cancel() {
      cancelled = true;
    },
  });
  assert.deepEqual(await problemOf(() => readCapped(body, 10 * 1024 * 1024)), {
    status: 413,
    code: "attachment.too_large",
  });
  assert.ok(cancelled);
  assert.ok(pulled <= 12, `pulled ${pulled} MiB`);
  const small = await readCapped(new Response("abc").body, 10);
  assert.equal(new TextDecoder().decode(small), "abc");
});

Deno.test("createGate: at most n at once, a full queue refused with 503", async () => {
  const gate = createGate(1, 1);
  let release!: () => void;
  const first = gate.run(() => new Promise<void>((r) => (release = r)));
  const second = gate.run(() => Promise.resolve("second"));
  assert.deepEqual(await problemOf(() => gate.run(() => Promise.resolve())), {
    status: 503,
    code: "unavailable",
  });
  release();
  await first;
  assert.equal(await second, "second");
});
