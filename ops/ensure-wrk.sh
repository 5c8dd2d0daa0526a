#!/bin/sh
# The HTTP load figures (ops/load/wrk/, deno task load:wrk) drive Debian's wrk, and the
# per-instance figures put Debian's HAProxy in front of several command APIs. Installs what is
# missing when allowed (root, apt); otherwise says how.
set -eu
missing=""
for tool in wrk haproxy; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -z "$missing" ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "load figures: installing Debian's$missing (apt-get install$missing)"
  # shellcheck disable=SC2086 # one word per package
  apt-get update -qq && apt-get install -y -qq $missing >/dev/null
  exit 0
fi
echo "load figures need$missing: run 'sudo apt-get install$missing'" >&2
exit 1
