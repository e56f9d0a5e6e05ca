"""Decisions staged for the round and released together, the rules of each kind (reasons and
criteria for a rejection, a date or condition for parking), and the rejection reason templates."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from cocreate.core.errors import DomainError
from cocreate.ideas.enums import IdeaState
from cocreate.notifications.kinds import render
from cocreate.notifications.models import Notification
from cocreate.realization.models import Decision, RejectionReason
from cocreate.realization.revival import revisit_reminders_send
from cocreate.realization.services import (
    decision_withdraw,
    decisions_release,
    idea_decide,
    reason_create,
    reasons_add_suggested,
)
from tests import factories as f
from tests.evaluation.factories import mission_idea
from tests.roles import ROLES, expected_status, login, who

pytestmark = pytest.mark.django_db


def decide_url(lab, idea):
    return f"/o/{lab.org.slug}/ideas/{idea.pk}/decide/"


def staged_url(lab):
    return f"/o/{lab.org.slug}/decisions/staged/"


def reasons_url(lab):
    return f"/o/{lab.org.slug}/settings/rejection-reasons/"


def state(idea):
    idea.refresh_from_db()
    return idea.state


# Staging and release -----------------------------------------------------------------------

def test_the_decide_form_stages_program_ideas_by_default(client, lab):
    client.force_login(lab.users["executive"])
    text = client.get(decide_url(lab, mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW))).text
    assert 'id="id_stage" checked' in text
    text = client.get(decide_url(lab, f.IdeaFactory(organization=lab.org))).text
    assert 'id="id_stage" checked' not in text


def test_a_staged_decision_changes_nothing_and_tells_nobody_until_released(client, lab, mailoutbox,
                                                                           django_capture_on_commit_callbacks):
    idea = mission_idea(lab, title="Sea can", state=IdeaState.IN_EXECUTIVE_REVIEW)
    executive = lab.users["executive"]
    client.force_login(executive)
    response = client.post(decide_url(lab, idea), {"kind": "park", "revisit_condition": "When cans are cheaper",
                                                   "stage": "on", "seen_state": idea.state})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.released_at is None and decision.revisit_owner == executive
    assert state(idea) == IdeaState.IN_EXECUTIVE_REVIEW and not Notification.objects.exists()
    # The author sees nothing of it.
    client.force_login(idea.author)
    assert "When cans are cheaper" not in client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/").text
    assert "Decision:" not in client.get("/me/ideas/").text
    # The executives' staged list shows it; releasing moves the idea and tells the author, once.
    client.force_login(executive)
    text = client.get(staged_url(lab)).text
    assert "Sea can" in text and "When cans are cheaper" in text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/o/{lab.org.slug}/decisions/release/")
    assert response.status_code == 302
    assert state(idea) == IdeaState.PARKED
    decision.refresh_from_db()
    assert decision.released_at is not None
    assert list(Notification.objects.values_list("kind", flat=True)) == ["idea_parked"]
    assert [m.to for m in mailoutbox] == [[idea.author.email]]
    # Releasing again releases nothing twice.
    assert decisions_release(lab.org, actor=executive) == (0, [])
    assert Notification.objects.count() == 1


def test_one_staged_decision_per_idea_and_withdrawal(lab):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    executive = lab.users["executive"]
    idea_decide(idea, actor=executive, kind="park", revisit_condition="Later", stage=True)
    second = idea_decide(idea, actor=executive, kind="accept", department=lab.department, stage=True)
    assert list(Decision.objects.values_list("pk", flat=True)) == [second.pk]
    decision_withdraw(second, actor=executive)
    assert not Decision.objects.exists() and state(idea) == IdeaState.IN_EXECUTIVE_REVIEW


def test_an_immediate_decision_replaces_a_staged_one(lab):
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    executive = lab.users["executive"]
    idea_decide(idea, actor=executive, kind="park", revisit_condition="Later", stage=True)
    idea_decide(idea, actor=executive, kind="accept", department=lab.department)
    assert list(Decision.objects.values_list("kind", flat=True)) == ["accept"]
    assert state(idea) == IdeaState.ACCEPTED


def test_release_by_program_and_stale_ideas_stay_staged(lab):
    executive = lab.users["executive"]
    in_program = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    moved = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    open_idea = f.IdeaFactory(organization=lab.org)
    for idea in (in_program, moved, open_idea):
        idea_decide(idea, actor=executive, kind="park", revisit_condition="Later", stage=True)
    idea_decide(moved, actor=executive, kind="accept", department=lab.department, stage=False)
    # the accepted idea's staged park was replaced by the immediate acceptance
    assert Decision.objects.filter(idea=moved).count() == 1
    released, stale = decisions_release(lab.org, actor=executive, program_id=lab.program.pk)
    assert (released, stale) == (1, [])
    assert state(in_program) == IdeaState.PARKED and state(open_idea) == IdeaState.SUBMITTED
    # An idea moved meanwhile by someone else keeps its staged decision for a second look.
    idea_decide(open_idea, actor=executive, kind="reject", reason="No", stage=True)
    type(open_idea).objects.filter(pk=open_idea.pk).update(state=IdeaState.ACCEPTED)
    released, stale = decisions_release(lab.org, actor=executive)
    assert released == 0 and [d.idea_id for d in stale] == [open_idea.pk]
    assert Decision.objects.filter(idea=open_idea, released_at__isnull=True).count() == 1


@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES)
def test_staged_list_is_for_executives(client, labs, role, own):
    home, other = labs
    target = home if own else other
    user = who(home, role)
    allowed = user.has_perm("realization.release_decisions", target.org)
    assert allowed is (own and role == "executive")
    login(client, user)
    assert client.get(staged_url(target)).status_code == expected_status(role, allowed)
    if role != "visitor":
        status = client.post(f"/o/{target.org.slug}/decisions/release/").status_code
        assert status == (302 if allowed else 404)


def test_staged_decision_of_another_organization_cannot_be_withdrawn(client, labs):
    home, other = labs
    idea = mission_idea(other, state=IdeaState.IN_EXECUTIVE_REVIEW)
    decision = idea_decide(idea, actor=other.users["executive"], kind="park", revisit_condition="x", stage=True)
    client.force_login(home.users["executive"])
    assert client.post(f"/o/{home.org.slug}/decisions/{decision.pk}/withdraw/").status_code == 404
    assert client.post(f"/o/{other.org.slug}/decisions/{decision.pk}/withdraw/").status_code == 404
    assert Decision.objects.filter(pk=decision.pk).exists()


def _stage_many(lab, n):
    reasons = [reason_create(lab.org, actor=lab.users["org_admin"], text_en=f"R{i}", text_ko=f"이유{i}")
               for i in range(2)]
    for _i in range(n):
        idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
        idea_decide(idea, actor=lab.users["executive"], kind="reject", reason="No", reasons=reasons,
                    criteria=lab.criteria[:2], stage=True)


def test_staged_list_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["executive"])
    _stage_many(lab, 2)
    with django_assert_max_num_queries(30) as small:
        assert client.get(staged_url(lab)).status_code == 200
    _stage_many(lab, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(staged_url(lab)).status_code == 200


# The rules of each kind --------------------------------------------------------------------

def test_reject_needs_a_template_when_the_organization_offers_them(client, lab):
    reason = reason_create(lab.org, actor=lab.users["org_admin"], text_en="Too costly", text_ko="비용이 큼")
    inactive = reason_create(lab.org, actor=lab.users["org_admin"], text_en="Old", text_ko="옛")
    inactive.active = False
    inactive.save()
    idea = mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW)
    executive = lab.users["executive"]
    client.force_login(executive)
    response = client.post(decide_url(lab, idea), {"kind": "reject", "reason": "My careful words"})
    assert "Choose at least one of the reasons" in response.text and "My careful words" in response.text
    assert "Old" not in response.text
    with pytest.raises(DomainError) as error:
        idea_decide(idea, actor=executive, kind="reject", reason="x", reasons=[inactive])
    assert error.value.code == "reason_unknown"
    foreign = f.IdeaFactory()
    with pytest.raises(DomainError) as error:
        idea_decide(idea, actor=executive, kind="reject", reason="x", reasons=[reason],
                    criteria=[f.CriterionFactory(agreement=f.AgreementFactory(program=f.ProgramFactory(
                        organization=foreign.organization)))])
    assert error.value.code == "criterion_unknown"
    response = client.post(decide_url(lab, idea), {
        "kind": "reject", "reason": "My careful words", "reasons": [reason.pk],
        "criteria": [lab.criteria[1].pk]})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert list(decision.reason_templates.all()) == [reason]
    assert list(decision.criteria.all()) == [lab.criteria[1]]


def test_park_needs_a_date_or_a_condition(client, lab):
    idea = f.IdeaFactory(organization=lab.org)
    client.force_login(lab.users["executive"])
    response = client.post(decide_url(lab, idea), {"kind": "park", "reason": "Later"})
    assert "Say when to look at the idea again" in response.text
    with pytest.raises(DomainError) as error:
        idea_decide(idea, actor=lab.users["executive"], kind="park",
                    revisit_on=timezone.localdate() - timedelta(days=1))
    assert error.value.code == "revisit_in_past"
    manager = lab.users["program_manager"]
    when = timezone.localdate() + timedelta(days=30)
    response = client.post(decide_url(lab, idea), {"kind": "park", "revisit_on": when.isoformat(),
                                                   "revisit_owner": manager.pk})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.revisit_on, decision.revisit_owner) == (when, manager)


def test_rejection_notification_lists_reasons_in_the_readers_language(lab):
    reason = reason_create(lab.org, actor=lab.users["org_admin"], text_en="Too costly", text_ko="비용이 큼")
    idea = mission_idea(lab, title="Sea can", state=IdeaState.IN_EXECUTIVE_REVIEW)
    idea_decide(idea, actor=lab.users["executive"], kind="reject", reason="Sorry.", reasons=[reason])
    n = Notification.objects.get(kind="idea_rejected")
    with translation.override("en"):
        subject, body = render(n.kind, n.params)
    assert subject == "About your idea “Sea can”"
    assert "- Too costly" in body and "비용이 큼" not in body and "Sorry." in body
    with translation.override("ko"):
        _subject, body = render(n.kind, n.params)
    assert "- 비용이 큼" in body and "Too costly" not in body


# Revisit reminders --------------------------------------------------------------------------

def test_revisit_reminders_are_sent_once_on_the_date(lab):
    executive, manager = lab.users["executive"], lab.users["program_manager"]
    today = timezone.localdate()
    due = f.IdeaFactory(organization=lab.org, title="Due today")
    later = f.IdeaFactory(organization=lab.org, title="Due later")
    condition_only = f.IdeaFactory(organization=lab.org)
    idea_decide(due, actor=executive, kind="park", revisit_on=today, revisit_owner=manager)
    idea_decide(later, actor=executive, kind="park", revisit_on=today + timedelta(days=3))
    idea_decide(condition_only, actor=executive, kind="park", revisit_condition="When the law changes")
    Notification.objects.all().delete()
    call_command("send_revisit_reminders")
    call_command("send_revisit_reminders")
    assert list(Notification.objects.values_list("user", "kind")) == [(manager.pk, "revisit_due")]
    assert revisit_reminders_send(now=timezone.now() + timedelta(days=4)) == 1
    assert revisit_reminders_send(now=timezone.now() + timedelta(days=4)) == 0
    assert Notification.objects.filter(kind="revisit_due", user=executive).count() == 1


# Rejection reason templates -----------------------------------------------------------------

@pytest.mark.parametrize("own", [True, False], ids=["own-org", "other-org"])
@pytest.mark.parametrize("role", ROLES)
def test_reasons_page_is_for_org_admins(client, labs, role, own):
    home, other = labs
    target = home if own else other
    user = who(home, role)
    allowed = user.has_perm("realization.manage_reasons", target.org)
    assert allowed is (own and role == "org_admin")
    login(client, user)
    assert client.get(reasons_url(target)).status_code == expected_status(role, allowed)


def test_reasons_are_added_in_both_languages_deactivated_and_reordered(client, lab):
    client.force_login(lab.users["org_admin"])
    response = client.post(reasons_url(lab), {"text_en": "Only English", "text_ko": ""})
    assert response.status_code == 200 and "Only English" in response.text
    assert not RejectionReason.objects.exists()
    assert client.post(reasons_url(lab), {"text_en": "Too costly", "text_ko": "비용이 큼"}).status_code == 302
    client.post(f"{reasons_url(lab)}suggested/")
    assert RejectionReason.objects.count() == 6
    client.post(f"{reasons_url(lab)}suggested/")  # nothing twice
    assert RejectionReason.objects.count() == 6
    first = RejectionReason.objects.get(text_en="Too costly")
    client.post(f"{reasons_url(lab)}{first.pk}/action/", {"action": "down"})
    assert list(RejectionReason.objects.order_by("order").values_list("text_en", flat=True))[1] == "Too costly"
    client.post(f"{reasons_url(lab)}{first.pk}/action/", {"action": "deactivate"})
    first.refresh_from_db()
    assert first.active is False
    response = client.post(f"{reasons_url(lab)}{first.pk}/", {"text_en": "Too expensive", "text_ko": "비쌈"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.text_en, first.text_ko) == ("Too expensive", "비쌈")
    # Executives are offered active reasons only.
    client.force_login(lab.users["executive"])
    text = client.get(decide_url(lab, f.IdeaFactory(organization=lab.org))).text
    assert "Too expensive" not in text and "It does not fit our current strategy" in text


def test_another_organizations_reason_is_404(client, labs):
    home, other = labs
    reason = reason_create(other.org, actor=other.users["org_admin"], text_en="x", text_ko="y")
    client.force_login(home.users["org_admin"])
    assert client.get(f"{reasons_url(home)}{reason.pk}/").status_code == 404
    assert client.post(f"{reasons_url(home)}{reason.pk}/action/", {"action": "deactivate"}).status_code == 404


def test_reasons_page_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["org_admin"])
    reasons_add_suggested(lab.org, actor=lab.users["org_admin"])
    with django_assert_max_num_queries(20) as small:
        assert client.get(reasons_url(lab)).status_code == 200
    for i in range(20):
        reason_create(lab.org, actor=lab.users["org_admin"], text_en=f"Reason {i}", text_ko=f"이유 {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reasons_url(lab)).status_code == 200


# Concurrency (PostgreSQL) ---------------------------------------------------------------------

def test_two_releases_at_once_release_each_decision_once(flushable_audit_log):
    from django.db import connection

    from tests.ideas.test_concurrency import run_at_once

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; PostgreSQL is where concurrent sessions race")
    lab = f.make_lab()
    executive = lab.users["executive"]
    ideas = [mission_idea(lab, state=IdeaState.IN_EXECUTIVE_REVIEW) for _i in range(4)]
    for idea in ideas:
        idea_decide(idea, actor=executive, kind="park", revisit_condition="Later", stage=True)
    assert run_at_once(lab.org, [lambda: decisions_release(lab.org, actor=executive) for _i in range(3)]) == []
    assert Decision.objects.filter(released_at__isnull=False).count() == 4
    assert Notification.objects.filter(kind="idea_parked").count() == 4


def test_the_board_links_to_the_staged_decisions(client, lab):
    client.force_login(lab.users["executive"])
    assert f'href="{staged_url(lab)}"' in client.get(f"/o/{lab.org.slug}/board/").text
    assert f'href="{staged_url(lab)}"' in client.get(f"/o/{lab.org.slug}/").text
    client.force_login(lab.users["org_admin"])
    assert f'href="{staged_url(lab)}"' not in client.get(f"/o/{lab.org.slug}/board/").text
    assert f'href="{reasons_url(lab)}"' in client.get(f"/o/{lab.org.slug}/").text
