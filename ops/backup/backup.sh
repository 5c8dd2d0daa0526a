#!/bin/sh
# Scheduled base backups of the primary (compose.yaml's `backup` service): every
# KOPEK_BACKUP_INTERVAL_HOURS (default 24) a compressed `pg_basebackup` (tar, with the WAL it needs)
# into KOPEK_BACKUP_DIR/base-<UTC time>/, the newest KOPEK_BACKUP_KEEP (default 7) kept, and the WAL
# archive (KOPEK_WAL_ARCHIVE_DIR) pruned of the segments older than the oldest kept backup needs.
# Connection: the libpq variables (PGHOST, PGPORT, PGUSER), the password from the file
# KOPEK_BACKUP_PASSWORD_FILE (a Docker secret) or PGPASSWORD. A success touches
# KOPEK_BACKUP_DIR/last-success (the health check). With --once: one backup and exit.
set -eu

dir=${KOPEK_BACKUP_DIR:-/backups}
archive=${KOPEK_WAL_ARCHIVE_DIR:-}
keep=${KOPEK_BACKUP_KEEP:-7}
interval_hours=${KOPEK_BACKUP_INTERVAL_HOURS:-24}

case "$keep" in '' | *[!0-9]* | 0) echo "backup: KOPEK_BACKUP_KEEP must be a number >= 1" >&2; exit 2 ;; esac
case "$interval_hours" in '' | *[!0-9]* | 0) echo "backup: KOPEK_BACKUP_INTERVAL_HOURS must be a number >= 1" >&2; exit 2 ;; esac
if [ -n "${KOPEK_BACKUP_PASSWORD_FILE:-}" ]; then
  PGPASSWORD=$(tr -d '\n' <"$KOPEK_BACKUP_PASSWORD_FILE")
  export PGPASSWORD
fi

log() { echo "backup: $(date -u +%Y-%m-%dT%H:%M:%SZ) $*" >&2; }

# The WAL segment a backup starts at, from the backup_label inside its base.tar.gz.
start_segment() {
  tar -xzOf "$1/base.tar.gz" backup_label |
    sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]\{24\}\))$/\1/p'
}

prune() {
  # base-<UTC time> names sort by time: the glob lists the oldest first.
  set -- "$dir"/base-*
  [ -e "$1" ] || return 0
  excess=$(($# - keep))
  while [ "$excess" -gt 0 ]; do
    log "removing $1"
    rm -rf "$1" || return 1
    shift
    excess=$((excess - 1))
  done
  if [ -n "$archive" ]; then
    segment=$(start_segment "$1") || return 1
    if [ -n "$segment" ]; then
      pg_archivecleanup "$archive" "$segment" || return 1
    else
      log "no start segment in $1/base.tar.gz: WAL archive left as it is"
    fi
  fi
}

backup_once() {
  name=base-$(date -u +%Y%m%dT%H%M%SZ)
  if [ -e "$dir/$name" ]; then
    log "$dir/$name exists already"
    return 1
  fi
  rm -rf "$dir"/.partial-*
  log "starting $name"
  # Into a hidden folder first: a backup cut short is never taken for a complete one.
  # Explicit returns: `set -e` does not apply inside a function called as an `if` condition.
  pg_basebackup --no-password -D "$dir/.partial-$name" -Ft -z -X stream -c fast \
    -l "kopek $name" || return 1
  mv "$dir/.partial-$name" "$dir/$name" || return 1
  prune || return 1
  touch "$dir/last-success" || return 1
  log "done $name"
}

mkdir -p "$dir"
if [ "${1:-}" = "--once" ]; then
  backup_once
  exit 0
fi
stop() { exit 0; }
trap stop INT TERM
while :; do
  if backup_once; then
    pause=$((interval_hours * 3600))
  else
    log "failed; retrying in 5 minutes"
    pause=300
  fi
  # In the background so that a SIGTERM ends the wait at once.
  sleep "$pause" &
  wait $! || true
done
