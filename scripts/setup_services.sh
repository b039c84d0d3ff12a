#!/usr/bin/env bash
# Debian's PostgreSQL 15, Redis and HAProxy: what `make cluster` runs and what the tests of
# the cluster start themselves (scripts/operate/services.py). Installed with apt-get when
# missing (as root; CI runs as root), else it says what to install. Idempotent.
set -euo pipefail

PACKAGES="postgresql-15 redis-server haproxy"
missing=""
for package in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: the cluster needs Debian's packages:$missing. Install them as root:" >&2
  echo "  apt-get update && apt-get install -y$missing" >&2
  exit 1
fi
echo "setup: installing$missing (apt-get)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$missing >/dev/null
