-- Attachments' bytes in the all-in-one's PostgreSQL (ADR 0055): a blob is its chunks of at most
-- 256 KiB, written in one transaction with the row in blobs, which exists only once every chunk
-- does. Read one chunk at a time, so neither side holds a whole file.
CREATE TABLE blobs (
  key text PRIMARY KEY,
  content_type text NOT NULL,
  size bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE blob_chunks (
  key text NOT NULL,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (key, seq)
);
-- Chunks are compressed already (JPEG, WebP, PDF streams): no TOAST compression to waste CPU on.
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
