#!/usr/bin/env bash
# `make demo`: set up everything, load the demo lab into ./data (SQLite, WAL) and serve it on
# http://127.0.0.1:${PORT:-8000}, with a task worker beside the server for mail and
# notifications. Ctrl-C stops both.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
export PATH="$ROOT/.tools/bin:$PATH"
UV="${UV:-uv}"
PORT="${PORT:-8000}"
export PORT

log() { printf '\n== demo: %s\n' "$*" >&2; }

scripts/bootstrap.sh

log "migrating"
"$UV" run --frozen cocreate migrate --noinput
log "collecting static files"
"$UV" run --frozen cocreate manage collectstatic --noinput --verbosity 0
log "loading the demo lab (this wipes the database in ./data)"
"$UV" run --frozen cocreate demo

log "starting the task worker"
"$UV" run --frozen cocreate worker &
WORKER_PID=$!

stop_worker() {
    # A background job of a non-interactive shell ignores Ctrl-C, so the worker is told
    # explicitly; it finishes the task in hand and exits.
    if kill -0 "$WORKER_PID" 2>/dev/null; then
        kill -TERM "$WORKER_PID" 2>/dev/null || true
        wait "$WORKER_PID" 2>/dev/null || true
    fi
}
trap stop_worker EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "serving on http://127.0.0.1:$PORT/ (Ctrl-C stops the server and the worker)"
"$UV" run --frozen cocreate serve --host 127.0.0.1 --port "$PORT"
