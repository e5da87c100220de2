#!/usr/bin/env bash
# The whole suite: static checks, then pytest on SQLite, then on a throwaway PostgreSQL server.
# Browser (e2e) tests need /usr/bin/chromium; with MIPG_REQUIRE_BROWSER=1 (CI) its absence fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export MIPG_SECRET_KEY="${MIPG_SECRET_KEY:-test-secret-key-not-for-production-0123456789abcdef}"
export MIPG_DATA_DIR="$(mktemp -d)"
trap 'rm -rf "$MIPG_DATA_DIR"' EXIT

echo "== ruff"
$BIN/ruff check src tests bench
$BIN/ruff format --check src tests bench

echo "== django checks"
$BIN/mipg check
$BIN/mipg makemigrations --check --dry-run
MIPG_SECRET_KEY="$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")" MIPG_ALLOWED_HOSTS=mipg.example.gov.co \
  $BIN/mipg check --deploy --fail-level WARNING

if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "== installing chromium for browser tests"
  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null || true
fi

if [ ! -x /usr/sbin/slapd ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "== installing slapd for the LDAP sign-in tests"
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends slapd ldap-utils) >/dev/null || true
fi

echo "== pytest on SQLite"
$BIN/pytest "$@"

echo "== pytest on PostgreSQL"
source scripts/postgres.sh
start_postgres
trap 'stop_postgres; rm -rf "$MIPG_DATA_DIR"' EXIT
DATABASE_URL="$PG_URL" $BIN/pytest "$@"
