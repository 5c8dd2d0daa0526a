-- Monotonic `metadata.at` per stream (ADR 0026): the adapter prepares each event's `at` from the
-- head it claims, never earlier than that head's. When the heads moved, the function now answers
-- each head's `at` with its version and hash, so that the retry clamps against the event it will
-- be chained to. The claimed heads may carry `at` too; only version and hash are compared (the
-- hash covers the metadata, so a matching hash confirms the `at`).

-- As in 0003, and a moved head names its `at`.
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
        'stream', x.stream, 'version', coalesce(h.version, 0), 'hash', h.hash, 'at', h.at)),
        '[]'::jsonb)
      FROM jsonb_to_recordset(claims) AS x(stream text)
      LEFT JOIN LATERAL (
        SELECT e.version, e.hash, e.metadata->>'at' AS at FROM events e WHERE e.stream = x.stream
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
