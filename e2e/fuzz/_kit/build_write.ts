/**
 * Building a write request from a route's valid body and its mutations.
 *
 * @module
 */
import { type Fixture, MAX_BODY, STALE } from "./fixture.ts";
import type { Value } from "./garbage.ts";
import { type BodyGarbage, type Mutation, resolveAuth } from "./mutations.ts";
import {
  alwaysInvalid,
  at,
  concat,
  containsBytes,
  copy,
  defaultAuth,
  hasLoneSurrogate,
  IDEMPOTENCY_KEY,
  IF_MATCH,
  isBatchShape,
  isEmptyObject,
  isPlainObject,
  isUtf8JsonType,
  jsonType,
  NULLABLE,
  objects,
  render,
  type Req,
  setOwn,
  slots,
} from "./request.ts";
import type { Route } from "./route.ts";

/** `command-api/routes/client_errors.ts`'s bound of a report. */
const CLIENT_ERROR_BODY_MAX = 16 * 1024;

export function buildRequest(
  f: Fixture,
  route: Route,
  pristine: unknown,
  mutations: readonly Mutation[],
): Req {
  const labels: string[] = [route.name];
  let doc: unknown = structuredClone(pristine);
  let bodyInvalid = false;
  // Values put into the body that make it invalid for as long as they stay where they were put.
  const taints: { holder: object | null; key: string | number; value: unknown }[] = [];
  let lastBody: BodyGarbage | undefined;
  let chunked = false;
  const headers: Record<string, string> = {};
  let contentType: string | null | undefined;
  let auth = defaultAuth(f, route);
  let authBad = false;
  let authExpect: readonly number[] | undefined;
  const realIds = route.ids(f);
  const ids = realIds.map(encodeURIComponent);
  /** Which ids a path mutation garbled (a later one may put a good id back). */
  const idBad = ids.map(() => false);
  let extraSegment: string | undefined;
  let dup: Value | undefined;
  const kinds = new Set<string>();

  for (const original of mutations) {
    const m = "value" in original
      ? { ...original, value: copy(original.value, f) } as Mutation
      : original;
    kinds.add(m.k === "body" ? `body:${m.body.kind}` : m.k);
    switch (m.k) {
      case "replace":
      case "replaceField": {
        const all = m.k === "replace" ? slots(doc) : slots(doc).filter((x) => x.key === m.field);
        if (m.k === "replaceField" && all.length === 0) break;
        if (
          m.k === "replace" &&
          (doc === undefined || all.length === 0 || m.at % (all.length + 1) === all.length)
        ) {
          labels.push("replace body");
          doc = m.value;
          taints.push({ holder: null, key: "", value: doc });
          break;
        }
        const s = all[m.at % all.length];
        // Compared with what the valid body has there (not with an earlier mutation).
        const old = at(pristine, s.path);
        labels.push(`replace ${String(s.key)}`);
        (s.parent as Record<string | number, unknown>)[s.key] = m.value;
        const nullOk = (m.value === null || old === null) && NULLABLE.has(String(s.key));
        const numberOk = s.key === "ifMatch" && typeof m.value === "number";
        if (
          alwaysInvalid(m.value) ||
          (jsonType(old) !== jsonType(m.value) && !nullOk && !numberOk)
        ) taints.push({ holder: s.parent, key: s.key, value: m.value });
        break;
      }
      case "delete": {
        const all = slots(doc);
        if (all.length === 0) break;
        const s = all[m.at % all.length];
        labels.push(`delete ${String(s.key)}`);
        if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
        else delete s.parent[s.key as string];
        break;
      }
      case "extra": {
        if (doc === undefined) doc = {};
        const all = objects(doc);
        if (all.length === 0) {
          doc = {};
          all.push(doc as Record<string, unknown>);
        }
        const o = all[m.at % all.length];
        if (Object.hasOwn(o, m.key)) break;
        labels.push(`extra ${JSON.stringify(m.key.slice(0, 20))}`);
        setOwn(o, m.key, m.value);
        taints.push({ holder: o, key: m.key, value: m.value });
        break;
      }
      case "dupKey":
        labels.push("duplicate key");
        dup = m.value;
        break;
      case "body":
        // Applied after the field mutations: it replaces whatever they made.
        labels.push(`body ${m.body.kind}`);
        lastBody = m.body.kind === "json" ? { kind: "json", value: copy(m.body.value, f) } : m.body;
        break;
      case "contentType":
        labels.push(`content-type ${JSON.stringify(m.value)}`);
        contentType = m.value;
        break;
      case "ifMatch":
        labels.push("If-Match");
        headers["if-match"] = m.value;
        break;
      case "idempotencyKey":
        labels.push("Idempotency-Key");
        headers["idempotency-key"] = m.value;
        break;
      case "auth": {
        labels.push(`auth ${JSON.stringify(m.value?.slice(0, 20) ?? null)}`);
        const outcome = resolveAuth(f, route, m.value);
        auth = outcome.header;
        authBad = outcome.bad;
        authExpect = outcome.expect;
        break;
      }
      case "path": {
        let seg = m.segment;
        const real = realIds;
        if (seg === "UPPERCASE" && ids.length > 0) {
          // UUIDs are case-insensitive: the same id in upper case names the same thing.
          const at = m.at % ids.length;
          ids[at] = ids[at].toUpperCase();
          labels.push(`path ${ids[at].slice(0, 40)}`);
          break;
        }
        if (seg === "UNKNOWN_UUID") seg = crypto.randomUUID();
        if (seg === "UPPERCASE") seg = f.g.toUpperCase();
        labels.push(`path ${seg.slice(0, 40)}`);
        if (seg === "TRAILING_SPACE") {
          seg = `${real[0] ?? f.g}%20`;
          // An invite code is read leniently (spaces and dashes are dropped): still the code.
          if (route.name === "invite.accept") {
            ids[0] = seg;
            idBad[0] = false;
            break;
          }
        }
        if (ids.length === 0) extraSegment = seg;
        else {
          ids[m.at % ids.length] = seg;
          idBad[m.at % ids.length] = true;
        }
        break;
      }
      default: {
        const never: never = m;
        throw new Error(`unknown mutation ${JSON.stringify(never)}`);
      }
    }
  }

  const ifMatch = headers["if-match"]?.trim();
  const key = headers["idempotency-key"]?.trim();
  const headerBad = route.ledger && (
    (ifMatch !== undefined && ifMatch !== "*" && !IF_MATCH.test(ifMatch)) ||
    (key !== undefined && !IDEMPOTENCY_KEY.test(key))
  );
  // The taints still in place, by where they are now; in a sync batch, one inside a command's
  // body dooms that command only (the batch answers 200 with a 4xx result for it).
  const all = slots(doc);
  const live = taints.flatMap((t) => {
    if (t.holder === null) {
      // A whole sync body replaced by another well-formed batch is a batch like any other:
      // each of its commands answers for itself.
      if (route.name === "sync" && isBatchShape(doc)) return [];
      return Object.is(doc, t.value) ? [[] as (string | number)[]] : [];
    }
    const slot = all.find((x) => x.parent === t.holder && x.key === t.key);
    const now = slot && (slot.parent as Record<string | number, unknown>)[slot.key];
    return slot && Object.is(now, t.value) ? [[...slot.path]] : [];
  });
  const doomed = new Set<number>();
  for (const path of live) {
    const inCommandBody = route.name === "sync" && path[0] === "commands" && path[2] === "body" &&
      (path.length >= 4 || isPlainObject(at(doc, path)));
    // A garbled command body that is still an object dooms that command only; anything else
    // breaks the batch's own shape.
    if (inCommandBody) doomed.add(path[1] as number);
    else bodyInvalid = true;
  }
  if (route.name === "sync" && Array.isArray((doc as { commands?: unknown })?.commands)) {
    (doc as { commands: unknown[] }).commands.forEach((c, i) => {
      if ((c as { body?: { ifMatch?: unknown } })?.body?.ifMatch === STALE) doomed.add(i);
    });
  }
  let bytes: Uint8Array | undefined;
  if (doc !== undefined) {
    bytes = render(doc);
    if (dup !== undefined && doc !== null && typeof doc === "object" && !Array.isArray(doc)) {
      const first = Object.keys(doc)[0];
      if (first !== undefined && bytes[0] === 0x7b) {
        const head = new TextEncoder().encode(`{${JSON.stringify(first)}:`);
        bytes = concat([head, render(dup), new TextEncoder().encode(","), bytes.slice(1)]);
        // I-JSON: a field named twice is malformed, whatever its values.
        bodyInvalid = true;
      }
    }
  }
  if (lastBody !== undefined) {
    const g = lastBody;
    const valid = bytes?.length ? bytes : new TextEncoder().encode("{}");
    if (g.kind === "empty") bytes = new Uint8Array();
    else if (g.kind === "json") bytes = render(g.value);
    else if (g.kind === "truncate") bytes = valid.slice(0, 1 + (g.at % (valid.length - 1)));
    else if (g.kind === "trailing") bytes = concat([valid, new TextEncoder().encode(g.text)]);
    else if (g.kind === "bytes") bytes = g.bytes;
    else if (g.kind === "bom") bytes = concat([new Uint8Array([0xef, 0xbb, 0xbf]), valid]);
    else if (g.kind === "chunked") {
      chunked = true;
      if (g.oversized) {
        bytes = new TextEncoder().encode(JSON.stringify({ note: "x".repeat(MAX_BODY + 10) }));
      } else bytes ??= new Uint8Array();
    } else if (g.kind === "oversized") {
      bytes = new TextEncoder().encode(JSON.stringify({ note: "x".repeat(MAX_BODY + 10) }));
    } else {
      const one = { type: "group.update", groupId: f.g, body: { name: "Fuzz trip" } };
      const commands = Array.from({ length: 501 }, () => ({ id: crypto.randomUUID(), ...one }));
      bytes = new TextEncoder().encode(JSON.stringify({ commands }));
    }
    // A BOM, or streaming, changes nothing (and "{}" is a bodyless route's valid body); the rest
    // is bad.
    if (g.kind !== "bom" && !(g.kind === "chunked" && !g.oversized)) bodyInvalid = true;
  }
  if (contentType === undefined && bytes !== undefined) contentType = "application/json";
  if (contentType !== null && contentType !== undefined) headers["content-type"] = contentType;
  if (auth !== null) headers["authorization"] = auth;

  let path = route.path;
  ids.forEach((id, i) => path = path.replace(`{${i}}`, id));
  if (extraSegment !== undefined) path += `/${extraSegment}`;

  // Client error reports have a bound of their own (16 KiB); a mutation can pass it.
  const maxBody = route.op === "POST /v1/client-errors" ? CLIENT_ERROR_BODY_MAX : MAX_BODY;
  const oversized = (bytes?.length ?? 0) > maxBody;
  const hasBody = bytes !== undefined && bytes.length > 0;
  const typeBad = !isUtf8JsonType(headers["content-type"]);
  let bodyBad: boolean;
  if (route.bodyless) {
    bodyBad = hasBody && (typeBad || !isEmptyObject(bytes!));
  } else {
    bodyBad = !hasBody || typeBad || bodyInvalid;
  }
  // No write route has a path below its own.
  const pathBad = extraSegment !== undefined || idBad.some(Boolean);
  let mustReject = authBad || pathBad || headerBad || oversized || bodyBad;
  // Never let a garbled DELETE void the fixture: a stale version makes it a 412.
  if (route.ledger && route.method === "DELETE" && !route.unversioned && !mustReject) {
    headers["if-match"] = STALE;
    labels.push("stale If-Match");
    mustReject = true;
  }

  // The exact status where exactly one thing is wrong (sync answers per command).
  let expect: readonly number[] | undefined;
  const only = mutations.length === 1 ? mutations[0] : undefined;
  if (only && route.name !== "sync") {
    // The generated body may itself be invalid, and bodies are checked before the group is looked up.
    if (oversized) expect = [413];
    else if (authBad) expect = authExpect;
    // A path under /v1 that no public route serves needs a token first (and then is a 404).
    else if (pathBad) expect = route.auth === "user" ? [404, 422] : [401];
    else if (headerBad) expect = [400];
    else if (only.k === "contentType" && bodyBad) expect = [415];
    else if (only.k === "dupKey" && bodyBad) expect = [400];
    else if (only.k === "extra" && !alwaysInvalid(only.key) && !alwaysInvalid(only.value)) {
      expect = [422];
    } else if (
      (only.k === "replace" || only.k === "replaceField") && bodyBad && containsBytes(only.value)
    ) expect = [400];
    else if (
      (only.k === "replace" || only.k === "replaceField") && bodyBad && hasLoneSurrogate(only.value)
    ) {
      expect = [400];
    }
  }
  const poolToken = route.name === "refresh" || route.name === "logout"
    ? (pristine as { refreshToken: string }).refreshToken
    : undefined;
  return {
    poolToken,
    chunked,
    doomed: [...doomed],
    route: route.name,
    method: route.method,
    path,
    headers,
    body: bytes,
    mustReject,
    expect,
    labels,
  };
}
