"""The executive board's own writes and reads: an executive's first look at an idea, the
board's rows, the overdue report and the board exports (CSV and XLSX)."""

from collections.abc import Iterable, Iterator

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.organizations.rules import is_executive

from . import selectors

EXPORT_CHUNK = 500


def mark_seen(organization, idea_ids: Iterable[int], *, actor) -> int:
    """Record an executive's first look at these ideas. A conditional UPDATE: only ideas
    nobody looked at yet change, so two executives opening the same idea at once leave the
    first look in place. Returns how many ideas were looked at for the first time."""
    ids = [int(i) for i in idea_ids]
    if not ids:
        return 0
    return (
        Idea.objects.filter(organization=organization, pk__in=ids, first_seen_at__isnull=True)
        .exclude(state=IdeaState.DRAFT)
        .update(first_seen_at=timezone.now(), first_seen_by=actor)
    )


def seen_on_open(user, idea) -> None:
    """Called by the idea page: an executive opening a submitted idea is its first look."""
    if (idea.first_seen_at is None and idea.state != IdeaState.DRAFT and is_executive(user, idea)
            and mark_seen(idea.organization, [idea.pk], actor=user)):
        idea.first_seen_at, idea.first_seen_by = timezone.now(), user


def waited(idea, now=None):
    """Time from submission to the first look, or until now when nobody looked yet."""
    if idea.submitted_at is None:
        return None
    return (idea.first_seen_at or now or timezone.now()) - idea.submitted_at


def is_overdue(idea, now=None) -> bool:
    return (idea.first_seen_at is None and idea.submitted_at is not None
            and idea.submitted_at < selectors.overdue_before(idea.organization, now))


def board_rows(user, ideas, now=None) -> list[dict]:
    """Board rows for one page of ideas: scores and decisions fetched in one batch each."""
    from cocreate.evaluation.selectors import breakdowns_for

    now = now or timezone.now()
    breakdowns = breakdowns_for(ideas)
    decisions = selectors.latest_decisions(ideas)
    executive = bool(ideas) and is_executive(user, ideas[0])
    return [
        {"idea": i, "breakdown": breakdowns.get(i.pk), "decision": decisions.get(i.pk),
         "waited": waited(i, now), "new": i.first_seen_at is None, "overdue": is_overdue(i, now),
         "can_decide": executive and (user.has_perm("realization.decide_idea", i)
                                      or user.has_perm("realization.revive_idea", i))}
        for i in ideas
    ]


def overdue_report(organization, now=None) -> dict:
    """Unseen ideas past the organization's review time: how many per program (the open
    channel under None), the oldest one's submission, and the total. Two queries."""
    qs = selectors.board_ideas(organization, overdue=True, now=now)
    by_program = list(
        qs.order_by().values("program_id", "program__title").annotate(n=Count("id"), oldest=Min("submitted_at"))
        .order_by("-n", "program__title")
    )
    oldest = qs.order_by("submitted_at", "id").values_list("submitted_at", flat=True).first()
    return {"total": sum(r["n"] for r in by_program), "by_program": by_program, "oldest": oldest,
            "limit_days": organization.review_time_limit_days}


def cell(value) -> str:
    """Text a spreadsheet will not run as a formula (CSV/XLSX injection): cells starting
    with = + - @ (or a tab or carriage return) get a leading apostrophe."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def export_header() -> list[str]:
    return [_("ID"), _("Title"), _("State"), _("Hidden"), _("Reason for hiding"), _("Channel"), _("Program"),
            _("Mission"), _("Concept"), _("Author"), _("Submitted"), _("First looked at"), _("Waited (days)"),
            _("Overdue"), _("Total score"), _("Judges"), _("Supports"), _("Comments"), _("Decision"), _("Reason"),
            _("Department"), _("Address")]


def export_rows(qs, *, base_url: str) -> Iterator[list[str]]:
    """The board's rows as escaped text cells, read in keyset chunks (constant memory, no
    deep OFFSET): three queries per chunk."""
    from django.urls import reverse

    from cocreate.evaluation.selectors import breakdowns_for

    now = timezone.now()
    qs = qs.order_by("-submitted_at", "-id")
    cursor = ""
    while True:
        ideas, cursor = selectors.board_page(qs, cursor=cursor, sort="newest", size=EXPORT_CHUNK)
        breakdowns = breakdowns_for(ideas)
        decisions = selectors.latest_decisions(ideas)
        for i in ideas:
            b, d = breakdowns.get(i.pk), decisions.get(i.pk)
            w = waited(i, now)
            yield [cell(v) for v in [
                i.pk, i.title, i.get_state_display(), _("yes") if i.hidden_at else "", i.hidden_reason,
                i.get_channel_display(), i.program.title if i.program_id else "",
                i.mission.title if i.mission_id else "", i.concept.name if i.concept_id else "",
                i.author.display_name, _when(i.submitted_at), _when(i.first_seen_at),
                "" if w is None else f"{w.total_seconds() / 86400:.1f}", _("yes") if is_overdue(i, now) else "",
                "" if b is None or b.total is None else f"{b.total:.2f}", b.judges if b else "",
                i.support_count, i.comment_count,
                d.get_kind_display() if d else "", d.reason if d else "",
                d.department.name if d and d.department_id else "",
                base_url + reverse("ideas:detail", args=[i.organization.slug, i.pk]),
            ]]
        if not cursor:
            return


def overdue_reports_send(now=None) -> int:
    """Tell the executives of every organization with overdue ideas, once a day each (a
    second run the same day sends nothing). Returns how many notifications were sent."""
    from datetime import datetime, time, timedelta

    from django.urls import reverse
    from django_scopes import scopes_disabled

    from cocreate.notifications.models import Notification
    from cocreate.notifications.services import notify
    from cocreate.organizations.enums import Role
    from cocreate.organizations.models import Membership, Organization

    now = now or timezone.now()
    today = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(today, time.min))
    sent = 0
    with scopes_disabled():
        for org in Organization.objects.order_by("pk"):
            report = overdue_report(org, now=now)
            if not report["total"]:
                continue
            url = reverse("realization:overdue", args=[org.slug])
            executives = [m.user for m in Membership.objects.filter(organization=org, role=Role.EXECUTIVE)
                          .select_related("user")]
            already = set(Notification.objects.filter(
                kind="board_overdue", url=url, created_at__gte=start, created_at__lt=start + timedelta(days=1),
                user__in=executives).values_list("user_id", flat=True))
            todo = [u for u in executives if u.pk not in already]
            if todo:
                notify(todo, "board_overdue", url=url, params={
                    "count": report["total"], "organization": org.name, "days": report["limit_days"],
                    "oldest_date_iso": timezone.localdate(report["oldest"]).isoformat() if report["oldest"] else "",
                })
                sent += len(todo)
    return sent
