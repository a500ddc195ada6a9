#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer (BUURTKIOSK_SANITIZE) in
# build-asan/ and runs the unit tests there; any report fails the run.
#   bash deploy/sanitize.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBUURTKIOSK_SANITIZE=ON >/dev/null
cmake --build build-asan -j2
cd build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --output-on-failure -j2 -L unit
