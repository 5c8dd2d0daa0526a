-- Every read of rm_entries is scoped to one group and walks rm_entries_list
-- (group_id, kind, date DESC, created_position DESC); the member and
-- text-search filters are then checked on the group's rows (the stored
-- tsvector keeps the search check cheap). Two GIN indexes over every group's
-- entries cost each projected batch more than they save a group-sized scan.
DROP INDEX IF EXISTS rm_entries_members;
DROP INDEX IF EXISTS rm_entries_search;
