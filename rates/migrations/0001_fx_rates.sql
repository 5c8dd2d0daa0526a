-- Reference rates as their source published them: one row per source, day
-- and currency, quoted as units of `currency` per one unit of `base`. Cross
-- rates are computed on read, never stored. Rows are upserted (a source may
-- correct a day), never deleted by the application.
CREATE TABLE fx_rates (
  source     text        NOT NULL CHECK (source <> ''),
  date       date        NOT NULL,
  base       text        NOT NULL CHECK (base ~ '^[A-Z]{3}$'),
  currency   text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$' AND currency <> base),
  rate       numeric     NOT NULL CHECK (rate > 0),
  fetched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, date, currency)
);
