#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer (BUURTKIOSK_SANITIZE) in
# build-asan/ and runs the test suite there (unit and end-to-end: the kiosk, buurtkioskctl and serve
# themselves run sanitized under Xvfb); any report fails the run.
#   bash deploy/sanitize.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBUURTKIOSK_SANITIZE=ON >/dev/null
cmake --build build-asan -j2
cd build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/../deploy/lsan.supp"
ctest --output-on-failure -j2 -LE soak
