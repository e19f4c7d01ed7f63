#!/bin/sh
# Runs each libFuzzer target for a while on a fresh copy of its seeds.
# Usage: tests/fuzz/run-fuzzers.sh BUILD_DIR [SECONDS]
# BUILD_DIR was set up with CC=clang and -Dfuzzing=true; a finding stops
# the run with the fuzzer's report and the input that caused it (crash-*).
set -eu
build="$1"
seconds="${2:-30}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/feed" "$work/list" "$work/workbook" "$work/document"
cp "$here/../data/beispiel-zuweisung.xml" "$work/feed/"
cp "$here/seeds/list/"* "$work/list/"
cp "$here/seeds/workbook/"* "$work/workbook/"
cp "$here/seeds/document/"* "$work/document/"

for target in feed list workbook document; do
  echo "== fuzz-$target for ${seconds}s"
  if ! ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
       LSAN_OPTIONS="suppressions=$here/../lsan.supp" \
       "$build/tests/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=10 \
         -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$PWD/fuzz-$target-" \
         "$work/$target" >"$work/$target.log" 2>&1; then
    tail -n 60 "$work/$target.log"
    echo "fuzz-$target found a problem; the input is in $PWD/fuzz-$target-*" >&2
    exit 1
  fi
  grep -E 'stat::(number_of_executed_units|peak_rss_mb)|DONE' "$work/$target.log" || true
done
