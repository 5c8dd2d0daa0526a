-- Expenses and settlements of every group, as the GET routes show them.
CREATE TABLE rm_entries (
  group_id uuid NOT NULL,
  entry_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('expense', 'settlement')),
  -- The entry's revision: its version and ETag.
  revision integer NOT NULL,
  voided boolean NOT NULL,
  date date NOT NULL,
  -- The position of the recording event: "created order" for equal dates.
  created_position bigint NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  description text,
  category text,
  note text,
  -- The latest ExpenseData / SettlementData of the events, verbatim (json, not
  -- jsonb: it is only ever returned whole, and json is cheaper to write).
  -- Nullable only so that a void can upsert without resending it; never null
  -- in a stored row (the recording event always sets it).
  data json,
  -- Every member the entry involves (payers, share holders, from, to).
  member_ids uuid[] NOT NULL,
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', coalesce(description, '') || ' ' || coalesce(note, ''))
  ) STORED,
  PRIMARY KEY (group_id, entry_id)
);

CREATE INDEX rm_entries_list ON rm_entries
  (group_id, kind, date DESC, created_position DESC);
CREATE INDEX rm_entries_members ON rm_entries USING gin (member_ids);
CREATE INDEX rm_entries_search ON rm_entries USING gin (search);
