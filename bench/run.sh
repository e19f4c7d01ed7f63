#!/bin/sh
# Runs the benchmarks of bench/ on a build folder and prints the figures.
#   bench/run.sh [BUILD-FOLDER]      (default _build)
# Needs xvfb-run for the start-up figure. Leaves a 70 MB demo database in
# bench/results/ (ignored by git).
set -eu
build="${1:-_build}"
top=$(cd "$(dirname "$0")/.." && pwd)
work="$top/bench/results"
mkdir -p "$work"

meson compile -C "$build" >/dev/null

echo "== machine"
echo "$(nproc) cores, $(free -h | awk '/Mem:/ { print $2 }') memory, $(uname -sr), $(date -u +%F)"
grep -m1 'model name' /proc/cpuinfo || true

echo "== core"
"$build/bench/bench-core" "$build/app/cli/eakte-cli" "$work"

echo "== import of a 100,000-person feed"
"$top/bench/bench-import.sh" "$build" "$work"

# First as the application runs (it picks the renderer), then with each
# renderer forced.
echo "== room plan, the application's choice"
GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
  xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
  "$build/bench/bench-startup" "$work/bench-100k-beds.db" --room-plan
echo "== start-up, the application's choice"
GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
  xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
  "$build/bench/bench-startup" "$work/bench-100k.db"

echo "== Ankünfte verteilen: the window while a proposal is computed and shown"
GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
  xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
  "$build/bench/bench-startup" "$work/bench-100k.db" --place-arrivals

echo "== person page and document viewer (as a social worker)"
BENCH_USER=sozial GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
  xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
  "$build/bench/bench-startup" "$work/bench-100k.db" --person-page
[ -f "$work/scan-50.pdf" ] || "$build/bench/bench-make-scan" "$work/scan-50.pdf" 50
GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
  xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
  "$build/bench/bench-startup" "$work/bench-100k.db" --document "$work/scan-50.pdf"

for renderer in gl cairo; do
  echo "== start-up, GSK_RENDERER=$renderer"
  GSK_RENDERER=$renderer GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1 \
    xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
    "$build/bench/bench-startup" "$work/bench-100k.db"
done
