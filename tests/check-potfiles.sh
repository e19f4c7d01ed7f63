#!/bin/sh
# Every file with translatable strings is in po/POTFILES.in, which is sorted.
set -eu
top="$1"
cd "$top"
found=$(grep -lE '(^|[^A-Za-z_])N?_\(|C_\(|ngettext|translatable="yes"' \
          app/*/*.c app/core/*/*.c resources/*.ui resources/gtk/*.ui 2>/dev/null | sort)
found=$(printf '%s\n%s\n' "$found" "$(ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml)" | sort)
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d')
if [ "$listed" != "$(printf '%s\n' "$listed" | LC_ALL=C sort)" ]; then
  echo "po/POTFILES.in is not sorted"; exit 1
fi
missing=$(printf '%s\n' "$found" | while read -r f; do
  printf '%s\n' "$listed" | grep -qx "$f" || echo "$f"; done)
if [ -n "$missing" ]; then
  echo "missing from po/POTFILES.in:"; echo "$missing"; exit 1
fi
stale=$(printf '%s\n' "$listed" | while read -r f; do [ -f "$f" ] || echo "$f"; done)
if [ -n "$stale" ]; then
  echo "listed in po/POTFILES.in but not there:"; echo "$stale"; exit 1
fi
echo "po/POTFILES.in is complete"
