-- The groups read model: one row per group and one per member (active or not).
CREATE TABLE rm_groups (
  group_id uuid PRIMARY KEY,
  name text NOT NULL,
  currency text NOT NULL,
  -- The group stream's version: every event of the stream bumps it.
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE rm_members (
  group_id uuid NOT NULL,
  member_id uuid NOT NULL,
  name text NOT NULL,
  user_id uuid,
  role text NOT NULL,
  active boolean NOT NULL,
  -- The member's revision (MemberAdded is 1), its ETag.
  revision integer NOT NULL,
  -- The stream version of MemberAdded: members are listed in joining order.
  joined_version integer NOT NULL,
  PRIMARY KEY (group_id, member_id)
);
