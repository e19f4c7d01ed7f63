#!/bin/sh
# Only app/core/store/ knows the database engines: no other file of the
# program names SQLite (sqlite3.h, sqlite3_*, SQLITE_*) or libpq
# (libpq-fe.h, PQ*, PGconn, PGresult), and no file outside store/
# includes the store's engine headers. Everything else uses
# the store's statements (EaStmt), so that a second engine can stand
# behind them.
set -eu
top="$1"
status=0
found=$(grep -rIl 'sqlite3\|SQLITE_' "$top/app" | grep -v "^$top/app/core/store/" || true)
if [ -n "$found" ]; then
  echo "these files name SQLite outside app/core/store/:"
  echo "$found"
  status=1
fi
found=$(grep -rIlE 'libpq-fe\.h|\<PQ[a-z]+ \(|\<PGconn\>|\<PGresult\>' "$top/app" \
        | grep -v "^$top/app/core/store/" || true)
if [ -n "$found" ]; then
  echo "these files name libpq outside app/core/store/:"
  echo "$found"
  status=1
fi
engine=$(grep -rIlE '#include "ea-store-(sqlite|vfs|pg)-private\.h"' "$top/app" \
         | grep -v "^$top/app/core/store/" || true)
if [ -n "$engine" ]; then
  echo "these files include the engine's headers outside app/core/store/:"
  echo "$engine"
  status=1
fi
if grep -q '#include <sqlite3.h>' "$top/app/core/store/ea-store-private.h"; then
  echo "ea-store-private.h, which all of core includes, includes sqlite3.h"
  status=1
fi
[ "$status" -eq 0 ] && echo "only app/core/store/ knows the database engine"
exit "$status"
