/**
 * A small OTLP/HTTP receiver for tests: accepts what Deno's built-in
 * OpenTelemetry exports with `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`
 * (`POST /v1/traces`, `/v1/metrics`, `/v1/logs`) and keeps the spans,
 * decoded, flattened with their service's name.
 *
 * @module
 */
import { freePort } from "@kopek/platform/testing";

/** An OTLP attribute value (JSON encoding). */
export interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}

/** A received span, as OTLP/JSON encodes it, with its resource's `service.name`. */
export interface ReceivedSpan {
  readonly service: string;
  readonly scope: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Record<string, string | number | boolean | null>;
  readonly links: readonly { traceId: string; spanId: string }[];
}

/** A running receiver. */
export interface OtlpReceiver extends AsyncDisposable {
  /** `OTEL_EXPORTER_OTLP_ENDPOINT` for it. */
  readonly endpoint: string;
  readonly spans: ReceivedSpan[];
  /** Bodies that were not OTLP/JSON (content types), for the failure message. */
  readonly rejected: string[];
  /** Resolves with the spans once `predicate` holds of them; fails after `timeoutMs`. */
  until(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
}

function valueOf(v: OtlpValue | undefined): string | number | boolean | null {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  return JSON.stringify(v);
}

type Attr = { key: string; value?: OtlpValue };

function attributesOf(list: Attr[] | undefined): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const a of list ?? []) out[a.key] = valueOf(a.value);
  return out;
}

/** Starts a receiver on a free port of 127.0.0.1. */
export function startOtlpReceiver(): OtlpReceiver {
  const port = freePort();
  const spans: ReceivedSpan[] = [];
  const rejected: string[] = [];
  const server = Deno.serve({ port, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const type = req.headers.get("content-type") ?? "";
    const body = await req.text();
    if (!type.startsWith("application/json")) {
      rejected.push(type);
      return new Response("json only", { status: 415 });
    }
    if (new URL(req.url).pathname === "/v1/traces") {
      // deno-lint-ignore no-explicit-any
      const decoded = JSON.parse(body) as { resourceSpans?: any[] };
      for (const rs of decoded.resourceSpans ?? []) {
        const service = String(attributesOf(rs.resource?.attributes)["service.name"] ?? "");
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({
              service,
              scope: ss.scope?.name ?? "",
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? "",
              name: s.name,
              kind: s.kind,
              attributes: attributesOf(s.attributes),
              links: (s.links ?? []).map((l: { traceId: string; spanId: string }) => ({
                traceId: l.traceId,
                spanId: l.spanId,
              })),
            });
          }
        }
      }
    }
    return Response.json({});
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    rejected,
    async until(predicate, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(spans)) {
        if (Date.now() > deadline) {
          throw new Error(
            `the spans expected did not arrive within ${timeoutMs} ms; got:\n` +
              spans.map((s) => `${s.service} ${s.traceId} ${s.name}`).join("\n") +
              (rejected.length ? `\nrejected: ${rejected.join(", ")}` : ""),
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return spans;
    },
    async [Symbol.asyncDispose]() {
      await server.shutdown();
    },
  };
}
