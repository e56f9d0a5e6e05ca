"""The pool under /api/v1/: the same permissions and numbers as the pages."""

import pytest

from cocreate.core.models import AuditEvent
from cocreate.ideas.enums import IdeaState
from cocreate.pool.enums import InvitationStatus, PoolStatus
from cocreate.pool.models import PoolInvitation, PoolMember
from cocreate.programs.models import Partner
from tests import factories as f
from tests.api.helpers import Api
from tests.roles import MANAGERS, ROLES, user_of

from .helpers import in_days, invitation_of, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return Api(client)


def pool_url(lab, suffix=""):
    return f"/organizations/{lab.org.slug}/pool{suffix}"


def expected_status(role, allowed, ok=200):
    if allowed:
        return ok
    return 401 if role == "visitor" else 404


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(api, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    api.as_user(user if user.is_authenticated else None)
    expected = role in MANAGERS
    for owner, allowed in ((lab, expected), (other, False)):
        member = member_of(owner.org)
        program = f.ProgramFactory(organization=owner.org)
        calls = [
            ("get", pool_url(owner), None, 200),
            ("get", pool_url(owner, f"/{member.pk}"), None, 200),
            ("get", pool_url(owner, "/candidates"), None, 200),
            ("patch", pool_url(owner, f"/{member.pk}"), {"note": "Kind"}, 200),
            ("post", pool_url(owner, f"/{member.pk}/invitations"),
             {"program": program.slug, "deadline": in_days(5).isoformat()}, 201),
            ("post", pool_url(owner), {"email": owner.users["member"].email}, 201),
        ]
        for method, path, data, ok in calls:
            response = api.get(path) if method == "get" else getattr(api, method)(path, data)
            assert response.status_code == expected_status(role, allowed, ok), (method, path)
    assert PoolInvitation.objects.count() == (1 if expected else 0)
    assert PoolMember.objects.filter(note="Kind").count() == (1 if expected else 0)


def test_list_with_track_record_and_filters(api, lab):
    star = member_of(lab.org, name="Star Kim", interests="music", program=lab.program)
    f.PartnerFactory(program=lab.program, user=star.user)
    f.IdeaFactory(organization=lab.org, author=star.user, state=IdeaState.IMPLEMENTED)
    quiet = member_of(lab.org, name="Quiet Lee", interests="cars", status=PoolStatus.RESTING)
    api.as_user(lab.users["org_admin"])
    body = api.get(pool_url(lab)).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert (first["id"], first["status"], first["source"], first["source_program"]) == (
        star.pk, "active", "selected", lab.program.slug)
    assert {k: v for k, v in first["track_record"].items() if k != "last_activity"} == {
        "programs_joined": 1, "missions_with_ideas": 0, "ideas_submitted": 1, "ideas_accepted": 1,
        "ideas_implemented": 1, "average_score": None}
    assert [m["id"] for m in api.get(pool_url(lab), {"q": "cars"}).json()["items"]] == [quiet.pk]
    assert [m["id"] for m in api.get(pool_url(lab), {"status": "resting"}).json()["items"]] == [quiet.pk]
    assert [m["id"] for m in api.get(pool_url(lab), {"program": lab.program.slug}).json()["items"]] == [star.pk]
    assert [m["id"] for m in api.get(pool_url(lab), {"has_accepted_ideas": "false"}).json()["items"]] == [quiet.pk]
    assert api.get(pool_url(lab), {"program": "no-such-program"}).status_code == 404
    assert api.get(pool_url(lab), {"age_band": "teens"}).status_code == 422
    assert AuditEvent.objects.filter(verb="personal_data.listed").count() == 5


def test_list_query_count_does_not_grow(api, lab, django_assert_max_num_queries):
    api.as_user(lab.users["program_manager"])

    def add(n):
        for _ in range(n):
            member = member_of(lab.org)
            f.IdeaFactory(organization=lab.org, author=member.user, state=IdeaState.ACCEPTED)

    add(3)
    with django_assert_max_num_queries(20) as small:
        assert api.get(pool_url(lab)).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get(pool_url(lab), {"limit": 40}).status_code == 200


def test_detail_status_and_invite(api, lab):
    member = member_of(lab.org, name="Star Kim", region="Seoul")
    f.IdeaFactory(organization=lab.org, author=member.user, state=IdeaState.REJECTED)
    program = f.ProgramFactory(organization=lab.org, title="Lynx 2")
    api.as_user(lab.users["program_manager"])
    body = api.get(pool_url(lab, f"/{member.pk}")).json()
    assert body["profile"]["region"] == "Seoul" and body["profile"]["email"] == member.user.email
    assert body["by_program"] == [{"program": None, "title": None, "joined_at": None, "missions_with_ideas": 0,
                                   "ideas_submitted": 1, "ideas_accepted": 0, "ideas_implemented": 0,
                                   "average_score": None}]
    assert body["can_invite"] is True and body["invitations"] == []
    response = api.post(pool_url(lab, f"/{member.pk}/invitations"),
                        {"program": program.slug, "message": "Hi", "deadline": in_days(3).isoformat()})
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["program_title"]) == ("pending", "Lynx 2")
    again = api.post(pool_url(lab, f"/{member.pk}/invitations"),
                     {"program": program.slug, "deadline": in_days(3).isoformat()})
    assert (again.status_code, again.json()["code"]) == (400, "already_invited")
    body = api.patch(pool_url(lab, f"/{member.pk}"), {"status": "alumni", "note": "Graduated"}).json()
    assert (body["status"], body["note"], body["can_invite"]) == ("alumni", "Graduated", False)
    assert [i["status"] for i in body["invitations"]] == ["withdrawn"]


def test_candidates(api, lab):
    erin = f.UserFactory(name="Erin")
    f.IdeaFactory(organization=lab.org, author=erin, support_count=11)
    api.as_user(lab.users["org_admin"])
    body = api.get(pool_url(lab, "/candidates")).json()
    assert body["items"] == [{"user": {"id": erin.pk, "name": "Erin"}, "accepted_open_ideas": 0, "best_support": 11,
                              "total_support": 11, "open_ideas": 1}]
    assert api.get(pool_url(lab, "/candidates"), {"min_supports": 12}).json()["count"] == 0
    response = api.post(pool_url(lab), {"user_id": erin.pk, "source": "open_channel"})
    assert response.status_code == 201 and response.json()["source"] == "open_channel"
    assert api.get(pool_url(lab, "/candidates")).json()["count"] == 0
    assert api.post(pool_url(lab), {"user_id": erin.pk, "source": "selected"}).json()["code"] == "source"


def test_member_answers_through_the_api(api, labs):
    lab, other = labs
    member = member_of(lab.org)
    program = f.ProgramFactory(organization=lab.org)
    invitation = invitation_of(member, program, by=lab.users["program_manager"])
    foreign = invitation_of(member_of(other.org), other.program, by=other.users["org_admin"])
    api.as_user(member.user)
    assert [(m["organization"], m["status"]) for m in api.get("/me/pool").json()] == [(lab.org.slug, "active")]
    items = api.get("/me/pool/invitations").json()["items"]
    assert [(i["id"], i["can_respond"], i["organization"]) for i in items] == [(invitation.pk, True, lab.org.slug)]
    assert api.post(f"/me/pool/invitations/{foreign.pk}/respond", {"accept": True}).status_code == 404
    response = api.post(f"/me/pool/invitations/{invitation.pk}/respond", {"accept": True})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["can_respond"]) == ("accepted", False)
    assert Partner.objects.filter(program=program, user=member.user).exists()
    again = api.post(f"/me/pool/invitations/{invitation.pk}/respond", {"accept": False})
    assert (again.status_code, again.json()["code"]) == (400, "not_pending")
    assert PoolInvitation.objects.get(pk=invitation.pk).status == InvitationStatus.ACCEPTED
    body = api.patch(f"/me/pool/{member.pk}", {"status": "resting"}).json()
    assert body["status"] == "resting"
    refused = api.patch(f"/me/pool/{member.pk}", {"status": "alumni"})
    assert (refused.status_code, refused.json()["code"]) == (400, "status_not_allowed")
    api.as_user(None)
    assert api.get("/me/pool/invitations").status_code == 401
