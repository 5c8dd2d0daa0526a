import assert from "node:assert/strict";
import { readBounded } from "./read_bounded.ts";

function streamOf(chunks: number[][], onCancel?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(new Uint8Array(chunks[i++]));
      else controller.close();
    },
    cancel() {
      onCancel?.();
    },
  });
}

Deno.test("readBounded() joins the chunks of a body up to the bound, the bound included", async () => {
  assert.deepEqual(
    await readBounded(streamOf([[1, 2], [3], [4, 5]]), 5),
    new Uint8Array([1, 2, 3, 4, 5]),
  );
  assert.deepEqual(await readBounded(null, 5), new Uint8Array(0));
});

Deno.test("readBounded() stops at the first byte past the bound and cancels the rest", async () => {
  let cancelled = false;
  let pulled = 0;
  const chunks = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled < chunks.length) controller.enqueue(new Uint8Array(chunks[pulled++]));
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  assert.equal(await readBounded(body, 5), undefined);
  assert.equal(cancelled, true);
  assert.equal(pulled, 2, "the third chunk is never read");
  assert.equal(await readBounded(streamOf([[1, 2, 3, 4, 5, 6]]), 5), undefined);
});
