import assert from "node:assert/strict";
import { extract } from "tar-stream";
import { type TarEntry, tarStream } from "./tar_archive.ts";

async function* entries(list: TarEntry[]) {
  yield* list;
}

Deno.test("tarStream: entries come out as they went in", async () => {
  const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
  const archive = tarStream(entries([
    { name: "export.sql", size: 5, body: () => Promise.resolve(new Response("hello").body!) },
    {
      name: "attachments/a-x.bin",
      size: big.length,
      body: () => Promise.resolve(new Response(big).body!),
    },
  ]));
  const bytes = new Uint8Array(await new Response(archive).arrayBuffer());
  const ex = extract();
  const seen: { name: string; size: number; first: number }[] = [];
  const done = (async () => {
    for await (const entry of ex) {
      let size = 0;
      let first = -1;
      for await (const chunk of entry as AsyncIterable<Uint8Array>) {
        if (first < 0) first = chunk[0];
        size += chunk.length;
      }
      seen.push({ name: entry.header.name, size, first });
    }
  })();
  ex.end(bytes);
  await done;
  assert.deepEqual(seen, [
    { name: "export.sql", size: 5, first: "h".charCodeAt(0) },
    { name: "attachments/a-x.bin", size: big.length, first: 0 },
  ]);
});
