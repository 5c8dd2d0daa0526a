-- The attachments of each expense (ADR 0055): their metadata and blob keys, never their bytes.
-- A removed attachment keeps its row (removed = true); an expense voided hides its attachments
-- (expense_voided = true) from the list, the signed URLs and the archive.
CREATE TABLE rm_attachments (
  group_id uuid NOT NULL,
  attachment_id uuid NOT NULL,
  expense_id uuid NOT NULL,
  member_id uuid NOT NULL,
  name text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL,
  width integer,
  height integer,
  key text NOT NULL,
  thumbnail_key text,
  thumbnail_type text,
  at text NOT NULL,
  position bigint NOT NULL,
  removed boolean NOT NULL DEFAULT false,
  expense_voided boolean NOT NULL DEFAULT false,
  PRIMARY KEY (group_id, attachment_id)
);

CREATE INDEX rm_attachments_list ON rm_attachments (group_id, expense_id, position);
