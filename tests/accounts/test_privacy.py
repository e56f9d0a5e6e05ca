"""A person's data: the download holds everything about them and nothing about anyone else,
every relation of every model to a person is accounted for, every download is audited; and
deleting an account erases the person while others' work stays whole."""

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from cocreate.accounts import privacy
from cocreate.accounts.models import ApiToken
from cocreate.accounts.services import api_token_create
from cocreate.core.models import AuditEvent
from cocreate.evaluation.models import CrowdRating, PairwiseVote, Score
from cocreate.ideas.models import Attachment, Comment, Idea, PurchaseIntent, Support
from cocreate.incentives.models import Grant, Incentive
from cocreate.missions.models import Team, TeamMember
from cocreate.missions.submissions import submission_save
from cocreate.notifications.models import Notification
from cocreate.organizations.models import Membership
from cocreate.pool.models import PoolInvitation, PoolMember
from cocreate.recruiting.models import Answer, Application
from tests import factories as f
from tests.recruiting.factories import AnswerFactory, ApplicationFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def relations_to_people() -> set[tuple[str, str]]:
    return {
        (model._meta.label, field.name)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is User
    }


def test_every_relation_of_every_model_to_a_person_is_exported_or_excluded_with_a_reason():
    exported = {(p.model, p.field) for p in privacy.PARTS}
    assert relations_to_people() - exported - set(privacy.EXCLUDED) == set()
    # And nothing listed is stale: each names a real relation, once.
    assert (exported | set(privacy.EXCLUDED)) - relations_to_people() <= {("accounts.IdempotencyKey", "user")}
    assert not exported & set(privacy.EXCLUDED) and all(privacy.EXCLUDED.values())
    assert len({p.name for p in privacy.PARTS}) == len(privacy.PARTS)


def person_with_one_of_everything(lab):
    """The lab's partner (a cohort member who accepted the agreement) who is also a judge,
    applied with an answer, submitted an idea with a file, commented, supported, rated,
    answered a pairwise question, scored, is in a team and the pool with an invitation, was
    granted an incentive, has a notification and an API token."""
    person, other = lab.users["partner"], lab.users["member"]
    f.MembershipFactory(organization=lab.org, user=person, role="judge")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=person)
    AnswerFactory(application=application, question=lab.recruitment.questions.get(), text="I film my routine.")
    idea = submission_save(
        lab.mission,
        author=person,
        title="Refill can",
        body="Smells of the sea.",
        files=[SimpleUploadedFile("spec.pdf", PDF, content_type="application/pdf")],
        submit=True,
    ).idea
    theirs = f.IdeaFactory(organization=lab.org, author=other, title="Someone else's idea", body="Secret plan")
    second = f.IdeaFactory(organization=lab.org, author=other, title="Another idea of theirs")
    Comment.objects.create(idea=theirs, author=person, body="=HYPERLINK(1) nice")
    Support.objects.create(idea=theirs, user=person)
    PurchaseIntent.objects.create(idea=theirs, user=person, value=4)
    Score.objects.create(idea=theirs, judge=person, criterion=lab.criteria[0], value=4, comment="Useful")
    CrowdRating.objects.create(idea=theirs, user=person, value=5)
    PairwiseVote.objects.create(program=lab.program, voter=person, idea_a=theirs, idea_b=second, winner=theirs)
    team = Team.objects.create(mission=lab.mission, name="Blue", created_by=person)
    TeamMember.objects.create(team=team, mission=lab.mission, user=person, state="accepted")
    member = PoolMember.objects.create(organization=lab.org, user=person, note="Great on camera")
    PoolInvitation.objects.create(
        member=member,
        program=lab.program,
        invited_by=lab.users["program_manager"],
        deadline=date(2030, 1, 31),
        message="Join us",
    )
    incentive = Incentive.objects.create(program=lab.program, kind="product", title="Starter kit")
    Grant.objects.create(incentive=incentive, user=person, reason="Winner")
    Notification.objects.create(user=person, kind="idea_state", params={"title": "Refill can"})
    api_token_create(person, name="my script")
    return person, idea, theirs


def read_zip(content: bytes) -> tuple[dict, dict[str, list[list[str]]], dict[str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    data = json.loads(archive.read("data.json"))
    tables = {
        n.removesuffix(".csv"): list(csv.reader(io.StringIO(archive.read(n).decode("utf-8-sig"))))
        for n in archive.namelist()
        if n.endswith(".csv")
    }
    files = {n: archive.read(n) for n in archive.namelist() if n.startswith("files/")}
    assert set(archive.namelist()) == {"README.txt", "data.json", *(f"{t}.csv" for t in tables), *files}
    return data, tables, files


EXPECTED_COUNTS = {
    "profile": 1,
    "email_addresses": 0,
    "api_tokens": 1,
    "memberships": 1,
    "cohort_memberships": 1,
    "agreement_acceptances": 1,
    "applications": 1,
    "reviewer_assignments": 0,
    "reviews_given": 0,
    "round_results_decided": 0,
    "selections_run": 0,
    "selections_accepted": 0,
    "imports_uploaded": 0,
    "mission_participations": 1,
    "teams_created": 1,
    "team_memberships": 1,
    "team_invitations_sent": 0,
    "reminders": 0,
    "ideas": 1,
    "ideas_hidden": 0,
    "ideas_first_seen": 0,
    "comments": 1,
    "supports": 1,
    "credits": 1,
    "attachments": 1,
    "purchase_intents": 1,
    "scores": 1,
    "judge_assignments": 0,
    "judge_assignments_made": 0,
    "judge_conflicts": 0,
    "vote_flags_resolved": 0,
    "ratings": 1,
    "pairwise_answers": 1,
    "decisions": 0,
    "decisions_to_revisit": 0,
    "forwardings_owned": 0,
    "forwardings_made": 0,
    "forwardings_acknowledged": 0,
    "explanation_requests": 0,
    "explanations_given": 0,
    "appeals": 0,
    "appeals_reviewed": 0,
    "concepts_created": 0,
    "clustering_runs": 0,
    "duplicate_groups": 0,
    "outcome_updates": 0,
    "pool_memberships": 1,
    "pool_invitations_sent": 0,
    "incentives_granted": 1,
    "grants_made": 0,
    "grants_delivered": 0,
    "grants_cancelled": 0,
    "notifications": 1,
    "application_answers": 1,
    "pool_invitations": 1,
    "audit_events": 4,
}
AUDIT_EVENTS = [
    ("mission.joined", True),
    ("idea.created", True),
    ("idea.transition", True),
    ("api_token.created", True),
]


def test_the_download_holds_one_of_everything_exactly(client, lab):
    person, idea, theirs = person_with_one_of_everything(lab)
    client.force_login(person)
    response = client.post("/accounts/data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip" and response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="cocreate-data-')
    data, tables, files = read_zip(b"".join(response.streaming_content))

    sections = data["sections"]
    assert (data["format"], data["format_version"], data["user_id"]) == ("cocreate-personal-data", 1, person.pk)
    assert {name: len(rows) for name, rows in sections.items()} == EXPECTED_COUNTS
    assert list(sections) == privacy.section_names()
    profile = sections["profile"][0]
    assert "password" not in profile and (profile["email"], profile["name"]) == (person.email, "Partner")
    assert set(sections["api_tokens"][0]) >= {"name", "prefix", "created_at"}
    assert "digest" not in sections["api_tokens"][0] and sections["api_tokens"][0]["name"] == "my script"
    assert [(r["id"], r["title"], r["body"]) for r in sections["ideas"]] == [
        (idea.pk, "Refill can", "Smells of the sea.")
    ]
    assert [(r["idea_id"], r["body"]) for r in sections["comments"]] == [(theirs.pk, "=HYPERLINK(1) nice")]
    assert [(r["idea_id"], r["value"], r["comment"]) for r in sections["scores"]] == [(theirs.pk, 4, "Useful")]
    assert sections["application_answers"] == [
        {
            "id": Answer.objects.get().pk,
            "application_id": Application.objects.get().pk,
            "question_id": lab.recruitment.questions.get().pk,
            "question": lab.recruitment.questions.get().text,
            "answer": "I film my routine.",
        }
    ]
    assert sections["applications"][0]["consent_text"] == lab.recruitment.consent_text
    assert sections["pool_memberships"][0]["note"] == "Great on camera"
    assert [(r["status"], r["message"]) for r in sections["pool_invitations"]] == [("pending", "Join us")]
    assert [(e["verb"], e["by_you"]) for e in sections["audit_events"]] == AUDIT_EVENTS
    # The CSV files hold the same rows, people's text never as a formula.
    assert set(tables) == set(sections)
    assert tables["comments"][0] == list(sections["comments"][0])
    assert tables["comments"][1][list(sections["comments"][0]).index("body")] == "'=HYPERLINK(1) nice"
    attachment = Attachment.objects.get()
    assert files == {f"files/attachments/{attachment.pk}-spec.pdf": PDF}


def test_every_download_is_audited_on_the_page_and_through_the_api(client, lab):
    person = lab.users["partner"]
    client.force_login(person)
    client.post("/accounts/data/")
    secret = api_token_create(person, name="script")[1]
    client.logout()
    response = client.get("/api/v1/me/export", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    events = AuditEvent.objects.filter(verb="account.data_exported").order_by("id")
    assert [(e.actor_id, e.target_type, e.target_id, e.data["via"]) for e in events] == [
        (person.pk, "accounts.user", person.pk, "page"),
        (person.pk, "accounts.user", person.pk, "api"),
    ]


def test_the_download_holds_only_ones_own_data(client, lab):
    victim, victim_idea, _theirs = person_with_one_of_everything(lab)
    attacker = f.UserFactory(name="Mallory")
    f.IdeaFactory(organization=lab.org, author=attacker, title="Mallory's idea")
    secret = api_token_create(attacker, name="attack")[1]
    # No address takes a person: whatever is asked for, the answer is the caller's own data.
    for path in ("/api/v1/me/export", f"/api/v1/me/export?user_id={victim.pk}", f"/api/v1/me/export?id={victim.pk}"):
        response = client.get(path, headers={"Authorization": f"Bearer {secret}"})
        content = b"".join(response.streaming_content)
        data, _tables, files = read_zip(content)
        assert data["user_id"] == attacker.pk
        assert [r["title"] for r in data["sections"]["ideas"]] == ["Mallory's idea"]
        assert files == {}
        blob = b"".join(
            zipfile.ZipFile(io.BytesIO(content)).read(n) for n in zipfile.ZipFile(io.BytesIO(content)).namelist()
        )
        for secret_of_victim in (victim.email, "Refill can", "I film my routine.", "Great on camera", "my script"):
            assert secret_of_victim.encode() not in blob
    client.force_login(attacker)
    data, _tables, _files = read_zip(b"".join(client.post(f"/accounts/data/?user={victim.pk}").streaming_content))
    assert data["user_id"] == attacker.pk
    client.logout()
    assert client.get("/api/v1/me/export").status_code == 401
    response = client.post("/accounts/data/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# Deleting an account -------------------------------------------------------------------------


def delete_through_the_page(client, person, password=f.PASSWORD, phrase="delete my account"):
    client.force_login(person)
    return client.post("/accounts/delete/", {"password": password, "phrase": phrase})


def test_deleting_keeps_others_work_and_anonymises_authorship(client, lab):
    person, idea, theirs = person_with_one_of_everything(lab)
    others_comment = Comment.objects.create(idea=idea, author=lab.users["member"], body="Love it")
    draft = f.IdeaFactory(organization=lab.org, author=person, title="Half an idea", state="draft", submitted_at=None)
    before = {
        "ideas": set(Idea.objects.exclude(pk=draft.pk).values_list("pk", "title", "body")),
        "comments": set(Comment.objects.values_list("pk", "body")),
        "scores": list(Score.objects.values_list("pk", "value", "comment")),
        "votes": (Support.objects.count(), CrowdRating.objects.count(), PairwiseVote.objects.count()),
    }

    response = delete_through_the_page(client, person)
    assert response.status_code == 302 and response["Location"] == "/"

    tombstone = User.objects.get(pk=person.pk)
    assert tombstone.is_deleted and not tombstone.is_active and not tombstone.has_usable_password()
    assert (tombstone.name, tombstone.birth_year, tombstone.region, tombstone.expertise) == ("", None, "", "")
    assert tombstone.email.endswith("@deleted.invalid") and "partner" not in tombstone.email.lower()
    assert tombstone.display_name == "a former member"
    # Others' ideas and comments, the person's submitted idea, scores and votes: all still there.
    assert set(Idea.objects.values_list("pk", "title", "body")) == before["ideas"]
    assert set(Comment.objects.values_list("pk", "body")) == before["comments"]
    assert list(Score.objects.values_list("pk", "value", "comment")) == before["scores"]
    assert (Support.objects.count(), CrowdRating.objects.count(), PairwiseVote.objects.count()) == before["votes"]
    assert not Idea.objects.filter(pk=draft.pk).exists()
    assert Comment.objects.get(pk=others_comment.pk).author == lab.users["member"]
    # The idea page names the author as a former member, in English and Korean.
    client.force_login(lab.users["org_admin"])
    page = client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/").text
    assert "· a former member" in page and "Partner" not in page
    with translation.override("ko"):
        former_ko = gettext("a former member")
    lab.users["org_admin"].language = "ko"
    lab.users["org_admin"].save()
    assert f"· {former_ko}" in client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/").text
    # Personal records gone; the pool keeps a removed, note-less tombstone.
    assert not Membership.objects.filter(user=person).exists()
    assert not ApiToken.objects.filter(user=person).exists()
    assert not Notification.objects.filter(user=person).exists()
    assert list(PoolMember.objects.filter(user=person).values_list("status", "note")) == [("removed", "")]
    assert list(PoolInvitation.objects.values_list("status", flat=True)) == ["withdrawn"]


def test_deleting_erases_applications_with_recruitings_anonymisation(client, lab):
    person = lab.users["member"]
    decided = ApplicationFactory(recruitment=lab.recruitment, applicant=person, status="selected")
    AnswerFactory(application=decided, question=lab.recruitment.questions.get(), text="My life story")
    other_recruitment = f.RecruitmentFactory(program=lab.program)
    open_one = ApplicationFactory(recruitment=other_recruitment, applicant=person)
    someone_else = ApplicationFactory(recruitment=lab.recruitment)
    delete_through_the_page(client, person)
    rows = {a.pk: (a.applicant_id, a.profile, a.status, a.anonymised_at is not None) for a in Application.objects.all()}
    assert rows[decided.pk] == (None, {}, "selected", True)
    assert rows[open_one.pk] == (None, {}, "withdrawn", True)
    assert rows[someone_else.pk][0] == someone_else.applicant_id and rows[someone_else.pk][3] is False
    assert list(Answer.objects.values_list("text", flat=True)) == [""]


def test_deleting_is_audited_and_the_audit_log_keeps_its_actor(client, lab):
    person, idea, _theirs = person_with_one_of_everything(lab)
    earlier = list(AuditEvent.objects.filter(actor=person).values_list("pk", "verb"))
    delete_through_the_page(client, person)
    deleted = AuditEvent.objects.filter(verb="account.deleted").order_by("id")
    assert [(e.actor_id, e.target_type, e.target_id, e.organization_id) for e in deleted] == [
        (person.pk, "accounts.user", person.pk, None),
        (person.pk, "accounts.user", person.pk, lab.org.pk),
    ]
    assert deleted[0].data == {"applications": 1, "ideas_deleted": 0, "ideas_kept": 1}
    assert deleted[1].data == {"policy": "keep_anonymous"}
    assert (
        list(AuditEvent.objects.filter(actor=person, pk__in=[pk for pk, _v in earlier]).values_list("pk", "verb"))
        == earlier
    )


def test_a_deleted_person_cannot_sign_in_and_their_sessions_and_tokens_fail(client, lab):
    from django.test import Client

    person = lab.users["partner"]
    email = person.email
    secret = api_token_create(person, name="script")[1]
    elsewhere = Client()
    elsewhere.force_login(person)
    assert elsewhere.get("/accounts/profile/").status_code == 200
    delete_through_the_page(client, person)
    response = elsewhere.get("/accounts/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    response = client.post("/accounts/login/", {"login": email, "password": f.PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert not client.login(email=email, password=f.PASSWORD)


def test_wrong_password_or_phrase_deletes_nothing(client, lab):
    person = lab.users["partner"]
    response = delete_through_the_page(client, person, password="wrong")
    assert response.status_code == 200 and "That is not your password." in response.text
    response = delete_through_the_page(client, person, phrase="delete")
    assert "Type “delete my account” exactly to confirm." in response.text
    person.refresh_from_db()
    assert person.is_active and not person.is_deleted
    assert not AuditEvent.objects.filter(verb="account.deleted").exists()


def test_an_organization_may_delete_a_leavers_ideas_but_not_team_work(client, lab):
    lab.org.on_member_deletion = "delete_ideas"
    lab.org.save()
    person, idea, theirs = person_with_one_of_everything(lab)
    other = f.OrganizationFactory()
    kept_elsewhere = f.IdeaFactory(organization=other, author=person, title="Kept in the other organization")
    teammate = lab.users["member"]
    team_idea = f.IdeaFactory(organization=lab.org, author=person, title="Team work")
    team_idea.credits.create(user=teammate)
    delete_through_the_page(client, person)
    assert not Idea.objects.filter(pk=idea.pk).exists() and not Attachment.objects.exists()
    assert set(Idea.objects.filter(author=person).values_list("title", flat=True)) == {
        "Kept in the other organization",
        "Team work",
    }
    assert Idea.objects.filter(pk=theirs.pk).exists() and Idea.objects.get(pk=kept_elsewhere.pk)
    assert Comment.objects.filter(author=person).count() == 1


@pytest.mark.parametrize(("language", "phrase_en"), [("en", "delete my account"), ("ko", None)])
def test_the_pages_in_korean_and_english(client, lab, language, phrase_en):
    person = lab.users["partner"]
    person.language = language
    person.save()
    client.force_login(person)
    with translation.override(language):
        phrase = gettext("delete my account")
        title_data, title_delete = gettext("Your data"), gettext("Delete your account")
    assert phrase_en is None or phrase == phrase_en
    page = client.get("/accounts/data/")
    assert page.status_code == 200 and f'<html lang="{language}"' in page.text
    assert f"<h1>{title_data}</h1>" in page.text and 'action="/accounts/data/"' in page.text
    page = client.get("/accounts/delete/")
    assert f"<h1>{title_delete}</h1>" in page.text and f"<strong>{phrase}</strong>" in page.text
    assert f"{lab.org.name}:" in page.text
    response = client.post("/accounts/delete/", {"password": f.PASSWORD, "phrase": phrase.upper()})
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).is_deleted
