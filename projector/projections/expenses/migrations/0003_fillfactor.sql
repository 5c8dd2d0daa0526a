-- Room on each page for the next version of an entry (ADR 0074): an amend
-- rewrites its entry's row, usually without changing the columns of
-- rm_entries_list (kind, date, created_position), so with free space on the
-- row's page PostgreSQL updates it in place (a HOT update: no new index
-- entries, less WAL). Only pages written from now on keep the room: rebuild
-- the projection to give it to existing rows (`kopek rebuild expenses`).
ALTER TABLE rm_entries SET (fillfactor = 70);
