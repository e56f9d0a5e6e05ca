#!/usr/bin/env bash
# Make Cocreate's environment from nothing: find (or install) uv, build the virtualenv from
# the committed uv.lock, compile the message catalogues. Safe to run again and again: when
# nothing changed since the last run it only hashes three files and returns.
#
# No path of any one machine is named here. uv picks the interpreter from .python-version
# (first line: 3.12) and, on an ordinary machine without one, fetches a Python itself.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
TOOLS="$ROOT/.tools"
VENV="${UV_PROJECT_ENVIRONMENT:-$ROOT/.venv}"
STAMP="$VENV/.cocreate-bootstrap"

log() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = "0" ]; }

# ---------------------------------------------------------------------------------------------
# uv
# ---------------------------------------------------------------------------------------------
works() { "$@" --version >/dev/null 2>&1; }

# A uv that lives outside PATH is linked into .tools/bin, which the Makefile puts first on
# PATH, so every later `uv run` finds the same binary.
link_uv() {
    mkdir -p "$TOOLS/bin"
    # .tools holds only machine-local things; keep it out of git without touching .gitignore.
    [ -f "$TOOLS/.gitignore" ] || printf '*\n' >"$TOOLS/.gitignore"
    ln -sf "$1" "$TOOLS/bin/uv"
}

uv_from_python_module() {
    # The `uv` package on PyPI ships the binary and tells where it put it.
    local bin
    bin="$(python3 -c 'import uv; print(uv.find_uv_bin())' 2>/dev/null)" || return 1
    [ -x "$bin" ] || return 1
    link_uv "$bin"
}

find_uv() {
    if [ -x "$TOOLS/bin/uv" ] && works "$TOOLS/bin/uv"; then
        UV="$TOOLS/bin/uv"; return 0
    fi
    # `command -v` is not enough: a version-manager shim may exist and still fail to run.
    if command -v uv >/dev/null 2>&1 && works uv; then
        UV="$(command -v uv)"; return 0
    fi
    command -v python3 >/dev/null 2>&1 \
        || die "neither uv nor python3 was found; install one of them (https://docs.astral.sh/uv/)"
    if works python3 -m uv && uv_from_python_module; then
        UV="$TOOLS/bin/uv"; return 0
    fi

    log "uv not found; installing it with pip (user site)"
    local pip_log
    pip_log="$(mktemp)"
    if python3 -m pip install --user --quiet uv >"$pip_log" 2>&1 && uv_from_python_module; then
        rm -f "$pip_log"
        UV="$TOOLS/bin/uv"; return 0
    fi
    if grep -qi "externally.managed" "$pip_log"; then
        log "pip refused (externally managed environment); installing uv into a venv under .tools/"
    else
        log "pip could not install uv ($(tail -n 1 "$pip_log")); installing it into a venv under .tools/"
    fi
    rm -f "$pip_log"

    if ! python3 -m venv "$TOOLS/venv" >/dev/null 2>&1; then
        rm -rf "$TOOLS/venv"
        if is_root && command -v apt-get >/dev/null 2>&1; then
            log "python3 cannot make a venv; installing Debian's python3-venv"
            apt-get install -y --no-install-recommends python3-venv >/dev/null 2>&1 \
                || { apt-get update >/dev/null && apt-get install -y --no-install-recommends python3-venv >/dev/null; }
            python3 -m venv "$TOOLS/venv"
        else
            die "python3 cannot create a virtualenv; install uv yourself (https://docs.astral.sh/uv/) or python3-venv"
        fi
    fi
    "$TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check uv
    link_uv "$TOOLS/venv/bin/uv"
    works "$TOOLS/bin/uv" || die "uv was installed into .tools/venv but does not run"
    UV="$TOOLS/bin/uv"
}

# ---------------------------------------------------------------------------------------------
# Python environment
# ---------------------------------------------------------------------------------------------
hash_files() {
    if command -v sha256sum >/dev/null 2>&1; then
        cat "$@" | sha256sum | cut -d' ' -f1
    else
        cat "$@" | shasum -a 256 | cut -d' ' -f1
    fi
}

[ -f uv.lock ] || die "uv.lock is missing; run 'uv lock' and commit it"
KEY="$(hash_files uv.lock pyproject.toml .python-version)"

if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$KEY" ]; then
    : # environment already matches uv.lock
else
    find_uv
    log "syncing the environment from uv.lock with $("$UV" --version)"
    if ! "$UV" sync --frozen; then
        die "'uv sync --frozen' failed. It needs Python >= 3.12: install one, or let uv fetch it (uv python install 3.12)"
    fi
    "$VENV/bin/python" -c 'import sys; assert sys.version_info >= (3, 12), sys.version' \
        || die "the environment's Python is older than 3.12; remove $VENV and run again"
    printf '%s\n' "$KEY" >"$STAMP"
fi

# ---------------------------------------------------------------------------------------------
# Message catalogues (.mo files are not committed)
# ---------------------------------------------------------------------------------------------
messages_stale() {
    local po mo
    while IFS= read -r -d '' po; do
        mo="${po%.po}.mo"
        if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
            return 0
        fi
    done < <(find locale -name '*.po' -print0)
    return 1
}

ensure_msgfmt() {
    command -v msgfmt >/dev/null 2>&1 && return 0
    if is_root && command -v apt-get >/dev/null 2>&1; then
        log "msgfmt is missing; installing Debian's gettext"
        apt-get install -y --no-install-recommends gettext >/dev/null 2>&1 \
            || { apt-get update >/dev/null && apt-get install -y --no-install-recommends gettext >/dev/null; }
        command -v msgfmt >/dev/null 2>&1 && return 0
    fi
    die "msgfmt (GNU gettext) is needed to compile the Korean and English catalogues.
  Debian/Ubuntu: sudo apt-get install gettext    macOS: brew install gettext    then run this again."
}

if [ -d locale ] && messages_stale; then
    ensure_msgfmt
    [ -n "${UV:-}" ] || find_uv
    log "compiling message catalogues"
    "$UV" run --frozen python manage.py compilemessages --ignore=.venv --ignore=.tools \
        --ignore=node_modules --ignore=data -v 0
fi

log "ready"
