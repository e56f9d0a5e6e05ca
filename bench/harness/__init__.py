"""Shared set-up for the benchmarks that need a database.

A throw-away database is made with Django's test-database machinery, so a benchmark never
touches the lab in ./data or the database DATABASE_URL names: on SQLite a file in a temporary
directory (the embedded default is a file in WAL mode, not memory), on PostgreSQL a database
called ``bench_<name>`` beside the configured one. Both are removed afterwards."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


_CREATED: list[str] = []  # temporary directories to remove when the benchmark ends


def setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if "COCREATE_DATA_DIR" not in os.environ:
        os.environ["COCREATE_DATA_DIR"] = tempfile.mkdtemp(prefix="cocreate-bench-data-")
        _CREATED.append(os.environ["COCREATE_DATA_DIR"])
    import django

    django.setup()


@contextmanager
def throwaway_database(label: str) -> Iterator[str]:
    """Create, migrate and finally destroy a database; yields a description of it."""
    setup_django()
    from django.db import connection

    tmp = tempfile.mkdtemp(prefix="cocreate-bench-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tmp, f"{label}.sqlite3")
    else:
        connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    started = time.perf_counter()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    migrated = time.perf_counter() - started
    try:
        yield f"{describe(connection)}, migrated in {migrated:.1f} s"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        for path in [tmp, *_CREATED]:
            shutil.rmtree(path, ignore_errors=True)


def describe(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} (file, WAL)"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def median_ms(fn: Callable[[], object], *, repeat: int = 15, warmup: int = 2) -> tuple[float, object]:
    """Median wall time of ``fn`` in milliseconds, and its last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result
