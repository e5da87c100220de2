#!/usr/bin/env bash
# Benchmarks: every bench/bench_*.py, on SQLite and then on a throwaway PostgreSQL server.
# Each script prints its figures; bench/render_performance.py then regenerates the dashboard figures of
# docs/performance.md from what bench_results.py wrote to bench/figures/.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export MIPG_SECRET_KEY="${MIPG_SECRET_KEY:-bench-secret-key-not-for-production-0123456789abcdef}"
export MIPG_SECURE_SSL_REDIRECT=0 MIPG_SECURE_COOKIES=0 MIPG_MANIFEST_STATIC=0
export MIPG_PASSWORD_HASHERS=django.contrib.auth.hashers.MD5PasswordHasher
shopt -s nullglob
scripts=(bench/bench_*.py)
if [ ${#scripts[@]} -eq 0 ]; then echo "No benchmarks yet."; exit 0; fi

# Each script starts from an empty database (its own SQLite file, or its own PostgreSQL database) and
# migrates it itself (call_command("migrate")).
run_all() {
  local label="$1" n=0
  for script in "${scripts[@]}"; do
    n=$((n + 1))
    export MIPG_DATA_DIR="$(mktemp -d)"
    if [ "$label" = PostgreSQL ]; then
      "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U mipg "bench_$n"
      export DATABASE_URL="postgres://mipg@127.0.0.1:$PG_PORT/bench_$n"
    fi
    echo "== $script on $label"
    $BIN/python "$script"
    rm -rf "$MIPG_DATA_DIR"
  done
}

run_all SQLite
source scripts/postgres.sh
start_postgres
trap stop_postgres EXIT
run_all PostgreSQL
# Answer saves under load (issue 14): gunicorn + its own PostgreSQL on loopback; LOAD_SECONDS to shorten.
$BIN/python bench/load_answers.py --seconds "${LOAD_SECONDS:-60}"
$BIN/python bench/render_performance.py
