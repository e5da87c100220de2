#!/usr/bin/env bash
# `make run`: the development server with one background-job worker beside it (django-tasks' database
# backend, `mipg db_worker`). Stopping the server (Ctrl+C) stops the worker too.
set -uo pipefail
BIN="${BIN:-.venv/bin}"
ADDRESS="${1:-127.0.0.1:8000}"

"$BIN/mipg" db_worker --no-reload &
WORKER=$!
stop_worker() {
  if kill -0 "$WORKER" 2>/dev/null; then
    kill -TERM "$WORKER" 2>/dev/null
    wait "$WORKER" 2>/dev/null
  fi
}
trap stop_worker EXIT
trap 'exit 130' INT TERM

"$BIN/mipg" runserver "$ADDRESS"
