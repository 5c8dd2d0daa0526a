-- Balances per group and member, in group minor units.
CREATE TABLE rm_balance_groups (
  group_id uuid PRIMARY KEY,
  currency text NOT NULL
);

CREATE TABLE rm_balances (
  group_id uuid NOT NULL,
  member_id uuid NOT NULL,
  -- The stream version of MemberAdded (members are listed in joining order).
  joined_version integer,
  paid bigint NOT NULL DEFAULT 0,
  owed bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (group_id, member_id)
);

-- What each expense or settlement currently adds, so that an amend or a void
-- can take its previous effect back. Amounts are decimal strings of minor units.
CREATE TABLE rm_balance_effects (
  group_id uuid NOT NULL,
  entry_id uuid NOT NULL,
  revision integer NOT NULL,
  voided boolean NOT NULL,
  paid jsonb NOT NULL,
  owed jsonb NOT NULL,
  PRIMARY KEY (group_id, entry_id)
);
