#!/bin/sh
# The window's files form a tree, not a knot: application → window →
# pages → dialogs and helpers, and no file reaches back up. A file and its
# header are one node; an include of another node of app/ui is an edge;
# tsort refuses a graph with a cycle and names the files on it.
set -eu
ui="$1/app/ui"
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for file in "$ui"/ea-*.c "$ui"/ea-*.h; do
  node=$(basename "$file" | sed 's/\(-private\)\?\.[ch]$//')
  echo "$node $node" >> "$edges"
  for inc in $(sed -n 's/^#include "\(ea-[^"]*\.h\)".*/\1/p' "$file"); do
    [ -e "$ui/$inc" ] || continue
    target=$(echo "$inc" | sed 's/\(-private\)\?\.h$//')
    [ "$target" = "$node" ] || echo "$node $target" >> "$edges"
  done
done
if ! tsort "$edges" > /dev/null 2> "$edges.err"; then
  echo "app/ui has an include cycle:"
  cat "$edges.err"
  rm -f "$edges.err"
  exit 1
fi
rm -f "$edges.err"
echo "app/ui includes form no cycle ($(sort -u "$edges" | awk '$1 != $2' | wc -l) edges)"
