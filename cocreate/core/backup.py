"""Consistent backups of the database while the site runs, and restores.

SQLite: the online backup API copies a consistent snapshot even while the web server and the
worker write (WAL). PostgreSQL: pg_dump's custom format, restored with pg_restore. Both are
the database's own tools; nothing here re-implements a dump format."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


def _pg_env_and_args() -> tuple[dict, list[str]]:
    import os

    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if s.get(key):
            args += [flag, str(s[key])]
    return env, args


def backup(target: Path) -> Path:
    """Write a backup of the default database to ``target`` and return it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as dest:
            connection.connection.backup(dest)
        return target
    if connection.vendor == "postgresql":
        if not shutil.which("pg_dump"):
            raise RuntimeError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
        env, args = _pg_env_and_args()
        subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(target), *args,
                        connection.settings_dict["NAME"]], check=True, env=env)
        return target
    raise RuntimeError(f"no backup method for {connection.vendor}")


def restore(source: Path) -> None:
    """Replace the default database's content with a backup made by ``backup``. Stop the web
    servers and workers first: they would otherwise keep writing to the old content."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(source)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as src:
            src.backup(connection.connection)
        return
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        connection.close()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        "-d", connection.settings_dict["NAME"], *args, str(source)], check=True, env=env)
        return
    raise RuntimeError(f"no restore method for {connection.vendor}")
