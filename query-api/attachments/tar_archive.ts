/**
 * A tar archive written as a stream (tar-stream, npm): each entry's bytes
 * are read from its own stream as the archive is read, so the memory it
 * takes is a few chunks whatever the files' sizes (ADR 0055). A tar header
 * holds the entry's size: each entry says it before its bytes.
 *
 * @module
 */
import { pack as tarPack } from "tar-stream";
import { once } from "node:events";

/** An entry: its name, size and bytes (read only when the archive reaches it). */
export interface TarEntry {
  readonly name: string;
  readonly size: number;
  readonly body: () => Promise<ReadableStream<Uint8Array>>;
}

/** The archive of the entries, in order; an entry whose bytes differ from its size fails it. */
export function tarStream(entries: AsyncIterable<TarEntry>): ReadableStream<Uint8Array> {
  const pack = tarPack();
  const write = async () => {
    for await (const e of entries) {
      await new Promise<void>((resolve, reject) => {
        const entry = pack.entry(
          { name: e.name, size: e.size, mtime: new Date(0) },
          (err) => err ? reject(err) : resolve(),
        );
        (async () => {
          for await (const chunk of await e.body()) {
            if (!entry.write(chunk)) await once(entry, "drain");
          }
          entry.end(undefined as unknown as Uint8Array);
        })().catch((err) => {
          entry.destroy(err);
          reject(err);
        });
      });
    }
    pack.finalize();
  };
  write().catch((err) => pack.destroy(err));
  const iterator = pack[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value));
    },
    cancel() {
      pack.destroy();
    },
  }, { highWaterMark: 0 });
}
