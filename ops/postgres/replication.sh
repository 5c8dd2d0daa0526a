#!/bin/bash
# First start of the primary: let the kopek role stream to the replica.
set -euo pipefail
echo "host replication kopek all scram-sha-256" >> "$PGDATA/pg_hba.conf"
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "ALTER ROLE kopek REPLICATION"
