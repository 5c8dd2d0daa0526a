-- Snapshots of folded streams (ADR 0065): a derived cache beside the log, never events. A row is
-- a fold's state after a stream's first `version` events, written by the fold's code version
-- `fold_version`; readers ignore rows of another version and any row whose `hash` is not the
-- stream's event at `version` (so a snapshot is never trusted over the events). Rows may be
-- deleted at any time (the next read folds from the events and writes them again); exports,
-- verification and the projector never read this table. The app role may insert, read and
-- delete (grants by schema, ADR 0022).
CREATE TABLE snapshots (
  stream text NOT NULL,
  fold text NOT NULL,
  fold_version integer NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  position bigint NOT NULL,
  hash text NOT NULL,
  -- The last folded event's `metadata.at`, in ms since the epoch (as-of reads pick by it).
  at_ms bigint NOT NULL,
  state text NOT NULL,
  -- The same state split (ADR 0065, "Balances as of an instant without the entries"): a small head
  -- (a group's members, totals and pair debts), its parts in snapshot_parts; null when not split.
  head text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream, fold, fold_version, version)
);

COMMENT ON TABLE snapshots IS
  'Derived cache of folded streams (ADR 0065); never exported, never trusted over events';

-- The parts of a split snapshot (a group's entries, keyed by entry id): a reader fetches only the
-- parts the events after the snapshot touch. Written in the same transaction as their snapshot,
-- deleted with it.
CREATE TABLE snapshot_parts (
  stream text NOT NULL,
  fold text NOT NULL,
  fold_version integer NOT NULL,
  version integer NOT NULL,
  key text NOT NULL,
  part text NOT NULL,
  PRIMARY KEY (stream, fold, fold_version, version, key),
  FOREIGN KEY (stream, fold, fold_version, version)
    REFERENCES snapshots (stream, fold, fold_version, version) ON DELETE CASCADE
);

COMMENT ON TABLE snapshot_parts IS
  'Parts of split snapshots (ADR 0065): derived cache, never exported, never trusted over events';
