/**
 * Crypto-shredding over any event store (ADR 0044): the personal fields of
 * the event types a rule names are sealed (AES-256-GCM, `@kopek/platform`'s
 * sealing) with the data key of the account they belong to before they are
 * appended, and opened again where they are read. The stored event has the
 * rule's sealed schema version and its personal fields replaced by
 * `sealed: { fields, box }`; readers get the plain schema version back, with
 * the fields as written, or, once the account's key was deleted, as erased
 * (empty strings). The hash chain covers what is stored (the boxes), so the
 * chain, `kopek verify` and backups see no difference.
 *
 * Events stored before a rule existed (plain, at the plain version) are read
 * as they are: they keep their personal data (docs/security.md says so).
 *
 * @module
 */
import { isSealed, open, seal } from "@kopek/platform";
import type { KeyVault } from "./key_vault.ts";
import type { AppendRequest, EventStore, NewEvent, StoredEvent } from "./port.ts";

/** The personal fields of one event type, and whose key seals them. */
export interface PersonalFields {
  /** The data's personal fields (sealed when present). */
  readonly fields: readonly string[];
  /** The schema version readers know (plain data). */
  readonly plainVersion: number;
  /** The schema version of the stored, sealed form. */
  readonly sealedVersion: number;
  /** The account whose data key seals them. */
  owner(stream: string, data: Readonly<Record<string, unknown>>): string;
}

/** Personal fields by event type. */
export type SealingRules = Readonly<Record<string, PersonalFields>>;

interface SealedData {
  readonly fields: readonly string[];
  readonly box: string;
}

const WRAPPED = Symbol("sealPersonalData");

function sealedOf(data: unknown): SealedData | null {
  const s = (data as { sealed?: SealedData } | null)?.sealed;
  return s && Array.isArray(s.fields) && isSealed(s.box) ? s : null;
}

/**
 * The store with personal data sealed on append and opened on read. Without a
 * key vault (the store keeps none and none is given) it is the store itself.
 */
export function sealPersonalData(
  store: EventStore,
  rules: SealingRules,
  keys: KeyVault | undefined = store.keys,
): EventStore {
  if (!keys || (store as { [WRAPPED]?: true })[WRAPPED]) return store;
  const vault = keys;

  async function sealEvent(
    stream: string,
    e: NewEvent,
    keyOf: (owner: string) => Promise<Uint8Array>,
  ): Promise<NewEvent> {
    const rule = Object.hasOwn(rules, e.type) ? rules[e.type] : undefined;
    if (!rule || e.schemaVersion !== rule.plainVersion) return e;
    const data = e.data as Record<string, unknown>;
    const present = rule.fields.filter((f) => data[f] !== undefined);
    if (present.length === 0) return e;
    const plain: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) {
      if (present.includes(k)) plain[k] = v;
      else rest[k] = v;
    }
    const box = await seal(await keyOf(rule.owner(stream, data)), JSON.stringify(plain), e.id);
    return {
      ...e,
      schemaVersion: rule.sealedVersion,
      data: { ...rest, sealed: { fields: present, box } },
    };
  }

  async function openEvents(
    events: StoredEvent[],
    written?: Map<string, NewEvent>,
  ): Promise<StoredEvent[]> {
    const owners = new Set<string>();
    const todo: { i: number; rule: PersonalFields; sealed: SealedData }[] = [];
    events.forEach((e, i) => {
      const rule = Object.hasOwn(rules, e.type) ? rules[e.type] : undefined;
      const sealed = rule && e.schemaVersion === rule.sealedVersion ? sealedOf(e.data) : null;
      if (!rule || !sealed) return;
      todo.push({ i, rule, sealed });
      if (!written?.has(e.id)) owners.add(rule.owner(e.stream, e.data as Record<string, unknown>));
    });
    if (todo.length === 0) return events;
    const found = owners.size > 0 ? await vault.keys([...owners]) : new Map<string, Uint8Array>();
    const out = [...events];
    for (const { i, rule, sealed } of todo) {
      const e = events[i];
      const original = written?.get(e.id);
      if (original) {
        out[i] = { ...e, schemaVersion: original.schemaVersion, data: original.data };
        continue;
      }
      const { sealed: _, ...rest } = e.data as Record<string, unknown>;
      const key = found.get(rule.owner(e.stream, e.data as Record<string, unknown>)) ?? null;
      const text = await open(key, sealed.box, e.id);
      const values: Record<string, unknown> = text === null
        ? Object.fromEntries(sealed.fields.map((f) => [f, ""]))
        : JSON.parse(text);
      out[i] = { ...e, schemaVersion: rule.plainVersion, data: { ...rest, ...values } };
    }
    return out;
  }

  const wrapped: EventStore & { [WRAPPED]: true } = {
    [WRAPPED]: true,
    keys: vault,
    streamVersion: store.streamVersion.bind(store),
    cursorOf: store.cursorOf.bind(store),
    headPosition: store.headPosition.bind(store),
    streams: store.streams.bind(store),
    async idempotentResult(idempotency) {
      const answer = await store.idempotentResult(idempotency);
      if (answer?.status !== "duplicate") return answer;
      return {
        ...answer,
        result: { ...answer.result, events: await openEvents(answer.result.events) },
      };
    },
    // The stored text, sealed boxes and all: what the hash chain covers (the verifier's read).
    ...(store.readStreamText ? { readStreamText: store.readStreamText.bind(store) } : {}),
    ...(store.readStreamBytes ? { readStreamBytes: store.readStreamBytes.bind(store) } : {}),
    async readStream(stream, options) {
      return await openEvents(await store.readStream(stream, options));
    },
    async readAll(options) {
      const result = await store.readAll(options);
      return { ...result, events: await openEvents(result.events) };
    },
    async append(requests, options) {
      const list: readonly AppendRequest[] = Array.isArray(requests)
        ? requests
        : [requests as AppendRequest];
      const made = new Map<string, Promise<Uint8Array>>();
      const keyOf = (owner: string) => {
        let k = made.get(owner);
        if (!k) made.set(owner, k = vault.keyFor(owner));
        return k;
      };
      const written = new Map<string, NewEvent>();
      const sealed = await Promise.all(list.map(async (r) => ({
        ...r,
        events: await Promise.all(r.events.map((e) => {
          written.set(e.id, e);
          return sealEvent(r.stream, e, keyOf);
        })),
      })));
      const result = await store.append(sealed, options);
      return { ...result, events: await openEvents(result.events, written) };
    },
  };
  return wrapped;
}
