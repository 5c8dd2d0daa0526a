#!/bin/sh
# PgBouncer's entrypoint in compose.yaml: the auth file from the app role's password (the only role
# that comes through PgBouncer), then PgBouncer in the foreground, logging to stderr.
set -eu
: "${KOPEK_DB_APP_PASSWORD:?set KOPEK_DB_APP_PASSWORD}"
umask 077
mkdir -p /tmp/pgbouncer
printf '"kopek_app" "%s"\n' "$KOPEK_DB_APP_PASSWORD" >/tmp/pgbouncer/userlist.txt
exec pgbouncer /kopek/pgbouncer.ini
