-- Email (ADR 0060): a durable outbox that the mail worker sends from (a request
-- never waits on SMTP, and nothing is lost while SMTP is down), password reset
-- tokens (only their SHA-256 is kept), and the weekly summary's opt-in and its
-- once-a-week claims.
CREATE TABLE mail_outbox (
  id              uuid        PRIMARY KEY,
  -- What the mail is: 'password-reset', 'invite', 'weekly-summary'.
  kind            text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  -- Who made Kopek send it (a user id), or null for Kopek itself (the weekly summary,
  -- a password reset asked without signing in): the per-sender rate limit counts it.
  sender_id       uuid,
  to_address      text        NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
  subject         text        NOT NULL CHECK (length(subject) <= 300),
  text_body       text        NOT NULL CHECK (length(text_body) <= 65536),
  html_body       text        NOT NULL CHECK (length(html_body) <= 131072),
  status          text        NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- The lease of a worker sending it ('sending' until then; another worker takes it after).
  lease_until     timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
-- The queue: what is due, oldest first.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id)
  WHERE status IN ('queued', 'sending');
-- The rate limits: recent mails per recipient and per sender.
CREATE INDEX mail_outbox_recipient ON mail_outbox (to_address, created_at);
CREATE INDEX mail_outbox_sender ON mail_outbox (sender_id, created_at) WHERE sender_id IS NOT NULL;

-- Password reset tokens: the SHA-256 of the token (hex), never the token.
CREATE TABLE mail_password_resets (
  token_hash text        PRIMARY KEY CHECK (length(token_hash) = 64),
  user_id    uuid        NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_password_resets_user ON mail_password_resets (user_id);

-- Per-user email settings (only the weekly summary's opt-in, for now).
CREATE TABLE mail_settings (
  user_id        uuid        PRIMARY KEY,
  weekly_summary boolean     NOT NULL DEFAULT false,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One weekly summary per user and ISO week, whatever the number of workers: a worker
-- claims (user, week) by inserting the row, and only the one whose insert won sends.
CREATE TABLE mail_weekly_claims (
  user_id    uuid        NOT NULL,
  week       text        NOT NULL CHECK (week ~ '^\d{4}-W\d{2}$'),
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, week)
);
