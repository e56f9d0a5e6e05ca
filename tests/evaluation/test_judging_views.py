"""Judging pages and services: the manager's assignments, the judge's queue with due dates,
conflicts of interest, comments per criterion and who reads them."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cocreate.core.errors import DomainError
from cocreate.evaluation import services
from cocreate.evaluation.models import JudgeAssignment, JudgeConflict, Score
from cocreate.ideas.enums import IdeaState
from cocreate.notifications.kinds import render
from cocreate.notifications.models import Notification
from tests import factories as f
from tests.roles import ROLES_AND_AUTHOR, expected_status, login, who

from .factories import mission_idea, score

pytestmark = pytest.mark.django_db


def judging_url(lab):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/judging/"


def conflicts_url(lab):
    return f"/o/{lab.org.slug}/evaluation/conflicts/"


def add_judges(lab, n, prefix="Judge"):
    judges = []
    for t in range(n):
        user = f.UserFactory(name=f"{prefix} {t}")
        f.MembershipFactory(organization=lab.org, user=user, role="judge")
        judges.append(user)
    return judges


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- permissions -------------------------------------------------------------------------------

@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", [r for r in ROLES_AND_AUTHOR if r != "author"])
def test_judging_page_matrix(client, labs, role, own):
    home, other = labs
    target = home if own else other
    user = who(home, role)
    allowed = user.has_perm("evaluation.manage_judging", target.program)
    assert allowed is (own and role in {"org_admin", "program_manager"})
    login(client, user)
    assert client.get(judging_url(target)).status_code == expected_status(role, allowed)
    # The actions answer alike: 404 (or the login page) for everyone else.
    idea = mission_idea(target)
    status = client.post(judging_url(target) + "assign/", {"idea": idea.pk,
                                                          "judge": target.users["judge"].pk}).status_code
    assert status == (302 if allowed or role == "visitor" else 404)
    assert JudgeAssignment.objects.filter(idea=idea).exists() is allowed


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", [r for r in ROLES_AND_AUTHOR if r != "author"])
def test_conflicts_page_matrix(client, labs, role, own):
    home, other = labs
    target = home if own else other
    user = who(home, role)
    allowed = user.has_perm("evaluation.declare_conflict", target.org)
    assert allowed is (own and role == "judge")
    login(client, user)
    assert client.get(conflicts_url(target)).status_code == expected_status(role, allowed)


def test_withdrawing_another_judges_conflict_is_404(client, lab):
    other_judge, = add_judges(lab, 1)
    conflict = JudgeConflict.objects.create(organization=lab.org, judge=other_judge, person=lab.users["partner"])
    client.force_login(lab.users["judge"])
    assert client.post(conflicts_url(lab) + f"{conflict.pk}/withdraw/").status_code == 404
    assert JudgeConflict.objects.filter(pk=conflict.pk).exists()


# --- automatic and manual assignment -----------------------------------------------------------

def test_auto_assign_balances_and_notifies(client, lab):
    judges = [lab.users["judge"], *add_judges(lab, 3)]
    authors = [f.UserFactory(name=f"Author {i}") for i in range(6)]
    ideas = [mission_idea(lab, author=a) for a in authors]
    mission_idea(lab, state=IdeaState.ACCEPTED)  # decided: not assigned
    mission_idea(lab, author=judges[1])  # a judge's own idea
    JudgeConflict.objects.create(organization=lab.org, judge=judges[2], person=authors[0])
    client.force_login(lab.users["program_manager"])
    due = (timezone.now() + timedelta(days=7)).replace(microsecond=0, second=0)
    response = client.post(judging_url(lab) + "auto/", {"min_judges": 2, "due_at": due.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    rows = list(JudgeAssignment.objects.filter(idea__program=lab.program))
    assert len(rows) == 14  # 7 scorable ideas × 2
    assert all(r.automatic and r.due_at is not None for r in rows)
    assert not any(r.judge_id == judges[1].pk and r.idea.author_id == judges[1].pk for r in rows)
    assert not any(r.judge_id == judges[2].pk and r.idea_id == ideas[0].pk for r in rows)
    loads = [sum(1 for r in rows if r.judge_id == j.pk) for j in judges]
    assert max(loads) - min(loads) <= 1
    assert Notification.objects.filter(kind="judge_assigned").count() == 4
    note = Notification.objects.filter(kind="judge_assigned").first()
    with translation.override("en"):
        subject, body = render(note.kind, note.params)
    assert lab.program.title in subject and "idea(s)" in body and str(due.year) in body
    # Again: nothing new, nobody notified twice.
    client.post(judging_url(lab) + "auto/", {"min_judges": 2})
    assert JudgeAssignment.objects.filter(idea__program=lab.program).count() == 14
    assert Notification.objects.filter(kind="judge_assigned").count() == 4
    page = client.get(judging_url(lab))
    assert page.status_code == 200
    assert judges[3].name in page.text


def test_auto_assign_reports_ideas_short_of_judges(client, lab):
    mission_idea(lab)  # one judge in the lab: min 2 cannot be met
    client.force_login(lab.users["org_admin"])
    with translation.override("en"):
        response = client.post(judging_url(lab) + "auto/", {"min_judges": 2}, follow=True)
    assert any("could not get enough judges" in m for m in messages_of(response))
    assert JudgeAssignment.objects.count() == 1


def test_auto_assign_form_error_keeps_input(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.post(judging_url(lab) + "auto/", {"min_judges": 0, "due_at": "2030-01-02T10:00"})
    assert response.status_code == 200
    assert 'value="2030-01-02T10:00"' in response.text or "2030-01-02" in response.text
    assert JudgeAssignment.objects.count() == 0


def test_manual_assign_is_idempotent_and_refuses_conflicts(client, lab):
    judge = lab.users["judge"]
    author = f.UserFactory(name="Cousin")
    idea = mission_idea(lab, author=author)
    client.force_login(lab.users["program_manager"])
    client.post(judging_url(lab) + "assign/", {"idea": idea.pk, "judge": judge.pk})
    client.post(judging_url(lab) + "assign/", {"idea": idea.pk, "judge": judge.pk})
    assert JudgeAssignment.objects.filter(idea=idea, judge=judge).count() == 1
    assert Notification.objects.filter(kind="judge_assigned", user=judge).count() == 1
    client.post(judging_url(lab) + "unassign/", {"idea": idea.pk, "judge": judge.pk})
    assert not JudgeAssignment.objects.exists()
    JudgeConflict.objects.create(organization=lab.org, judge=judge, person=author)
    with translation.override("en"):
        response = client.post(judging_url(lab) + "assign/", {"idea": idea.pk, "judge": judge.pk}, follow=True)
    assert any("conflict of interest" in m for m in messages_of(response))
    assert not JudgeAssignment.objects.exists()
    # A non-judge cannot be chosen.
    client.post(judging_url(lab) + "assign/", {"idea": idea.pk, "judge": lab.users["executive"].pk})
    assert not JudgeAssignment.objects.exists()


def test_assignment_service_refusals(lab):
    judge = lab.users["judge"]
    own = mission_idea(lab, author=judge)
    with pytest.raises(DomainError):
        services.assignment_add(own, judge, actor=lab.users["org_admin"])
    with pytest.raises(DomainError):
        services.assignment_add(mission_idea(lab), lab.users["member"], actor=lab.users["org_admin"])
    with pytest.raises(DomainError):
        services.assignment_add(mission_idea(lab, state=IdeaState.REJECTED), judge, actor=lab.users["org_admin"])
    assert services.assignment_remove(own, judge, actor=lab.users["org_admin"]) is False


def test_judging_page_query_count_is_constant(client, lab, django_assert_max_num_queries):
    judges = [lab.users["judge"], *add_judges(lab, 3)]
    client.force_login(lab.users["program_manager"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(judging_url(lab)).status_code == 200
        return len(ctx)

    for _ in range(3):
        mission_idea(lab)
    services.assignments_auto(lab.program, actor=lab.users["org_admin"], min_judges=2)
    few = count()
    for _ in range(12):
        mission_idea(lab)
    services.assignments_auto(lab.program, actor=lab.users["org_admin"], min_judges=3)
    score(JudgeAssignment.objects.first().idea, judges[0], [1, 2, 3, 4])
    assert count() == few


# --- the judge's queue -------------------------------------------------------------------------

def test_queue_shows_assigned_ideas_by_due_date_and_hides_conflicts(client, lab):
    judge = lab.users["judge"]
    other, = add_judges(lab, 1)
    now = timezone.now()
    late = mission_idea(lab, title="Late idea")
    soon = mission_idea(lab, title="Soon idea")
    not_mine = mission_idea(lab, title="Someone else's idea")
    JudgeAssignment.objects.create(idea=late, judge=judge, due_at=now - timedelta(days=1))
    JudgeAssignment.objects.create(idea=soon, judge=judge, due_at=now + timedelta(days=2))
    JudgeAssignment.objects.create(idea=not_mine, judge=other, due_at=now + timedelta(days=1))
    # Another program without assignments: every judge sees its ideas, except a conflicted author's.
    program = f.ProgramFactory(organization=lab.org)
    agreement = f.AgreementFactory(program=program)
    f.CriterionFactory(agreement=agreement, name="Only")
    mission = f.MissionFactory(program=program)
    cousin = f.UserFactory(name="Cousin")
    open_idea = f.IdeaFactory(organization=lab.org, channel="mission", program=program, mission=mission,
                              title="Unassigned program idea", state=IdeaState.SUBMITTED)
    f.IdeaFactory(organization=lab.org, channel="mission", program=program, mission=mission, author=cousin,
                  title="Cousin's idea", state=IdeaState.SUBMITTED)
    JudgeConflict.objects.create(organization=lab.org, judge=judge, person=cousin)
    client.force_login(judge)
    with translation.override("en"):
        text = client.get(f"/o/{lab.org.slug}/evaluation/").text
    assert "Someone else" not in text and "Cousin&#x27;s idea" not in text
    assert text.index("Late idea") < text.index("Soon idea") < text.index(open_idea.title)
    assert "Overdue" in text
    assert text.count("Overdue") == 1
    assert "0 of 3 done" in text
    # The other judge sees only their assigned idea of the lab's program.
    client.force_login(other)
    text = client.get(f"/o/{lab.org.slug}/evaluation/?program={lab.program.pk}").text
    assert "Someone else" in text and "Late idea" not in text


def test_queue_query_count_is_constant(client, lab):
    judge = lab.users["judge"]
    client.force_login(judge)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/o/{lab.org.slug}/evaluation/").status_code == 200
        return len(ctx)

    for _ in range(2):
        JudgeAssignment.objects.create(idea=mission_idea(lab), judge=judge, due_at=timezone.now())
    few = count()
    for _ in range(10):
        JudgeAssignment.objects.create(idea=mission_idea(lab), judge=judge, due_at=timezone.now())
    assert count() == few


# --- conflicts of interest ---------------------------------------------------------------------

def test_declare_and_withdraw_a_conflict(client, lab):
    judge = lab.users["judge"]
    cousin = f.UserFactory(name="Cousin", email="cousin@example.com")
    scored_idea = mission_idea(lab, author=cousin)
    fresh_idea = mission_idea(lab, author=cousin)
    JudgeAssignment.objects.create(idea=scored_idea, judge=judge)
    JudgeAssignment.objects.create(idea=fresh_idea, judge=judge)
    score(scored_idea, judge, [1])
    client.force_login(judge)
    page = client.get(conflicts_url(lab)).text
    assert "Cousin" in page and "cousin@example.com" not in page
    assert f'value="{judge.pk}"' not in page  # never oneself
    response = client.post(conflicts_url(lab), {"person": cousin.pk, "reason": "My cousin"})
    assert response.status_code == 302
    conflict = JudgeConflict.objects.get(judge=judge, person=cousin)
    assert conflict.reason == "My cousin"
    # Taken off the idea not scored yet; the scored one stays for the manager to see.
    assert list(JudgeAssignment.objects.values_list("idea_id", flat=True)) == [scored_idea.pk]
    assert judge.has_perm("evaluation.score_idea", fresh_idea) is False
    assert client.get(f"/o/{lab.org.slug}/ideas/{fresh_idea.pk}/score/").status_code == 404
    client.post(conflicts_url(lab) + f"{conflict.pk}/withdraw/")
    assert not JudgeConflict.objects.exists()
    # Withdrawing does not hand the idea back by itself: the program assigns judges, so the
    # manager assigns it again.
    assert judge.has_perm("evaluation.score_idea", fresh_idea) is False
    JudgeAssignment.objects.create(idea=fresh_idea, judge=judge)
    assert judge.has_perm("evaluation.score_idea", fresh_idea) is True


def test_where_judges_are_assigned_only_the_assigned_judge_scores(client, lab):
    judge, other = lab.users["judge"], f.UserFactory()
    f.MembershipFactory(organization=lab.org, user=other, role="judge")
    mine, theirs = mission_idea(lab), mission_idea(lab)
    # No assignment in the program yet: every judge may score every idea.
    assert judge.has_perm("evaluation.score_idea", theirs) and other.has_perm("evaluation.score_idea", mine)
    JudgeAssignment.objects.create(idea=mine, judge=judge)
    JudgeAssignment.objects.create(idea=theirs, judge=other)
    assert judge.has_perm("evaluation.score_idea", mine)
    assert not judge.has_perm("evaluation.score_idea", theirs)
    client.force_login(judge)
    assert client.get(f"/o/{lab.org.slug}/ideas/{theirs.pk}/score/").status_code == 404
    assert client.get(f"/o/{lab.org.slug}/ideas/{mine.pk}/score/").status_code == 200


def test_conflict_form_error_keeps_the_reason(client, lab):
    client.force_login(lab.users["judge"])
    response = client.post(conflicts_url(lab), {"person": lab.users["judge"].pk, "reason": "Myself"})
    assert response.status_code == 200
    assert 'value="Myself"' in response.text
    assert not JudgeConflict.objects.exists()


def test_conflicts_page_finds_people_by_name_among_thousands(client, lab, django_assert_max_num_queries):
    """An open channel has thousands of authors: the list offers 50 at a time, found by name."""
    from cocreate.evaluation.views.judging import CONFLICT_CHOICES

    authors = [f.UserFactory(name=f"Author {k:03}") for k in range(CONFLICT_CHOICES + 10)]
    for a in authors:
        f.IdeaFactory(organization=lab.org, author=a)
    cousin = f.UserFactory(name="김사촌")
    f.IdeaFactory(organization=lab.org, author=cousin)
    client.force_login(lab.users["judge"])
    with translation.override("en"):
        with django_assert_max_num_queries(20):
            page = client.get(conflicts_url(lab), HTTP_ACCEPT_LANGUAGE="en").text
        select = re.search(r'<select name="person".*?</select>', page, re.S).group(0)
        assert select.count("<option") == CONFLICT_CHOICES + 1  # the people and the empty choice
        assert "type more of the name" in page
        page = client.get(conflicts_url(lab) + "?q=사촌", HTTP_ACCEPT_LANGUAGE="en").text
        assert f'<option value="{cousin.pk}">김사촌</option>' in page and "Author 0" not in page
        assert "No author or partner is called" in client.get(conflicts_url(lab) + "?q=nobody",
                                                              HTTP_ACCEPT_LANGUAGE="en").text
    # Anyone the judge may name can be chosen, listed or not; a refusal keeps the choice listed.
    last = authors[-1]
    assert client.post(conflicts_url(lab) + "?q=사촌", {"person": last.pk, "reason": ""}).status_code == 302
    assert JudgeConflict.objects.filter(judge=lab.users["judge"], person=last).exists()
    response = client.post(conflicts_url(lab) + "?q=사촌", {"person": last.pk, "reason": "x" * 201})
    assert response.status_code == 200 and f'<option value="{last.pk}" selected>' in response.text


def test_conflict_with_oneself_is_refused(lab):
    judge = lab.users["judge"]
    with pytest.raises(DomainError):
        services.conflict_declare(organization=lab.org, judge=judge, person=judge)


def test_scores_submit_refuses_a_conflicted_judge(lab):
    judge = lab.users["judge"]
    author = f.UserFactory()
    idea = mission_idea(lab, author=author)
    services.conflict_declare(organization=lab.org, judge=judge, person=author, reason="Neighbour")
    with pytest.raises(DomainError) as exc:
        services.scores_submit(idea, judge=judge, values={c.pk: 1 for c in lab.criteria})
    assert exc.value.code == "conflict_of_interest"
    assert not Score.objects.exists()


def test_conflict_with_a_credited_person_counts(lab):
    judge = lab.users["judge"]
    teammate = f.UserFactory()
    idea = mission_idea(lab)
    idea.credits.create(user=teammate)
    JudgeConflict.objects.create(organization=lab.org, judge=judge, person=teammate)
    assert judge.has_perm("evaluation.score_idea", idea) is False
    plan, created = services.assignments_auto(lab.program, actor=lab.users["org_admin"], min_judges=1)
    assert created == [] and plan.short[0].eligible == 0


# --- comments per criterion --------------------------------------------------------------------

def test_comments_are_saved_and_kept_on_error(client, lab):
    judge = lab.users["judge"]
    idea = mission_idea(lab)
    client.force_login(judge)
    url = f"/o/{lab.org.slug}/ideas/{idea.pk}/score/"
    c1, c2 = lab.criteria[0], lab.criteria[1]
    data = {f"criterion_{c.pk}": 5 for c in lab.criteria} | {f"criterion_{c2.pk}": 99,
                                                            f"comment_{c1.pk}": "Fresh & bold <idea>"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Fresh &amp; bold &lt;idea&gt;" in response.text
    assert not Score.objects.exists()
    data[f"criterion_{c2.pk}"] = 7
    assert client.post(url, data).status_code == 302
    assert Score.objects.get(criterion=c1).comment == "Fresh & bold <idea>"
    assert Score.objects.get(criterion=c2).comment == ""
    # Shown again when the judge comes back.
    assert "Fresh &amp; bold &lt;idea&gt;" in client.get(url).text


@pytest.mark.parametrize("shared", [True, False], ids=["shared", "not-shared"])
@pytest.mark.parametrize("decided", [True, False], ids=["decided", "in-evaluation"])
@pytest.mark.parametrize("role", ROLES_AND_AUTHOR)
def test_comments_visibility_matrix(client, lab, role, decided, shared):
    lab.agreement.comments_to_author = shared
    lab.agreement.save(update_fields=["comments_to_author"])
    idea = mission_idea(lab, state=IdeaState.REJECTED if decided else IdeaState.IN_EVALUATION)
    scorer, = add_judges(lab, 1, prefix="Zelda Quill")
    Score.objects.create(idea=idea, judge=scorer, criterion=lab.criteria[0], value=3,
                         comment="Needs a cheaper can")
    user = who(lab, role, idea)
    staff = role in {"org_admin", "program_manager", "reviewer", "executive", "internal_partner"}
    # A judge who has not scored the idea yet reads the others' comments only once it is decided.
    visible = staff or (role == "judge" and decided) or (role == "author" and decided and shared)
    assert user.has_perm("evaluation.view_judges_comments", idea) is visible
    login(client, user)
    response = client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/")
    if response.status_code != 200:
        assert not visible
        return
    assert ("Needs a cheaper can" in response.text) is visible
    if visible:
        # Never the judge's name with the comments.
        section = response.text.split('id="judges-comments-title"')[1].split("</section>")[0]
        assert "Zelda Quill" not in section
