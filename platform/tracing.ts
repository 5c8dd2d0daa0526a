/**
 * Traces through Deno's built-in OpenTelemetry (ADR 0037): `OTEL_DENO=true`
 * makes Deno register its tracer provider, context manager and W3C
 * propagator with `@opentelemetry/api` and export over OTLP/HTTP
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_PROTOCOL`
 * `http/protobuf` or `http/json`, `OTEL_SERVICE_NAME`). Without it the API is
 * a no-op and {@linkcode tracingEnabled} is false: every helper here then
 * calls straight through, so tracing off costs one boolean test.
 *
 * Attributes are bounded and carry no secrets: route templates, never paths
 * with ids; never bodies, tokens or headers.
 *
 * @module
 */
import {
  type Attributes,
  context,
  type Link,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from "@opentelemetry/api";

export { context, propagation, type Span, SpanKind, SpanStatusCode, trace };

/** The tracer of Kopek's own spans (Deno's are `deno`). */
export const tracer = trace.getTracer("kopek");

/**
 * True when a tracer provider records spans (Deno's, with `OTEL_DENO=true`):
 * decided once, at the first import. The probe span is never ended, so never
 * exported.
 */
export const tracingEnabled: boolean = tracer.startSpan("kopek.probe").isRecording();

/** Options of {@linkcode inSpan}. */
export interface InSpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  readonly links?: Link[];
}

/**
 * Runs `fn` in a new active span named `name` (a child of the active one),
 * ended when `fn` settles; a throw sets the span's status to error with the
 * error's name only (messages may quote input). Tracing off: `fn()`.
 */
export function inSpan<T>(
  name: string,
  options: InSpanOptions,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled) return fn(undefined);
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (e) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorName(e) });
      throw e;
    } finally {
      span.end();
    }
  });
}

/**
 * Runs `fn` with the runtime's own server span of a `node:http` response
 * active, when Deno made one: Deno 2.9 traces `node:http` requests (a server
 * span continuing the caller's `traceparent`) but keeps the span on the
 * response (`Symbol(kOtelSpan)`) without making it active in the listener.
 * Without it (tracing off, another runtime) `fn()` as it is.
 */
export function withRuntimeSpan<T>(res: object, fn: () => T): T {
  if (!tracingEnabled) return fn();
  const key = Object.getOwnPropertySymbols(res).find((s) => s.description === "kOtelSpan");
  const span = key === undefined ? undefined : (res as Record<symbol, unknown>)[key];
  if (!span || typeof (span as Span).spanContext !== "function") return fn();
  return context.with(trace.setSpan(context.active(), span as Span), fn);
}

/** The name of an error (its `code` when it has a string one), for a span's status. */
export function errorName(e: unknown): string {
  if (e && typeof e === "object") {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.length <= 64) return code;
    const name = (e as { name?: unknown }).name;
    if (typeof name === "string") return name.slice(0, 64);
  }
  return "error";
}

/** The active span's trace id when it is sampled, else undefined (always undefined when off). */
export function activeTraceId(): string | undefined {
  if (!tracingEnabled) return undefined;
  const sc = trace.getActiveSpan()?.spanContext();
  return sc && (sc.traceFlags & TraceFlags.SAMPLED) ? sc.traceId : undefined;
}

/**
 * The active span as a W3C `traceparent` (`00-<trace>-<span>-01`) when it is
 * sampled, for an event's metadata (the projector links its batch to it).
 */
export function activeTraceparent(): string | undefined {
  if (!tracingEnabled) return undefined;
  const sc = trace.getActiveSpan()?.spanContext();
  if (!sc || !(sc.traceFlags & TraceFlags.SAMPLED)) return undefined;
  return `00-${sc.traceId}-${sc.spanId}-01`;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Parses a `traceparent`; null when it is not one (or names the invalid all-zero ids). */
export function parseTraceparent(
  value: unknown,
): { traceId: string; spanId: string; traceFlags: number } | null {
  if (typeof value !== "string") return null;
  const m = TRACEPARENT.exec(value);
  if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return null;
  return { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16) };
}

/** Links to the distinct trace contexts among `traceparents`, at most `max` of them. */
export function linksTo(traceparents: Iterable<unknown>, max = 32): Link[] {
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const value of traceparents) {
    if (links.length >= max) break;
    const parsed = parseTraceparent(value);
    if (!parsed || seen.has(value as string)) continue;
    seen.add(value as string);
    links.push({ context: { ...parsed, isRemote: true } });
  }
  return links;
}
