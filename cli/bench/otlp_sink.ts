/**
 * A local OTLP/HTTP receiver that accepts and discards what it is sent,
 * counting requests and bytes: the collector of the tracing-on runs of
 * `http_bench.ts` (docs/observability.md, Traces). Run with
 * `deno run --allow-net cli/bench/otlp_sink.ts [port]` (default 4318);
 * Ctrl-C prints what arrived.
 *
 * @module
 */
const port = Number(Deno.args[0] ?? "4318");
const received = new Map<string, { requests: number; bytes: number }>();
const server = Deno.serve({ port, hostname: "127.0.0.1" }, async (req) => {
  const body = await req.arrayBuffer();
  const path = new URL(req.url).pathname;
  const seen = received.get(path) ?? { requests: 0, bytes: 0 };
  seen.requests++;
  seen.bytes += body.byteLength;
  received.set(path, seen);
  return Response.json({});
});
Deno.addSignalListener("SIGINT", async () => {
  // deno-lint-ignore no-console
  console.log(Object.fromEntries(received));
  await server.shutdown();
  Deno.exit(0);
});
