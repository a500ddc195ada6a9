#!/usr/bin/env bash
# Installs every Debian 12 package Buurtkiosk needs to build, run and test.
# Idempotent: packages already present are left alone; safe to run again.
#   deploy/install-deps.sh          build + run + test dependencies
#   deploy/install-deps.sh --run    only what the installed kiosk needs at run time
set -euo pipefail

runtime=(
  libsdl2-2.0-0 libsqlite3-0 libqrencode4 libical3 libsodium23 libfreetype6 libpng16-16
  fonts-noto-core fonts-dejavu-core espeak-ng-data libespeak-ng1 libcurl4
  libpq5  # the PostgreSQL engine's client library (#20); the server itself runs elsewhere or is the admin's
)
build=(
  build-essential cmake pkg-config git
  libsdl2-dev libimgui-dev libsqlite3-dev libqrencode-dev libical-dev libsodium-dev
  libtomlplusplus-dev libcli11-dev libcpp-httplib-dev libssl-dev libcurl4-openssl-dev libfreetype-dev libpng-dev libespeak-ng-dev
  libgtest-dev libgmock-dev libbenchmark-dev libsystemd-dev
  libpq-dev  # the PostgreSQL engine (#20)
)
testing=(
  xvfb xauth xdotool imagemagick tesseract-ocr tesseract-ocr-eng zbar-tools sqlite3
  shellcheck curl python3 clang libclang-rt-14-dev chromium systemd dpkg-dev file
  python3-recurring-ical-events python3-icalendar python3-dateutil  # ics_corpus and the .ics export tests
  iproute2  # the follow-up site's IPv6 /64 test puts a /64 on loopback in a network namespace
  pmccabe   # tests/layers/check_layers.py: the length of every function
  python3-aiosmtpd openssl  # test_notify_smtp.py: a real SMTP server with STARTTLS and AUTH as the mail sink
  python3-selenium chromium-driver  # the back office in a real browser (test_backoffice_browser.py)
  # tests/pg/pg_cluster.py: a private PostgreSQL 15 per test run (initdb, Unix socket only), run as
  # nobody through setpriv (util-linux) when the tests run as root. Installing postgresql-15 also
  # makes and starts Debian's own cluster "main" (localhost:5432, /var/run/postgresql): the tests
  # neither use nor disturb it (no TCP, a socket folder of their own).
  postgresql-15 util-linux
)

pkgs=("${runtime[@]}")
if [[ "${1:-}" != "--run" ]]; then pkgs+=("${build[@]}" "${testing[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
