-- Room on each page for the next version of a row (ADR 0074): every batch
-- adds to the month cells and rewrites the effects of the entries it touches,
-- and neither changes an indexed column, so with free space on the row's page
-- PostgreSQL updates it in place (a HOT update: no new index entry, less
-- WAL). Only pages written from now on keep the room: rebuild the projection
-- to give it to existing rows (`kopek rebuild reports`).
ALTER TABLE rm_report_totals SET (fillfactor = 70);
ALTER TABLE rm_report_effects SET (fillfactor = 70);
