"""/me: profile, tokens, my ideas, notifications."""

import pytest

from cocreate.accounts.models import ApiToken
from cocreate.evaluation.services import scores_submit
from cocreate.ideas.enums import Channel
from cocreate.notifications.models import Notification
from cocreate.notifications.services import notify
from cocreate.realization.services import idea_decide
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_profile_shows_roles_per_organization(api, lab):
    response = api.as_user(lab.users["internal_partner"]).get("/me")
    body = response.json()
    assert response.status_code == 200
    assert body["name"] == "Internal Partner" and body["language"] == "en"
    assert body["memberships"] == [
        {
            "organization": lab.org.slug,
            "organization_name": lab.org.name,
            "role": "internal_partner",
            "department_id": lab.department.pk,
        }
    ]


def test_profile_update_changes_only_what_was_sent(api, lab):
    member = lab.users["member"]
    response = api.as_user(member).patch("/me", {"region": "Seoul", "follower_count": 1200, "language": "ko"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert (member.region, member.follower_count, member.language, member.name) == (
        "Seoul",
        1200,
        "ko",
        "Member",
    )


def test_profile_update_refuses_an_unreal_birth_year(api, lab):
    response = api.as_user(lab.users["member"]).patch("/me", {"birth_year": 1850})
    assert response.status_code == 400
    assert response.json() == {"detail": "Enter a real birth year.", "code": "birth_year"}


def test_profile_update_refuses_an_unknown_language(api, lab):
    assert api.as_user(lab.users["member"]).patch("/me", {"language": "fr"}).status_code == 422


def test_tokens_are_created_listed_and_revoked(api, lab):
    member = lab.users["member"]
    api.as_user(member)
    created = api.post("/me/tokens", {"name": "laptop script"})
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("cc_") and created.json()["prefix"] == secret[3:11]
    listed = api.get("/me/tokens").json()
    assert listed["count"] == 1 and listed["items"][0]["name"] == "laptop script"
    assert "secret" not in listed["items"][0]
    # The new token works on its own.
    assert api.with_token(secret).get("/me").json()["email"] == member.email
    token_id = created.json()["id"]
    assert api.as_user(member).delete(f"/me/tokens/{token_id}").status_code == 204
    assert api.with_token(secret).get("/me").status_code == 401


def test_token_needs_a_name(api, lab):
    response = api.as_user(lab.users["member"]).post("/me/tokens", {"name": "  "})
    assert response.status_code == 400 and response.json()["code"] == "name_required"


def test_someone_elses_token_cannot_be_revoked(api, lab, token):
    token(lab.users["judge"])
    theirs = ApiToken.objects.get(user=lab.users["judge"])
    assert api.as_user(lab.users["member"]).delete(f"/me/tokens/{theirs.pk}").status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_my_ideas_show_decision_reason_and_breakdown(api, lab):
    author = lab.users["partner"]
    decided = f.IdeaFactory(
        organization=lab.org,
        author=author,
        channel=Channel.MISSION,
        program=lab.program,
        mission=lab.mission,
        title="Decided",
    )
    scores_submit(decided, judge=lab.users["judge"], values={c.pk: 8 for c in lab.criteria})
    idea_decide(decided, actor=lab.users["executive"], kind="reject", reason="Too costly to produce.")
    pending = f.IdeaFactory(
        organization=lab.org,
        author=author,
        channel=Channel.MISSION,
        program=lab.program,
        mission=lab.mission,
        title="Pending",
    )
    scores_submit(pending, judge=lab.users["judge"], values={c.pk: 5 for c in lab.criteria})
    f.IdeaFactory(organization=f.OrganizationFactory(), title="Someone else's")

    body = api.as_user(author).get("/me/ideas").json()
    rows = {row["title"]: row for row in body["items"]}
    assert body["count"] == 2 and set(rows) == {"Decided", "Pending"}
    assert rows["Decided"]["state"] == "rejected"
    assert rows["Decided"]["decision"]["kind"] == "reject"
    assert rows["Decided"]["decision"]["reason"] == "Too costly to produce."
    assert rows["Decided"]["breakdown"]["total"] == 80.0 and rows["Decided"]["breakdown"]["complete"] is True
    # Scores stay the organization's until a decision is made.
    assert rows["Pending"]["decision"] is None and rows["Pending"]["breakdown"] is None


def test_my_ideas_need_a_signed_in_person(api):
    assert api.get("/me/ideas").status_code == 401


def test_notifications_are_rendered_and_marked_read(api, lab):
    member = lab.users["member"]
    notify([member], "application_received", params={"recruitment": "Call A"}, url="/me/applications/")
    notify([member], "application_received", params={"recruitment": "Call B"})
    notify([lab.users["judge"]], "application_received", params={"recruitment": "Not yours"})
    api.as_user(member)
    body = api.get("/me/notifications").json()
    assert body["count"] == 2
    assert body["items"][0]["subject"] == "We received your application to “Call B”"
    assert body["items"][1]["url"] == "/me/applications/" and body["items"][1]["read"] is False
    first = body["items"][1]["id"]
    assert api.post("/me/notifications/read", {"id": first}).json() == {"marked": 1}
    assert api.get("/me/notifications", {"unread": "true"}).json()["count"] == 1
    assert api.post("/me/notifications/read", {}).json() == {"marked": 1}
    assert Notification.objects.filter(user=member, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(user=lab.users["judge"], read_at__isnull=True).count() == 1


def test_someone_elses_notification_is_not_marked(api, lab):
    theirs = notify([lab.users["judge"]], "application_received", params={"recruitment": "X"})[0]
    assert api.as_user(lab.users["member"]).post("/me/notifications/read", {"id": theirs.pk}).json() == {
        "marked": 0
    }
