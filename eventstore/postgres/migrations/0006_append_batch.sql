-- Group commit (ADR 0062): the appends of concurrent commands that queued while another batch was
-- in flight go to the database as one statement, one transaction, one commit. Each item is what
-- kopek_append takes ({key, contentHash, heads, streams, response, events}) and gets its own
-- answer, as kopek_append would give it: a moved head or a known key settles only that item.
--
-- Two phases. First every item's key and heads are checked, before anything is written, so that
-- the transaction id (assigned at the first write) comes after every head it chains to was seen
-- committed: versions of a stream keep their (tx_id, position) order for subscribers, exactly as
-- for one append (eventstore/README.md). Then the items that passed are inserted, in order. The
-- adapter never puts two items on the same stream or with the same key in one batch; should a
-- unique violation still happen (a race with another process, an event id already taken), the
-- whole statement fails, nothing of it is kept, and the adapter runs each item alone.
--
-- p: [item, ...]. Answers {txId, answers: [answer, ...]}, one answer per item in order:
-- {status: "ok", positions} | {status: "moved", heads} | {status: "duplicate", ...}
-- | {status: "idempotency_conflict"}.
CREATE FUNCTION kopek_append_batch(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  n integer := jsonb_array_length(p);
  answers jsonb[] := array_fill(NULL::jsonb, ARRAY[n]);
  item jsonb;
  k text;
  claims jsonb;
  claim jsonb;
  evs jsonb;
  ev jsonb;
  answer jsonb;
  cur_version integer;
  cur_hash text;
  pos bigint;
  positions bigint[];
BEGIN
  -- Phase 1: read only.
  FOR i IN 0 .. n - 1 LOOP
    item := p->i;
    k := item->>'key';
    claims := item->'heads';
    answer := NULL;
    IF k IS NOT NULL THEN
      answer := kopek_append_replay(k, item->>'contentHash');
    END IF;
    IF answer IS NULL THEN
      FOR j IN 0 .. jsonb_array_length(claims) - 1 LOOP
        claim := claims->j;
        SELECT e.version, e.hash INTO cur_version, cur_hash
          FROM events e WHERE e.stream = claim->>'stream'
          ORDER BY e.version DESC LIMIT 1;
        IF NOT FOUND THEN
          cur_version := 0;
          cur_hash := NULL;
        END IF;
        IF cur_version <> (claim->>'version')::integer
           OR cur_hash IS DISTINCT FROM claim->>'hash' THEN
          -- As kopek_append (0004): the real heads, then the key once more.
          answer := jsonb_build_object('status', 'moved', 'heads', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
              'stream', x.stream, 'version', coalesce(h.version, 0), 'hash', h.hash,
              'at', h.at)), '[]'::jsonb)
            FROM jsonb_to_recordset(claims) AS x(stream text)
            LEFT JOIN LATERAL (
              SELECT e.version, e.hash, e.metadata->>'at' AS at FROM events e
              WHERE e.stream = x.stream ORDER BY e.version DESC LIMIT 1
            ) h ON true));
          IF k IS NOT NULL THEN
            answer := coalesce(kopek_append_replay(k, item->>'contentHash'), answer);
          END IF;
          EXIT;
        END IF;
      END LOOP;
    END IF;
    answers[i + 1] := answer;
  END LOOP;

  -- Phase 2: the items that passed, in order; within an item, one row at a time so that
  -- positions grow with versions.
  FOR i IN 0 .. n - 1 LOOP
    CONTINUE WHEN answers[i + 1] IS NOT NULL;
    item := p->i;
    k := item->>'key';
    evs := item->'events';
    positions := '{}';
    FOR j IN 0 .. jsonb_array_length(evs) - 1 LOOP
      ev := evs->j;
      INSERT INTO events (id, stream, version, type, schema_version, data, metadata, hash, prev_hash)
      VALUES ((ev->>'id')::uuid, ev->>'stream', (ev->>'version')::integer, ev->>'type',
              (ev->>'schemaVersion')::integer, ev->'data', ev->'metadata', ev->>'hash',
              ev->>'prevHash')
      RETURNING position INTO pos;
      positions := positions || pos;
    END LOOP;
    IF k IS NOT NULL THEN
      INSERT INTO command_log (key, content_hash, positions, streams, response)
      VALUES (k, item->>'contentHash', positions, coalesce(item->'streams', '[]'::jsonb),
              (item->>'response')::json);
    END IF;
    answers[i + 1] := jsonb_build_object('status', 'ok', 'positions', to_jsonb(positions));
  END LOOP;

  RETURN jsonb_build_object(
    'txId', pg_current_xact_id_if_assigned()::text,
    'answers', to_jsonb(answers));
END
$$;
