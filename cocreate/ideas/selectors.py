from django.db import connection
from django.db.models import Avg, BooleanField, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from cocreate.core.textsearch import query_terms
from cocreate.missions.types import registered as registered_types
from cocreate.organizations.rules import is_staff_member

from .enums import PUBLISHED_STATES, Channel, IdeaState
from .models import Credit, Idea, PurchaseIntent


def _base():
    return Idea.objects.select_related("author", "program", "mission", "organization")


def idea_visibility_q(user, organization) -> Q:
    """Who may open an idea of ``organization``, as one filter: **the** rule. The lists
    (``ideas_visible_to``) filter with it and ideas.view_idea evaluates it for one idea
    (``idea_visible``), so the two cannot disagree.

    - A draft is its author's and, for a team's draft, the team's accepted members': nobody
      else's, staff included (docs/api.md: "a draft only you can see").
    - A submitted idea: its author and everyone credited with it; the organization's staff;
      and, published and not hidden, anyone who may see where it was posted: the open
      channel is public, a mission idea is visible exactly when its mission is
      (``missions.selectors.visible_missions_q``), except for mission types whose submissions
      peers never read (mystery-shopping reports, survey answers)."""
    from cocreate.missions.enums import TeamMemberState
    from cocreate.missions.models import TeamMember
    from cocreate.missions.selectors import visible_missions_q

    draft = Q(state=IdeaState.DRAFT)
    if is_staff_member(user, organization):
        submitted = ~draft
    else:
        where_posted = Q(channel=Channel.OPEN) | (
            Q(channel=Channel.MISSION) & visible_missions_q(user, organization, prefix="mission__"))
        private_kinds = [t.key for t in registered_types() if not t.peers_see_submissions]
        if private_kinds:
            where_posted &= ~Q(mission__kind__in=private_kinds)
        submitted = ~draft & Q(state__in=PUBLISHED_STATES, hidden_at__isnull=True) & where_posted
    if not getattr(user, "is_authenticated", False):
        return submitted
    team_mate = Exists(TeamMember.objects.filter(team=OuterRef("team"), user_id=user.pk,
                                                 state=TeamMemberState.ACCEPTED))
    credited = Exists(Credit.objects.filter(idea=OuterRef("pk"), user_id=user.pk))
    return Q(author_id=user.pk) | (draft & Q(team_mate)) | submitted | (~draft & Q(credited))


def ideas_visible_to(user, organization) -> QuerySet[Idea]:
    """Every idea of the organization the person may open (``idea_visibility_q``)."""
    return _base().filter(organization=organization).filter(idea_visibility_q(user, organization))


def idea_visible(user, idea: Idea) -> bool:
    """``idea_visibility_q`` for one idea (ideas.view_idea). A page checks several permissions
    that each ask it, so the answer is remembered on the user object for the request, keyed by
    what of the idea itself decides it."""
    if getattr(user, "is_authenticated", False) and idea.author_id == user.pk:
        return True  # the filter's first branch, without a query
    mission = idea.mission
    where = mission and (mission.pk, mission.visibility, mission.kind)
    key = (idea.pk, idea.state, idea.hidden_at, idea.team_id, where)
    cache = user.__dict__.setdefault("_cocreate_idea_visible", {})
    if key not in cache:
        cache[key] = Idea.objects.filter(pk=idea.pk).filter(
            idea_visibility_q(user, idea.organization)).exists()
    return cache[key]


def open_channel_ideas(user, organization) -> QuerySet[Idea]:
    return ideas_visible_to(user, organization).filter(
        channel=Channel.OPEN, state__in=PUBLISHED_STATES, hidden_at__isnull=True
    )


def idea_for_user(user, organization, pk: int) -> Idea:
    """One idea, or 404 alike when it does not exist, is in another organization, or is not
    the person's to see (Zulip's access_stream_by_id rule); one query, through the same filter
    as the lists."""
    idea = ideas_visible_to(user, organization).filter(pk=pk).first()
    if idea is None:
        raise Http404
    return idea


def search(qs: QuerySet[Idea], query: str) -> QuerySet[Idea]:
    """Narrow ``qs`` to ideas matching every term of ``query`` (prefix match), Korean and
    English alike, with FTS5 on SQLite and the GIN-indexed tsvector on PostgreSQL."""
    terms = query_terms(query)
    if not terms:
        return qs
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{t}:*" for t in terms)
        return qs.filter(
            RawSQL(
                # search_vector: a stored generated column with a GIN index (migration 0005).
                "ideas_idea.search_vector @@ to_tsquery('simple'::regconfig, %s)",
                [tsquery],
                output_field=BooleanField(),
            )
        )
    if connection.vendor == "sqlite":
        match = " ".join('"{}"*'.format(t.replace('"', "")) for t in terms)
        return qs.filter(
            id__in=RawSQL("SELECT rowid FROM ideas_idea_fts WHERE ideas_idea_fts MATCH %s", [match])
        )
    for t in terms:  # any other database: slower, same meaning
        qs = qs.filter(search_document__icontains=t)
    return qs


def ideas_of_author(user) -> QuerySet[Idea]:
    """The person's own ideas in every organization. The author filter is the tenant
    boundary here, so the organization scope is lifted explicitly."""
    return (
        Idea.objects.with_scopes_disabled()
        .filter(author=user)
        .select_related("organization", "program", "mission")
        .order_by("-created_at", "-id")
    )


def supported_ids(user, ideas) -> set[int]:
    """Which of these ideas the person supports, in one query."""
    if not getattr(user, "is_authenticated", False):
        return set()
    from .models import Support

    return set(
        Support.objects.filter(user=user, idea__in=[i.pk for i in ideas]).values_list("idea_id", flat=True)
    )


def comments_of(user, idea):
    from .models import Comment

    qs = Comment.objects.filter(idea=idea).select_related("author")
    if not is_staff_member(user, idea.organization):
        qs = qs.filter(hidden_at__isnull=True)
    return qs


def credited_users(idea) -> list:
    """Everyone credited with the idea: its author and the team members at submission."""
    from cocreate.accounts.models import User

    return list(User.objects.filter(credits__idea=idea).order_by("name", "id"))


def purchase_intent_summary(idea) -> dict:
    """How many stated a purchase intent, their mean (one decimal) and the count per value."""
    qs = PurchaseIntent.objects.filter(idea=idea)
    totals = qs.aggregate(count=Count("id"), mean=Avg("value"))
    per_value = dict(qs.values_list("value").annotate(n=Count("id")).values_list("value", "n"))
    return {"count": totals["count"], "mean": round(totals["mean"], 1) if totals["mean"] is not None else None,
            "per_value": [(v, per_value.get(v, 0)) for v in range(1, 6)]}


def purchase_intent_of(user, idea) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return PurchaseIntent.objects.filter(idea=idea, user=user).values_list("value", flat=True).first()
