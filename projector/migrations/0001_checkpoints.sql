-- One checkpoint per projection: the cursor (tx_id, position) of the last
-- event it applied, written in the same transaction as the batch's effects.
-- A NULL tx_id means "from the start".
CREATE TABLE projector_checkpoints (
  name text PRIMARY KEY,
  tx_id xid8,
  position bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
