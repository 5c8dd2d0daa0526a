#!/bin/bash
# First start of the primary (docker-entrypoint-initdb.d): Kopek's owner and app roles and its
# database, as ops/postgres/roles.sql sets them up. The passwords come from the environment
# (KOPEK_DB_OWNER_PASSWORD, KOPEK_DB_APP_PASSWORD) or from files named by *_FILE (Docker
# secrets, e.g. KOPEK_DB_APP_PASSWORD_FILE=/run/secrets/kopek_db_app_password).
set -euo pipefail

secret() {
  local name="$1" file_name="${1}_FILE"
  if [ -n "${!file_name:-}" ]; then
    tr -d '\n' <"${!file_name}"
  elif [ -n "${!name:-}" ]; then
    printf '%s' "${!name}"
  else
    echo "roles.sh: set ${name} or ${file_name}" >&2
    exit 1
  fi
}

# Assignments first: a missing secret stops the script here (set -e), not inside psql's arguments.
owner_password=$(secret KOPEK_DB_OWNER_PASSWORD)
app_password=$(secret KOPEK_DB_APP_PASSWORD)
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner=kopek -v app=kopek_app -v db=kopek \
  -v owner_password="$owner_password" -v app_password="$app_password" \
  -f /kopek/roles.sql
