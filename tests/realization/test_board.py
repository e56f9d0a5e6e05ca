"""H6: the executive board's first looks, filters, keyset pages, overdue report and exports."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.notifications.models import Notification
from cocreate.realization import board as board_services
from cocreate.realization import selectors
from cocreate.realization.models import Concept
from tests import factories as f
from tests.roles import ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def url(lab, part=""):
    return f"/o/{lab.org.slug}/board/{part}"


def old_idea(lab, days, **kw):
    return f.IdeaFactory(organization=lab.org, submitted_at=timezone.now() - timedelta(days=days), **kw)


# First look -------------------------------------------------------------------------------

def test_an_executive_opening_an_idea_is_its_first_look_once(client, lab):
    idea = f.IdeaFactory(organization=lab.org)
    executive = lab.users["executive"]
    client.force_login(lab.users["judge"])
    client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/")
    idea.refresh_from_db()
    assert idea.first_seen_at is None  # a judge's look does not count
    client.force_login(executive)
    assert client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/").status_code == 200
    idea.refresh_from_db()
    first = idea.first_seen_at
    assert first is not None and idea.first_seen_by == executive
    other = f.UserFactory()
    f.MembershipFactory(organization=lab.org, user=other, role="executive")
    client.force_login(other)
    client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/")
    idea.refresh_from_db()
    assert (idea.first_seen_at, idea.first_seen_by) == (first, executive)  # idempotent


def test_mark_seen_is_a_conditional_update(lab):
    a, b = f.IdeaFactory(organization=lab.org), f.IdeaFactory(organization=lab.org)
    draft = f.IdeaFactory(organization=lab.org, state=IdeaState.DRAFT, submitted_at=None)
    foreign = f.IdeaFactory()
    with scopes_disabled():
        assert board_services.mark_seen(lab.org, [a.pk, draft.pk, foreign.pk], actor=lab.users["executive"]) == 1
        assert board_services.mark_seen(lab.org, [a.pk, b.pk], actor=lab.users["org_admin"]) == 1
        a.refresh_from_db()
        assert a.first_seen_by == lab.users["executive"]
        assert Idea.objects.get(pk=foreign.pk).first_seen_at is None


def test_bulk_mark_seen_on_the_board(client, lab):
    a, b = f.IdeaFactory(organization=lab.org), f.IdeaFactory(organization=lab.org)
    client.force_login(lab.users["executive"])
    response = client.post(url(lab, "seen/"), {"idea": [a.pk, "x"]})
    assert response.status_code == 302
    a.refresh_from_db(), b.refresh_from_db()
    assert a.first_seen_at and not b.first_seen_at
    # Admins see the board but only executives' looks count.
    client.force_login(lab.users["org_admin"])
    assert client.post(url(lab, "seen/"), {"idea": [b.pk]}).status_code == 404


# Overdue ----------------------------------------------------------------------------------

def test_overdue_uses_the_organizations_limit(lab):
    lab.org.review_time_limit_days = 5
    lab.org.save()
    late = old_idea(lab, 6, title="Late")
    old_idea(lab, 4, title="Recent")
    seen = old_idea(lab, 30, title="Seen", first_seen_at=timezone.now())
    with scopes_disabled():
        assert [i.title for i in selectors.board_ideas(lab.org, overdue=True)] == ["Late"]
        assert {i.title for i in selectors.board_ideas(lab.org, unseen=True)} == {"Late", "Recent"}
        assert board_services.is_overdue(Idea.objects.get(pk=late.pk))
        assert not board_services.is_overdue(Idea.objects.get(pk=seen.pk))
        report = board_services.overdue_report(lab.org)
    assert report["total"] == 1 and report["by_program"][0]["n"] == 1 and report["limit_days"] == 5
    lab.org.review_time_limit_days = 10
    lab.org.save()
    with scopes_disabled():
        assert board_services.overdue_report(lab.org)["total"] == 0


def test_overdue_page_and_daily_report_command(client, lab):
    old_idea(lab, 40, title="Forgotten")
    client.force_login(lab.users["executive"])
    with translation.override("en"):
        response = client.get(url(lab, "overdue/"))
    assert response.status_code == 200 and "Forgotten" in response.text
    out = io.StringIO()
    call_command("send_overdue_report", stdout=out)
    call_command("send_overdue_report", stdout=out)  # the same day: nothing more
    with scopes_disabled():
        sent = Notification.objects.filter(kind="board_overdue")
        assert [n.user for n in sent] == [lab.users["executive"]]
        assert sent[0].params["count"] == 1


def test_no_overdue_report_without_overdue_ideas(lab):
    f.IdeaFactory(organization=lab.org)
    assert board_services.overdue_reports_send() == 0


# Filters, order and keyset pages ------------------------------------------------------------

def test_board_filters_and_sorts(lab):
    concept = Concept.objects.create(organization=lab.org, name="Refills")
    a = old_idea(lab, 3, title="A", concept=concept)
    b = old_idea(lab, 2, title="B", first_seen_at=timezone.now())
    c = old_idea(lab, 1, title="C")
    with scopes_disabled():
        def titles(**kw):
            return [i.title for i in selectors.board_ideas(lab.org, **kw)]

        assert titles() == ["C", "B", "A"]
        assert titles(sort="oldest") == ["A", "B", "C"]
        assert titles(sort="waiting") == ["A", "C", "B"]
        assert titles(concept_id=concept.pk) == ["A"]
        assert titles(unseen=True) == ["C", "A"]
        day = timezone.localdate(b.submitted_at)
        assert titles(date_from=day, date_to=day) == ["B"]
        from cocreate.realization.forwarding import forward_ideas
        c.state = IdeaState.ACCEPTED
        c.save()
        forward_ideas([c], department=lab.department, owner=lab.users["internal_partner"],
                      due_on=timezone.localdate(), actor=lab.users["executive"])
        assert titles(department_id=lab.department.pk) == ["C"]
    del a


@pytest.mark.parametrize("sort", ["newest", "oldest", "waiting"])
def test_keyset_pages_walk_every_idea_once(lab, sort):
    stamp = timezone.now() - timedelta(days=3)
    for i in range(7):  # equal timestamps: the id breaks ties
        f.IdeaFactory(organization=lab.org, submitted_at=stamp if i < 4 else stamp + timedelta(hours=i),
                      first_seen_at=timezone.now() if i % 3 == 0 else None)
    with scopes_disabled():
        qs = selectors.board_ideas(lab.org, sort=sort)
        expected = [i.pk for i in qs]
        seen, cursor = [], ""
        while True:
            rows, cursor = selectors.board_page(qs, cursor=cursor, sort=sort, size=3)
            seen += [i.pk for i in rows]
            if not cursor:
                break
    assert seen == expected and len(seen) == 7


def test_bounded_count(lab):
    for _ in range(4):
        f.IdeaFactory(organization=lab.org)
    with scopes_disabled():
        assert selectors.bounded_count(selectors.board_ideas(lab.org), bound=3) == (3, True)
        assert selectors.bounded_count(selectors.board_ideas(lab.org), bound=10) == (4, False)


def test_board_page_shows_new_overdue_hidden_and_next_page(client, lab):
    old_idea(lab, 60, title="Very old")
    for i in range(50):
        f.IdeaFactory(organization=lab.org, title=f"Filler {i}", first_seen_at=timezone.now())
    f.IdeaFactory(organization=lab.org, title="Hidden one", hidden_at=timezone.now(), hidden_reason="insults")
    client.force_login(lab.users["executive"])
    with translation.override("en"):
        text = client.get(url(lab)).text
        assert "Hidden one" in text and "insults" in text and "Very old" not in text
        assert "after=" in text
        text = client.get(url(lab), {"sort": "waiting"}).text
    assert "Very old" in text and 'class="overdue"' in text and "badge-new" in text


def test_board_query_count_is_constant(client, lab):
    client.force_login(lab.users["executive"])
    for _ in range(3):
        old_idea(lab, 20)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(lab), {"sort": "waiting"}).status_code == 200
    for _ in range(60):
        old_idea(lab, 20, first_seen_at=timezone.now())
    with CaptureQueriesContext(connection) as big:
        response = client.get(url(lab), {"sort": "waiting"})
        assert response.status_code == 200
    assert len(big.captured_queries) <= len(small.captured_queries)
    cursor = response.context["next_cursor"]
    with CaptureQueriesContext(connection) as deep:
        assert client.get(url(lab), {"sort": "waiting", "after": cursor}).status_code == 200
    assert len(deep.captured_queries) <= len(small.captured_queries)


@pytest.mark.parametrize("role", ROLES)
def test_board_pages_role_matrix(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    allowed = role in {"executive", "org_admin"}
    for path in [url(lab), url(lab, "overdue/"), f"/o/{lab.org.slug}/board.xlsx"]:
        status, response = status_as(client, user, path)
        assert_answer(role, status, response, allowed)
    if user.is_authenticated:
        status, response = status_as(client, user, url(other))
        assert status == 404


# Exports ---------------------------------------------------------------------------------

def test_xlsx_export_escapes_formulas_and_keeps_filters(client, lab):
    from openpyxl import load_workbook

    f.IdeaFactory(organization=lab.org, title="=cmd|' /C calc'!A0")
    f.IdeaFactory(organization=lab.org, title="@SUM(1)", hidden_at=timezone.now(), hidden_reason="-1+1")
    f.IdeaFactory(organization=lab.org, title="향기로운 캔", first_seen_at=timezone.now())
    client.force_login(lab.users["executive"])
    with translation.override("en"):
        response = client.get(f"/o/{lab.org.slug}/board.xlsx")
        assert response.status_code == 200
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        header = rows[0]
        by_title = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}
        assert set(by_title) == {"'=cmd|' /C calc'!A0", "'@SUM(1)", "향기로운 캔"}
        assert by_title["'@SUM(1)"]["Reason for hiding"] == "'-1+1"
        response = client.get(f"/o/{lab.org.slug}/board.xlsx", {"unseen": "on"})
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3


def test_cell_escaping():
    assert [board_services.cell(v) for v in ["=1", "+1", "-1", "@a", "\tx", "ok", None, 5]] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "ok", "", "5"]


def test_bounded_state_counts(lab):
    for _ in range(3):
        f.IdeaFactory(organization=lab.org)
    f.IdeaFactory(organization=lab.org, state=IdeaState.PARKED)
    f.IdeaFactory(organization=lab.org, state=IdeaState.DRAFT, submitted_at=None)
    f.IdeaFactory()  # another organization
    with scopes_disabled():
        counts = selectors.state_counts(lab.org, bound=2)
        assert counts["submitted"] == 3 and counts["parked"] == 1 and "draft" not in counts
        assert selectors.state_counts(lab.org) == {"submitted": 3, "parked": 1}


def test_what_waits_for_a_first_look_is_always_in_view(client, lab):
    """Whatever the filters, the board's header counts the ideas nobody looked at and the
    overdue ones, each a link to that filter."""
    old_idea(lab, 60, title="Very old")
    f.IdeaFactory(organization=lab.org, title="New today")
    f.IdeaFactory(organization=lab.org, title="Seen", first_seen_at=timezone.now())
    client.force_login(lab.users["executive"])
    with translation.override("en"):
        text = client.get(url(lab), {"state": "accepted"}).text  # a filter that matches none of them
    assert re.search(r'id="waiting-unseen">Nobody looked at it yet <span class="badge">2</span>', text)
    assert re.search(r'id="waiting-overdue">Overdue <span class="badge badge-warning">1</span>', text)
    with translation.override("en"):
        text = client.get(url(lab), {"overdue": "on"}).text
    assert "Very old" in text and "New today" not in text


def test_the_waiting_badges_stop_counting_at_999(client, lab, monkeypatch):
    from importlib import import_module

    board_views = import_module("cocreate.realization.views.board")  # the package's `board` is the view
    monkeypatch.setattr(board_views, "WAITING_BOUND", 2)
    for _ in range(3):
        f.IdeaFactory(organization=lab.org)
    client.force_login(lab.users["executive"])
    text = client.get(url(lab)).text
    assert re.search(r'id="waiting-unseen">[^<]+<span class="badge">2\+</span>', text)
    assert board_views._bounded(999, True, 999) == "999+" and board_views._bounded(12, False, 999) == "12"
