#!/usr/bin/env bash
# Debian packages the tests use: reading PDFs back as pictures, decoding QR codes, a real browser
# (Playwright drives Debian's chromium by path), PostgreSQL and Redis for the scale-out tests, and
# docker-compose to validate deploy/compose.yml (no Docker engine needed).
# Installs only what is missing; needs root and apt, as on CI.
set -euo pipefail
needed=()
command -v pdftoppm >/dev/null 2>&1 || needed+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || needed+=(zbar-tools)
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || needed+=(postgresql)
command -v redis-server >/dev/null 2>&1 || needed+=(redis-server)
command -v docker-compose >/dev/null 2>&1 || needed+=(docker-compose)
[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install: ${needed[*]} (Debian packages) to run every test" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
