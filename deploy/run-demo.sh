#!/usr/bin/env bash
# The README's first command: installs what is needed (idempotent), builds, and starts the kiosk on
# the demo agenda. The database is created on first start in the user's data folder
# (~/.local/share/buurtkiosk/kiosk.db) and filled from kiosk-config/demo-agenda.ics.
#   bash deploy/run-demo.sh                 fullscreen
#   bash deploy/run-demo.sh --windowed 1280x800
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2 --target buurtkiosk buurtkioskctl
exec build/src/buurtkiosk --config kiosk-config/kiosk.toml "$@"
