"""An applicant reads and withdraws their own application: the page, the service, the
permission matrix, what managers and reviewers then see, and /api/v1/me/applications."""

import pytest
from django.utils import timezone

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.notifications.models import Notification
from cocreate.recruiting import selectors
from cocreate.recruiting.enums import ApplicationStatus, RoundOutcome
from cocreate.recruiting.models import Application
from cocreate.recruiting.services import application_decline, application_move, application_withdraw
from tests.api.helpers import Api
from tests.recruiting.factories import AnswerFactory, ApplicationFactory, make_round
from tests.roles import ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def mine(application, suffix=""):
    return f"/me/applications/{application.pk}/{suffix}"


def applied(lab, role="member", **kwargs):
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=lab.users[role], **kwargs)
    AnswerFactory(application=application, question=lab.recruitment.questions.get(), text="I love scents.")
    return application


# Service ------------------------------------------------------------------------------------

def test_withdrawing_sets_the_status_once_and_is_audited(lab):
    application = applied(lab)
    member = lab.users["member"]
    withdrawn = application_withdraw(application, actor=member)
    application.refresh_from_db()
    assert (application.status, application.withdrawn_at) == (ApplicationStatus.WITHDRAWN, withdrawn.withdrawn_at)
    assert application.withdrawn_at is not None
    again = application_withdraw(Application.objects.get(pk=application.pk), actor=member)
    assert again.withdrawn_at == application.withdrawn_at
    assert list(AuditEvent.objects.filter(verb="application.withdrawn").values_list("actor", "target_id")) == [
        (member.pk, application.pk)]
    assert not Notification.objects.filter(kind__startswith="application_withdrawn").exists()


@pytest.mark.parametrize("status", [ApplicationStatus.SELECTED, ApplicationStatus.DECLINED])
def test_a_decided_application_cannot_be_withdrawn(lab, status):
    application = applied(lab, status=status, decided_at=timezone.now())
    with pytest.raises(DomainError) as e:
        application_withdraw(application, actor=lab.users["member"])
    assert e.value.messages == [f"This application was already decided ({status.label}) and can no longer be "
                                "withdrawn."]
    application.refresh_from_db()
    assert (application.status, application.withdrawn_at) == (status, None)


def test_a_withdrawn_application_leaves_queues_and_standings_and_cannot_be_decided(lab):
    round = make_round(lab, applications=2)
    application = applied(lab)
    assert [r.application.pk for r in selectors.review_queue(round, lab.users["reviewer"]).rows][-1] == application.pk
    application_withdraw(application, actor=lab.users["member"])
    assert application.pk not in [r.application.pk for r in selectors.review_queue(round, lab.users["reviewer"]).rows]
    assert application.pk not in [s.application.pk for s in selectors.round_standings(round)]
    manager = lab.users["program_manager"]
    with pytest.raises(DomainError) as e:
        application_decline(application, actor=manager)
    assert e.value.messages == ["This application was withdrawn."]
    with pytest.raises(DomainError):
        application_move(application, round, outcome=RoundOutcome.ADVANCED, actor=manager)


# Permission matrix ----------------------------------------------------------------------------

@pytest.mark.parametrize("role", [*ROLES, "applicant"])
def test_only_the_applicant_sees_and_withdraws_their_application(client, labs, role):
    lab, other = labs
    application = applied(lab)
    foreign = applied(other)
    user = lab.users["member"] if role == "applicant" else user_of(lab, role)
    if role == "member":  # a member who did not apply
        application.applicant, foreign.applicant = lab.users["partner"], other.users["partner"]
        application.save()
        foreign.save()
    allowed = role == "applicant"
    assert user.has_perm("recruiting.withdraw_application", application) is allowed
    assert user.has_perm("recruiting.withdraw_application", foreign) is False
    for target, ok in ((application, allowed), (foreign, False)):
        status, response = status_as(client, user, mine(target))
        assert_answer(role, status, response, ok)
        status, response = status_as(client, user, mine(target, "withdraw/"), method="post", data={"confirm": "on"})
        assert_answer(role, status, response, ok, ok=302)
    application.refresh_from_db()
    foreign.refresh_from_db()
    assert application.status == (ApplicationStatus.WITHDRAWN if allowed else ApplicationStatus.SUBMITTED)
    assert foreign.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("status", list(ApplicationStatus))
def test_withdraw_permission_follows_the_status(lab, status):
    application = applied(lab, status=status)
    assert lab.users["member"].has_perm("recruiting.withdraw_application", application) is (
        status == ApplicationStatus.SUBMITTED)


# Pages --------------------------------------------------------------------------------------

def test_the_applicant_reads_answers_outcomes_and_withdraws_with_confirmation(client, lab):
    round = make_round(lab, applications=0)
    application = applied(lab)
    application_move(application, round, outcome=RoundOutcome.ADVANCED, actor=lab.users["program_manager"])
    client.force_login(lab.users["member"])
    assert f'href="{mine(application)}"' in client.get("/me/applications/").text
    page = client.get(mine(application)).text
    assert "Why should we choose you?" in page and "I love scents." in page
    assert f"{round.name}: <span class=\"badge outcome-advanced\">Advanced</span>" in page
    assert f'action="{mine(application, "withdraw/")}"' in page
    unconfirmed = client.post(mine(application, "withdraw/"), {})
    assert unconfirmed.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert "Tick the box to confirm that you want to withdraw." in client.get(mine(application)).text
    response = client.post(mine(application, "withdraw/"), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == mine(application)
    page = client.get(mine(application)).text
    assert "Your application was withdrawn." in page
    assert '<span class="badge application-withdrawn">Withdrawn</span>' in page
    assert "withdraw/" not in page


def test_a_decided_application_shows_no_withdraw_button_and_a_late_post_says_why(client, lab):
    application = applied(lab, status=ApplicationStatus.DECLINED, decided_at=timezone.now())
    client.force_login(lab.users["member"])
    assert "withdraw/" not in client.get(mine(application)).text
    client.post(mine(application, "withdraw/"), {"confirm": "on"})
    assert ("This application was already decided (Declined) and can no longer be withdrawn."
            in client.get(mine(application)).text)


def test_managers_see_the_application_as_withdrawn(client, lab):
    application = applied(lab)
    application_withdraw(application, actor=lab.users["member"])
    client.force_login(lab.users["program_manager"])
    base = f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/applications/"
    assert '<span class="badge application-withdrawn">Withdrawn</span>' in client.get(base).text
    page = client.get(f"{base}{application.pk}/").text
    assert "The applicant withdrew this application on" in page
    assert 'action="' + f"{base}{application.pk}/decline/" + '"' not in page


def test_the_application_page_keeps_its_query_count(client, lab, django_assert_max_num_queries):
    round = make_round(lab, applications=0)
    application = applied(lab)
    application_move(application, round, outcome=RoundOutcome.WAITLISTED, actor=lab.users["program_manager"])
    client.force_login(lab.users["member"])
    with django_assert_max_num_queries(30) as small:
        assert client.get(mine(application)).status_code == 200
    for _ in range(3):
        other = make_round(lab, applications=0)
        application_move(application, other, outcome=RoundOutcome.ADVANCED, actor=lab.users["program_manager"])
        AnswerFactory(application=application, question=AnswerFactory(
            application=ApplicationFactory(recruitment=lab.recruitment)).question)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(mine(application)).status_code == 200


# API ----------------------------------------------------------------------------------------

def test_the_api_lists_reads_and_withdraws_your_applications(client, lab, labs):
    application = applied(lab)
    elsewhere = ApplicationFactory(recruitment=labs[1].recruitment, applicant=lab.users["member"],
                                   status=ApplicationStatus.SELECTED, decided_at=timezone.now())
    api = Api(client).as_user(lab.users["member"])
    body = api.get("/me/applications").json()
    assert body["count"] == 2
    assert [(a["id"], a["status"], a["can_withdraw"], a["organization"]) for a in body["items"]] == [
        (elsewhere.pk, "selected", False, labs[1].org.slug), (application.pk, "submitted", True, lab.org.slug)]
    detail = api.get(f"/me/applications/{application.pk}").json()
    assert [(a["question"], a["kind"], a["text"]) for a in detail["answers"]] == [
        ("Why should we choose you?", "long", "I love scents.")]
    assert detail["outcomes"] == []
    for _ in range(2):
        response = api.post(f"/me/applications/{application.pk}/withdraw")
        assert response.status_code == 200
        assert (response.json()["status"], response.json()["can_withdraw"]) == ("withdrawn", False)
    refused = api.post(f"/me/applications/{elsewhere.pk}/withdraw")
    assert refused.status_code == 400 and refused.json()["code"] == "decided"
    assert AuditEvent.objects.filter(verb="application.withdrawn").count() == 1


def test_the_api_hides_other_peoples_applications(client, lab):
    application = applied(lab)
    api = Api(client).as_user(lab.users["partner"])
    assert api.get(f"/me/applications/{application.pk}").status_code == 404
    assert api.post(f"/me/applications/{application.pk}/withdraw").status_code == 404
    assert api.get("/me/applications").json()["count"] == 0
    assert Api(client).as_user(None).get("/me/applications").status_code == 401
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_api_list_keeps_its_query_count(client, lab, labs, django_assert_max_num_queries):
    applied(lab)
    api = Api(client).as_user(lab.users["member"])
    with django_assert_max_num_queries(20) as small:
        assert api.get("/me/applications").json()["count"] == 1
    for other in labs:
        ApplicationFactory(recruitment=other.recruitment, applicant=lab.users["member"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get("/me/applications").json()["count"] == 3
