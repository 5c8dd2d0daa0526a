-- Crypto-shredding of accounts (ADR 0044): each account's data key, outside the log. The
-- personal fields of its events are sealed with it; deleting the row (DELETE /v1/me) erases
-- them while the events and their hash chain stay. The app role may insert, read and delete
-- rows (grants by schema, ADR 0022).
CREATE TABLE account_keys (
  user_id uuid PRIMARY KEY,
  key bytea NOT NULL CHECK (octet_length(key) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE account_keys IS
  'Per-account AES-256 data keys sealing personal fields of events; deleted with the account';
