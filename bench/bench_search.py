"""Idea search (cocreate.ideas.selectors.search) on 1,000 and 10,000 ideas.

Ideas with mixed Korean and English text are bulk-loaded into a throw-away database (see
bench/harness): FTS5 on SQLite, the GIN-indexed tsvector on PostgreSQL when DATABASE_URL is
set. Each query is timed as the open channel runs it: the count for the pager, then the
first page of 20 newest matches. Prints the median of 15 runs and the number of matches."""

from __future__ import annotations

import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import median_ms, throwaway_database  # noqa: E402

SIZES = (1_000, 10_000)
QUERIES = [
    ("ko", "리필"),
    ("ko", "패키지 디자인"),
    ("ko", "향"),  # a one-syllable prefix: matches very many bigrams
    ("ko", "페트리코어"),
    ("ko", "캠퍼스 팝업"),
    ("en", "refill"),
    ("en", "scent"),
    ("en", "campus pop"),
    ("en", "quieter valve"),
    ("en", "zeppelin"),  # no match
]
EXTRA_KO = ["리필", "패키지", "디자인", "캠퍼스", "팝업", "향기", "샤워젤", "기숙사",
            "동아리", "숏폼", "편의점", "데오도란트", "지속력", "시향", "재활용", "체육복"]
EXTRA_EN = ["refill", "pack", "design", "campus", "pop-up", "scent", "shower", "dorm", "club", "shorts",
            "store", "deodorant", "lasting", "sample", "recycling", "gym"]


def texts(rng: random.Random, n: int, start: int) -> list[tuple[str, str]]:
    """Titles and bodies recombined from the demo lab's ideas plus a few random words, so the
    vocabulary, the language mix and the lengths are the lab's."""
    from cocreate.core.demo import content as C

    ideas = [i for i in C.IDEAS if not i.hidden]
    out = []
    for k in range(start, start + n):
        a, b = rng.sample(ideas, 2)
        extra = rng.sample(EXTRA_KO if a.lang == "ko" else EXTRA_EN, 3)
        out.append((f"{a.title} #{k}", f"{a.body} {b.body} {' '.join(extra)}"))
    return out


def seed(org, authors, rng: random.Random, n: int, start: int) -> None:
    from django.utils import timezone

    from cocreate.core.textsearch import document
    from cocreate.ideas.enums import Channel, IdeaState
    from cocreate.ideas.models import Idea

    now = timezone.now()
    rows = [
        Idea(organization=org, channel=Channel.OPEN, author=rng.choice(authors), title=title, body=body,
             state=IdeaState.SUBMITTED, submitted_at=now - timedelta(minutes=start + i),
             search_document=document(title, body))
        for i, (title, body) in enumerate(texts(rng, n, start))
    ]
    Idea.objects.bulk_create(rows, batch_size=500)


def main() -> None:
    with throwaway_database("search") as description:
        from django.db import connection
        from django_scopes import scope

        from cocreate.accounts.models import User
        from cocreate.ideas.selectors import open_channel_ideas, search
        from cocreate.organizations.models import Organization

        rng = random.Random(865)
        org = Organization.objects.create(name="Bench Lab", slug="bench-lab")
        User.objects.bulk_create(User(email=f"author{i}@example.com", name=f"Author {i}") for i in range(200))
        authors = list(User.objects.all())
        member = authors[0]
        print(f"search · {description}")
        loaded = 0
        with scope(organization=org):
            for size in SIZES:
                seed(org, authors, rng, size - loaded, loaded)
                loaded = size
                if connection.vendor == "postgresql":
                    # Fresh statistics, as autovacuum would have them in production; without
                    # them the planner loops over authors and recomputes to_tsvector per row.
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
                print(f"\n{size:,} ideas")
                print(f"  {'lang':<4} {'query':<16} {'matches':>8} {'count ms':>9} {'page ms':>8}")
                for lang, query in QUERIES:
                    def matches(q=query):
                        return search(open_channel_ideas(member, org), q)

                    count_ms, count = median_ms(lambda: matches().count())
                    page_ms, _page = median_ms(lambda: list(matches().order_by("-submitted_at", "-id")[:20]))
                    print(f"  {lang:<4} {query:<{16 - sum(1 for ch in query if ord(ch) > 0x1100)}} "
                          f"{count:>8,} {count_ms:>9.2f} {page_ms:>8.2f}")


if __name__ == "__main__":
    main()
