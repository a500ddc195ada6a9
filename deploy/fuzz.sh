#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time (default 30 s) on its
# seed corpus (tests/fuzz/corpus/<target>). A crash fails the script and leaves the input in
# build-fuzz/crashes/; turn it into a regression test (tests/unit/fuzz_regressions_test.cpp).
#   bash deploy/fuzz.sh [seconds-per-target]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBUURTKIOSK_FUZZ=ON -DBUURTKIOSK_TESTS=OFF >/dev/null
targets=$(find tests/fuzz -name 'fuzz_*.cpp' -printf '%f\n' | sed 's/\.cpp$//' | sort)
# shellcheck disable=SC2086
cmake --build build-fuzz -j2 --target $targets
mkdir -p build-fuzz/crashes
for t in $targets; do
  corpus="build-fuzz/corpus/$t"
  mkdir -p "$corpus"
  if [[ -d "tests/fuzz/corpus/$t" ]]; then cp -r "tests/fuzz/corpus/$t/." "$corpus/"; fi
  echo "fuzz: $t for ${seconds}s"
  "build-fuzz/tests/fuzz/$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -artifact_prefix="build-fuzz/crashes/$t-" -print_final_stats=1 "$corpus" 2>&1 |
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)' || true
  if ls build-fuzz/crashes/"$t"-* >/dev/null 2>&1; then
    echo "fuzz: $t found a crash: $(ls build-fuzz/crashes/"$t"-*)"
    exit 1
  fi
done
echo "fuzz: all targets ran ${seconds}s without a crash"
