#!/bin/bash
# The streaming replica's entrypoint (compose.yaml, service postgres-replica, run as postgres): on
# the first start (an empty volume) a clone of the primary with pg_basebackup -R, as the replication
# role, on the slot kopek_replica that replication.sh created (the primary keeps the WAL the replica
# has not received); then PostgreSQL as a hot standby. The password is the Docker secret
# db_replication_password; -R writes it into primary_conninfo for the later starts.
set -euo pipefail
data=/var/lib/postgresql/data
if [ ! -s "$data/PG_VERSION" ]; then
  PGPASSWORD=$(tr -d '\n' </run/secrets/db_replication_password)
  export PGPASSWORD
  until pg_basebackup -h postgres -p 5432 -U kopek_replicator -D "$data" -R -X stream \
    -S kopek_replica; do
    echo "replica: the primary is not ready for a clone yet; again in 2 s" >&2
    rm -rf "${data:?}"/*
    sleep 2
  done
  chmod 700 "$data"
fi
exec postgres -c hot_standby=on
