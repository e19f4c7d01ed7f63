#!/bin/sh
# app/core is GTK-free: its include path stops a GTK include even when
# GTK's own include folders are on the command line too.
set -eu
top="$1"
cc="${CC:-cc}"
for header in gtk/gtk.h adwaita.h gdk/gdk.h; do
  if printf '#include <%s>\n' "$header" | \
     $cc -I"$top/app/core/no-gtk" $(pkg-config --cflags gtk4 libadwaita-1) -fsyntax-only -x c - 2>/dev/null; then
    echo "including $header in app/core did not fail"; exit 1
  fi
done
if grep -rnE '#include <(gtk|gdk|adwaita)(/|\.h)' "$top/app/core" --include='*.c' --include='*.h' | grep -v no-gtk/; then
  echo "app/core includes GTK"; exit 1
fi
echo "app/core is GTK-free"
