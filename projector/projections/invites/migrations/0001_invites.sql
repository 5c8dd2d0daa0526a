-- The invites of each group, for owners and admins to list (never the code: only its hash is
-- kept, in the event store). Whether an invite is active, expired or dead is not stored: it
-- depends on the clock and on its creator's current role, so query-api computes it at read
-- time with the decider's own rule (domain `inviteStatusOf`) over this row and rm_members.
CREATE TABLE rm_invites (
  group_id uuid NOT NULL,
  invite_id uuid NOT NULL,
  -- The placeholder member it claims, or null for a new member.
  member_id uuid,
  role text NOT NULL,
  -- As the event says (RFC 3339): compared with the clock by the decider's rule, never by SQL.
  expires_at text NOT NULL,
  -- The member who created it; null for invites recorded before that was kept (schema v1).
  created_by uuid,
  -- When it was created (the event's time, RFC 3339) and its place in the group stream: the
  -- list is ordered by the stream version, newest first.
  created_at text NOT NULL,
  created_version integer NOT NULL,
  -- Who used it: the member they became and their user; null while unused.
  accepted_by_member uuid,
  accepted_by_user uuid,
  revoked boolean NOT NULL DEFAULT false,
  PRIMARY KEY (group_id, invite_id)
);

CREATE INDEX rm_invites_list ON rm_invites (group_id, created_version DESC);
