#!/usr/bin/env bash
# The whole suite, as `make test` and CI run it:
#   sqlite    unit and page tests on SQLite (pytest -n 2 -m "not browser")
#   postgres  the same tests on PostgreSQL at 127.0.0.1:5432 (started here when it is down)
#   browser   the browser journeys in headless Debian Chromium (installed here when missing)
# Give stage names to run only some: scripts/test.sh sqlite browser
# Extra pytest options come from PYTEST_ARGS, e.g. PYTEST_ARGS="-x -k ideas".
#
# Every stage runs even when an earlier one failed, so one run shows every failure; the
# script exits non-zero when any stage failed, and treats "no tests collected" (pytest exit
# code 5) as a failure: a suite that silently ran nothing has not passed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
export PATH="$ROOT/.tools/bin:$PATH"
UV="${UV:-uv}"

PG_HOST=127.0.0.1
PG_PORT=5432
PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@$PG_HOST:$PG_PORT/cocreate}"

log() { printf '\n== test: %s\n' "$*" >&2; }
err() { printf 'test: error: %s\n' "$*" >&2; }
die() { err "$@"; exit 1; }
is_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
    is_root && command -v apt-get >/dev/null 2>&1 || return 1
    apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1 \
        || { apt-get update >/dev/null && apt-get install -y --no-install-recommends "$@" >/dev/null; }
}

ensure_postgres() {
    if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
        return 0
    fi
    local installed=0
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
        log "PostgreSQL is not installed; installing Debian's postgresql"
        if ! apt_install postgresql; then
            err "PostgreSQL is needed at $PG_HOST:$PG_PORT; install it (Debian: apt-get install postgresql)"
            return 1
        fi
        # A fresh Debian cluster asks for passwords over TCP; the tests connect as postgres
        # without one, so trust loopback connections (a test machine's own cluster only).
        local hba
        for hba in /etc/postgresql/*/main/pg_hba.conf; do
            grep -q '^host all all 127.0.0.1/32 trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
        done
        installed=1
    fi
    local version
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    log "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    [ "$installed" = 0 ] || pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
    local _
    for _ in $(seq 1 30); do
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && return 0
        sleep 1
    done
    err "PostgreSQL did not come up at $PG_HOST:$PG_PORT"
    return 1
}

ensure_postgres_database() {
    # pytest-django makes its own test_cocreate* databases; the main one is only for people
    # who also want to run the site on PostgreSQL, and lets Django skip its fallback warning.
    command -v psql >/dev/null 2>&1 || return 0
    if [ "$(psql "${PG_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '${PG_URL##*/}'" 2>/dev/null)" != "1" ]; then
        psql "${PG_URL%/*}/postgres" -qc "CREATE DATABASE \"${PG_URL##*/}\"" >/dev/null 2>&1 || true
    fi
}

ensure_chromium() {
    if ! command -v chromium >/dev/null 2>&1; then
        log "installing Debian's chromium for the browser tests"
        if is_root && command -v apt-get >/dev/null 2>&1; then
            apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null || true
        fi
        if ! command -v chromium >/dev/null 2>&1; then
            err "the browser tests need Debian's chromium (apt-get install chromium)"
            return 1
        fi
    fi
    # Playwright drives this binary instead of downloading a browser of its own.
    CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"
    export CHROMIUM_PATH
}

declare -A RESULT=()
FAILED=0

# run_pytest STAGE DATABASE_URL PYTEST_ARGS...  (an empty DATABASE_URL means SQLite in ./data)
run_pytest() {
    local stage="$1" database_url="$2"
    shift 2
    log "$stage: pytest $*"
    local rc=0 db_env=(env -u DATABASE_URL)
    [ -z "$database_url" ] || db_env=(env "DATABASE_URL=$database_url")
    # shellcheck disable=SC2086  # PYTEST_ARGS is a list of options on purpose
    "${db_env[@]}" "$UV" run --frozen pytest "$@" ${PYTEST_ARGS:-} || rc=$?
    case "$rc" in
        0) RESULT[$stage]="passed" ;;
        5) RESULT[$stage]="FAILED (no tests collected)"; FAILED=1 ;;
        *) RESULT[$stage]="FAILED (pytest exit $rc)"; FAILED=1 ;;
    esac
}

STAGES=("$@")
[ ${#STAGES[@]} -gt 0 ] || STAGES=(sqlite postgres browser)
for stage in "${STAGES[@]}"; do
    case "$stage" in sqlite|postgres|browser) ;; *) die "unknown stage '$stage' (sqlite, postgres, browser)" ;; esac
done

scripts/bootstrap.sh

for stage in "${STAGES[@]}"; do
    case "$stage" in
        sqlite)
            run_pytest sqlite "" -n 2 -m "not browser"
            ;;
        postgres)
            if ensure_postgres; then
                ensure_postgres_database
                run_pytest postgres "$PG_URL" -n 2 -m "not browser"
            else
                RESULT[postgres]="FAILED (no PostgreSQL)"; FAILED=1
            fi
            ;;
        browser)
            if ensure_chromium; then
                run_pytest browser "" -m browser
            else
                RESULT[browser]="FAILED (no Chromium)"; FAILED=1
            fi
            ;;
    esac
done

printf '\n== test: summary\n' >&2
for stage in "${STAGES[@]}"; do
    printf '   %-9s %s\n' "$stage" "${RESULT[$stage]}" >&2
done
exit "$FAILED"
