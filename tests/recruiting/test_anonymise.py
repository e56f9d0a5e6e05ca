"""Declined and withdrawn applicants' personal data is erased after the organization's
retention period: the exact boundary, who is never touched, the audit line, the command, the
task, the settings page and what managers then see."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.notifications.models import Notification
from cocreate.organizations.services import organization_set_retention
from cocreate.recruiting.enums import ApplicationStatus
from cocreate.recruiting.models import Answer, Application
from cocreate.recruiting.services import application_select, applications_anonymise_expired
from cocreate.recruiting.tasks import anonymise_applicants
from tests import factories as f
from tests.api.helpers import Api, application_url
from tests.recruiting.factories import AnswerFactory, ApplicationFactory
from tests.roles import ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
DAY = timedelta(days=1)


def applicant(lab, status, *, ago, field="decided_at", name="Kim Minji"):
    """An application of the lab with one answer, decided (or withdrawn) ``ago`` before NOW."""
    person = f.UserFactory(name=name, email=f"{name.split()[-1].lower()}{f.UserFactory._meta.model.objects.count()}"
                                            "@example.com", gender="female", region="Busan")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=person, status=status,
                                     **{field: NOW - ago}, source="Seoul makers")
    AnswerFactory(application=application, question=lab.recruitment.questions.get(), text="My secret story.")
    return application


def state(application):
    application.refresh_from_db()
    return application.anonymised_at, application.profile, list(application.answers.values_list("text", flat=True))


# Service ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "field"), [(ApplicationStatus.DECLINED, "decided_at"),
                                               (ApplicationStatus.WITHDRAWN, "withdrawn_at")])
def test_the_boundary_is_exact(lab, status, field):
    days = lab.org.applicant_retention_days
    assert days == 180
    day_after = applicant(lab, status, ago=timedelta(days=days) + DAY, field=field)
    second_after = applicant(lab, status, ago=timedelta(days=days, seconds=1), field=field)
    exactly = applicant(lab, status, ago=timedelta(days=days), field=field)
    day_before = applicant(lab, status, ago=timedelta(days=days) - DAY, field=field)
    assert applications_anonymise_expired(now=NOW) == 2
    assert state(day_after) == (NOW, {}, [""])
    assert state(second_after) == (NOW, {}, [""])
    for kept in (exactly, day_before):
        anonymised_at, profile, answers = state(kept)
        assert (anonymised_at, profile["name"], answers) == (None, "Kim Minji", ["My secret story."])


@pytest.mark.parametrize("status", [ApplicationStatus.SELECTED, ApplicationStatus.SUBMITTED])
def test_selected_and_undecided_applicants_are_never_anonymised(lab, status):
    application = applicant(lab, status, ago=timedelta(days=10_000))
    application.withdrawn_at = NOW - timedelta(days=10_000)  # even with a stray date
    application.save()
    assert applications_anonymise_expired(now=NOW) == 0
    assert state(application)[0] is None
    assert state(application)[1]["name"] == "Kim Minji"


def test_a_declined_application_without_a_decision_date_is_kept(lab):
    application = applicant(lab, ApplicationStatus.DECLINED, ago=DAY)
    Application.objects.filter(pk=application.pk).update(decided_at=None)
    assert applications_anonymise_expired(now=NOW + timedelta(days=1000)) == 0


def test_what_stays_and_one_audit_line_per_organization_without_names(lab, labs):
    old = timedelta(days=400)
    first = applicant(lab, ApplicationStatus.DECLINED, ago=old)
    applicant(lab, ApplicationStatus.WITHDRAWN, ago=old, field="withdrawn_at", name="Lee Jisoo")
    elsewhere = applicant(labs[0], ApplicationStatus.DECLINED, ago=old)
    consent = first.consent_text
    assert applications_anonymise_expired(now=NOW) == 3
    first.refresh_from_db()
    # The link to the account goes too: the row no longer says who applied.
    assert (first.status, first.source, first.consent_text, first.applicant_id) == (
        ApplicationStatus.DECLINED, "Seoul makers", consent, None)
    assert first.applicant_name == "Anonymised applicant"
    assert not Application.objects.filter(applicant__name="Kim Minji").exists()
    events = AuditEvent.objects.filter(verb="applications.anonymised").order_by("organization_id")
    assert [(e.organization_id, e.target_id, e.actor_id, e.data) for e in events] == [
        (lab.org.pk, lab.org.pk, None, {"count": 2, "retention_days": 180}),
        (labs[0].org.pk, labs[0].org.pk, None, {"count": 1, "retention_days": 180})]
    assert not Notification.objects.exists()
    # Idempotent: nothing left, no new line, the first date stays.
    assert applications_anonymise_expired(now=NOW + DAY) == 0
    assert AuditEvent.objects.filter(verb="applications.anonymised").count() == 2
    assert state(elsewhere)[0] == NOW


def test_each_organization_keeps_data_for_its_own_period(lab, labs):
    other = labs[0]
    organization_set_retention(other.org, actor=other.users["org_admin"], applicant_retention_days=30)
    here = applicant(lab, ApplicationStatus.DECLINED, ago=timedelta(days=31))
    there = applicant(other, ApplicationStatus.DECLINED, ago=timedelta(days=31))
    assert applications_anonymise_expired(lab.org, now=NOW) == 0
    assert applications_anonymise_expired(other.org, now=NOW) == 1
    assert (state(here)[0], state(there)[0]) == (None, NOW)


def test_an_anonymised_applicant_cannot_be_selected_later(lab):
    application = applicant(lab, ApplicationStatus.DECLINED, ago=timedelta(days=200))
    applications_anonymise_expired(now=NOW)
    with pytest.raises(DomainError) as e:
        application_select(Application.objects.get(pk=application.pk), actor=lab.users["program_manager"])
    assert e.value.messages == ["This application was anonymised; its applicant can no longer be chosen."]


def test_retention_must_be_a_sensible_number_of_days(lab):
    admin = lab.users["org_admin"]
    for days in (0, 3651):
        with pytest.raises(DomainError) as e:
            organization_set_retention(lab.org, actor=admin, applicant_retention_days=days)
        assert e.value.messages == ["Keep applicants' data from 1 to 3650 days."]
    organization_set_retention(lab.org, actor=admin, applicant_retention_days=90)
    organization_set_retention(lab.org, actor=admin, applicant_retention_days=90)
    assert list(AuditEvent.objects.filter(verb="organization.retention").values_list("data", flat=True)) == [
        {"from": 180, "to": 90}]


# Command, task ------------------------------------------------------------------------------

def test_the_command_and_the_task(lab, labs):
    applicant(lab, ApplicationStatus.DECLINED, ago=timedelta(days=181))
    applicant(labs[0], ApplicationStatus.WITHDRAWN, ago=timedelta(days=181), field="withdrawn_at")
    applicant(labs[1], ApplicationStatus.DECLINED, ago=timedelta(days=181))
    out = StringIO()
    call_command("anonymise_applicants", "--organization", lab.org.slug, stdout=out)
    assert out.getvalue() == "anonymised 1 application\n"
    result = anonymise_applicants.enqueue(organization_id=labs[0].org.pk)
    assert result.return_value == 1
    assert anonymise_applicants.enqueue().return_value == 1
    out = StringIO()
    call_command("anonymise_applicants", stdout=out)
    assert out.getvalue() == "anonymised 0 applications\n"
    assert Answer.objects.exclude(text="").filter(application__anonymised_at__isnull=False).count() == 0


def test_the_cli_offers_the_command():
    from cocreate.cli import build_parser

    args, extra = build_parser().parse_known_args(["anonymise_applicants", "--organization", "acme"])
    assert (args.command, extra) == ("anonymise_applicants", ["--organization", "acme"])


# Pages and API ------------------------------------------------------------------------------

def test_managers_see_anonymised_on_instead_of_personal_data(client, lab):
    application = applicant(lab, ApplicationStatus.DECLINED, ago=timedelta(days=181))
    applications_anonymise_expired(now=NOW)
    client.force_login(lab.users["program_manager"])
    base = f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/applications/"
    listing = client.get(base).text
    date = timezone.localtime(NOW).strftime("%m/%d/%Y")
    assert f"Anonymised on {date}" in listing and "Kim Minji" not in listing
    assert "Kim Minji" not in client.get(base, {"q": "Kim"}).text
    page = client.get(f"{base}{application.pk}/").text
    assert "the applicant’s personal data and answers were erased after the retention period." in page
    assert "Kim Minji" not in page and "My secret story." not in page and "Busan" not in page
    body = Api(client).as_user(lab.users["program_manager"]).get(application_url(lab, application)).json()
    assert (body["applicant"], body["profile"], body["anonymised_at"] is not None) == (None, {}, True)
    assert [a["text"] for a in body["answers"]] == [""]


@pytest.mark.parametrize("role", ROLES)
def test_only_org_admins_change_the_retention_period(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    allowed = role == "org_admin"
    assert user.has_perm("organizations.change_organization", lab.org) is allowed
    assert user.has_perm("organizations.change_organization", other.org) is False
    for owner, ok in ((lab, allowed), (other, False)):
        path = f"/o/{owner.org.slug}/settings/"
        status, response = status_as(client, user, path)
        assert_answer(role, status, response, ok)
        status, response = status_as(client, user, path, method="post", data={"applicant_retention_days": "30"})
        assert_answer(role, status, response, ok, ok=302)
    lab.org.refresh_from_db()
    other.org.refresh_from_db()
    assert (lab.org.applicant_retention_days, other.org.applicant_retention_days) == (30 if allowed else 180, 180)


def test_the_settings_page_explains_a_bad_period_and_keeps_it(client, lab):
    client.force_login(lab.users["org_admin"])
    assert f'href="/o/{lab.org.slug}/settings/"' in client.get(f"/o/{lab.org.slug}/").text
    page = client.get(f"/o/{lab.org.slug}/settings/").text
    assert 'name="applicant_retention_days" value="180"' in page
    response = client.post(f"/o/{lab.org.slug}/settings/", {"applicant_retention_days": "5000"})
    assert response.status_code == 200
    assert "Keep applicants&#x27; data from 1 to 3650 days." in response.text
    assert 'value="5000"' in response.text
    lab.org.refresh_from_db()
    assert lab.org.applicant_retention_days == 180
