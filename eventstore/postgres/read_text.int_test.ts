/**
 * The verifier's text path against PostgreSQL's own jsonb output: events of
 * arbitrary JSON data (unicode and integer-like keys, escapes, numbers jsonb
 * rewrites) are appended, read back as text (`readStreamText`) and as the
 * bytes of a COPY (`readStreamBytes`) and hashed from them; every hash must be
 * the stored one, and every canonical text the one the parsed row gives.
 */
import assert from "node:assert/strict";
import { testEvent } from "../contract.ts";
import { canonicalJson } from "../canonical_json.ts";
import { eventHashOfText, eventHashOfUtf8 } from "../hash.ts";
import { canonicalJsonOfText } from "../jsonb_text.ts";
import { verifyStream } from "../chain_verifier.ts";
import { createStoreDatabase } from "./_testing.ts";
import { storableJsonValues } from "../_jsonb_style_testing.ts";

Deno.test("events read as jsonb text hash to their stored hashes", async () => {
  await using made = await createStoreDatabase();
  // A new draw each run, replayable from the seed every failure message names.
  const seed = Date.now() ^ (Math.random() * 0x7fffffff);
  const storable = storableJsonValues(seed);
  for (let i = 0; i < storable.length; i += 50) {
    await made.store.append({
      stream: "s",
      expectedVersion: i,
      events: storable.slice(i, i + 50).map((data) => testEvent("t", data)),
    });
  }
  const parsed = await made.store.readStream("s");
  const texts = await made.store.readStreamText!("s");
  assert.equal(texts.length, storable.length);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    const at = `seed ${seed}: ${t.dataText}`;
    assert.equal(canonicalJsonOfText(t.dataText), canonicalJson(parsed[i].data), at);
    assert.equal(eventHashOfText(t.prevHash, t), t.hash, at);
  }
  // The same events through the COPY read (ADR 0076): the same fields, text and hashes.
  let i = 0;
  for await (const page of made.store.readStreamBytes!("s")) {
    for (const b of page) {
      const t = texts[i++];
      const at = `seed ${seed}: ${t.dataText}`;
      assert.deepEqual(
        [b.position, b.id, b.stream, b.version, b.type, b.schemaVersion, b.hash, b.prevHash],
        [t.position, t.id, t.stream, t.version, t.type, t.schemaVersion, t.hash, t.prevHash],
        at,
      );
      assert.equal(new TextDecoder().decode(b.dataBytes), t.dataText, at);
      assert.equal(new TextDecoder().decode(b.metadataBytes), t.metadataText, at);
      assert.equal(eventHashOfUtf8(b.prevHash, b), t.hash, at);
    }
  }
  assert.equal(i, texts.length);
  const report = await verifyStream(made.store, "s");
  assert.deepEqual(
    { ok: report.ok, events: report.events },
    { ok: true, events: texts.length },
    `seed ${seed}`,
  );
  const partial = await verifyStream(made.store, "s", { untilPosition: texts[9].position });
  assert.equal(partial.events, 10);
});
