#!/usr/bin/env bash
# Installs what Vigil needs and is missing, on a fresh Debian machine (run as root).
# Idempotent: does nothing when everything is there. Never downloads a browser: Chromium
# comes from Debian and playwright-core is told not to fetch its own.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# unzip: the evidence package's VERIFY.md starts with it, and a test runs those commands as written.
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
# wget (with --warc-file) is a peer in the capture benchmark (bench/capture-peers.ts).
command -v wget >/dev/null 2>&1 || need_apt+=(wget)
# PostgreSQL server binaries: the catalog tests run on PGlite and on a real PostgreSQL, which
# test/helpers/startPostgres.ts starts from /usr/lib/postgresql/<version>/bin.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "setup: need root to apt-get install ${need_apt[*]} (or install them yourself)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # Debian may start a system redis on :6379 and a postgres cluster on :5432; Vigil and its
  # tests run their own on free ports, so stop them.
  (service redis-server stop >/dev/null 2>&1 || true)
  (service postgresql stop >/dev/null 2>&1 || true)
fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stamp=node_modules/.vigil-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
