-- Recurring expenses (ADR 0051): each one's state as the group decider folds it (JSON), and when
-- its next occurrence is due (null: paused, stopped or ended), which the scheduler polls.
CREATE TABLE rm_recurrences (
  group_id uuid NOT NULL,
  recurrence_id uuid NOT NULL,
  state jsonb NOT NULL,
  status text NOT NULL,
  next_due timestamptz,
  -- The global position of the last event applied: a replay of it or an earlier one is ignored.
  position bigint NOT NULL,
  PRIMARY KEY (group_id, recurrence_id)
);

CREATE INDEX rm_recurrences_due ON rm_recurrences (next_due) WHERE next_due IS NOT NULL;

-- Each group's IANA time zone; a group without a row is in UTC.
CREATE TABLE rm_group_time_zones (
  group_id uuid PRIMARY KEY,
  time_zone text NOT NULL,
  position bigint NOT NULL
);
