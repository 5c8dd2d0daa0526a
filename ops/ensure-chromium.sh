#!/bin/sh
# The PWA's browser tests drive Debian's Chromium (playwright-core downloads no
# browser). Installs it when missing and allowed (root, apt); otherwise says how.
set -eu
if [ -n "${KOPEK_CHROMIUM:-}" ] && [ -x "${KOPEK_CHROMIUM}" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser tests: installing Debian's chromium (apt-get install chromium)"
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "browser tests need Chromium: run 'sudo apt-get install chromium', or set KOPEK_CHROMIUM to a Chromium binary" >&2
exit 1
