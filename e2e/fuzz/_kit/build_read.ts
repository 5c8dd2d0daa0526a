/**
 * Building a read request: positions, conditional and resuming headers, garbled queries.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Fixture } from "./fixture.ts";
import { authValue, headerText, pathSegment, resolveAuth } from "./mutations.ts";
import {
  type Param,
  paramValues,
  pct,
  queryValue,
  type QValue,
  RAW_QUERY,
  unknownParamName,
} from "./query.ts";
import { defaultAuth, type Req } from "./request.ts";
import type { Route } from "./route.ts";

/** A read-your-writes position: malformed (400), reached, the head, or far ahead (rare: a 503). */
type Pos =
  | { readonly kind: "malformed" | "reached" | "future"; readonly text: string }
  | { readonly kind: "head" };

const positionArb: fc.Arbitrary<Pos> = fc.oneof(
  {
    weight: 200,
    arbitrary: fc.constantFrom(
      "-1",
      "abc",
      "1.5",
      "",
      " ",
      "1e3",
      "0x10",
      "9".repeat(16),
      "9".repeat(400),
      "+5",
      "５",
      "1,2",
      "NaN",
      "null",
      "' OR 1=1 --",
      "%00",
      "1 2",
      "\u00e9",
    ).map((text) => ({ kind: "malformed" as const, text })),
  },
  {
    weight: 120,
    arbitrary: fc.constantFrom("0", "00000", "1", " 1 ").map((text) => ({
      kind: "reached" as const,
      text,
    })),
  },
  { weight: 120, arbitrary: fc.constant({ kind: "head" as const }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("999999999999999", "123456789012345").map((text) => ({
      kind: "future" as const,
      text,
    })),
  },
);

const lastEventIdArb = fc.oneof(
  fc.constantFrom("", "0", "5", "HEAD", " 7 ", "999999999999999"),
  fc.constantFrom("-1", "abc", "1.5", "9".repeat(16), "1e3", "+1", "0x1"),
  headerText,
);

type ReadMutation =
  | {
    readonly k: "param" | "dupParam";
    readonly at: number;
    readonly which: "good" | "bad" | "garbage";
    readonly pick: number;
    readonly garbage: QValue;
  }
  | { readonly k: "unknownParam"; readonly name: string; readonly value: QValue }
  | { readonly k: "rawQuery"; readonly text: string }
  | { readonly k: "position"; readonly where: "header" | "query"; readonly pos: Pos }
  | { readonly k: "ifNoneMatch"; readonly value: string }
  | { readonly k: "lastEventId"; readonly value: string }
  | { readonly k: "auth"; readonly value: string | null }
  | { readonly k: "path"; readonly at: number; readonly segment: string };

const paramMutation = (k: "param" | "dupParam") =>
  fc.record({
    k: fc.constant(k),
    at: fc.nat(),
    which: fc.constantFrom("good" as const, "bad" as const, "bad" as const, "garbage" as const),
    pick: fc.nat(),
    garbage: queryValue,
  });

export const readMutation: fc.Arbitrary<ReadMutation> = fc.oneof(
  { weight: 6, arbitrary: paramMutation("param") },
  { weight: 1, arbitrary: paramMutation("dupParam") },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant("unknownParam" as const),
      name: unknownParamName,
      value: queryValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("rawQuery" as const),
      text: fc.constantFrom(...RAW_QUERY),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("position" as const),
      where: fc.constantFrom("header" as const, "header" as const, "query" as const),
      pos: positionArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("ifNoneMatch" as const),
      value: fc.oneof(
        fc.constantFrom("*", " * ", '"1"', '"2"', '"3"', 'W/"1"', '"1", "2"', "", "W/*"),
        headerText,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant("lastEventId" as const), value: lastEventIdArb }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("auth" as const), value: authValue }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("path" as const),
      at: fc.nat(),
      segment: fc.oneof({ weight: 4, arbitrary: pathSegment }, {
        weight: 1,
        arbitrary: fc.constant("SWAP"),
      }),
    }),
  },
);

/** Valid query strings of a read: some of its parameters, each with a value that parses. */
export function validQuery(f: Fixture, route: Route): fc.Arbitrary<Param[]> {
  const names = route.params ?? [];
  if (names.length === 0) return fc.constant([]);
  return fc.subarray([...names], { maxLength: Math.min(3, names.length) }).chain((chosen) =>
    fc.tuple(...chosen.map(() => fc.nat())).map((picks) =>
      chosen.map((name, i) => {
        const good = paramValues(f, route, name).good;
        return { name, value: good[picks[i] % good.length], bad: false };
      })
    )
  );
}

const MIN_POSITION = /^\d{1,15}$/;
const LAST_EVENT_ID = /^\d{1,15}$/;

function positionText(f: Fixture, pos: Pos): string {
  return pos.kind === "head" ? String(f.seen.head) : pos.text;
}

export function buildRead(
  f: Fixture,
  route: Route,
  valid: readonly Param[],
  mutations: readonly ReadMutation[],
): Req {
  const labels: string[] = [route.name];
  const params: Param[] = [...valid];
  const raws: string[] = [];
  const headers: Record<string, string> = {};
  let auth = defaultAuth(f, route);
  let authBad = false;
  let authExpect: readonly number[] | undefined;
  let unknownName = false;
  let lastEventIdBad = false;
  let headerPosition: Pos | undefined;
  const queryPositions: Pos[] = [];
  const realIds = route.ids(f);
  const ids = realIds.map(encodeURIComponent);
  /** Which ids a path mutation garbled (a later one may put a good id back). */
  const idBad = ids.map(() => false);
  let extraSegment: string | undefined;
  let extraBad = false;
  const known = route.params ?? [];
  // A route that reads no query reads no position either (the OpenAPI document).
  const readsQuery = route.params !== undefined;

  for (const m of mutations) {
    switch (m.k) {
      case "param":
      case "dupParam": {
        if (known.length === 0) break;
        const name = known[m.at % known.length];
        const values = paramValues(f, route, name);
        const list = m.which === "good" ? values.good : values.bad;
        const p: Param = m.which === "garbage"
          ? { name, value: m.garbage.text, bad: null, raw: m.garbage.raw }
          : { name, value: list[m.pick % list.length], bad: m.which === "bad" };
        labels.push(
          `${m.k} ${name}=${JSON.stringify(p.value.slice(0, 30))}${p.bad ? " (bad)" : ""}`,
        );
        if (m.k === "param") {
          for (let i = params.length - 1; i >= 0; i--) {
            if (params[i].name === name) params.splice(i, 1);
          }
        }
        params.push(p);
        break;
      }
      case "unknownParam": {
        const name = m.name;
        labels.push(`param ${JSON.stringify(name.slice(0, 20))}`);
        params.push({ name, value: m.value.text, bad: null, raw: m.value.raw });
        // An empty name is skipped, a known one is a parameter like any other; others are refused.
        if (readsQuery && name !== "" && name !== "minPosition" && !known.includes(name)) {
          unknownName = true;
        }
        break;
      }
      case "rawQuery":
        labels.push(`raw ${JSON.stringify(m.text)}`);
        raws.push(m.text);
        break;
      case "position":
        labels.push(`position ${m.where} ${JSON.stringify(positionText(f, m.pos).slice(0, 20))}`);
        // A header holds bytes only: anything else goes in the query.
        if (
          m.where === "header" && /^[\x20-\xff]*$/.test(positionText(f, m.pos))
        ) {
          headerPosition = m.pos;
        } else {
          params.push({ name: "minPosition", value: positionText(f, m.pos), bad: null });
          queryPositions.push(m.pos);
        }
        break;
      case "ifNoneMatch":
        labels.push("If-None-Match");
        headers["if-none-match"] = m.value;
        break;
      case "lastEventId": {
        labels.push(`Last-Event-ID ${JSON.stringify(m.value.slice(0, 20))}`);
        const value = m.value === "HEAD" ? String(f.seen.head) : m.value;
        headers["last-event-id"] = value;
        const text = value.trim();
        lastEventIdBad = text !== "" && !LAST_EVENT_ID.test(text);
        break;
      }
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
        if (seg === "SWAP") {
          // Another id of the fixture: another entity, or the same one; who knows.
          const all = [f.g, f.A, f.B, f.C, f.D, f.E, f.S];
          seg = all[(m.at >>> 3) % all.length];
          labels.push(`path swap ${seg}`);
          if (ids.length === 0) {
            extraSegment = seg;
            // Below /v1/groups it is a group's path; below any other read, nothing.
            extraBad = route.name !== "GET groups";
          } else {
            ids[m.at % ids.length] = seg;
            idBad[m.at % ids.length] = false;
          }
          break;
        }
        if (seg === "UPPERCASE" && ids.length > 0) {
          const at = m.at % ids.length;
          ids[at] = ids[at].toUpperCase();
          labels.push(`path ${ids[at].slice(0, 40)}`);
          break;
        }
        // Appended to a path without ids, the group's own id would name the group.
        if (seg === "UNKNOWN_UUID" || seg === "UPPERCASE") seg = crypto.randomUUID();
        if (seg === "TRAILING_SPACE") seg = `${realIds[0] ?? f.g}%20`;
        labels.push(`path ${seg.slice(0, 40)}`);
        if (ids.length === 0) {
          extraSegment = seg;
          extraBad = true;
        } else {
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

  if (auth !== null) headers["authorization"] = auth;
  if (headerPosition !== undefined) {
    headers["kopek-min-position"] = positionText(f, headerPosition);
  }
  let path = route.path;
  ids.forEach((id, i) => path = path.replace(`{${i}}`, id));
  if (extraSegment !== undefined) path += `/${extraSegment}`;
  const query = [
    ...params.map((p) => `${pct(p.name)}=${p.raw ? p.value : pct(p.value)}`),
    ...raws,
  ];
  if (query.length > 0) path += `?${query.join("&")}`;

  // The first occurrence of a parameter counts; the header before ?minPosition=.
  const first = new Map<string, Param>();
  for (const p of params) if (!first.has(p.name)) first.set(p.name, p);
  const position = headerPosition ?? queryPositions[0];
  const positionBad = readsQuery && position !== undefined &&
    !MIN_POSITION.test(positionText(f, position).trim());
  assert.equal(positionBad, readsQuery && position?.kind === "malformed", "positions");
  const queryBad = readsQuery &&
    (unknownName || [...first.values()].some((p) => p.bad === true && p.name !== "minPosition"));
  const liveBad = route.name === "GET live" && lastEventIdBad;
  const pathBad = (extraSegment !== undefined && extraBad) || idBad.some(Boolean);
  const mustReject = authBad || pathBad || positionBad || queryBad || liveBad;

  let expect: readonly number[] | undefined;
  if (mutations.length === 1) {
    const only = mutations[0];
    if (authBad) expect = authExpect;
    // An extra segment may name another route, which refuses this one's query (422) first.
    // A file URL's garbled token is still that route's: a token that is not valid (403).
    else if (pathBad && route.name === "GET file") expect = extraSegment ? [401, 403] : [403];
    else if (pathBad) expect = route.auth !== "user" ? [401] : extraSegment ? [404, 422] : [404];
    else if (positionBad) expect = [400];
    else if (readsQuery && position?.kind === "future") expect = [503];
    else if (queryBad && only.k !== "dupParam") expect = [422];
    else if (liveBad) expect = [400];
  }
  return {
    read: true,
    doomed: [],
    route: route.name,
    method: "GET",
    path,
    headers,
    mustReject,
    expect,
    labels,
  };
}
