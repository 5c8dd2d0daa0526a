-- A group's custom categories (ADR 0053). A removed category stays (removed = true): the expenses
-- that use it still show its name, icon and colour.
CREATE TABLE rm_categories (
  group_id uuid NOT NULL,
  category_id uuid NOT NULL,
  name text NOT NULL,
  icon text NOT NULL,
  colour text NOT NULL,
  removed boolean NOT NULL DEFAULT false,
  -- The position of the last event that changed it.
  position bigint NOT NULL,
  PRIMARY KEY (group_id, category_id)
);
