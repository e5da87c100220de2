#!/usr/bin/env bash
# Benchmarks: every bench/bench_*.py, on SQLite and then on a throwaway PostgreSQL server.
# Each script prints its figures; copy them into docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export MIPG_SECRET_KEY="${MIPG_SECRET_KEY:-bench-secret-key-not-for-production-0123456789abcdef}"
export MIPG_SECURE_SSL_REDIRECT=0 MIPG_SECURE_COOKIES=0 MIPG_MANIFEST_STATIC=0
export MIPG_PASSWORD_HASHERS=django.contrib.auth.hashers.MD5PasswordHasher
shopt -s nullglob
scripts=(bench/bench_*.py)
if [ ${#scripts[@]} -eq 0 ]; then echo "No benchmarks yet."; exit 0; fi

run_all() {
  local label="$1"
  for script in "${scripts[@]}"; do
    export MIPG_DATA_DIR="$(mktemp -d)"
    echo "== $script on $label"
    $BIN/python "$script"
    rm -rf "$MIPG_DATA_DIR"
  done
}

run_all SQLite
source scripts/postgres.sh
start_postgres
trap stop_postgres EXIT
DATABASE_URL="$PG_URL" run_all PostgreSQL
