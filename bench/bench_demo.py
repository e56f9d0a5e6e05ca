"""How long `cocreate demo` takes to load the demo lab (the issue asks for under 30 s on SQLite).

Runs the real command three times in a throw-away database (see bench/harness): the first
load into the freshly migrated database, then two reloads that wipe it first, as `make demo`
does on a second start. Django's default password hasher is used, as in `make demo` (the
test settings' fast hasher would flatter the one hash the loader computes). Set DATABASE_URL
to measure PostgreSQL."""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import throwaway_database  # noqa: E402

RUNS = 3


def main() -> None:
    with throwaway_database("demo") as description:
        from django.conf import global_settings
        from django.core.management import call_command
        from django.test.utils import override_settings

        print(f"demo load · {description}")
        times = []
        counts: dict = {}
        with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
            for n in range(RUNS):
                started = time.perf_counter()
                call_command("demo", stdout=io.StringIO())
                times.append(time.perf_counter() - started)
                print(f"  run {n + 1}: {times[-1]:.2f} s" + ("  (into the fresh database)" if n == 0 else
                                                               "  (wipe and reload)"))
                if not counts:
                    counts = _counts()
        print(f"  median {statistics.median(times):.2f} s, best {min(times):.2f} s (budget: 30 s on SQLite)")
        print("  loaded: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


def _counts() -> dict:
    from django_scopes import scopes_disabled

    from cocreate.core.models import AuditEvent
    from cocreate.evaluation.models import Score
    from cocreate.ideas.models import Comment, Idea, Support
    from cocreate.notifications.models import Notification
    from cocreate.recruiting.models import Application

    with scopes_disabled():
        return {
            "applications": Application.objects.count(), "ideas": Idea.objects.count(),
            "supports": Support.objects.count(), "comments": Comment.objects.count(),
            "scores": Score.objects.count(), "notifications": Notification.objects.count(),
            "audit events": AuditEvent.objects.count(),
        }


if __name__ == "__main__":
    main()
