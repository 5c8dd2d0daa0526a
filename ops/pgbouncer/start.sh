#!/bin/sh
# PgBouncer's entrypoint in compose.yaml: the auth file from the app role's password (the only role
# that comes through PgBouncer), then PgBouncer in the foreground, logging to stderr. The password
# comes from the file KOPEK_DB_APP_PASSWORD_FILE names (a Docker secret; a trailing newline is
# ignored) or from KOPEK_DB_APP_PASSWORD.
set -eu
if [ -n "${KOPEK_DB_APP_PASSWORD_FILE:-}" ]; then
  if [ -n "${KOPEK_DB_APP_PASSWORD:-}" ]; then
    echo "start.sh: KOPEK_DB_APP_PASSWORD and KOPEK_DB_APP_PASSWORD_FILE are both set: set one" >&2
    exit 1
  fi
  KOPEK_DB_APP_PASSWORD=$(tr -d '\r\n' <"$KOPEK_DB_APP_PASSWORD_FILE")
fi
: "${KOPEK_DB_APP_PASSWORD:?set KOPEK_DB_APP_PASSWORD_FILE or KOPEK_DB_APP_PASSWORD}"
umask 077
mkdir -p /tmp/pgbouncer
printf '"kopek_app" "%s"\n' "$KOPEK_DB_APP_PASSWORD" >/tmp/pgbouncer/userlist.txt
exec pgbouncer /kopek/pgbouncer.ini
