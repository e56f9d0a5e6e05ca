"""Fair rejection: what the rejected author reads, the one-to-one explanation, and the one
appeal to a different executive."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cocreate.core.errors import DomainError
from cocreate.ideas.enums import IdeaState
from cocreate.notifications.models import Notification
from cocreate.realization import fairness
from cocreate.realization.enums import AppealStatus, ExplanationStatus
from cocreate.realization.models import Appeal, Decision
from cocreate.realization.services import idea_decide, reason_create
from tests import factories as f
from tests.evaluation.factories import mission_idea, score
from tests.roles import ROLES_AND_AUTHOR, expected_status, login, who

pytestmark = pytest.mark.django_db


def rejected(lab, **kwargs):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW, **kwargs)
    reason = reason_create(lab.org, actor=lab.users["org_admin"], text_en="Too costly", text_ko="비용이 큼")
    idea_decide(idea, actor=lab.users["executive"], kind="reject", reason="We are sorry.", reasons=[reason],
                criteria=[lab.criteria[0]])
    return idea


def second_executive(lab):
    user = f.UserFactory(name="Second executive")
    f.MembershipFactory(organization=lab.org, user=user, role="executive")
    return user


def idea_page(lab, idea):
    return f"/o/{lab.org.slug}/ideas/{idea.pk}/"


# What the author reads -----------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_author_reads_reasons_criteria_and_can_ask_or_appeal(client, lab, language):
    idea = rejected(lab)
    score(idea, lab.users["judge"], [2, 4, 6, 8])
    idea.author.language = language
    idea.author.save()
    client.force_login(idea.author)
    text = client.get(idea_page(lab, idea)).text
    assert ("비용이 큼" if language == "ko" else "Too costly") in text
    assert ("Too costly" if language == "ko" else "비용이 큼") not in text
    assert f'<a href="#breakdown">{lab.criteria[0].name}</a>' in text and 'id="breakdown"' in text
    assert f"/o/{lab.org.slug}/ideas/{idea.pk}/explanation/" in text
    assert f"/o/{lab.org.slug}/ideas/{idea.pk}/appeal/" in text
    # Others who may see the idea do not get the author's buttons.
    client.force_login(lab.users["judge"])
    text = client.get(idea_page(lab, idea)).text
    assert "We are sorry." in text and "/appeal/" not in text


# Explanations --------------------------------------------------------------------------------

def test_explanation_from_request_to_outcome(client, lab, django_capture_on_commit_callbacks):
    idea = rejected(lab)
    author, executive, expert = idea.author, lab.users["executive"], lab.users["internal_partner"]
    client.force_login(author)
    response = client.post(f"/o/{lab.org.slug}/ideas/{idea.pk}/explanation/", {"message": "Why the cost?"})
    req = idea.explanation_requests.get()
    assert response.status_code == 302 and response["Location"] == f"/o/{lab.org.slug}/explanations/{req.pk}/"
    assert Notification.objects.filter(kind="explanation_requested", user=executive).exists()
    # A second request is refused while the first is open.
    with pytest.raises(DomainError):
        fairness.explanation_request(idea, actor=author)
    base = f"/o/{lab.org.slug}/explanations/{req.pk}/"
    # The author cannot assign; the executive can.
    assert client.post(base + "assign/", {"expert": expert.pk}).status_code == 404
    client.force_login(executive)
    # With a department named, its internal partner is suggested.
    type(req).objects.filter(pk=req.pk).update(department=lab.department)
    assert f'<option value="{expert.pk}" selected>' in client.get(base).text
    client.post(base + "assign/", {"expert": expert.pk})
    req.refresh_from_db()
    assert (req.status, req.expert, req.department) == (ExplanationStatus.ASSIGNED, expert, lab.department)
    assert Notification.objects.filter(kind="explanation_assigned", user=expert).exists()
    client.force_login(expert)
    t1 = (timezone.now() + timedelta(days=2)).replace(microsecond=0, second=0)
    t2 = t1 + timedelta(hours=3)
    client.post(base + "propose/", {"time_1": timezone.localtime(t1).strftime("%Y-%m-%dT%H:%M"),
                                    "time_2": timezone.localtime(t2).strftime("%Y-%m-%dT%H:%M"),
                                    "place": "https://meet.example/abc"})
    req.refresh_from_db()
    assert req.status == ExplanationStatus.PROPOSED and fairness.proposed_datetimes(req) == [t1, t2]
    client.force_login(author)
    assert "https://meet.example/abc" in client.get(base).text
    client.post(base + "confirm/", {"at": t2.astimezone(timezone.UTC).isoformat()})
    req.refresh_from_db()
    assert (req.status, req.scheduled_at) == (ExplanationStatus.SCHEDULED, t2)
    assert Notification.objects.filter(kind="explanation_scheduled", user=expert).exists()
    client.force_login(expert)
    client.post(base + "complete/", {"outcome": "We went through the cost model together."})
    req.refresh_from_db()
    assert req.status == ExplanationStatus.DONE and req.completed_at
    client.force_login(author)
    assert "We went through the cost model together." in client.get(base).text
    assert Notification.objects.filter(kind="explanation_done", user=author).exists()


def test_explanation_rules(lab):
    idea = rejected(lab)
    author, expert = idea.author, lab.users["internal_partner"]
    with pytest.raises(DomainError) as error:
        fairness.explanation_request(idea, actor=lab.users["member"])
    assert error.value.code == "not_author"
    accepted = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    idea_decide(accepted, actor=lab.users["executive"], kind="accept", department=lab.department)
    with pytest.raises(DomainError) as error:
        fairness.explanation_request(accepted, actor=accepted.author)
    assert error.value.code == "not_rejected"
    req = fairness.explanation_request(idea, actor=author)
    with pytest.raises(DomainError) as error:
        fairness.explanation_assign(req, actor=lab.users["executive"], expert=f.UserFactory())
    assert error.value.code == "not_member"
    fairness.explanation_assign(req, actor=lab.users["executive"], expert=expert)
    with pytest.raises(DomainError) as error:
        fairness.explanation_propose(req, actor=expert, times=[timezone.now() + timedelta(days=i + 1)
                                                               for i in range(6)])
    assert error.value.code == "times_count"
    with pytest.raises(DomainError) as error:
        fairness.explanation_propose(req, actor=expert, times=[timezone.now() - timedelta(days=1)])
    assert error.value.code == "times_past"
    with pytest.raises(DomainError):
        fairness.explanation_propose(req, actor=author, times=[timezone.now() + timedelta(days=1)])
    fairness.explanation_propose(req, actor=expert, times=[timezone.now() + timedelta(days=1)])
    with pytest.raises(DomainError) as error:
        fairness.explanation_confirm(req, actor=author, at=timezone.now() + timedelta(days=9))
    assert error.value.code == "time_unknown"
    fairness.explanation_cancel(req, actor=author)
    assert Notification.objects.filter(kind="explanation_cancelled", user=expert).exists()
    # A cancelled request can be made again.
    assert fairness.explanation_request(idea, actor=author).status == ExplanationStatus.REQUESTED


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES_AND_AUTHOR)
def test_explanation_page_matrix(client, labs, role, own):
    home, other = labs
    target = home if own else other
    idea = rejected(target)
    req = fairness.explanation_request(idea, actor=idea.author)
    fairness.explanation_assign(req, actor=target.users["executive"], expert=target.users["internal_partner"])
    user = who(home, role, idea) if own else who(home, role, rejected(home))
    allowed = user.has_perm("realization.view_explanation", req)
    assert allowed is (own and role in {"author", "executive", "program_manager", "org_admin", "internal_partner"})
    login(client, user)
    status = client.get(f"/o/{target.org.slug}/explanations/{req.pk}/").status_code
    assert status == expected_status(role, allowed)


def test_explanations_list_query_count(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["executive"])

    def add(n):
        for _i in range(n):
            idea = rejected(lab)
            fairness.explanation_request(idea, actor=idea.author)

    add(2)
    with django_assert_max_num_queries(25) as small:
        assert client.get(f"/o/{lab.org.slug}/explanations/").status_code == 200
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(f"/o/{lab.org.slug}/explanations/").status_code == 200


# Appeals -----------------------------------------------------------------------------------------

def test_appeal_goes_to_another_executive_who_overturns(client, lab, django_capture_on_commit_callbacks):
    idea = rejected(lab)
    reviewer = second_executive(lab)
    client.force_login(idea.author)
    response = client.post(f"/o/{lab.org.slug}/ideas/{idea.pk}/appeal/", {"grounds": "The cost fell."})
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert appeal.reviewer == reviewer  # never the executive who decided
    assert Notification.objects.filter(kind="appeal_assigned", user=reviewer).exists()
    # The first executive cannot decide it.
    client.force_login(lab.users["executive"])
    assert client.post(f"/o/{lab.org.slug}/appeals/{appeal.pk}/", {"result": "uphold",
                                                                    "explanation": "x"}).status_code == 404
    client.force_login(reviewer)
    response = client.post(f"/o/{lab.org.slug}/appeals/{appeal.pk}/", {"result": "accept", "explanation": ""})
    assert response.status_code == 200  # explanation and department required
    response = client.post(f"/o/{lab.org.slug}/appeals/{appeal.pk}/", {
        "result": "accept", "explanation": "You are right; the new cost model works.",
        "department": lab.department.pk})
    assert response.status_code == 302
    appeal.refresh_from_db()
    idea.refresh_from_db()
    assert appeal.status == AppealStatus.OVERTURNED and idea.state == IdeaState.ACCEPTED
    assert appeal.result_decision.decided_by == reviewer and appeal.result_decision.released_at
    assert Notification.objects.filter(kind="appeal_overturned", user=idea.author).exists()
    # Final: no second decision on the appeal, no second appeal.
    with pytest.raises(DomainError):
        fairness.appeal_decide(appeal, actor=reviewer, overturn=False, explanation="Changed my mind")


def test_one_appeal_only_and_upheld_is_final(lab):
    idea = rejected(lab)
    reviewer = second_executive(lab)
    appeal = fairness.appeal_file(idea, actor=idea.author, grounds="Please look again.")
    with pytest.raises(DomainError) as error:
        fairness.appeal_file(idea, actor=idea.author, grounds="Again")
    assert error.value.code == "already_appealed"
    with pytest.raises(DomainError) as error:
        fairness.appeal_decide(appeal, actor=reviewer, overturn=False, explanation=" ")
    assert error.value.code == "explanation_required"
    fairness.appeal_decide(appeal, actor=reviewer, overturn=False, explanation="The cost is still too high.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD and appeal.decided_at
    n = Notification.objects.get(kind="appeal_upheld")
    assert n.user == idea.author
    idea.refresh_from_db()
    assert idea.state == IdeaState.REJECTED


def test_appeal_deadline(lab):
    idea = rejected(lab)
    second_executive(lab)
    decision = Decision.objects.get(idea=idea)
    late = decision.released_at + timedelta(days=lab.org.appeal_period_days, seconds=1)
    with pytest.raises(DomainError) as error:
        fairness.appeal_file(idea, actor=idea.author, grounds="Late", now=late)
    assert error.value.code == "appeal_closed"
    on_time = decision.released_at + timedelta(days=lab.org.appeal_period_days - 1)
    assert fairness.appeal_file(idea, actor=idea.author, grounds="In time", now=on_time).pk


def test_appeal_with_no_other_executive_waits_for_the_managers(client, lab):
    idea = rejected(lab)
    appeal = fairness.appeal_file(idea, actor=idea.author, grounds="Please")
    assert appeal.reviewer is None
    assert set(Notification.objects.filter(kind="appeal_unassigned").values_list("user", flat=True)) == {
        lab.users["org_admin"].pk, lab.users["program_manager"].pk}
    with pytest.raises(DomainError) as error:
        fairness.appeal_assign(appeal, actor=lab.users["program_manager"], reviewer=lab.users["executive"])
    assert error.value.code == "no_other_executive"
    client.force_login(lab.users["program_manager"])
    with translation.override("en"):
        text = client.get(f"/o/{lab.org.slug}/appeals/{appeal.pk}/").text
    assert "No executive other than the one who decided" in text
    reviewer = second_executive(lab)
    with pytest.raises(DomainError) as error:
        fairness.appeal_assign(appeal, actor=lab.users["program_manager"], reviewer=lab.users["executive"])
    assert error.value.code == "same_executive"
    client.post(f"/o/{lab.org.slug}/appeals/{appeal.pk}/assign/", {"reviewer": reviewer.pk})
    appeal.refresh_from_db()
    assert appeal.reviewer == reviewer


def test_least_loaded_executive_reviews(lab):
    a, b = second_executive(lab), second_executive(lab)
    first = rejected(lab)
    one = fairness.appeal_file(first, actor=first.author, grounds="x")
    second = rejected(lab)
    two = fairness.appeal_file(second, actor=second.author, grounds="y")
    assert {one.reviewer, two.reviewer} == {a, b}


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES_AND_AUTHOR)
def test_appeal_page_matrix(client, labs, role, own):
    home, other = labs
    target = home if own else other
    idea = rejected(target)
    appeal = fairness.appeal_file(idea, actor=idea.author, grounds="Please")
    user = who(home, role, idea) if own else who(home, role, rejected(home))
    allowed = user.has_perm("realization.view_appeal", appeal)
    assert allowed is (own and role in {"author", "executive", "program_manager", "org_admin"})
    login(client, user)
    assert client.get(f"/o/{target.org.slug}/appeals/{appeal.pk}/").status_code == expected_status(role, allowed)


@pytest.mark.parametrize("role", ["member", "judge", "executive", "partner"])
def test_only_the_author_asks_or_appeals(client, lab, role):
    idea = rejected(lab)
    client.force_login(lab.users[role])
    assert client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/appeal/").status_code == 404
    assert client.post(f"/o/{lab.org.slug}/ideas/{idea.pk}/explanation/").status_code == 404
    assert not Appeal.objects.exists()


def test_appeals_list_query_count(client, lab, django_assert_max_num_queries):
    reviewer = second_executive(lab)
    client.force_login(reviewer)

    def add(n):
        for _i in range(n):
            idea = rejected(lab)
            fairness.appeal_file(idea, actor=idea.author, grounds="x")

    add(2)
    with django_assert_max_num_queries(25) as small:
        assert client.get(f"/o/{lab.org.slug}/appeals/").status_code == 200
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(f"/o/{lab.org.slug}/appeals/").status_code == 200


def test_every_message_renders_in_both_languages(lab):
    """Each kind gets every parameter it names (a missing one would break the mail)."""
    from cocreate.notifications.kinds import render
    from cocreate.realization.revival import idea_revive_into, revisit_reminders_send

    reviewer = second_executive(lab)
    idea = rejected(lab)
    author, expert = idea.author, lab.users["internal_partner"]
    req = fairness.explanation_request(idea, actor=author, message="Why?")
    fairness.explanation_assign(req, actor=lab.users["executive"], expert=expert)
    when = timezone.now() + timedelta(days=2)
    fairness.explanation_propose(req, actor=expert, times=[when], place="Room 1")
    fairness.explanation_confirm(req, actor=author, at=fairness.proposed_datetimes(req)[0])
    fairness.explanation_complete(req, actor=expert, outcome="Explained.")
    appeal = fairness.appeal_file(idea, actor=author, grounds="Please")
    fairness.appeal_decide(appeal, actor=reviewer, overturn=True, kind="accept", department=lab.department,
                           explanation="You are right.")
    other = rejected(lab)
    fairness.appeal_decide(fairness.appeal_file(other, actor=other.author, grounds="x"), actor=reviewer,
                           overturn=False, explanation="Kept.")
    cancelled = fairness.explanation_request(other, actor=other.author)
    fairness.explanation_assign(cancelled, actor=lab.users["executive"], expert=expert)
    fairness.explanation_cancel(cancelled, actor=other.author)
    parked = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    idea_decide(parked, actor=lab.users["executive"], kind="park", revisit_on=timezone.localdate())
    revisit_reminders_send()
    idea_decide(mission_idea(lab), actor=lab.users["executive"], kind="accept", department=lab.department)
    idea_revive_into(parked, actor=lab.users["executive"], program=lab.program)
    lonely = f.make_lab()
    lonely_idea = rejected(lonely)
    fairness.appeal_file(lonely_idea, actor=lonely_idea.author, grounds="x")
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds >= {"idea_rejected", "idea_parked", "idea_accepted", "explanation_requested",
                     "explanation_assigned", "explanation_expert", "explanation_proposed", "explanation_scheduled",
                     "explanation_done", "explanation_cancelled", "appeal_received", "appeal_assigned",
                     "appeal_unassigned", "appeal_upheld", "appeal_overturned", "revisit_due", "idea_revived"}
    for n in Notification.objects.all():
        for language in ("en", "ko"):
            with translation.override(language):
                subject, body = render(n.kind, n.params)
            assert subject and body and "%(" not in subject + body
