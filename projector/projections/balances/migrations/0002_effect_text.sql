-- An entry's effect as one compact text column (`paid;owed`, each side
-- `memberId:minorUnits` pairs joined by commas) instead of two jsonb columns:
-- only the projector reads it, and the server then parses no JSON per row on
-- the bulk write of a batch.
ALTER TABLE rm_balance_effects ADD COLUMN effect text;

UPDATE rm_balance_effects SET effect =
  coalesce((SELECT string_agg(key || ':' || value, ',') FROM jsonb_each_text(paid)), '') || ';' ||
  coalesce((SELECT string_agg(key || ':' || value, ',') FROM jsonb_each_text(owed)), '');

ALTER TABLE rm_balance_effects ALTER COLUMN effect SET NOT NULL;
ALTER TABLE rm_balance_effects DROP COLUMN paid, DROP COLUMN owed;
