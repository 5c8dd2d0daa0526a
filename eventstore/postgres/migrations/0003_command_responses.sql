-- Idempotency keeps the command's answer, and keys are scoped by the acting user (ADR 0019).

-- The answer given the first time, kept verbatim (json keeps its text: key order and all) in
-- the append's transaction; a repeat answers it. NULL for keys kept before this migration.
ALTER TABLE command_log ADD COLUMN response json;

COMMENT ON COLUMN command_log.response IS
  'The answer of the command that used the key, as first given; NULL for keys kept before 0003';

-- Keys kept so far were global (`<type>:<id>`); the command side now prefixes the acting
-- user's id (`<user>:<type>:<id>`). Rewrite the existing ones the same way, with the actor of
-- the events each stored, so that a retry sent across the upgrade is still recognised.
UPDATE command_log c
SET key = (e.metadata->>'actor') || ':' || c.key
FROM events e
WHERE e.position = c.positions[1]
  AND e.metadata->>'actor' IS NOT NULL;

CREATE OR REPLACE FUNCTION kopek_append_replay(p_key text, p_content_hash text) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  c command_log%ROWTYPE;
BEGIN
  SELECT * INTO c FROM command_log WHERE key = p_key;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF c.content_hash IS DISTINCT FROM p_content_hash THEN
    RETURN jsonb_build_object('status', 'idempotency_conflict');
  END IF;
  RETURN jsonb_build_object(
    'status', 'duplicate',
    'streams', c.streams,
    -- As text: jsonb would reorder the answer's keys.
    'response', c.response::text,
    'events', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
        'position', e.position, 'txId', e.tx_id::text, 'id', e.id, 'stream', e.stream,
        'version', e.version, 'type', e.type, 'schemaVersion', e.schema_version,
        'data', e.data, 'metadata', e.metadata, 'hash', e.hash, 'prevHash', e.prev_hash
      ) ORDER BY e.position), '[]'::jsonb)
      FROM events e
      WHERE e.position = ANY (c.positions)));
END
$$;

-- As in 0002, and p.response (the answer's JSON text, or null) is kept with the key.
CREATE OR REPLACE FUNCTION kopek_append(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  k text := p->>'key';
  claims jsonb := p->'heads';
  evs jsonb := p->'events';
  claim jsonb;
  ev jsonb;
  answer jsonb;
  cur_version integer;
  cur_hash text;
  moved boolean := false;
  pos bigint;
  positions bigint[] := '{}';
BEGIN
  IF k IS NOT NULL THEN
    answer := kopek_append_replay(k, p->>'contentHash');
    IF answer IS NOT NULL THEN
      RETURN answer;
    END IF;
  END IF;

  FOR i IN 0 .. jsonb_array_length(claims) - 1 LOOP
    claim := claims->i;
    SELECT e.version, e.hash INTO cur_version, cur_hash
      FROM events e WHERE e.stream = claim->>'stream'
      ORDER BY e.version DESC LIMIT 1;
    IF NOT FOUND THEN
      cur_version := 0;
      cur_hash := NULL;
    END IF;
    IF cur_version <> (claim->>'version')::integer OR cur_hash IS DISTINCT FROM claim->>'hash' THEN
      moved := true;
      EXIT;
    END IF;
  END LOOP;

  IF moved THEN
    -- Read the heads first, then look for the key again: if these heads include
    -- an identical append that committed since the first look, its key is
    -- visible now (both were committed together).
    answer := jsonb_build_object('status', 'moved', 'heads', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
        'stream', x.stream, 'version', coalesce(h.version, 0), 'hash', h.hash)), '[]'::jsonb)
      FROM jsonb_to_recordset(claims) AS x(stream text)
      LEFT JOIN LATERAL (
        SELECT e.version, e.hash FROM events e WHERE e.stream = x.stream
        ORDER BY e.version DESC LIMIT 1
      ) h ON true));
    IF k IS NOT NULL THEN
      RETURN coalesce(kopek_append_replay(k, p->>'contentHash'), answer);
    END IF;
    RETURN answer;
  END IF;

  -- One row at a time, in order: positions grow with versions.
  FOR i IN 0 .. jsonb_array_length(evs) - 1 LOOP
    ev := evs->i;
    INSERT INTO events (id, stream, version, type, schema_version, data, metadata, hash, prev_hash)
    VALUES ((ev->>'id')::uuid, ev->>'stream', (ev->>'version')::integer, ev->>'type',
            (ev->>'schemaVersion')::integer, ev->'data', ev->'metadata', ev->>'hash',
            ev->>'prevHash')
    RETURNING position INTO pos;
    positions := positions || pos;
  END LOOP;

  IF k IS NOT NULL THEN
    INSERT INTO command_log (key, content_hash, positions, streams, response)
    VALUES (k, p->>'contentHash', positions, coalesce(p->'streams', '[]'::jsonb),
            (p->>'response')::json);
  END IF;

  RETURN jsonb_build_object(
    'status', 'ok',
    'txId', pg_current_xact_id_if_assigned()::text,
    'positions', to_jsonb(positions));
END
$$;
