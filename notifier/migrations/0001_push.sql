-- Web push (ADR 0057). Device state, not ledger facts: plain tables, not events.
-- A user's push subscriptions, one per device (browser); the endpoint is unique.
CREATE TABLE push_subscriptions (
  id         uuid        PRIMARY KEY,
  user_id    uuid        NOT NULL,
  endpoint   text        NOT NULL UNIQUE CHECK (length(endpoint) <= 2000),
  p256dh     text        NOT NULL CHECK (length(p256dh) <= 100),
  auth       text        NOT NULL CHECK (length(auth) <= 40),
  label      text        CHECK (length(label) <= 100),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);

-- What a user wants to be told: groups muted, quiet hours in their time zone.
CREATE TABLE push_settings (
  user_id      uuid   PRIMARY KEY,
  muted_groups uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(muted_groups) <= 500),
  quiet_start  text   CHECK (quiet_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  quiet_end    text   CHECK (quiet_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  time_zone    text   CHECK (length(time_zone) <= 64)
);

-- Pushes to send: one row per subscription and event, deleted once sent, refused
-- for good, or out of attempts; deleted with the subscription.
CREATE TABLE push_deliveries (
  id              bigserial   PRIMARY KEY,
  subscription_id uuid        NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
  event_id        uuid        NOT NULL,
  payload         text        NOT NULL CHECK (octet_length(payload) <= 3072),
  attempts        integer     NOT NULL DEFAULT 0,
  next_at         timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX push_deliveries_due ON push_deliveries (next_at);

-- Where the notifier is in the event log (one row). Set to the head at its first start:
-- history older than the notifier is never pushed.
CREATE TABLE push_checkpoint (
  id       boolean PRIMARY KEY DEFAULT true CHECK (id),
  tx_id    xid8,
  position bigint
);
