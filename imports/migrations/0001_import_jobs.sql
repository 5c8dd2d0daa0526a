-- Imports as durable background jobs (ADR 0018). A job is created while its
-- dump streams in ('receiving': not claimable, not visible), queued once the
-- last byte is stored, run by a worker under a lease, and ends 'done',
-- 'refused' (the dump is not importable: nothing appended) or 'failed' (an
-- internal error after every attempt).
CREATE TABLE import_jobs (
  id          uuid        PRIMARY KEY,
  owner_id    uuid        NOT NULL,
  status      text        NOT NULL
    CHECK (status IN ('receiving', 'queued', 'running', 'done', 'refused', 'failed')),
  -- Bytes and 1 MiB chunks of the dump stored so far (final once queued).
  size        bigint      NOT NULL DEFAULT 0 CHECK (size >= 0),
  chunks      integer     NOT NULL DEFAULT 0 CHECK (chunks >= 0),
  -- Secret key of the job's deterministic ids: a resumed run appends the same ids.
  seed        bytea       NOT NULL CHECK (octet_length(seed) = 32),
  via         text,
  request_id  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  started_at  timestamptz,
  finished_at timestamptz,
  -- The lease: who runs (or receives) the job, and until when unless renewed.
  lease_owner text,
  lease_until timestamptz,
  attempts    integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- What the first pass decided (JSON of the import engine), kept so a resumed run skips it.
  plan        jsonb,
  progress    jsonb,
  groups      jsonb,
  position    bigint,
  problem     jsonb,
  CHECK (status NOT IN ('running', 'receiving') OR lease_until IS NOT NULL)
);

-- One running job per user, whatever the workers do.
CREATE UNIQUE INDEX import_jobs_one_running_per_owner
  ON import_jobs (owner_id) WHERE status = 'running';
-- The queue, oldest first.
CREATE INDEX import_jobs_claimable ON import_jobs (created_at, id)
  WHERE status IN ('queued', 'running');
-- A user's jobs that still hold bytes (the cap on pending imports per user).
CREATE INDEX import_jobs_owner_pending ON import_jobs (owner_id)
  WHERE status IN ('receiving', 'queued', 'running');

-- The dump's bytes, in order, at most 1 MiB each; deleted when the job ends.
CREATE TABLE import_job_chunks (
  job_id uuid    NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
  seq    integer NOT NULL CHECK (seq >= 0),
  data   bytea   NOT NULL CHECK (octet_length(data) BETWEEN 1 AND 1048576),
  PRIMARY KEY (job_id, seq)
);
-- Out of line, uncompressed: the bytes live minutes, and reading them back (twice per import)
-- without decompressing costs a fifth of the time.
ALTER TABLE import_job_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
