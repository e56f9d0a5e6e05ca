import pytest

from cocreate.core.models import AuditEvent
from cocreate.programs.models import Partner
from cocreate.recruiting.enums import ApplicationStatus, RecruitmentStatus
from cocreate.recruiting.models import Application
from cocreate.recruiting.services import application_submit
from tests import factories as f

from .helpers import application_url, program_url, recruitment_url

pytestmark = pytest.mark.django_db


def apply(lab, user, text="I make videos about grooming."):
    question = lab.recruitment.questions.get()
    return application_submit(lab.recruitment, applicant=user, answers={question.pk: text}, consent=True)


def test_recruitments_are_listed_with_questions(api, lab):
    f.RecruitmentFactory(program=lab.program, title="Draft call", status=RecruitmentStatus.DRAFT)
    body = api.get(program_url(lab) + "/recruitments").json()
    assert [r["title"] for r in body["items"]] == [lab.recruitment.title]
    item = body["items"][0]
    assert item["is_open"] is True and item["questions"][0]["max_length"] == 140
    assert item["application_count"] is None and item["my_application"] is None
    managed = api.as_user(lab.users["program_manager"]).get(program_url(lab) + "/recruitments").json()
    assert {r["title"] for r in managed["items"]} == {lab.recruitment.title, "Draft call"}
    assert {r["application_count"] for r in managed["items"]} == {0}


def test_member_applies_with_answers_and_consent(api, lab):
    member = lab.users["member"]
    question = lab.recruitment.questions.get()
    api.as_user(member)
    payload = {"consent": True, "answers": [{"question_id": question.pk, "text": "I design packaging."}]}
    response = api.post(recruitment_url(lab, "/applications"), payload)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted" and body["profile"]["email"] == member.email
    assert body["answers"] == [
        {"question_id": question.pk, "question": question.text, "text": "I design packaging."}
    ]
    assert body["consent_text"] == lab.recruitment.consent_text
    again = api.post(recruitment_url(lab, "/applications"), payload)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Application.objects.filter(applicant=member).count() == 1
    listed = api.get(program_url(lab) + "/recruitments").json()["items"][0]
    assert listed["my_application"]["id"] == body["id"]


def test_applying_without_consent_is_refused(api, lab):
    question = lab.recruitment.questions.get()
    response = api.as_user(lab.users["member"]).post(
        recruitment_url(lab, "/applications"),
        {"consent": False, "answers": [{"question_id": question.pk, "text": "x"}]},
    )
    assert response.status_code == 400 and response.json()["code"] == "consent"
    assert not Application.objects.exists()


def test_applying_to_a_closed_call_says_so(api, lab):
    lab.recruitment.status = RecruitmentStatus.CLOSED
    lab.recruitment.save(update_fields=["status"])
    response = api.as_user(lab.users["member"]).post(recruitment_url(lab, "/applications"), {"consent": True})
    assert response.status_code == 400
    assert response.json() == {"detail": "This recruitment is not open for applications.", "code": "closed"}


def test_manager_lists_reads_and_selects(api, lab):
    applicant = lab.users["member"]
    application = apply(lab, applicant)
    other = apply(lab, f.UserFactory(name="Declined one"))
    api.as_user(lab.users["program_manager"])
    listed = api.get(recruitment_url(lab, "/applications")).json()
    assert [a["applicant"]["name"] for a in listed["items"]] == ["Member", "Declined one"]
    assert api.get(recruitment_url(lab, "/applications"), {"q": "declined"}).json()["count"] == 1
    assert not AuditEvent.objects.filter(verb="personal_data.viewed").exists()
    listed_event = AuditEvent.objects.filter(verb="personal_data.listed").order_by("id").first()
    assert listed_event.data == {"applications": [application.pk, other.pk]}

    detail = api.get(application_url(lab, application))
    assert detail.status_code == 200 and detail.json()["profile"]["birth_year"] == 2000
    event = AuditEvent.objects.get(verb="personal_data.viewed")
    assert (event.actor, event.target_id) == (lab.users["program_manager"], application.pk)

    selected = api.post(application_url(lab, application, "/select"))
    assert selected.status_code == 200 and selected.json()["status"] == "selected"
    assert Partner.objects.filter(program=lab.program, user=applicant).exists()
    declined = api.post(application_url(lab, other, "/decline"))
    assert declined.json()["status"] == "declined"
    assert api.get(recruitment_url(lab, "/applications"), {"status": "selected"}).json()["count"] == 1
    # Deciding shows no personal data: only the one read above is in the log.
    assert AuditEvent.objects.filter(verb="personal_data.viewed").count() == 1


def test_selecting_a_partner_again_is_refused(api, lab):
    application = apply(lab, lab.users["member"])
    api.as_user(lab.users["program_manager"])
    api.post(application_url(lab, application, "/select"))
    response = api.post(application_url(lab, application, "/decline"))
    assert response.status_code == 400 and response.json()["code"] == "already_selected"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SELECTED


def test_applicant_reads_their_own_application_without_an_audit_line(api, lab):
    application = apply(lab, lab.users["member"])
    response = api.as_user(lab.users["member"]).get(application_url(lab, application))
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(verb="personal_data.viewed").exists()


def test_applications_filter_by_opinion_leaders_and_source(api, lab):
    from tests.recruiting.factories import ApplicationFactory

    lab.recruitment.opinion_leader_followers = 500
    lab.recruitment.save()
    leader = ApplicationFactory(recruitment=lab.recruitment, applicant=f.UserFactory(follower_count=800))
    quiet = ApplicationFactory(recruitment=lab.recruitment, applicant=f.UserFactory(follower_count=10),
                               source="Youth panel")
    api.as_user(lab.users["program_manager"])
    items = api.get(recruitment_url(lab, "/applications")).json()["items"]
    assert [(a["id"], a["opinion_leader"], a["source"]) for a in items] == [
        (leader.pk, True, ""), (quiet.pk, False, "Youth panel")]
    assert [a["id"] for a in api.get(recruitment_url(lab, "/applications"),
                                     {"opinion_leaders": True}).json()["items"]] == [leader.pk]
    assert [a["id"] for a in api.get(recruitment_url(lab, "/applications"),
                                     {"source": "Youth panel"}).json()["items"]] == [quiet.pk]


def test_applications_of_another_organization_are_404(api, labs):
    lab, other = labs
    foreign = apply(other, other.users["member"])
    api.as_user(lab.users["program_manager"])
    assert api.get(application_url(other, foreign)).status_code == 404
    assert api.get(recruitment_url(other, "/applications")).status_code == 404
    assert api.post(application_url(other, foreign, "/select")).status_code == 404
    # Nor through this organization's own address.
    assert api.get(recruitment_url(lab, f"/applications/{foreign.pk}")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ApplicationStatus.SUBMITTED


def test_manager_opens_a_call_with_questions(api, lab):
    api.as_user(lab.users["program_manager"])
    payload = {
        "title": "Second call",
        "purpose": "Designers aged 18-24.",
        "consent_text": "We keep your profile for a year.",
        "opens_at": "2027-01-01T00:00:00+09:00",
        "closes_at": "2027-01-31T00:00:00+09:00",
        "target_size": 12,
        "questions": [{"text": "Show us a design.", "kind": "short", "max_length": 200}],
    }
    response = api.post(program_url(lab) + "/recruitments", payload)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["target_size"] == 12 and body["application_count"] == 0
    assert [(q["text"], q["kind"], q["max_length"]) for q in body["questions"]] == [
        ("Show us a design.", "short", 200)
    ]
    # A draft is the managers' own.
    assert api.as_user(lab.users["member"]).get(recruitment_url_for(lab, body["id"])).status_code == 404


def recruitment_url_for(lab, pk):
    return f"{program_url(lab)}/recruitments/{pk}"


def test_call_that_closes_before_it_opens_is_refused(api, lab):
    api.as_user(lab.users["program_manager"])
    payload = {
        "title": "Backwards",
        "purpose": "x",
        "consent_text": "y",
        "opens_at": "2027-02-01T00:00:00Z",
        "closes_at": "2027-01-01T00:00:00Z",
    }
    response = api.post(program_url(lab) + "/recruitments", payload)
    assert response.status_code == 400 and response.json()["code"] == "period"


def test_only_managers_open_calls(api, labs):
    lab, other = labs
    payload = {
        "title": "X",
        "purpose": "x",
        "consent_text": "y",
        "opens_at": "2027-01-01T00:00:00Z",
        "closes_at": "2027-02-01T00:00:00Z",
    }
    assert (
        api.as_user(lab.users["reviewer"]).post(program_url(lab) + "/recruitments", payload).status_code
        == 404
    )
    assert (
        api.as_user(lab.users["program_manager"])
        .post(program_url(other) + "/recruitments", payload)
        .status_code
        == 404
    )
