-- Monthly reports per group (the month of each expense's date), in group
-- minor units. Served from the reporting connection (a streaming replica
-- where one is configured), see adr/0013-reports-and-reporting-replica.md.
CREATE TABLE rm_report_groups (
  group_id uuid PRIMARY KEY,
  currency text NOT NULL
);

-- One cell of a group's month: its total (kind 'total', key ''), one
-- category (key: the category), or one member's consumed shares (key: the
-- member id). Batches add deltas to `amount`; a cell that falls back to zero
-- stays (the queries leave zero cells out).
CREATE TABLE rm_report_totals (
  group_id uuid NOT NULL,
  month text NOT NULL CHECK (month ~ '^\d{4}-\d{2}$'),
  kind text NOT NULL CHECK (kind IN ('total', 'category', 'member')),
  key text NOT NULL,
  amount bigint NOT NULL,
  PRIMARY KEY (group_id, month, kind, key)
);

-- What each expense currently adds (`month;category;total;shares`), so that an
-- amend or a void takes its previous effect back exactly.
CREATE TABLE rm_report_effects (
  group_id uuid NOT NULL,
  entry_id uuid NOT NULL,
  revision integer NOT NULL,
  voided boolean NOT NULL,
  effect text NOT NULL,
  PRIMARY KEY (group_id, entry_id)
);
