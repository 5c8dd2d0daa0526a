-- Room on each page for the next version of a row (ADR 0074): every batch
-- adds to the members' and pairs' totals and rewrites the effects of the
-- entries it touches, and none of these changes an indexed column, so with
-- free space on the row's page PostgreSQL updates it in place (a HOT update:
-- no new index entry, less WAL). Only pages written from now on keep the
-- room: rebuild the projection to give it to existing rows
-- (`kopek rebuild balances`).
ALTER TABLE rm_balances SET (fillfactor = 70);
ALTER TABLE rm_balance_pairs SET (fillfactor = 70);
ALTER TABLE rm_balance_effects SET (fillfactor = 70);
