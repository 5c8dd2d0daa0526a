/**
 * Attachments end to end on a real all-in-one (PostgreSQL store): upload, an
 * idempotent retry, EXIF GPS gone, a forged type, a pixel bomb, 11 MiB
 * refused with nothing stored, viewers and outsiders, the signed URL (and an
 * expired one), removal, a voided expense, the exports (ADR 0055).
 */
import assert from "node:assert/strict";
import sharp from "sharp";
import { extract } from "tar-stream";
import { createTestDatabase } from "@kopek/platform/testing";
import { createFileTokens } from "@kopek/query-api";
import { KopekClient, startForTest } from "@kopek/testing";

const SECRET = "a-test-secret-that-is-long-enough-1234";

async function jpegWithGps(): Promise<Uint8Array<ArrayBuffer>> {
  const out = await sharp({
    create: { width: 800, height: 600, channels: 3, background: { r: 10, g: 120, b: 200 } },
  }).jpeg().withExif({
    IFD0: { Make: "KopekCam" },
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

async function pngBomb(): Promise<Uint8Array<ArrayBuffer>> {
  const png = new Uint8Array(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: "white" } }).png()
      .toBuffer(),
  );
  const view = new DataView(png.buffer);
  view.setUint32(16, 30_000);
  view.setUint32(20, 30_000);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function tarNames(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const ex = extract();
  const files = new Map<string, Uint8Array>();
  const done = (async () => {
    for await (const entry of ex) {
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      for await (const c of entry as AsyncIterable<Uint8Array>) chunks.push(new Uint8Array(c));
      files.set(entry.header.name, new Uint8Array(await new Blob(chunks).arrayBuffer()));
    }
  })();
  ex.end(bytes);
  await done;
  return files;
}

/** An expired file token (signed with the same key) and an altered one: each 403. */
async function assertBadFileTokensRefused(
  url: string,
  file: { g: string; a: string; sha: string; signedPath: string },
): Promise<void> {
  const { g, a, sha, signedPath } = file;
  const tokens = createFileTokens(SECRET);
  const key = `attachments/${g}/${a}/${sha}`;
  const expired = await tokens.sign(
    { key, contentType: "image/jpeg", fileName: "x.jpg", disposition: "inline" },
    new Date(Date.now() - 1000),
  );
  const refused = await fetch(`${url}/v1/files/${expired}`);
  assert.equal(refused.status, 403);
  await refused.body?.cancel();
  const altered = await fetch(`${url}${signedPath.slice(0, -3)}abc`);
  assert.equal(altered.status, 403);
  await altered.body?.cancel();
}

Deno.test("attachments: upload, retry, refusals, access, signed URLs, removal, exports", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: vic } = await api.register("vic@example.com", "Vic");
    const { client: eve } = await api.register("eve@example.com", "Eve");
    const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
    const g = group.body.id as string;
    const anaMember = group.body.memberId as string;
    const invite = await ana.post(`/v1/groups/${g}/invites`, { role: "viewer" });
    assert.equal((await vic.post(`/v1/invites/${invite.body.code}/accept`, undefined)).status, 200);
    const expense = (description: string) =>
      ana.post(`/v1/groups/${g}/expenses`, {
        description,
        total: { amount: "30.00", currency: "EUR" },
        date: "2026-12-01",
        paidBy: [{ memberId: anaMember, amount: "30.00" }],
        split: { mode: "equal", shares: [{ memberId: anaMember }] },
      });
    const e = (await expense("Dinner")).body.id as string;
    const put = (client: KopekClient, id: string, bytes: Uint8Array<ArrayBuffer>, name = "r.jpg") =>
      client.request(
        "PUT",
        `/v1/groups/${g}/expenses/${e}/attachments/${id}?name=${encodeURIComponent(name)}`,
        bytes,
        { "content-type": "image/jpeg" },
      );

    // Upload: 201, the stored (re-encoded) file's metadata.
    const photo = await jpegWithGps();
    const a = crypto.randomUUID();
    const added = await put(ana, a, photo, "reçu.jpg");
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.contentType, "image/jpeg");
    assert.equal(added.body.width, 800);
    assert.equal(added.body.name, "reçu.jpg");
    assert.equal(added.body.addedBy, anaMember);
    assert.equal(added.body.hasThumbnail, true);
    const position = added.headers.get("kopek-position")!;

    // The same upload retried (offline queue): 200, the first answer.
    const retried = await put(ana, a, photo, "reçu.jpg");
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.deepEqual(retried.body, added.body);

    // Forged: a .jpg name and an image/jpeg header over HTML or an executable.
    for (
      const bytes of [
        new TextEncoder().encode("<html><script>alert(1)</script></html>"),
        new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]),
      ]
    ) {
      const forged = await put(ana, crypto.randomUUID(), bytes);
      assert.equal(forged.status, 415, JSON.stringify(forged.body));
      assert.equal(forged.body.code, "attachment.unsupported_type");
    }
    // A PNG declaring 30000×30000 pixels.
    const bomb = await put(ana, crypto.randomUUID(), await pngBomb(), "bomb.png");
    assert.equal(bomb.status, 422, JSON.stringify(bomb.body));
    assert.equal(bomb.body.code, "attachment.image_too_large");
    // 11 MiB: 413, nothing stored.
    const blobsBefore = await db.sql`SELECT count(*)::int AS n FROM blobs`;
    const huge = new Uint8Array(11 * 1024 * 1024);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    const tooBig = await put(ana, crypto.randomUUID(), huge);
    assert.equal(tooBig.status, 413, JSON.stringify(tooBig.body));
    assert.equal(tooBig.body.code, "attachment.too_large");
    const blobsAfter = await db.sql`SELECT count(*)::int AS n FROM blobs`;
    assert.equal(blobsAfter[0].n, blobsBefore[0].n);
    // A viewer may not attach; an outsider sees no group.
    assert.equal((await put(vic, crypto.randomUUID(), photo)).status, 403);
    assert.equal((await put(eve, crypto.randomUUID(), photo)).status, 404);

    // The list: members (a viewer too); an outsider gets 404 for the list and the URL.
    const list = `/v1/groups/${g}/expenses/${e}/attachments`;
    const read = await vic.get(list, { "Kopek-Min-Position": position });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.deepEqual(read.body.items, [added.body]);
    assert.equal((await eve.get(list)).status, 404);
    assert.equal((await eve.get(`/v1/groups/${g}/attachments/${a}/url`)).status, 404);

    // The signed URL works without the token; the bytes are the stored ones, without EXIF.
    const signed = await vic.get(`/v1/groups/${g}/attachments/${a}/url`);
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    const file = await fetch(running.url + signed.body.url);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get("x-content-type-options"), "nosniff");
    assert.match(file.headers.get("content-disposition")!, /^inline; filename=/);
    assert.match(file.headers.get("cache-control")!, /^private, max-age=\d+$/);
    const stored = new Uint8Array(await file.arrayBuffer());
    assert.equal(await sha256(stored), added.body.sha256);
    assert.equal((await sharp(stored).metadata()).exif, undefined);
    assert.ok(!new TextDecoder("latin1").decode(stored).includes("KopekCam"));
    const thumb = await vic.get(`/v1/groups/${g}/attachments/${a}/url?variant=thumbnail`);
    const thumbFile = await fetch(running.url + thumb.body.url);
    assert.equal(thumbFile.headers.get("content-type"), "image/webp");
    assert.ok(
      (await sharp(new Uint8Array(await thumbFile.arrayBuffer())).metadata()).width! <= 320,
    );
    // An expired token (signed with the same key) and an altered one: 403.
    await assertBadFileTokensRefused(running.url, {
      g,
      a,
      sha: String(added.body.sha256),
      signedPath: String(signed.body.url),
    });

    // Exports: the dump's events carry the metadata and sha256; the archive has the file.
    const sql = await ana.get(`/v1/groups/${g}/export.sql`);
    assert.ok(String(sql.body.text).includes("AttachmentAdded"));
    assert.ok(String(sql.body.text).includes(String(added.body.sha256)));
    const tar = await fetch(`${running.url}/v1/groups/${g}/export.tar`, {
      headers: { authorization: `Bearer ${ana.token}` },
    });
    assert.equal(tar.status, 200);
    const files = await tarNames(new Uint8Array(await tar.arrayBuffer()));
    assert.ok(files.has("export.sql"));
    const archived = files.get(`attachments/${a}-reçu.jpg`);
    assert.ok(archived, [...files.keys()].join(", "));
    assert.equal(await sha256(archived as Uint8Array<ArrayBuffer>), added.body.sha256);
    assert.equal((await vic.get(`/v1/groups/${g}/export.tar`)).status, 403);

    // Removal: 204, no longer listed nor served.
    const removed = await ana.request("DELETE", `/v1/groups/${g}/expenses/${e}/attachments/${a}`);
    assert.equal(removed.status, 204, JSON.stringify(removed.body));
    const after = await ana.get(list, {
      "Kopek-Min-Position": removed.headers.get("kopek-position")!,
    });
    assert.deepEqual(after.body.items, []);
    const gone = await fetch(running.url + signed.body.url);
    assert.equal(gone.status, 404);
    await gone.body?.cancel();

    // A voided expense's attachments are not readable.
    const b = crypto.randomUUID();
    assert.equal((await put(ana, b, photo)).status, 201);
    const voided = await ana.request("DELETE", `/v1/groups/${g}/expenses/${e}`);
    assert.equal(voided.status, 200, JSON.stringify(voided.body));
    const hidden = await ana.get(`/v1/groups/${g}/attachments/${b}/url`, {
      "Kopek-Min-Position": voided.headers.get("kopek-position")!,
    });
    assert.equal(hidden.status, 404);
  } finally {
    await running.stop();
  }
});
