/**
 * The queue of files on the device, over Dexie on an in-memory IndexedDB (fake-indexeddb): files
 * are kept with their bytes and bounded; the sender uploads them one at a time with the id chosen
 * on the device, never before the expense left the outbox, keeps a refused file with the reason,
 * and stops (keeping everything) when the network is gone or the server is busy. The server is
 * played by a `fetch` that answers as the attachments API does (docs/api.md).
 */
import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testSession } from "../test_session.ts";
import { clearData, db, saveSession } from "../db.ts";
import type { Attachment } from "../types.ts";
import { queueFiles, queuedFor, queueUse, removeQueued, retryQueued } from "./queue.ts";
import { uploadQueued } from "./upload.ts";
import { cachedAttachments, fetchAttachments } from "../data/attachments.ts";
import { MAX_FILE_BYTES, MAX_QUEUED_BYTES } from "./rules.ts";

const G = "0193b6a2-0000-7000-8000-000000000001";
const E1 = "0193b6a2-0000-7000-8000-0000000000e1";
const E2 = "0193b6a2-0000-7000-8000-0000000000e2";

function file(name: string, size: number, type = "image/jpeg", fill = 7): File {
  return new File([new Uint8Array(size).fill(fill)], name, { type });
}


/** One request the fake server saw. */
interface Seen {
  method: string;
  path: string;
  type: string | null;
  auth: string | null;
  bytes: Uint8Array;
}

/** A fake attachments API: stores by id (a second PUT of the same id answers 200), or answers `script`'s status. */
function fakeServer(script: (path: string, n: number) => number | "offline" = () => 201) {
  const seen: Seen[] = [];
  const stored = new Map<string, Attachment>();
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const headers = new Headers(init?.headers);
    const body = init?.body instanceof Blob ? new Uint8Array(await init.body.arrayBuffer()) : new Uint8Array();
    seen.push({ method: init?.method ?? "GET", path, type: headers.get("content-type"), auth: headers.get("authorization"), bytes: body });
    const answer = script(path, seen.length);
    if (answer === "offline") throw new TypeError("Failed to fetch");
    const json = (status: number, value: unknown) =>
      new Response(JSON.stringify(value), { status, headers: { "content-type": status < 400 ? "application/json" : "application/problem+json", "kopek-position": "42" } });
    if (answer >= 400) {
      const code = answer === 415 ? "attachment.unsupported_type" : answer === 413 ? "attachment.too_large" : undefined;
      return json(answer, { status: answer, detail: `refused ${answer}`, ...(code ? { code } : {}) });
    }
    const m = /\/expenses\/([^/]+)\/attachments\/([^?]+)\?name=(.*)$/.exec(path);
    if (init?.method === "PUT" && m) {
      const again = stored.get(m[2]);
      if (again) return json(200, again);
      const a: Attachment = {
        id: m[2],
        expenseId: m[1],
        name: decodeURIComponent(m[3]),
        contentType: "image/jpeg",
        size: body.length,
        sha256: "0".repeat(64),
        width: 10,
        height: 10,
        hasThumbnail: true,
        addedBy: "m1",
        addedAt: new Date().toISOString(),
      };
      stored.set(a.id, a);
      return json(201, a);
    }
    if (path.endsWith("/attachments")) return json(200, { items: [...stored.values()] });
    return json(404, { status: 404, detail: "not found" });
  }) as typeof fetch;
  return { seen, stored, restore: () => (globalThis.fetch = realFetch) };
}

let server: ReturnType<typeof fakeServer> | undefined;

beforeEach(async () => {
  await clearData();
  await db.kv.clear();
  await saveSession(testSession);
});
afterEach(() => {
  server?.restore();
  server = undefined;
});

describe("queueFiles", () => {
  it("keeps each file's bytes on the device with a new id, and leaves out what is too large", async () => {
    const outcome = await queueFiles(G, E1, [
      file("a.jpg", 1000),
      file("big.jpg", MAX_FILE_BYTES + 1),
      file("b.pdf", 2000, "application/pdf", 9),
    ]);
    expect(outcome.queued.map((q) => q.name)).toEqual(["a.jpg", "b.pdf"]);
    expect(outcome.refused).toHaveLength(1);
    expect(outcome.refused[0]).toContain("“big.jpg” is over 10 MB");
    const kept = await queuedFor(E1);
    expect(kept.map((q) => [q.name, q.type, q.size, q.status])).toEqual([
      ["a.jpg", "image/jpeg", 1000, "waiting"],
      ["b.pdf", "application/pdf", 2000, "waiting"],
    ]);
    expect(new Uint8Array(await kept[1].blob.arrayBuffer())).toEqual(new Uint8Array(2000).fill(9));
    expect(kept[0].id).not.toBe(kept[1].id);
    expect(await queueUse()).toEqual({ files: 2, bytes: 3000 });
  });

  it("keeps at most 100 MB waiting on the device", async () => {
    const nine = 9 * 1024 * 1024;
    // Over several expenses (one takes 10 files at most).
    const many = Array.from({ length: 12 }, (_, i) => file(`r${i}.jpg`, nine));
    const outcome = { queued: [] as Awaited<ReturnType<typeof queueFiles>>["queued"], refused: [] as string[] };
    for (const [i, f] of many.entries()) {
      const one = await queueFiles(G, `e${i}`, [f]);
      outcome.queued.push(...one.queued);
      outcome.refused.push(...one.refused);
    }
    const fits = Math.floor(MAX_QUEUED_BYTES / nine);
    expect(outcome.queued).toHaveLength(fits);
    expect(outcome.refused).toHaveLength(12 - fits);
    expect(outcome.refused[0]).toContain("100 MB at most");
    // Once one is removed, there is room again.
    await removeQueued(outcome.queued[0].id);
    expect((await queueFiles(G, E1, [file("again.jpg", nine)])).queued).toHaveLength(1);
  });

  it("counts the expense's files on the server and on the device against its 10", async () => {
    await db.kv.put({ key: `attachments:${E1}`, value: Array.from({ length: 7 }, (_, i) => ({ id: `s${i}`, addedAt: "" })) });
    const outcome = await queueFiles(G, E1, [file("a.jpg", 1), file("b.jpg", 1), file("c.jpg", 1), file("d.jpg", 1)]);
    expect(outcome.queued.map((q) => q.name)).toEqual(["a.jpg", "b.jpg", "c.jpg"]);
    expect(outcome.refused).toEqual(["An expense can have 10 files at most; remove one to add “d.jpg”."]);
  });
});

describe("uploadQueued", () => {
  it("uploads one at a time, oldest first, with the device's id, the name and the bytes; the list then holds them", async () => {
    server = fakeServer();
    const { queued } = await queueFiles(G, E1, [file("a.jpg", 1000, "image/jpeg", 1), file("b.png", 500, "image/png", 2)]);
    const report = await uploadQueued();
    expect(report).toMatchObject({ uploaded: 2, refused: 0, blocked: 0 });
    expect(report?.error).toBeUndefined();
    const puts = server.seen.filter((s) => s.method === "PUT");
    expect(puts.map((s) => s.path)).toEqual([
      `/v1/groups/${G}/expenses/${E1}/attachments/${queued[0].id}?name=a.jpg`,
      `/v1/groups/${G}/expenses/${E1}/attachments/${queued[1].id}?name=b.png`,
    ]);
    expect(puts.map((s) => s.type)).toEqual(["image/jpeg", "image/png"]);
    expect(puts[0].auth).toBe("Bearer access");
    expect(puts[0].bytes).toEqual(new Uint8Array(1000).fill(1));
    expect(await queuedFor(E1)).toEqual([]);
    // The cached list holds both (its order, oldest first, depends on the clock's tick between them).
    expect((await cachedAttachments(E1)).map((a) => a.id).sort()).toEqual(queued.map((q) => q.id).sort());
    // A read of the list afterwards waits for the upload's position (read-your-writes).
    await fetchAttachments(G, E1);
    expect(server.seen.at(-1)?.path).toBe(`/v1/groups/${G}/expenses/${E1}/attachments`);
  });

  it("waits while the expense is only in the outbox, and goes once it left", async () => {
    server = fakeServer();
    await db.outbox.add({
      id: E1, type: "expense.record", groupId: G, body: {}, status: "pending", attempts: 0, label: "Dinner",
      createdAt: new Date().toISOString(),
    });
    await queueFiles(G, E1, [file("a.jpg", 10)]);
    await queueFiles(G, E2, [file("b.jpg", 10)]);
    const first = await uploadQueued();
    expect(first).toMatchObject({ uploaded: 1, blocked: 1 });
    expect(server.seen.filter((s) => s.method === "PUT").map((s) => s.path.includes(E2))).toEqual([true]);
    expect((await queuedFor(E1)).map((q) => q.status)).toEqual(["waiting"]);
    await db.outbox.clear(); // the expense was sent
    expect(await uploadQueued()).toMatchObject({ uploaded: 1, blocked: 0 });
    expect(await queuedFor(E1)).toEqual([]);
  });

  it("keeps a refused file with the server's problem and goes on with the next; a retry sends it again", async () => {
    server = fakeServer((path) => (path.includes("name=forged.jpg") ? 415 : 201));
    await queueFiles(G, E1, [file("forged.jpg", 10), file("ok.jpg", 10)]);
    const report = await uploadQueued();
    expect(report).toMatchObject({ uploaded: 1, refused: 1 });
    const [kept] = await queuedFor(E1);
    expect(kept.name).toBe("forged.jpg");
    expect(kept.status).toBe("refused");
    expect(kept.problem).toMatchObject({ status: 415, code: "attachment.unsupported_type" });
    // Refused files are not sent again by themselves.
    expect(await uploadQueued()).toMatchObject({ uploaded: 0, refused: 0 });
    expect(server.seen.filter((s) => s.method === "PUT")).toHaveLength(2);
    await retryQueued(kept.id);
    expect((await queuedFor(E1))[0].status).toBe("waiting");
    expect(await uploadQueued()).toMatchObject({ refused: 1 });
  });

  it("stops offline and when the server is busy, keeping the file to send again with the same id", async () => {
    let mode: number | "offline" = "offline";
    server = fakeServer(() => mode);
    const { queued } = await queueFiles(G, E1, [file("a.jpg", 10), file("b.jpg", 10)]);
    const offline = await uploadQueued();
    expect(offline).toMatchObject({ uploaded: 0, refused: 0, offline: true });
    expect(server.seen).toHaveLength(1); // one try, then the round stops
    mode = 503;
    const busy = await uploadQueued();
    expect(busy?.error).toBeDefined();
    expect(busy?.offline).toBe(false);
    const waiting = await queuedFor(E1);
    expect(waiting.map((q) => [q.status, q.attempts])).toEqual([["waiting", 2], ["waiting", 0]]);
    mode = 201;
    expect(await uploadQueued()).toMatchObject({ uploaded: 2 });
    const puts = server.seen.filter((s) => s.method === "PUT").map((s) => s.path);
    expect(puts.filter((p) => p.includes(queued[0].id))).toHaveLength(3);
  });

  it("is idempotent: an upload whose answer was lost is answered 200 the second time, stored once", async () => {
    server = fakeServer();
    const { queued } = await queueFiles(G, E1, [file("a.jpg", 10)]);
    // The server stored it, but the answer never came back: the file is still queued.
    await uploadQueued();
    await db.attachmentQueue.add({ ...queued[0], seq: undefined });
    expect(await uploadQueued()).toMatchObject({ uploaded: 1 });
    expect(server.stored.size).toBe(1);
    expect(await cachedAttachments(E1)).toHaveLength(1);
  });
});
