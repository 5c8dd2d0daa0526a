-- The comments on each expense, oldest first. A comment is never changed or removed; its author's
-- name is read from rm_members at read time (a rename shows everywhere).
CREATE TABLE rm_comments (
  group_id uuid NOT NULL,
  comment_id uuid NOT NULL,
  expense_id uuid NOT NULL,
  member_id uuid NOT NULL,
  text text NOT NULL,
  -- The event's time (RFC 3339) and its global position: the list's order and cursor.
  at text NOT NULL,
  position bigint NOT NULL,
  PRIMARY KEY (group_id, comment_id)
);

CREATE INDEX rm_comments_list ON rm_comments (group_id, expense_id, position);
