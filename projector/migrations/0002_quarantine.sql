-- Fault isolation (ADR 0016). A stream one projection cannot apply is
-- quarantined for that projection: the projection skips its events from the
-- failing one on, every other stream goes on. One row per projection and
-- stream; the failing event is named by its coordinates in the log.
CREATE TABLE projector_quarantine (
  projection    text        NOT NULL,
  stream        text        COLLATE "C" NOT NULL,
  -- The stream's group id as written (text: a forged stream name need not hold a UUID).
  group_id      text        NOT NULL,
  position      bigint      NOT NULL,
  version       integer     NOT NULL,
  event_id      uuid        NOT NULL,
  event_type    text        NOT NULL,
  -- The error, cut to a bounded length, and its SQLSTATE when PostgreSQL raised it.
  error         text        NOT NULL CHECK (length(error) <= 2000),
  sqlstate      text,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  -- 1 when quarantined, plus one per `kopek quarantine retry` that failed again.
  attempts      integer     NOT NULL DEFAULT 1,
  PRIMARY KEY (projection, stream)
);

-- Operators' decisions that a projection permanently ignores one event
-- (`kopek quarantine skip`): honoured by the runner, retries, rebuilds and
-- replays. Never deleted by Kopek: it is the record of who decided what.
CREATE TABLE projector_skipped_events (
  projection  text        NOT NULL,
  position    bigint      NOT NULL,
  stream      text        COLLATE "C" NOT NULL,
  version     integer     NOT NULL,
  event_id    uuid        NOT NULL,
  event_type  text        NOT NULL,
  -- The error the event was quarantined for.
  error       text        NOT NULL CHECK (length(error) <= 2000),
  decided_by  text        NOT NULL CHECK (length(decided_by) BETWEEN 1 AND 200),
  reason      text        CHECK (length(reason) <= 2000),
  -- The database role that ran the command.
  db_user     text        NOT NULL DEFAULT session_user,
  decided_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, position)
);

CREATE INDEX projector_skipped_events_stream_idx ON projector_skipped_events (projection, stream);
