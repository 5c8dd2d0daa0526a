#!/bin/bash
# First start of the primary (docker-entrypoint-initdb.d, after roles.sh): a role that may only
# stream the WAL to the replica (pg_basebackup -R) and take base backups (ops/backup/backup.sh),
# with no right on Kopek's tables, and the physical replication slot kopek_replica the replica
# streams on (the primary keeps the WAL it has not received yet). Its
# password comes from KOPEK_DB_REPLICATION_PASSWORD or the file KOPEK_DB_REPLICATION_PASSWORD_FILE.
set -euo pipefail
if [ -n "${KOPEK_DB_REPLICATION_PASSWORD_FILE:-}" ]; then
  password=$(tr -d '\n' <"$KOPEK_DB_REPLICATION_PASSWORD_FILE")
else
  password=${KOPEK_DB_REPLICATION_PASSWORD:?set KOPEK_DB_REPLICATION_PASSWORD or its _FILE}
fi
echo "host replication kopek_replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v password="$password" <<'SQL'
SELECT 'CREATE ROLE kopek_replicator'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kopek_replicator') \gexec
ALTER ROLE kopek_replicator LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS
  PASSWORD :'password';
SELECT pg_create_physical_replication_slot('kopek_replica')
WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = 'kopek_replica');
SQL
