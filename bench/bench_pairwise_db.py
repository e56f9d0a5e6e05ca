"""Pairwise voting through the database, as the voting and ranking pages run it: 10,000 ideas
and 1,000,000 answers from 2,000 voters on PostgreSQL (SQLite: 2,000 ideas, 100,000 answers).

The pure fit is timed by bench_pairwise.py; this one adds what the pages pay around it: reading
the answers, the cache of the program's fit (cocreate.evaluation.pairwise_votes), and the next
pair, which reads grouped counts and the voter's own answers instead of every answer.

Cases, each p50/p95/p99 ms and queries:
  ranking, cold      every answer read and fitted (what each request paid before the cache)
  ranking, cached    the fingerprint (two aggregates) and the cached fit
  strengths, cached  what the results page's blend asks for
  next pair          a voter's next pair with the fit cached
  answer + next      an answer recorded through the service (tallies kept), then the next pair

    uv run python bench/bench_pairwise_db.py [ideas answers]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocreate uv run python bench/bench_pairwise_db.py"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import throwaway_database  # noqa: E402

VOTERS = 2_000
RUNS = 30


def build(org, program, n: int, m: int, voter_ids: list[int]) -> float:
    """Ideas and answers made inside the database (INSERT ... SELECT over a series). Idea k's
    true strength is k % 100; the winner is the stronger one unless a hashed coin says upset."""
    from django.db import connection, transaction

    pg = connection.vendor == "postgresql"
    # Only integers are put into the SQL, and it runs without parameters, so % is the modulo.
    series = ("generate_series(1::bigint, {}) AS s(g)" if pg else
              "(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {}) SELECT g FROM s) AS s")
    now = "now()" if pg else "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        c.execute(f"""
            INSERT INTO ideas_idea (organization_id, program_id, channel, author_id, title, body, state, details,
                is_late, client_key, search_document, support_count, comment_count, hidden_reason, created_at,
                submitted_at, state_changed_at)
            SELECT {int(org.pk)}, {int(program.pk)}, 'open', {voter_ids[0]}, 'Idea ' || g, 'Body ' || g, 'submitted',
                '{{}}', false, '', 'idea ' || g, 0, 0, '', {now}, {now}, {now}
            FROM {series.format(int(n))}""")
        c.execute(f"SELECT min(id) FROM ideas_idea WHERE program_id = {int(program.pk)}")
        first = c.fetchone()[0]
        # Answer g: voter g % VOTERS, a pair spread over the ideas; duplicates of (voter, a, b) skipped.
        a = f"({first} + (g * 7919) % {n})"
        b = f"({first} + (g * 7919 + 1 + (g / {n}) % ({n} - 1)) % {n})"
        lo, hi = f"CASE WHEN {a} < {b} THEN {a} ELSE {b} END", f"CASE WHEN {a} < {b} THEN {b} ELSE {a} END"
        upset = "((g * 2654435761) % 100) < 25"
        stronger = f"CASE WHEN ({lo} - {first}) % 100 >= ({hi} - {first}) % 100 THEN {lo} ELSE {hi} END"
        weaker = f"CASE WHEN ({lo} - {first}) % 100 >= ({hi} - {first}) % 100 THEN {hi} ELSE {lo} END"
        c.execute(f"""
            INSERT INTO evaluation_pairwisevote (program_id, voter_id, idea_a_id, idea_b_id, winner_id, status,
                created_at)
            SELECT {int(program.pk)}, {voter_ids[0]} + g % {VOTERS}, {lo}, {hi},
                CASE WHEN {upset} THEN {weaker} ELSE {stronger} END, 'counted', {now}
            FROM {series.format(int(m))} WHERE {a} <> {b}
            ON CONFLICT DO NOTHING""")
        # The tallies the voting service keeps with each answer (PairwiseTally), in one pass.
        c.execute(f"""
            INSERT INTO evaluation_pairwisetally (program_id, idea_id, answers)
            SELECT {int(program.pk)}, idea, count(*) FROM (
                SELECT idea_a_id AS idea FROM evaluation_pairwisevote WHERE program_id = {int(program.pk)}
                UNION ALL
                SELECT idea_b_id FROM evaluation_pairwisevote WHERE program_id = {int(program.pk)}) AS t
            GROUP BY idea""")
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE evaluation_pairwisevote" if pg else "ANALYZE")
    return time.perf_counter() - started


def measure(label: str, fn, runs: int = RUNS) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    with CaptureQueriesContext(connection) as ctx:
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    q = statistics.quantiles(sorted(times), n=100, method="inclusive")
    print(f"{label:<22} {q[49]:>9.1f} {q[94]:>9.1f} {q[98]:>9.1f} {len(ctx.captured_queries):>8}")


def main() -> None:
    with throwaway_database("pairwise") as description:
        from django.core.cache import cache
        from django.db import connection
        from django.utils import timezone
        from django_scopes import scope

        from cocreate.accounts.models import User
        from cocreate.evaluation import pairwise_votes as P
        from cocreate.evaluation.models import PairwiseVote
        from cocreate.organizations.models import Membership, Organization
        from cocreate.programs.enums import AgreementStatus, CrowdSource, ProgramStatus
        from cocreate.programs.models import Agreement, Criterion, Program

        pg = connection.vendor == "postgresql"
        n = int(sys.argv[1]) if len(sys.argv) > 1 else (10_000 if pg else 2_000)
        m = int(sys.argv[2]) if len(sys.argv) > 2 else (1_000_000 if pg else 100_000)
        org = Organization.objects.create(name="Bench Lab", slug="bench-lab")
        program = Program.objects.create(organization=org, title="Pairwise", slug="pairwise",
                                         goal="Rank ideas by pairs.", status=ProgramStatus.ACTIVE, is_public=True)
        agreement = Agreement.objects.create(program=program, version=1, status=AgreementStatus.PUBLISHED,
                                             published_at=timezone.now(), crowd_source=CrowdSource.PAIRWISE)
        Criterion.objects.create(agreement=agreement, name="Participants' vote", weight=100, scale_max=10,
                                 is_crowd_vote=True)
        User.objects.bulk_create(User(email=f"voter{i}@example.com", name=f"Voter {i}") for i in range(VOTERS))
        voter_ids = sorted(User.objects.values_list("pk", flat=True))
        manager = User.objects.get(pk=voter_ids[-1])
        Membership.objects.create(organization=org, user=manager, role="program_manager")
        seconds = build(org, program, n, m, voter_ids)
        with scope(organization=org):
            answers = PairwiseVote.objects.count()
        print(f"pairwise through the database · {description} · {n:,} ideas, {answers:,} answers built in "
              f"{seconds:.1f} s · {RUNS} runs")
        print(f"{'case':<22} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'queries':>8}")
        with scope(organization=org):
            program = Program.objects.get(pk=program.pk)

            def cold():
                cache.delete(P._fit_key(program))
                P.pairwise_ranking(program, None)

            measure("ranking, cold", cold, runs=5)
            measure("ranking, cached", lambda: P.pairwise_ranking(program, None))
            measure("strengths, cached", lambda: P.pairwise_strengths(program))
            measure("next pair", lambda: P.pairwise_next_pair(program, manager))
            def answer_and_next():
                x, y = P.pairwise_next_pair(program, manager)
                P.pairwise_vote(program, manager, x, y, x)

            measure("answer + next pair", answer_and_next)


if __name__ == "__main__":
    main()
