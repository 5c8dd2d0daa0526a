-- Who may see which group: one row per member; a user sees a group while an
-- active member is bound to them. query-api checks it on every request.
CREATE TABLE rm_access (
  group_id uuid NOT NULL,
  member_id uuid NOT NULL,
  user_id uuid,
  role text NOT NULL,
  active boolean NOT NULL,
  revision integer NOT NULL,
  PRIMARY KEY (group_id, member_id)
);

CREATE INDEX rm_access_user ON rm_access (user_id, group_id)
  WHERE active AND user_id IS NOT NULL;
