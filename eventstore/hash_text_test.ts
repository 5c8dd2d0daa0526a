import assert from "node:assert/strict";
import fc from "fast-check";
import {
  canonicalEventJson,
  canonicalEventJsonOfText,
  eventHashOfText,
  eventHashOfUtf8,
  eventHashSync,
} from "./hash.ts";
import { ChainVerifier } from "./chain_verifier.ts";
import { eventHashOfJsonbBytes, eventHashOfJsonbUtf8 } from "./jsonb_bytes.ts";
import { jsonbStyle } from "./_jsonb_style_testing.ts";

const event = fc.record({
  id: fc.uuid(),
  stream: fc.string({ unit: "binary" }),
  version: fc.integer({ min: 1 }),
  type: fc.string(),
  schemaVersion: fc.integer({ min: 1, max: 99 }),
  data: fc.jsonValue({ maxDepth: 4, stringUnit: "binary" }),
  metadata: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
});

Deno.test("canonicalEventJsonOfText() is canonicalEventJson() of the parsed texts", () => {
  fc.assert(
    fc.property(
      fc.oneof(event, plainEvent),
      fc.constantFrom(jsonbStyle, (v: unknown) => JSON.stringify(v)),
      (e, write) => {
        const text = { ...e, dataText: write(e.data), metadataText: write(e.metadata) };
        const parsed = {
          ...e,
          data: JSON.parse(text.dataText),
          metadata: JSON.parse(text.metadataText),
        };
        assert.equal(canonicalEventJsonOfText(text), canonicalEventJson(parsed));
        assert.equal(eventHashOfText("ab", text), eventHashSync("ab", parsed));
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("ChainVerifier takes events with JSON text and finds a changed byte", () => {
  const v = new ChainVerifier();
  const first = {
    id: "00000000-0000-4000-8000-000000000001",
    stream: "s",
    version: 1,
    type: "t",
    schemaVersion: 1,
    data: { b: 1, aa: [1.5, "x"] },
    metadata: { at: "2026" },
    position: 1,
    prevHash: null,
  };
  const hash = eventHashSync(null, first);
  const text = { ...first, hash, dataText: jsonbStyle(first.data), metadataText: '{"at": "2026"}' };
  const { data: _d, metadata: _m, ...withoutObjects } = text;
  assert.equal(v.push(withoutObjects), null);
  const bad = new ChainVerifier();
  assert.equal(
    bad.push({ ...withoutObjects, dataText: '{"b": 2, "aa": [1.5, "x"]}' }),
    "hash_mismatch",
  );
});

/** Strings the fast path takes (with jsonb's separators inside), and now and then one it does not. */
const plainUnit = fc.oneof(
  { arbitrary: fc.constantFrom(..."abzAZ09 ,:{}[]-._"), weight: 2000 },
  { arbitrary: fc.constantFrom("é", '"', "\\", "\n", "😀"), weight: 1 },
);
/** JSON values of such strings, with integers and decimals as events hold them. */
const plainValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.integer().map((n) => n / 100),
    fc.string({ unit: plainUnit }),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: plainUnit }), tie("value"), { maxKeys: 6 }),
  ),
})).value;
const plainEvent = fc.record({
  id: fc.uuid(),
  stream: fc.string({ unit: plainUnit }),
  version: fc.integer({ min: 1 }),
  type: fc.string({ unit: plainUnit }),
  schemaVersion: fc.integer({ min: 1, max: 99 }),
  data: plainValue,
  metadata: fc.dictionary(fc.string({ unit: plainUnit }), plainValue),
});

Deno.test("eventHashOfJsonbBytes() and its bytes twin hash what the parsed event hashes, or decline", () => {
  let taken = 0;
  const writers = fc.constantFrom(jsonbStyle, (v: unknown) => JSON.stringify(v));
  fc.assert(
    fc.property(
      fc.oneof(fc.tuple(event, writers), fc.tuple(plainEvent, fc.constant(jsonbStyle))),
      fc.option(fc.stringMatching(/^[0-9a-f]{64}$/)),
      ([e, write], prev) => {
        const text = { ...e, dataText: write(e.data), metadataText: write(e.metadata) };
        const parsed = {
          ...e,
          data: JSON.parse(text.dataText),
          metadata: JSON.parse(text.metadataText),
        };
        const bytes = eventHashOfJsonbBytes(prev, text);
        if (bytes !== null) {
          taken++;
          assert.equal(bytes, eventHashSync(prev, parsed), text.dataText);
        }
        // The same texts as UTF-8 bytes (ADR 0076), as PostgreSQL holds them: well-formed.
        if (!text.dataText.isWellFormed() || !text.metadataText.isWellFormed()) return;
        const utf8 = {
          ...e,
          dataBytes: new TextEncoder().encode(text.dataText),
          metadataBytes: new TextEncoder().encode(text.metadataText),
        };
        assert.equal(eventHashOfJsonbUtf8(prev, utf8), bytes, text.dataText);
        assert.equal(eventHashOfUtf8(prev, utf8), eventHashSync(prev, parsed), text.dataText);
      },
    ),
    { numRuns: 2000 },
  );
  assert.ok(taken > 100, `the fast path took only ${taken} events`);
});
