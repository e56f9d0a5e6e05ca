
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.ideas.selectors import search

from .models import Decision

BOARD_SORTS = ("newest", "oldest", "waiting")
COUNT_BOUND = 10_000


def board_ideas(organization, *, state: str = "", channel: str = "", program_id: int | None = None,
                query: str = "", mission_id: int | None = None, concept_id: int | None = None,
                department_id: int | None = None, date_from=None, date_to=None, unseen: bool = False,
                overdue: bool = False, sort: str = "newest", now=None):
    """Every idea that left its author's drafts, from the open channel and all missions,
    hidden ones included and marked: nothing is filtered away on its way to the top.
    Ordered by ``sort`` (see ``board_order``), ready for keyset pages."""
    from django.db.models import Exists, OuterRef

    from .models import Forwarding

    qs = (
        Idea.objects.filter(organization=organization)
        .exclude(state=IdeaState.DRAFT)
        .select_related("author", "program", "mission", "concept").prefetch_related("organization")
        .order_by(*board_order(sort))
    )
    if state:
        qs = qs.filter(state=state)
    if channel:
        qs = qs.filter(channel=channel)
    if program_id:
        qs = qs.filter(program_id=program_id)
    if mission_id:
        qs = qs.filter(mission_id=mission_id)
    if concept_id:
        qs = qs.filter(concept_id=concept_id)
    if department_id:
        qs = qs.filter(
            Exists(Forwarding.objects.filter(idea=OuterRef("pk"), department_id=department_id))
            | Exists(Decision.objects.filter(idea=OuterRef("pk"), department_id=department_id))
        )
    if date_from:
        qs = qs.filter(submitted_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(submitted_at__date__lte=date_to)
    if unseen or overdue:
        qs = qs.filter(first_seen_at__isnull=True)
    if overdue:
        qs = qs.filter(submitted_at__lt=overdue_before(organization, now))
    if query:
        qs = search(qs, query)
    return qs


def overdue_before(organization, now=None):
    """Ideas submitted before this moment and never looked at are overdue."""
    from datetime import timedelta

    from django.utils import timezone

    return (now or timezone.now()) - timedelta(days=organization.review_time_limit_days)


def board_order(sort: str) -> tuple[str, ...]:
    """Newest first; oldest first; longest waiting = nobody looked yet, oldest first, then the
    ones looked at (oldest first). Every order ends on ``id`` so a keyset is unique."""
    if sort == "oldest":
        return ("submitted_at", "id")
    if sort == "waiting":
        from django.db.models import F

        return (F("first_seen_at").asc(nulls_first=True), "submitted_at", "id")
    return ("-submitted_at", "-id")


def effective_sort(sort: str, unseen_only) -> str:
    """Among ideas nobody looked at, the longest waiting are simply the oldest: that order
    runs on the (organization, first_seen_at, submitted_at) index."""
    sort = sort if sort in BOARD_SORTS else "newest"
    return "oldest" if sort == "waiting" and unseen_only else sort


def cursor_of(idea, sort: str) -> str:
    """The keyset position after ``idea`` in ``sort`` order (opaque to clients)."""
    stamp = idea.submitted_at.isoformat() if idea.submitted_at else ""
    if sort == "waiting":
        seen = idea.first_seen_at.isoformat() if idea.first_seen_at else ""
        return f"{seen}~{stamp}~{idea.pk}"
    return f"{stamp}~{idea.pk}"


def after_cursor(qs, cursor: str, sort: str):
    """``qs`` narrowed to the rows after ``cursor`` (a seek, no OFFSET); a malformed cursor
    starts from the beginning."""
    from datetime import datetime

    from django.db.models import Q

    try:
        parts = cursor.split("~")
        pk = int(parts[-1])
        stamp = datetime.fromisoformat(parts[-2])
        seen = datetime.fromisoformat(parts[0]) if sort == "waiting" and parts[0] else None
        if sort == "waiting" and len(parts) != 3:
            raise ValueError
    except (ValueError, IndexError):
        return qs
    # The redundant bound (<= / >=) is what lets the database seek in the index instead of
    # filtering the OR row by row from the start.
    if sort == "newest":
        return qs.filter(Q(submitted_at__lte=stamp), Q(submitted_at__lt=stamp) | Q(id__lt=pk))
    if sort == "oldest":
        return qs.filter(Q(submitted_at__gte=stamp), Q(submitted_at__gt=stamp) | Q(id__gt=pk))
    same = Q(submitted_at__gte=stamp) & (Q(submitted_at__gt=stamp) | Q(id__gt=pk))
    if seen is None:  # still among the unseen: the rest of them, then every seen one
        return qs.filter(Q(first_seen_at__isnull=False) | (Q(first_seen_at__isnull=True) & same))
    return qs.filter(Q(first_seen_at__gt=seen) | (Q(first_seen_at=seen) & same))


def board_page(qs, *, cursor: str = "", sort: str = "newest", size: int = 50) -> tuple[list, str]:
    """One keyset page: the rows and the cursor of the next page ("" at the end). One query."""
    if cursor:
        qs = after_cursor(qs, cursor, sort)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (cursor_of(rows[-1], sort) if more and rows else "")


def bounded_count(qs, bound: int = COUNT_BOUND, *, page: tuple[list, str] | None = None) -> tuple[int, bool]:
    """How many rows, counted up to ``bound`` only: (n, True) means "more than n". For a
    search, pass the keyset ``page`` (rows, next cursor): no count query is run, since a
    GIN match count can cost a full bitmap of every match; the answer is then the page's
    size and whether more follow."""
    if page is not None:
        rows, next_cursor = page
        return len(rows), bool(next_cursor)
    n = qs.order_by().values("pk")[: bound + 1].count()
    return min(n, bound), n > bound


def latest_decisions(ideas) -> dict[int, Decision]:
    """The decision in force for each idea (released ones only), in one query."""
    out: dict[int, Decision] = {}
    for d in Decision.objects.filter(idea__in=[i.pk for i in ideas], released_at__isnull=False).select_related(
        "department", "decided_by"
    ).order_by("idea_id", "-decided_at", "-id"):
        out.setdefault(d.idea_id, d)
    return out


def decisions_of(idea):
    # Staged decisions (not released yet) are nobody's business but the executives' (staged list).
    return Decision.objects.filter(idea=idea, released_at__isnull=False).select_related("department", "decided_by")


def state_counts(organization, bound: int | None = None) -> dict[str, int]:
    """How many submitted ideas per state. With ``bound``, each state is counted up to
    ``bound + 1`` only (one query of bounded index scans, constant time at any size): a
    value above ``bound`` means "more than ``bound``"."""
    from django.db import connection
    from django.db.models import Count

    if bound is None:
        rows = (
            Idea.objects.filter(organization=organization).exclude(state=IdeaState.DRAFT)
            .values("state").annotate(n=Count("id"))
        )
        return {r["state"]: r["n"] for r in rows}
    states = [s for s in IdeaState.values if s != IdeaState.DRAFT]
    parts = ", ".join(
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM ideas_idea WHERE organization_id = %s AND state = %s LIMIT %s) AS t{i})"
        for i in range(len(states)))
    params = [p for s in states for p in (organization.pk, s, bound + 1)]
    with connection.cursor() as c:
        c.execute(f"SELECT {parts}", params)
        return dict(zip(states, c.fetchone(), strict=True))




ARCHIVE_CANDIDATES = 1000


def archive_search(organization, *, query: str = "", page: int = 1, size: int = 50, **filters) -> tuple[list, bool]:
    """Every submitted idea (accepted or not) matching ``query`` and the board filters, best
    match first. Ranking is bounded: only the newest ``ARCHIVE_CANDIDATES`` matches are ranked
    (ts_rank on PostgreSQL, FTS5 bm25 on SQLite), never every match. Without a query: newest
    first. Returns the page's ideas and whether a next page exists. At most three queries."""
    from django.db import connection

    from cocreate.core.textsearch import query_terms

    filters.pop("sort", None)
    qs = board_ideas(organization, query=query, **filters)
    page = max(1, page)
    terms = query_terms(query)
    if terms and connection.vendor in ("postgresql", "sqlite"):
        return _ranked(qs, terms, page, size)
    start = (page - 1) * size
    rows = list(qs[start: start + size + 1])
    return rows[:size], len(rows) > size


def _ranked(qs, terms, page: int, size: int) -> tuple[list, bool]:
    """The newest ``ARCHIVE_CANDIDATES`` matches (an ordered index walk that stops there),
    ranked in one query over just those rows: ts_rank on PostgreSQL (higher is better),
    FTS5 bm25 on SQLite (lower is better); then the page's ideas. Three queries."""
    from django.db import connection

    candidates = list(qs.order_by("-submitted_at", "-id").values_list("pk", flat=True)[:ARCHIVE_CANDIDATES])
    if not candidates:
        return [], False
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            tsquery = " & ".join(f"{t}:*" for t in terms)
            c.execute("SELECT id, -ts_rank(search_vector, to_tsquery('simple'::regconfig, %s)) FROM ideas_idea "
                      "WHERE id = ANY(%s)", [tsquery, candidates])
            rank = dict(c.fetchall())
        else:
            match = " ".join('"{}"*'.format(t.replace('"', "")) for t in terms)
            wanted_ids = set(candidates)
            # A rowid range, not IN (...): FTS5 seeks a range cheaply but would re-run the match
            # per listed rowid. Rows of the range outside the candidates are dropped here.
            c.execute("SELECT rowid, bm25(ideas_idea_fts) FROM ideas_idea_fts WHERE ideas_idea_fts MATCH %s "
                      "AND rowid BETWEEN %s AND %s", [match, min(candidates), max(candidates)])
            rank = {pk: r for pk, r in c.fetchall() if pk in wanted_ids}
    # Best first; newest first among equals (candidates are newest first, sorted() is stable).
    ordered = sorted(candidates, key=lambda pk: rank.get(pk, 0.0))
    start = (page - 1) * size
    wanted = ordered[start: start + size]
    rows = {i.pk: i for i in Idea.objects.filter(pk__in=wanted).select_related(
        "author", "program", "mission", "concept").prefetch_related("organization")}
    return [rows[pk] for pk in wanted if pk in rows], len(ordered) > start + size
