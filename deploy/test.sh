#!/usr/bin/env bash
# The README's test command: installs what is needed (idempotent), builds, runs every test.
#   bash deploy/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2
cd build
ctest --output-on-failure -j2 -LE soak   # the soak tests run in their own CI step
