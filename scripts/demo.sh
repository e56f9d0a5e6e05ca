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

# Both run in the background and the shell waits for them, so that a Ctrl-C (SIGINT to the
# group) or a SIGTERM to this script alone reaches the traps at once; background jobs of a
# non-interactive shell ignore SIGINT, so the traps tell both processes with SIGTERM.
PIDS=()
stop_all() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting the task worker"
"$UV" run --frozen cocreate worker &
PIDS+=($!)

log "serving on http://127.0.0.1:$PORT/ (the demo logins are printed above; Ctrl-C stops the server and the worker)"
"$UV" run --frozen cocreate serve --host 127.0.0.1 --port "$PORT" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
# The demo ends when the server does (or fails to start, e.g. the port is taken).
rc=0
wait "$SERVER_PID" || rc=$?
exit "$rc"
