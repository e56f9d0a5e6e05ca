import datetime

import pytest
from django.utils import timezone

from cocreate.core.models import AuditEvent
from cocreate.notifications.models import Notification
from cocreate.programs.models import Partner
from cocreate.recruiting.models import Application, Recruitment
from tests import factories as f
from tests.recruiting.factories import AnswerFactory, ApplicationFactory

pytestmark = pytest.mark.django_db


def base(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{suffix}"


def call(lab, suffix=""):
    return base(lab, f"{lab.recruitment.pk}/{suffix}")


def answer_field(lab):
    return f"q_{lab.recruitment.questions.get().pk}"


# Create and manage -----------------------------------------------------------------------

def questions_post(*questions):
    data = {"questions-TOTAL_FORMS": "3", "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000"}
    for i in range(3):
        data |= {f"questions-{i}-text": "", f"questions-{i}-kind": "long", f"questions-{i}-max_length": "",
                 f"questions-{i}-required": "on"}
    for i, q in enumerate(questions):
        data |= {f"questions-{i}-{k}": v for k, v in q.items()}
        if q.get("required") is False:  # an unticked checkbox is simply not sent
            del data[f"questions-{i}-required"]
    return data


def test_manager_creates_a_recruitment_with_questions(client, lab):
    client.force_login(lab.users["program_manager"])
    assert client.get(base(lab, "new/")).status_code == 200
    data = {"title": "Round 1", "purpose": "Creative 16-24s", "consent_text": "We keep it a year.",
            "target_size": "18", "opens_at": "2030-01-01T09:00", "closes_at": "2030-01-31T18:00",
            "status": "open"}
    data |= questions_post({"text": "Why should we choose you?", "kind": "short", "max_length": "140"},
                           {"text": "Your portfolio", "required": False})
    response = client.post(base(lab, "new/"), data)
    recruitment = Recruitment.objects.get(title="Round 1")
    assert response.status_code == 302 and response["Location"] == base(lab, f"{recruitment.pk}/")
    assert (recruitment.target_size, recruitment.status) == (18, "open")
    # Entered in the organization's time zone (Asia/Seoul), stored in UTC.
    assert recruitment.opens_at == datetime.datetime(2030, 1, 1, 0, 0, tzinfo=datetime.UTC)
    questions = list(recruitment.questions.values_list("text", "kind", "max_length", "required"))
    assert questions == [("Why should we choose you?", "short", 140, True),
                         ("Your portfolio", "long", None, False)]


def test_recruitment_period_error_keeps_the_questions(client, lab):
    client.force_login(lab.users["program_manager"])
    data = {"title": "Backwards", "purpose": "p", "consent_text": "c", "target_size": "5",
            "opens_at": "2030-02-01T09:00", "closes_at": "2030-01-01T09:00", "status": "draft"}
    data |= questions_post({"text": "A question I wrote carefully"})
    response = client.post(base(lab, "new/"), data)
    assert response.status_code == 200
    assert "The recruitment must close after it opens." in response.text
    assert 'value="A question I wrote carefully"' in response.text
    assert not Recruitment.objects.filter(title="Backwards").exists()


def test_manager_opens_and_closes_a_recruitment(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.post(call(lab, "status/"), {"status": "closed"})
    assert response.status_code == 302
    lab.recruitment.refresh_from_db()
    assert lab.recruitment.status == "closed"
    client.post(call(lab, "status/"), {"status": "open"})
    lab.recruitment.refresh_from_db()
    assert lab.recruitment.status == "open"
    assert client.post(call(lab, "status/"), {"status": "bogus"}).status_code == 302
    lab.recruitment.refresh_from_db()
    assert lab.recruitment.status == "open"


def test_only_managers_change_the_status(client, lab):
    client.force_login(lab.users["executive"])
    assert client.post(call(lab, "status/"), {"status": "closed"}).status_code == 404
    lab.recruitment.refresh_from_db()
    assert lab.recruitment.status == "open"


# Detail and apply ------------------------------------------------------------------------

def test_detail_shows_purpose_period_size_and_questions(client, lab):
    client.force_login(lab.users["member"])
    text = client.get(call(lab)).text
    assert lab.recruitment.purpose in text and "looking for 18 partners" in text
    assert "Why should we choose you?" in text and "at most 140 characters" in text
    assert f'href="{call(lab, "apply/")}"' in text
    assert "applications/" not in text  # no manager tools


def test_apply_page_shows_consent_what_is_shared_and_the_limit(client, lab):
    member = lab.users["member"]
    member.region = "Jeju"
    member.save()
    client.force_login(member)
    text = client.get(call(lab, "apply/")).text
    assert lab.recruitment.consent_text in text
    assert "What you share with your application" in text and "Jeju" in text
    assert 'href="/accounts/profile/"' in text
    assert 'maxlength="140"' in text


def test_member_applies(client, lab):
    member = lab.users["member"]
    client.force_login(member)
    response = client.post(call(lab, "apply/"), {answer_field(lab): "I make videos", "consent": "on"})
    assert response.status_code == 302 and response["Location"] == "/me/applications/"
    application = Application.objects.get(applicant=member)
    assert application.answers.get().text == "I make videos"
    assert application.profile["email"] == member.email
    assert Notification.objects.filter(user=member, kind="application_received").count() == 1


def test_a_too_long_answer_is_refused_in_words_and_kept(client, lab):
    client.force_login(lab.users["member"])
    long = "가" * 141
    response = client.post(call(lab, "apply/"), {answer_field(lab): long, "consent": "on"})
    assert response.status_code == 200
    assert "At most 140 characters, please (you wrote 141)." in response.text
    assert long in response.text
    assert not Application.objects.exists()


def test_consent_is_required_and_answers_are_kept(client, lab):
    client.force_login(lab.users["member"])
    response = client.post(call(lab, "apply/"), {answer_field(lab): "My careful answer"})
    assert response.status_code == 200
    assert "Please agree to the use of your personal data to apply." in response.text
    assert "My careful answer" in response.text
    assert not Application.objects.exists()


def test_applying_twice_keeps_one_application(client, lab):
    client.force_login(lab.users["member"])
    client.post(call(lab, "apply/"), {answer_field(lab): "First", "consent": "on"})
    response = client.post(call(lab, "apply/"), {answer_field(lab): "Second", "consent": "on"}, follow=True)
    assert "You already applied to this recruitment." in response.text
    assert Application.objects.get().answers.get().text == "First"
    text = client.get(call(lab, "apply/")).text
    assert "You applied on" in text and "Status: Submitted" in text


def test_a_call_that_closed_while_typing_explains_and_keeps_the_answers(client, lab):
    client.force_login(lab.users["member"])
    assert client.get(call(lab, "apply/")).status_code == 200
    lab.recruitment.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    lab.recruitment.save()
    typed = {answer_field(lab): "Typed before the deadline", "consent": "on"}
    response = client.post(call(lab, "apply/"), typed)
    assert response.status_code == 200
    assert "This recruitment is not open for applications." in response.text
    assert "Typed before the deadline" in response.text
    assert not Application.objects.exists()


def test_visitor_is_sent_to_log_in_to_apply(client, lab):
    response = client.get(call(lab, "apply/"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "Log in to apply" in client.get(call(lab)).text


# Applications (personal data) ------------------------------------------------------------

def test_applications_list_filters_and_searches(client, lab):
    this_year = timezone.localdate().year
    ana = f.UserFactory(name="Ana Kim", birth_year=this_year - 19, gender="female", region="Seoul",
                        follower_count=5400)
    bo = f.UserFactory(name="Bo Park", region="Busan")
    ApplicationFactory(recruitment=lab.recruitment, applicant=ana)
    ApplicationFactory(recruitment=lab.recruitment, applicant=bo, status="declined")
    client.force_login(lab.users["program_manager"])
    text = client.get(call(lab, "applications/")).text
    assert "Ana Kim" in text and "Bo Park" in text
    assert "<td>19</td>" in text and "<td>Female</td>" in text
    assert "<td>Seoul</td>" in text and ">5400<" in text
    text = client.get(call(lab, "applications/"), {"status": "declined"}).text
    assert "Bo Park" in text and "Ana Kim" not in text
    text = client.get(call(lab, "applications/"), {"q": "kim"}).text
    assert "Ana Kim" in text and "Bo Park" not in text
    event = AuditEvent.objects.filter(verb="personal_data.listed").first()
    assert event.actor == lab.users["program_manager"] and event.data["applications"]


def test_opinion_leaders_are_marked_and_filtered_and_sources_are_shown(client, lab):
    lab.recruitment.opinion_leader_followers = 1000
    lab.recruitment.save()
    ApplicationFactory(recruitment=lab.recruitment, applicant=f.UserFactory(name="Reach Lee", follower_count=1000))
    ApplicationFactory(recruitment=lab.recruitment, applicant=f.UserFactory(name="Club Han", follower_count=3,
                                                                            community_roles="Scent club leader"))
    ApplicationFactory(recruitment=lab.recruitment, applicant=f.UserFactory(name="Quiet Cho", follower_count=999),
                       source="Youth panel")
    client.force_login(lab.users["program_manager"])
    text = client.get(call(lab, "applications/")).text
    assert text.count('<span class="badge">Opinion leader</span>') == 2
    assert "<td>Youth panel</td>" in text and text.count("<td>Open call</td>") == 2
    text = client.get(call(lab, "applications/"), {"opinion_leaders": "on", "source": "*"}).text
    assert "Reach Lee" in text and "Club Han" in text and "Quiet Cho" not in text
    text = client.get(call(lab, "applications/"), {"source": "Youth panel"}).text
    assert "Quiet Cho" in text and "Reach Lee" not in text
    text = client.get(call(lab, "applications/"), {"source": ""}).text
    assert "Reach Lee" in text and "Quiet Cho" not in text


def test_applications_list_htmx_partial(client, lab):
    ApplicationFactory(recruitment=lab.recruitment, applicant=f.UserFactory(name="Ana Kim"))
    client.force_login(lab.users["program_manager"])
    response = client.get(call(lab, "applications/"), {"q": "Ana"}, HTTP_HX_REQUEST="true",
                          HTTP_HX_TARGET="application-results")
    assert response.status_code == 200
    assert "<html" not in response.text and "Ana Kim" in response.text


def test_applications_list_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["program_manager"])
    for _ in range(3):
        ApplicationFactory(recruitment=lab.recruitment)
    with django_assert_max_num_queries(14) as small:
        client.get(call(lab, "applications/"))
    for _ in range(30):
        ApplicationFactory(recruitment=lab.recruitment)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(call(lab, "applications/"))


def test_reading_an_application_writes_an_audit_event(client, lab):
    applicant = f.UserFactory(name="Ana Kim", region="Seoul")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=applicant)
    AnswerFactory(application=application, question=lab.recruitment.questions.get(), text="I draw")
    manager = lab.users["program_manager"]
    client.force_login(manager)
    response = client.get(call(lab, f"applications/{application.pk}/"))
    assert response.status_code == 200
    assert "I draw" in response.text and "Seoul" in response.text
    assert lab.recruitment.consent_text in response.text
    event = AuditEvent.objects.get(verb="personal_data.viewed")
    assert (event.actor, event.organization, event.target_type, event.target_id) == (
        manager, lab.org, "recruiting.application", application.pk)


def test_the_applicant_reads_their_own_application_unaudited_and_without_decisions(client, lab):
    application = ApplicationFactory(recruitment=lab.recruitment)
    client.force_login(application.applicant)
    response = client.get(call(lab, f"applications/{application.pk}/"))
    assert response.status_code == 200 and "Select as partner" not in response.text
    assert not AuditEvent.objects.filter(verb="personal_data.viewed").exists()


def test_manager_selects_an_applicant_who_becomes_a_partner_and_is_told(
    client, lab, mailoutbox, django_capture_on_commit_callbacks,
):
    applicant = f.UserFactory(email="ana@example.com", name="Ana")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=applicant)
    client.force_login(lab.users["program_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(call(lab, f"applications/{application.pk}/select/"))
    assert response.status_code == 302
    assert Partner.objects.filter(program=lab.program, user=applicant).count() == 1
    assert Notification.objects.get(user=applicant).kind == "application_selected"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ana@example.com"]
    assert lab.program.title in mailoutbox[0].subject
    # The new partner is asked to accept the agreement before seeing missions.
    client.force_login(applicant)
    text = client.get(f"/o/{lab.org.slug}/programs/{lab.program.slug}/").text
    assert "Please accept the program agreement" in text


def test_manager_declines_and_the_applicant_is_told(
    client, lab, mailoutbox, django_capture_on_commit_callbacks,
):
    applicant = f.UserFactory(email="bo@example.com")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=applicant)
    client.force_login(lab.users["org_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(call(lab, f"applications/{application.pk}/decline/"))
    application.refresh_from_db()
    assert application.status == "declined"
    assert [m.to for m in mailoutbox] == [["bo@example.com"]]
    assert not Partner.objects.filter(user=applicant).exists()


def test_declining_a_partner_is_refused_with_a_message(client, lab):
    application = ApplicationFactory(recruitment=lab.recruitment)
    client.force_login(lab.users["program_manager"])
    client.post(call(lab, f"applications/{application.pk}/select/"))
    response = client.post(call(lab, f"applications/{application.pk}/decline/"), follow=True)
    assert "This applicant is already a partner." in response.text


# Mine ------------------------------------------------------------------------------------

def test_my_applications_across_organizations(client, lab, django_assert_max_num_queries):
    other = f.make_lab()
    me = lab.users["member"]
    ApplicationFactory(recruitment=lab.recruitment, applicant=me)
    ApplicationFactory(recruitment=other.recruitment, applicant=me, status="selected")
    ApplicationFactory(recruitment=lab.recruitment)  # someone else's
    client.force_login(me)
    with django_assert_max_num_queries(10):
        response = client.get("/me/applications/")
    text = response.text
    assert text.count("<tr>") == 3  # header + mine
    assert lab.org.name in text and other.org.name in text
    assert "Submitted" in text and "Selected" in text and "Read the agreement" in text


def test_my_applications_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    me = lab.users["member"]
    client.force_login(me)
    for _ in range(3):
        ApplicationFactory(recruitment=f.make_lab().recruitment, applicant=me)
    with django_assert_max_num_queries(10) as small:
        client.get("/me/applications/")
    for _ in range(10):
        ApplicationFactory(recruitment=f.RecruitmentFactory(), applicant=me)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/me/applications/")


def test_my_applications_needs_an_account(client, db):
    response = client.get("/me/applications/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_my_applications_with_invitations_query_count_does_not_grow(client, lab, django_assert_max_num_queries):
    from cocreate.recruiting.enums import EntryRole, EntryStatus, SelectionStatus
    from cocreate.recruiting.models import Selection, SelectionEntry

    me = lab.users["member"]
    client.force_login(me)

    def invited():
        application = ApplicationFactory(recruitment=f.make_lab().recruitment, applicant=me)
        selection = Selection.objects.create(recruitment=application.recruitment, size=1, seed=1,
                                             status=SelectionStatus.ACCEPTED)
        SelectionEntry.objects.create(selection=selection, application=application, role=EntryRole.CHOSEN, rank=1,
                                      score=0, status=EntryStatus.INVITED, invited_at=timezone.now(),
                                      deadline=timezone.now() + datetime.timedelta(days=3))

    invited()
    with django_assert_max_num_queries(12) as small:
        assert "Confirm my place" in client.get("/me/applications/").text
    for _ in range(5):
        invited()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/me/applications/").text.count("Confirm my place") == 6
