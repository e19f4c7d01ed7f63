#!/bin/sh
# The layers of app/core (app/core/meson.build, core_layer_order): each
# layer's library sees only its own folder and those of the layers before
# it. This compiles, for every layer, each header of the layers after it
# with exactly that include path, and expects the compiler to refuse it;
# and each header of the layer itself, which must compile. Then it reads
# every quoted include of core and names any that points upward.
#   check-core-layers.sh TOP LAYER…   (the layers in order)
set -eu
top="$1"
shift
core="$top/app/core"
cc="${CC:-cc}"
cflags=$(pkg-config --cflags glib-2.0 gio-2.0 sqlite3 libsodium cairo pangocairo \
  json-glib-1.0 xlsxwriter poppler-glib gdk-pixbuf-2.0 libxml-2.0 libsoup-3.0 libarchive \
  libsecret-1)
status=0
seen=""
path="-I$core/no-gtk"
rest="$*"
for layer in "$@"; do
  path="$path -I$core/$layer"
  seen="$seen $layer"
  rest=${rest#"$layer"}
  rest=${rest# }
  # The layer's own headers compile with its path (the private ones as core).
  for header in "$core/$layer"/*.h; do
    name=$(basename "$header")
    # shellcheck disable=SC2086
    if ! printf '#include "%s"\n' "$name" | \
         $cc -DEA_CORE_COMPILATION $path $cflags -fsyntax-only -x c - 2>/dev/null; then
      echo "$layer/$name does not compile with the include path of its layer"
      status=1
    fi
  done
  # A header of a later layer is not found.
  for later in $rest; do
    for header in "$core/$later"/*.h; do
      name=$(basename "$header")
      # shellcheck disable=SC2086
      if printf '#include "%s"\n' "$name" | \
           $cc -DEA_CORE_COMPILATION $path $cflags -fsyntax-only -x c - 2>/dev/null; then
        echo "$layer could include $later/$name: an upward include would compile"
        status=1
      fi
    done
  done
done
# Outside the store, sqlite3.h does not compile (no-sqlite/ comes first).
# shellcheck disable=SC2086
if printf '#include <sqlite3.h>\n' | \
     $cc -I"$top/build-aux/no-sqlite" -I"$core/trust" $cflags -fsyntax-only -x c - \
     2>/dev/null; then
  echo "a layer above the store could include sqlite3.h"
  status=1
fi
# Every folder of core is a layer (or no-gtk), and no source lies loose.
for dir in "$core"/*/; do
  name=$(basename "$dir")
  case " $seen no-gtk " in
    *" $name "*) ;;
    *) echo "app/core/$name is not a layer of app/core/meson.build"; status=1 ;;
  esac
done
for loose in "$core"/*.c; do
  [ -e "$loose" ] && { echo "$loose lies outside the layers"; status=1; }
done
# Readable names for what the compiler would refuse.
index=0
for layer in "$@"; do
  index=$((index + 1))
  for file in "$core/$layer"/*.c "$core/$layer"/*.h; do
    [ -e "$file" ] || continue
    for inc in $(sed -n 's/^#include "\(ea-[^"]*\)".*/\1/p' "$file"); do
      position=0
      for other in "$@"; do
        position=$((position + 1))
        if [ -e "$core/$other/$inc" ] && [ "$position" -gt "$index" ]; then
          echo "$layer/$(basename "$file") includes $other/$inc, a later layer"
          status=1
        fi
      done
    done
  done
done
[ "$status" -eq 0 ] && echo "app/core's layers include only downward:$seen"
exit "$status"
