-- The event log: one row per event, append-only, hash-chained per stream.
-- Global order for subscribers is (tx_id, position); see eventstore/README.md.

CREATE SEQUENCE events_position_seq AS bigint;

CREATE TABLE events (
  position       bigint      NOT NULL DEFAULT nextval('events_position_seq'),
  tx_id          xid8        NOT NULL DEFAULT pg_current_xact_id(),
  id             uuid        NOT NULL,
  stream         text        COLLATE "C" NOT NULL,
  version        integer     NOT NULL,
  type           text        NOT NULL,
  schema_version integer     NOT NULL,
  data           jsonb       NOT NULL,
  metadata       jsonb       NOT NULL,
  hash           text        NOT NULL,
  prev_hash      text,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_pkey PRIMARY KEY (position),
  CONSTRAINT events_stream_version_key UNIQUE (stream, version),
  CONSTRAINT events_id_key UNIQUE (id),
  CONSTRAINT events_version_check CHECK (version >= 1),
  CONSTRAINT events_prev_hash_check CHECK ((version = 1) = (prev_hash IS NULL))
);

ALTER SEQUENCE events_position_seq OWNED BY events.position;

CREATE INDEX events_tx_id_position_idx ON events (tx_id, position);

COMMENT ON TABLE events IS 'Append-only event log (kopek eventstore); never UPDATE, DELETE or TRUNCATE';
COMMENT ON COLUMN events.position IS 'Global position from events_position_seq: unique, gaps allowed, not commit order';
COMMENT ON COLUMN events.tx_id IS 'Writing transaction id; subscribers order by (tx_id, position) below the snapshot xmin';
COMMENT ON COLUMN events.hash IS 'hex sha256(coalesce(prev_hash, '''') || RFC 8785 JSON of {id, stream, version, type, schemaVersion, data, metadata})';
COMMENT ON COLUMN events.recorded_at IS 'Server time of the append; not hashed';

-- Idempotent appends: one row per idempotency key (command id), written in the
-- same transaction as the events it produced.
CREATE TABLE command_log (
  key          text        NOT NULL,
  content_hash text        NOT NULL,
  positions    bigint[]    NOT NULL,
  streams      jsonb       NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT command_log_pkey PRIMARY KEY (key)
);

COMMENT ON TABLE command_log IS 'Idempotency keys of appends and the positions of the events each stored';

-- Events are never updated or deleted, whoever asks.
CREATE FUNCTION kopek_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP
    USING ERRCODE = 'P0001', HINT = 'append a compensating event instead';
END
$$;

CREATE TRIGGER events_no_update_delete
  BEFORE UPDATE OR DELETE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION kopek_events_append_only();

CREATE TRIGGER events_no_truncate
  BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION kopek_events_append_only();
