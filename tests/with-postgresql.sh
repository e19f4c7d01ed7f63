#!/bin/sh
# Runs a test program against a throwaway PostgreSQL cluster: the one that
# $PGHOST names when it is set (a developer's own), else a new one that
# pg_virtualenv (Debian's postgresql-common) makes for this run and drops
# after it. The program finds the cluster in $EAKTE_TEST_PG and makes its
# own databases there.
set -eu
if [ -z "${PGHOST:-}" ]; then
  if ! command -v pg_virtualenv >/dev/null 2>&1; then
    echo "with-postgresql: pg_virtualenv is missing; run tools/install-deps" >&2
    exit 1
  fi
  # The server does not run under a preloaded library such as faketime's
  # (CI moves the tests' clock; PostgreSQL's startup crashes under it):
  # the library is taken off for the cluster and put back for the test.
  if [ -n "${LD_PRELOAD:-}" ]; then
    export EAKTE_TEST_PRELOAD="$LD_PRELOAD"
    unset LD_PRELOAD
  fi
  # pg_virtualenv runs us again inside the cluster it made, with PGHOST set.
  exec pg_virtualenv -t -v 15 -- "$0" "$@"
fi
if [ -n "${EAKTE_TEST_PRELOAD:-}" ]; then
  export LD_PRELOAD="$EAKTE_TEST_PRELOAD"
fi
documents=$(mktemp -d)
trap 'rm -rf "$documents"' EXIT
# The seat's own folders are throwaway ones here: its data folder, and
# the runtime folder where documents of the server are copied to be shown.
export XDG_DATA_HOME="$documents"
mkdir -m 0700 "$documents/runtime"
export XDG_RUNTIME_DIR="$documents/runtime"
export EAKTE_TEST_PG="host=$PGHOST port=${PGPORT:-5432} user=${PGUSER:-$(id -un)} sslmode=disable"
"$@"
