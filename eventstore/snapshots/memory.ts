/**
 * An in-memory {@linkcode SnapshotStore}, for unit tests and the in-memory
 * event store.
 *
 * @module
 */
import type { Snapshot, SnapshotHead, SnapshotQuery, SnapshotStore } from "./port.ts";

/** An in-memory snapshot store; `rows` is exposed for tests (to corrupt or count). */
export function createMemorySnapshotStore(): SnapshotStore & { rows: Snapshot[] } {
  const rows: Snapshot[] = [];
  const same = (a: Omit<Snapshot, "state">, b: Omit<Snapshot, "state">) =>
    a.stream === b.stream && a.fold === b.fold && a.foldVersion === b.foldVersion &&
    a.version === b.version;
  const pick = (q: SnapshotQuery, split: boolean) => {
    let best: Snapshot | null = null;
    for (const s of rows) {
      if (s.stream !== q.stream || s.fold !== q.fold || s.foldVersion !== q.foldVersion) continue;
      if (q.maxAtMs !== undefined && s.atMs > q.maxAtMs) continue;
      if (split && s.split === undefined) continue;
      if (best === null || s.version > best.version) best = s;
    }
    return best;
  };
  return {
    rows,
    latest(q) {
      return Promise.resolve(pick(q, false));
    },
    latestHead(q) {
      const s = pick(q, true);
      if (s === null || s.split === undefined) return Promise.resolve(null);
      const { state: _state, split, ...place } = s;
      return Promise.resolve({ ...place, head: split.head } satisfies SnapshotHead);
    },
    parts(snapshot, keys) {
      const s = rows.find((r) => same(r, snapshot));
      const all = new Map(s?.split?.parts ?? []);
      const out = new Map<string, string>();
      for (const k of keys) {
        const text = all.get(k);
        if (text !== undefined) out.set(k, text);
      }
      return Promise.resolve(out);
    },
    save(snapshot) {
      for (let i = rows.length - 1; i >= 0; i--) {
        const r = rows[i];
        if (
          r.stream === snapshot.stream && r.fold === snapshot.fold &&
          r.foldVersion !== snapshot.foldVersion
        ) {
          rows.splice(i, 1);
        }
      }
      if (!rows.some((r) => same(r, snapshot))) rows.push({ ...snapshot });
      return Promise.resolve();
    },
    discard(snapshot) {
      const i = rows.findIndex((r) => same(r, snapshot));
      if (i >= 0) rows.splice(i, 1);
      return Promise.resolve();
    },
  };
}
