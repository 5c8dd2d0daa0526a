-- What the upload is and how to read it (ADR 0054): null for a Kopek SQL
-- dump; for a spreadsheet export, its format and the request's options
-- (`{ "type": "csv", "format", "me", "name", "rates" }`), read by each run.
ALTER TABLE import_jobs ADD COLUMN source jsonb;
