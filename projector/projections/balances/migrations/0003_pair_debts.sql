-- Debt simplification (ADR 0052): whether a group's settle-up plan simplifies
-- debts (on unless turned off), and each pair's net debt as incurred (API
-- rule 4 of docs/api.md), kept for the plan without simplification. A group's pairs are
-- complete only when built from its first event: rebuild the balances read
-- model after this migration (`kopek rebuild balances`, docs/operations.md).
ALTER TABLE rm_balance_groups ADD COLUMN simplify_debts boolean NOT NULL DEFAULT true;

CREATE TABLE rm_balance_pairs (
  group_id uuid NOT NULL,
  -- The pair's two members, `lo` the one whose id sorts first (as text).
  lo uuid NOT NULL,
  hi uuid NOT NULL,
  -- What `lo` owes `hi`, in group minor units (negative: `hi` owes `lo`).
  amount bigint NOT NULL,
  PRIMARY KEY (group_id, lo, hi)
);

-- Members' payment handles (ADR 0052), for the settle-up view: the latest
-- list, cleared when the member's account is deleted (MemberUnlinked).
-- `version` is the stream version of the last event applied (replays of
-- older events change nothing); `revision` the handles' own revision.
CREATE TABLE rm_payment_handles (
  group_id uuid NOT NULL,
  member_id uuid NOT NULL,
  version integer NOT NULL,
  revision integer NOT NULL,
  handles jsonb NOT NULL,
  PRIMARY KEY (group_id, member_id)
);
