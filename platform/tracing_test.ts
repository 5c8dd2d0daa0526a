import assert from "node:assert/strict";
import {
  activeTraceId,
  activeTraceparent,
  inSpan,
  linksTo,
  parseTraceparent,
  tracingEnabled,
  withRuntimeSpan,
} from "./tracing.ts";

Deno.test({
  name: "without OTEL_DENO tracing is off and every helper calls straight through",
  ignore: tracingEnabled,
}, async () => {
  assert.equal(activeTraceId(), undefined);
  assert.equal(activeTraceparent(), undefined);
  assert.equal(await inSpan("x", {}, (span) => Promise.resolve(span === undefined ? 7 : 0)), 7);
  await assert.rejects(inSpan("x", {}, () => Promise.reject(new Error("boom"))), /boom/);
  assert.equal(withRuntimeSpan({ [Symbol("kOtelSpan")]: {} }, () => 5), 5);
});

Deno.test("parseTraceparent reads a W3C traceparent and refuses anything else", () => {
  assert.deepEqual(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    traceFlags: 1,
  });
  for (
    const bad of [
      undefined,
      42,
      "",
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
    ]
  ) assert.equal(parseTraceparent(bad), null, String(bad));
});

Deno.test("linksTo links each distinct trace context once, at most max of them", () => {
  const a = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const b = "00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b8-01";
  const c = "00-4bf92f3577b34da6a3ce929d0e0e4738-00f067aa0ba902b9-01";
  const links = linksTo([a, undefined, a, "junk", b, c], 2);
  assert.deepEqual(links.map((l) => l.context.spanId), ["00f067aa0ba902b7", "00f067aa0ba902b8"]);
  assert.equal(links[0].context.isRemote, true);
});
