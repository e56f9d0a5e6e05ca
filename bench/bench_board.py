"""The executive board and the archive search at 1,000,000 ideas (PostgreSQL) or 100,000 (SQLite).

Ideas are generated inside the database with one INSERT ... SELECT over a series (PostgreSQL
``generate_series``, SQLite a recursive CTE) from a pool of 1,000 title/body/search-document
triples recombined from the demo lab's Korean and English ideas, the search document made by
``cocreate.core.textsearch.document`` as the app stores it (PostgreSQL then derives the GIN-
indexed tsvector; SQLite's triggers fill FTS5). About 70 % of the ideas were looked at, the
rest spread over a year, so the unseen and overdue filters have real work to do.

Each case is what the board page (or its API) runs for a page of 50: the keyset page, the
bounded count ("more than 10,000"), the state counts, the header's unseen and overdue counts
(up to 999) and the page's rows (scores, decisions). Prints p50/p95/p99 in ms and the number
of queries per page (constant).
The issue's budget: p99 under 100 ms on PostgreSQL at 1,000,000 ideas.

    uv run python bench/bench_board.py [ideas]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocreate uv run python bench/bench_board.py"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import throwaway_database  # noqa: E402

POOL = 1_000
RUNS = 60


def pool_rows(rng: random.Random) -> list[tuple[int, str, str, str]]:
    from cocreate.core.demo import content as C
    from cocreate.core.textsearch import document

    extra_ko = ["리필", "패키지", "디자인", "캠퍼스", "팝업", "향기로운", "샤워젤", "기숙사", "아이디어를", "재활용"]
    extra_en = ["refill", "pack", "design", "campus", "pop-up", "scent", "shower", "dorm", "idea", "recycling"]
    ideas = [i for i in C.IDEAS if not i.hidden]
    out = []
    for k in range(POOL):
        a, b = rng.sample(ideas, 2)
        extra = " ".join(rng.sample(extra_ko if a.lang == "ko" else extra_en, 3))
        title, body = a.title[:180], f"{a.body} {b.body} {extra}"
        out.append((k, title, body, document(title, body)))
    return out


def build(n: int, org, user_ids: list[int]) -> float:
    """Fill ideas_idea with ``n`` ideas in the database itself; returns seconds."""
    from django.db import connection, transaction

    rng = random.Random(865)
    started = time.perf_counter()
    pg = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as c:
        c.execute("CREATE TEMPORARY TABLE bench_pool (k integer PRIMARY KEY, title text, body text, doc text)")
        c.executemany("INSERT INTO bench_pool VALUES (%s, %s, %s, %s)", pool_rows(rng))
        users = len(user_ids)
        first_user = min(user_ids)
        series = ("generate_series(1, %s) AS s(g)" if pg else
                  "(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < %s) SELECT g FROM s) AS s")
        now = "now()" if pg else "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now')"
        minus = ((lambda secs: f"{now} - ({secs}) * interval '1 second'") if pg else
                 (lambda secs: f"strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', '-' || ({secs}) || ' seconds')"))
        concat = "||"
        state = ("CASE WHEN g %% 10 < 6 THEN 'submitted' WHEN g %% 10 = 6 THEN 'in_evaluation' "
                 "WHEN g %% 10 = 7 THEN 'accepted' WHEN g %% 10 = 8 THEN 'parked' ELSE 'rejected' END")
        # Submitted over the last ~year, newest first; 70 % looked at an hour after submission.
        spacing = max(1, 31_536_000 // n)
        c.execute(f"""
            INSERT INTO ideas_idea (organization_id, channel, author_id, title, body, state, details, is_late,
                client_key, search_document, support_count, comment_count, hidden_reason, created_at,
                submitted_at, state_changed_at, first_seen_at, first_seen_by_id)
            SELECT %s, 'open', {first_user} + (g %% {users}), p.title {concat} ' #' {concat} g, p.body, {state},
                '{{}}', false, '', p.doc {concat} ' ' {concat} g, g %% 13, g %% 5, '',
                {minus(f"g * {spacing}")}, {minus(f"g * {spacing}")}, {minus(f"g * {spacing}")},
                CASE WHEN g %% 10 < 7 THEN {minus(f"g * {spacing} - 3600")} ELSE NULL END,
                CASE WHEN g %% 10 < 7 THEN {first_user} ELSE NULL END
            FROM {series} JOIN bench_pool p ON p.k = g %% {POOL}
        """, [org.pk, n])
        c.execute("DROP TABLE bench_pool")
    with connection.cursor() as c:
        # Steady state: autovacuum would have run (visibility map set, statistics fresh).
        c.execute("VACUUM ANALYZE ideas_idea" if pg else "ANALYZE")
    return time.perf_counter() - started


def page_case(org, user, filters: dict, cursor: str = ""):
    """What the board view runs for one page, minus the HTML."""
    from cocreate.realization import board as B
    from cocreate.realization import selectors as S

    qs = S.board_ideas(org, **filters)
    ideas, next_cursor = S.board_page(qs, cursor=cursor, sort=filters.get("sort", "newest"), size=50)
    S.bounded_count(qs, page=(ideas, next_cursor) if filters.get("query") else None)
    S.state_counts(org, bound=S.COUNT_BOUND)
    for waiting in ("unseen", "overdue"):  # the header's standing counts
        S.bounded_count(S.board_ideas(org, **{waiting: True}), 999)
    B.board_rows(user, ideas)
    return ideas, next_cursor


def archive_case(org, query: str):
    from cocreate.realization import selectors as S

    return S.archive_search(org, query=query, size=50)


def measure(label: str, fn) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm
    times = []
    with CaptureQueriesContext(connection) as ctx:
        fn()
    queries = len(ctx.captured_queries)
    if os.environ.get("BENCH_QUERIES"):  # where the time goes, query by query
        for q in ctx.captured_queries:
            print(f"    {float(q['time']) * 1000:8.1f} ms  {q['sql'][:160]}")
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    q = statistics.quantiles(times, n=100, method="inclusive")
    print(f"{label:<34} {q[49]:>8.1f} {q[94]:>8.1f} {q[98]:>8.1f} {queries:>8}")


def main() -> None:
    with throwaway_database("board") as description:
        from django.db import connection
        from django_scopes import scope

        from cocreate.accounts.models import User
        from cocreate.organizations.models import Membership, Organization

        n = int(sys.argv[1]) if len(sys.argv) > 1 else (1_000_000 if connection.vendor == "postgresql" else 100_000)
        org = Organization.objects.create(name="Bench Lab", slug="bench-lab", review_time_limit_days=14)
        User.objects.bulk_create(User(email=f"author{i}@example.com", name=f"Author {i}") for i in range(200))
        user_ids = list(User.objects.values_list("pk", flat=True))
        executive = User.objects.get(pk=min(user_ids))
        Membership.objects.create(organization=org, user=executive, role="executive")
        seconds = build(n, org, user_ids)
        print(f"board · {description} · {n:,} ideas built in {seconds:.1f} s · page of 50 · {RUNS} runs")
        print(f"{'case':<34} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'queries':>8}")
        rng = random.Random(7)
        with scope(organization=org):
            from cocreate.realization import selectors as S

            measure("first page (newest)", lambda: page_case(org, executive, {}))
            # Deep pages: cursors taken at random depths (no OFFSET is ever run).
            base = S.board_ideas(org)
            cursors = [S.cursor_of(base[rng.randrange(n // 2, n - 100)], "newest") for _ in range(20)]
            it = iter(cursors * (RUNS + 5))
            measure("deep page (keyset, depth ≥ 50 %)", lambda: page_case(org, executive, {}, next(it)))
            measure("oldest first", lambda: page_case(org, executive, {"sort": "oldest"}))
            measure("unseen", lambda: page_case(org, executive, {"unseen": True, "sort": "oldest"}))
            measure("overdue", lambda: page_case(org, executive, {"overdue": True, "sort": "oldest"}))
            measure("search Korean 향기로운", lambda: page_case(org, executive, {"query": "향기로운"}))
            measure("search Korean 아이디어를", lambda: page_case(org, executive, {"query": "아이디어를"}))
            measure("search English refill", lambda: page_case(org, executive, {"query": "refill"}))
            measure("archive ranked 리필 (bounded)", lambda: archive_case(org, "리필"))
            measure("archive ranked scent (bounded)", lambda: archive_case(org, "scent"))


if __name__ == "__main__":
    main()
