import pytest

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.notifications.models import Notification
from cocreate.programs.models import Partner
from cocreate.recruiting.enums import ApplicationStatus
from cocreate.recruiting.models import Application
from cocreate.recruiting.selectors import application_for_user
from cocreate.recruiting.services import application_decline, application_select, application_submit
from tests import factories as f
from tests.recruiting.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def question(lab):
    return lab.recruitment.questions.get()


def test_applying_twice_returns_the_same_application(lab):
    member = lab.users["member"]
    q = question(lab)
    first = application_submit(lab.recruitment, applicant=member, answers={q.pk: "Me!"}, consent=True)
    second = application_submit(lab.recruitment, applicant=member, answers={q.pk: "Me again"}, consent=True)
    assert first == second
    assert Application.objects.filter(applicant=member).count() == 1
    assert first.answers.get().text == "Me!"


def test_application_freezes_the_profile_and_the_consent_text(lab):
    member = lab.users["member"]
    member.region, member.follower_count = "Busan", 1200
    member.save()
    application = application_submit(lab.recruitment, applicant=member, answers={question(lab).pk: "x"},
                                     consent=True)
    member.region = "Seoul"
    member.save()
    application.refresh_from_db()
    assert (application.profile["region"], application.profile["follower_count"]) == ("Busan", 1200)
    assert application.consent_text == lab.recruitment.consent_text


def test_an_answer_of_141_characters_is_refused(lab):
    q = question(lab)
    with pytest.raises(DomainError) as exc:
        application_submit(lab.recruitment, applicant=lab.users["member"], answers={q.pk: "x" * 141},
                           consent=True)
    assert [e.code for e in exc.value.error_list] == ["answer_too_long"]
    assert exc.value.text == "“Why should we choose you?” can be at most 140 characters long (now 141)."
    assert not Application.objects.exists()
    ok = application_submit(lab.recruitment, applicant=lab.users["member"], answers={q.pk: "x" * 140},
                            consent=True)
    assert len(ok.answers.get().text) == 140


def test_consent_is_required(lab):
    with pytest.raises(DomainError) as exc:
        application_submit(lab.recruitment, applicant=lab.users["member"], answers={question(lab).pk: "x"},
                           consent=False)
    assert exc.value.text == "Please agree to the use of your personal data to apply."
    assert not Application.objects.exists()


def test_selection_creates_exactly_one_partner_and_tells_them(
    lab, mailoutbox, django_capture_on_commit_callbacks,
):
    applicant = f.UserFactory(email="ana@example.com", name="Ana")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=applicant)
    manager = lab.users["program_manager"]
    with django_capture_on_commit_callbacks(execute=True):
        application_select(application, actor=manager)
    with django_capture_on_commit_callbacks(execute=True):
        application_select(application, actor=manager)  # a second click changes nothing
    assert Partner.objects.filter(program=lab.program, user=applicant).count() == 1
    assert Partner.objects.get(user=applicant).application == application
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SELECTED
    assert Notification.objects.filter(user=applicant, kind="application_selected").count() == 1
    assert [m.to for m in mailoutbox] == [["ana@example.com"]]
    assert lab.program.title in mailoutbox[0].subject
    assert AuditEvent.objects.filter(verb="application.decided", target_id=application.pk).count() == 1


def test_decline_tells_the_applicant_and_a_selected_partner_cannot_be_declined(
    lab, mailoutbox, django_capture_on_commit_callbacks,
):
    applicant = f.UserFactory(email="bo@example.com")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        application_decline(application, actor=lab.users["program_manager"])
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DECLINED
    assert [m.to for m in mailoutbox] == [["bo@example.com"]]
    assert not Partner.objects.filter(user=applicant).exists()
    # A declined applicant can still be picked later, but a partner is not declined.
    application_select(application, actor=lab.users["program_manager"])
    with pytest.raises(DomainError) as exc:
        application_decline(application, actor=lab.users["program_manager"])
    assert exc.value.code == "already_selected"


def test_reading_an_application_is_audited_except_by_the_applicant(lab):
    application = ApplicationFactory(recruitment=lab.recruitment)
    manager = lab.users["program_manager"]
    application_for_user(manager, lab.recruitment, application.pk)
    event = AuditEvent.objects.get(verb="personal_data.viewed")
    assert (event.actor, event.target_type, event.target_id, event.organization) == (
        manager, "recruiting.application", application.pk, lab.org)
    application_for_user(application.applicant, lab.recruitment, application.pk)
    assert AuditEvent.objects.filter(verb="personal_data.viewed").count() == 1
