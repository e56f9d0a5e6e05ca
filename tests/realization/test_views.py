"""The executive board, its CSV export, and deciding/reviving ideas."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from cocreate.ideas.enums import Channel, IdeaState
from cocreate.notifications.models import Notification
from cocreate.realization.enums import DecisionKind
from cocreate.realization.models import Decision
from cocreate.retention.models import Outcome
from tests import factories as f
from tests.evaluation.factories import mission_idea, score

pytestmark = pytest.mark.django_db


def board_url(lab):
    return f"/o/{lab.org.slug}/board/"


def csv_url(lab):
    return f"/o/{lab.org.slug}/board.csv"


def decide_url(lab, idea):
    return f"/o/{lab.org.slug}/ideas/{idea.pk}/decide/"


def revive_url(lab, idea):
    return f"/o/{lab.org.slug}/ideas/{idea.pk}/revive/"


def read_csv(response) -> tuple[str, list[list[str]]]:
    raw = b"".join(response.streaming_content).decode("utf-8")
    return raw, list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"))))


# The board ---------------------------------------------------------------------------------

def test_board_lists_every_submitted_idea_unfiltered(client, lab):
    judge, executive = lab.users["judge"], lab.users["executive"]
    open_idea = f.IdeaFactory(organization=lab.org, title="Open idea", support_count=7)
    scored = mission_idea(lab, title="Mission idea", state=IdeaState.IN_EVALUATION)
    score(scored, judge, [10, 10, 5, 5])
    hidden = f.IdeaFactory(organization=lab.org, title="Hidden idea", hidden_at=open_idea.submitted_at,
                           hidden_reason="insults")
    parked = f.IdeaFactory(organization=lab.org, title="Parked idea", state=IdeaState.PARKED)
    Decision.objects.create(
        released_at=timezone.now(), idea=parked, kind=DecisionKind.PARK, reason="Later", decided_by=executive)
    f.IdeaFactory(organization=lab.org, title="Private draft", state=IdeaState.DRAFT)
    f.IdeaFactory(title="Other company's idea")
    client.force_login(executive)
    response = client.get(board_url(lab))
    assert response.status_code == 200
    text = response.text
    for title in ["Open idea", "Mission idea", "Hidden idea", "Parked idea"]:
        assert title in text
    assert "Private draft" not in text and "Other company" not in text
    assert '<tr class="hidden-content">' in text and 'title="insults">Hidden</span>' in text
    assert "<strong>75.0</strong>" in text  # (10+10+5+5)/40 of 100
    assert f"{lab.program.title} · {lab.mission.title}" in text
    assert '<td class="num">7</td>' in text
    assert "Park" in text
    # counts per state, drafts excluded
    assert 'All <span class="badge">4</span>' in text
    assert 'Submitted <span class="badge">2</span>' in text
    assert 'In evaluation <span class="badge">1</span>' in text
    assert 'Parked <span class="badge">1</span>' in text
    assert 'Rejected <span class="badge">0</span>' in text
    assert hidden.title in text


def test_board_filters(client, lab):
    f.IdeaFactory(organization=lab.org, title="Refill station for cans")
    f.IdeaFactory(organization=lab.org, title="Parked bottle", state=IdeaState.PARKED)
    mission_idea(lab, title="Mission scent")
    client.force_login(lab.users["executive"])

    def titles(**params):
        text = client.get(board_url(lab), params).text
        return {t for t in ["Refill station for cans", "Parked bottle", "Mission scent"] if t in text}

    assert titles(state="parked") == {"Parked bottle"}
    assert titles(channel=Channel.MISSION) == {"Mission scent"}
    assert titles(program=lab.program.pk) == {"Mission scent"}
    assert titles(q="station") == {"Refill station for cans"}
    assert titles(state="submitted", channel="open") == {"Refill station for cans"}
    assert titles(program="999999") == {"Refill station for cans", "Parked bottle", "Mission scent"}


def test_board_htmx_returns_the_results_partial(client, lab):
    f.IdeaFactory(organization=lab.org, title="Only open")
    client.force_login(lab.users["executive"])
    response = client.get(board_url(lab), {"channel": "open"}, HTTP_HX_REQUEST="true",
                          HTTP_HX_TARGET="board-results")
    assert "<html" not in response.text and "Only open" in response.text
    assert f'href="{csv_url(lab)}?channel=open"' in response.text


def _fill_board(lab, n):
    judge, executive = lab.users["judge"], lab.users["executive"]
    for i in range(n):
        idea = mission_idea(lab, state=IdeaState.PARKED if i % 3 == 0 else IdeaState.IN_EVALUATION)
        score(idea, judge, [i % 10, 5, 5, 5])
        if i % 3 == 0:
            Decision.objects.create(
        released_at=timezone.now(), idea=idea, kind=DecisionKind.PARK, reason="Later", decided_by=executive)
        f.IdeaFactory(organization=lab.org)


def test_board_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["executive"])
    _fill_board(lab, 3)
    with django_assert_max_num_queries(20) as small:
        assert client.get(board_url(lab)).status_code == 200
    _fill_board(lab, 15)  # 36 ideas: more than one page
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(board_url(lab)).status_code == 200


def test_board_csv_streams_every_idea_with_a_bom(client, lab):
    judge, executive = lab.users["judge"], lab.users["executive"]
    korean = mission_idea(lab, title="바다 향 리필 캔", state=IdeaState.REJECTED)
    score(korean, judge, [8, 8, 8, 8])
    Decision.objects.create(
        released_at=timezone.now(), idea=korean, kind=DecisionKind.REJECT, reason="원가가 너무 높습니다",
                            decided_by=executive)
    f.IdeaFactory(organization=lab.org, title="=HYPERLINK(\"http://evil\")")
    f.IdeaFactory(organization=lab.org, title="Draft", state=IdeaState.DRAFT)
    client.force_login(executive)
    response = client.get(csv_url(lab))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="board-{lab.org.slug}-')
    raw, rows = read_csv(response)
    assert raw.startswith("\ufeffID,Title,State,")
    assert len(rows) == 3
    header = rows[0]
    by_title = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    row = by_title["바다 향 리필 캔"]
    assert (row["State"], row["Total score"], row["Judges"], row["Decision"], row["Reason"]) == (
        "Rejected", "80.00", "1", "Reject", "원가가 너무 높습니다")
    assert row["Mission"] == lab.mission.title and row["Channel"] == "Mission"
    assert row["Address"] == f"http://testserver/o/{lab.org.slug}/ideas/{korean.pk}/"
    assert "'=HYPERLINK(\"http://evil\")" in by_title  # spreadsheets will not run it


def test_board_csv_uses_the_board_filters(client, lab):
    f.IdeaFactory(organization=lab.org, title="Open one")
    mission_idea(lab, title="Mission one")
    client.force_login(lab.users["executive"])
    _raw, rows = read_csv(client.get(csv_url(lab), {"channel": "mission"}))
    assert [r[1] for r in rows[1:]] == ["Mission one"]


def test_board_csv_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["executive"])
    _fill_board(lab, 3)
    with django_assert_max_num_queries(20) as small:
        read_csv(client.get(csv_url(lab)))
    _fill_board(lab, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        _raw, rows = read_csv(client.get(csv_url(lab)))
    assert len(rows) == 1 + 66


@pytest.mark.parametrize("role", ["program_manager", "judge", "internal_partner", "member"])
def test_board_csv_needs_the_board_permission(client, lab, role):
    client.force_login(lab.users[role])
    assert client.get(csv_url(lab)).status_code == 404


# Deciding ----------------------------------------------------------------------------------

def test_decide_page_shows_the_idea_breakdown_and_earlier_decisions(client, lab):
    executive = lab.users["executive"]
    idea = mission_idea(lab, title="Scent idea", body="Smells like rain.",
                        state=IdeaState.IN_EXECUTIVE_REVIEW)
    score(idea, lab.users["judge"], [6, 6, 6, 6])
    Decision.objects.create(
        released_at=timezone.now(), idea=idea, kind=DecisionKind.PARK, reason="Waiting for the budget",
                            decided_by=executive)
    f.DepartmentFactory(name="Somebody else's department")
    client.force_login(executive)
    response = client.get(decide_url(lab, idea))
    assert response.status_code == 200
    text = response.text
    assert "Smells like rain." in text
    assert "<strong>60.0</strong> / 100" in text
    assert "Waiting for the budget" in text
    assert f">{escape(lab.department.name)}</option>" in text
    assert "Somebody else" not in text


@pytest.mark.parametrize("language", ["en", "ko"])
def test_reject_without_reason_is_refused_and_changes_nothing(client, lab, language):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    executive = lab.users["executive"]
    executive.language = language
    executive.save()
    client.force_login(executive)
    response = client.post(decide_url(lab, idea), {"kind": "reject", "reason": "   "})
    assert response.status_code == 200
    with translation.override(language):
        message = escape(gettext("A rejection needs a reason; the author will read it."))
    assert message in response.text
    assert 'value="reject" required id="id_kind_2" checked' in response.text  # what was chosen stays
    idea.refresh_from_db()
    assert idea.state == IdeaState.IN_EXECUTIVE_REVIEW
    assert not Decision.objects.exists() and not Notification.objects.exists()


def test_accept_without_department_is_refused(client, lab):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    client.force_login(lab.users["executive"])
    response = client.post(decide_url(lab, idea), {"kind": "accept", "reason": "Great, my careful words"})
    assert response.status_code == 200
    assert "Choose the department that will act on the idea." in response.text
    assert "Great, my careful words" in response.text
    assert not Decision.objects.exists() and not Outcome.objects.exists()
    assert Decision.objects.count() == 0


def test_accept_with_another_organizations_department_is_refused(client, lab):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    foreign = f.DepartmentFactory()
    client.force_login(lab.users["executive"])
    response = client.post(decide_url(lab, idea), {"kind": "accept", "department": foreign.pk})
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert not Decision.objects.exists()


def test_accept_opens_an_outcome_and_tells_the_department(client, lab, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    idea = mission_idea(lab, title="Refill can", state=IdeaState.IN_EXECUTIVE_REVIEW)
    second_partner = f.UserFactory(email="second@example.com")
    f.MembershipFactory(organization=lab.org, user=second_partner, role="internal_partner",
                        department=lab.department)
    client.force_login(lab.users["executive"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(lab, idea), {"kind": "accept", "department": lab.department.pk,
                                                       "reason": "Fits the 2027 range."})
    assert response.status_code == 302 and response["Location"] == board_url(lab)
    idea.refresh_from_db()
    assert idea.state == IdeaState.ACCEPTED
    decision = Decision.objects.get()
    assert (decision.kind, decision.department, decision.reason) == (
        "accept", lab.department, "Fits the 2027 range.")
    outcome = Outcome.objects.get(idea=idea)
    assert (outcome.department, outcome.progress) == (lab.department, 0)
    forwarded = Notification.objects.filter(kind="idea_forwarded")
    assert {n.user for n in forwarded} == {lab.users["internal_partner"], second_partner}
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted(
        [idea.author.email, lab.users["internal_partner"].email, "second@example.com"])
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects["second@example.com"] == f"An idea was forwarded to {lab.department.name}: “Refill can”"


def test_rejected_author_reads_reason_and_breakdown_and_gets_mail(client, lab, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    idea = mission_idea(lab, title="Glitter can", state=IdeaState.IN_EVALUATION)
    score(idea, lab.users["judge"], [2, 4, 6, 8])
    client.force_login(lab.users["executive"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(lab, idea), {"kind": "reject", "reason": "Too costly to produce."})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Decision recorded on “Glitter can”. Its author was told."]
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [idea.author.email]
    # A respectful message (idea_rejected): thanks, the reasons, and what the author can do next.
    assert mail.subject == "About your idea “Glitter can”"
    assert "Too costly to produce." in mail.body and "one-to-one explanation" in mail.body
    client.force_login(idea.author)
    text = client.get("/me/ideas/").text
    assert "Decision: Reject" in text
    assert "Too costly to produce." in text
    assert "<strong>50.0</strong> / 100" in text
    for c in lab.criteria:
        assert f'<th scope="row">{c.name}</th>' in text


def test_deciding_an_implemented_idea_is_refused(client, lab):
    from cocreate.core.errors import DomainError
    from cocreate.realization.services import idea_decide

    idea = mission_idea(lab, state=IdeaState.IMPLEMENTED)
    executive = lab.users["executive"]
    client.force_login(executive)
    assert client.get(decide_url(lab, idea)).status_code == 404
    assert client.post(decide_url(lab, idea), {"kind": "park"}).status_code == 404
    with pytest.raises(DomainError) as error:
        idea_decide(idea, actor=executive, kind="park")
    assert error.value.text == "An idea that is “Implemented” cannot become “Parked”."
    assert Idea_state(idea) == IdeaState.IMPLEMENTED and not Decision.objects.exists()


def Idea_state(idea):
    idea.refresh_from_db()
    return idea.state


def test_park_then_revive_then_accept(client, lab, django_capture_on_commit_callbacks):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    client.force_login(lab.users["executive"])
    client.post(decide_url(lab, idea), {"kind": "park", "reason": "Next year", "revisit_condition": "Budget"})
    assert Idea_state(idea) == IdeaState.PARKED
    client.post(decide_url(lab, idea), {"kind": "reject", "reason": "No budget"})
    assert Idea_state(idea) == IdeaState.REJECTED
    # A rejected idea: the page offers revival only, and a decision POST is refused.
    text = client.get(decide_url(lab, idea)).text
    assert "Revive this idea" in text and "Record the decision" not in text
    assert client.post(decide_url(lab, idea), {"kind": "park", "reason": "x"}).status_code == 404
    response = client.post(revive_url(lab, idea), {"reason": "The market changed"})
    assert response.status_code == 302 and response["Location"] == decide_url(lab, idea)
    assert Idea_state(idea) == IdeaState.IN_EXECUTIVE_REVIEW
    client.post(decide_url(lab, idea), {"kind": "accept", "department": lab.department.pk})
    assert Idea_state(idea) == IdeaState.ACCEPTED
    kinds = Decision.objects.filter(idea=idea).values_list("kind", flat=True)
    assert list(kinds) == ["accept", "reject", "park"]
    # Every decision stays in the history.
    text = client.get(f"/o/{lab.org.slug}/outcomes/").text
    assert idea.title in text


@pytest.mark.parametrize("role", ["org_admin", "program_manager", "judge", "internal_partner", "member"])
def test_only_executives_revive(client, lab, role):
    idea = mission_idea(lab, state=IdeaState.REJECTED)
    client.force_login(lab.users[role])
    assert client.post(revive_url(lab, idea)).status_code == 404
    assert Idea_state(idea) == IdeaState.REJECTED


def test_reviving_an_accepted_idea_is_refused(client, lab):
    idea = mission_idea(lab, state=IdeaState.ACCEPTED)
    client.force_login(lab.users["executive"])
    assert client.post(revive_url(lab, idea)).status_code == 404


def test_a_decision_on_a_stale_page_is_refused_and_keeps_the_other_decision(client, lab):
    """Two executives open the same idea; the first parks it, the second (whose page still
    says "submitted") tries to reject: refused, the park stands, the reason typed is kept."""
    from cocreate.ideas.models import Idea
    from cocreate.realization.models import Decision
    from cocreate.realization.services import idea_decide

    idea = f.IdeaFactory(organization=lab.org)
    idea_decide(idea, actor=lab.users["executive"], kind="park", reason="Next season")
    client.force_login(lab.users["executive"])
    response = client.post(f"/o/{lab.org.slug}/ideas/{idea.pk}/decide/",
                           {"kind": "reject", "reason": "Too costly", "seen_state": "submitted"})
    assert response.status_code == 200
    assert "Someone changed this idea meanwhile" in response.text and "Too costly" in response.text
    assert Idea.objects.get(pk=idea.pk).state == "parked"
    assert list(Decision.objects.filter(idea=idea).values_list("kind", flat=True)) == ["park"]
