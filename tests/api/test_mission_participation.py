"""Taking part through the API: participation, sub-missions, preferences, the assignment,
coverage and teams, with the pages' permissions (404 alike) and DomainError → 400."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.missions.models import Participation, Team, TeamMember
from tests import factories as f

from .helpers import ROLES, STAFF, mission_url

pytestmark = pytest.mark.django_db


def partner(lab, name="Peer"):
    user = f.UserFactory(name=name)
    f.PartnerFactory(program=lab.program, user=user)
    f.AcceptanceFactory(agreement=lab.agreement, user=user)
    return user


def test_join_choose_switch_and_leave(api, lab):
    a = f.SubMissionFactory(mission=lab.mission, capacity=1, title="Scent")
    b = f.SubMissionFactory(mission=lab.mission, title="Bottle")
    api.as_user(lab.users["partner"])
    assert api.get(mission_url(lab, suffix="/participation")).json()["taking_part"] is False
    body = api.post(mission_url(lab, suffix="/participation")).json()
    assert (body["taking_part"], body["sub_mission"], body["assignment"], body["can_choose"]) == (
        True, None, "first_come", True)
    chosen = api.post(mission_url(lab, suffix="/sub-missions/choose"), {"sub_mission": a.pk}).json()
    assert chosen["sub_mission"] == a.pk
    assert api.get(mission_url(lab, suffix="/sub-missions")).json() == [
        {"id": a.pk, "title": "Scent", "description": "", "capacity": 1, "taken": 1, "seats_left": 0},
        {"id": b.pk, "title": "Bottle", "description": "", "capacity": None, "taken": 0, "seats_left": None},
    ]
    api.as_user(partner(lab))
    response = api.post(mission_url(lab, suffix="/sub-missions/choose"), {"sub_mission": a.pk})
    assert response.status_code == 400
    assert response.json()["code"] == "sub_mission_full"
    assert api.post(mission_url(lab, suffix="/sub-missions/choose"), {"sub_mission": 999999}).status_code == 404
    api.as_user(lab.users["partner"])
    assert api.delete(mission_url(lab, suffix="/participation")).status_code == 204
    assert Participation.objects.filter(user=lab.users["partner"]).count() == 0


def test_preferences_assignment_and_coverage(api, lab):
    m = lab.mission
    m.assignment = "preference"
    m.choose_until = timezone.now() + timedelta(days=1)
    m.save()
    a = f.SubMissionFactory(mission=m, capacity=1)
    b = f.SubMissionFactory(mission=m, capacity=1)
    api.as_user(lab.users["partner"])
    assert api.put(mission_url(lab, suffix="/preferences"), {"ranking": [a.pk, b.pk]}).json() == {
        "ranking": [a.pk, b.pk]}
    assert api.get(mission_url(lab, suffix="/preferences")).json() == {"ranking": [a.pk, b.pk]}
    response = api.put(mission_url(lab, suffix="/preferences"), {"ranking": [a.pk, a.pk]})
    assert (response.status_code, response.json()["code"]) == (400, "duplicate_rank")
    assert api.post(mission_url(lab, suffix="/assignment"), {}).status_code == 404
    peer = partner(lab)
    api.as_user(peer).put(mission_url(lab, suffix="/preferences"), {"ranking": [a.pk]})
    api.as_user(lab.users["program_manager"])
    response = api.post(mission_url(lab, suffix="/assignment"), {"seed": 3})
    assert (response.status_code, response.json()["code"]) == (400, "preferences_open")
    body = api.post(mission_url(lab, suffix="/assignment"), {"seed": 3, "force": True}).json()
    assert body == {"seed": 3, "by_rank": {"1": 1, "2": 1}, "unranked": 0, "unassigned": 0,
                    "objective": [0, 0, 1, 1]}
    coverage = api.get(mission_url(lab, suffix="/coverage")).json()
    assert coverage == {"participants": 2, "without_sub_mission": [], "sub_missions": [
        {"id": a.pk, "title": a.title, "capacity": 1, "taken": 1, "seats_left": 0, "submissions": 0,
         "first_choice_demand": 2},
        {"id": b.pk, "title": b.title, "capacity": 1, "taken": 1, "seats_left": 0, "submissions": 0,
         "first_choice_demand": 0}]}


@pytest.mark.parametrize("role", ROLES)
def test_coverage_permissions(api, labs, role):
    lab, other = labs
    api.as_user(lab.users[role])
    expected = 200 if role in STAFF else (401 if role == "visitor" else 404)
    assert api.get(mission_url(lab, suffix="/coverage")).status_code == expected
    assert api.get(mission_url(other, suffix="/coverage")).status_code in ({401} if role == "visitor" else {404})


@pytest.mark.parametrize("role", ROLES)
def test_join_permissions(api, labs, role):
    lab, other = labs
    api.as_user(lab.users[role])
    status = api.post(mission_url(lab, suffix="/participation")).status_code
    assert status == (200 if role == "partner" else 401 if role == "visitor" else 404)
    assert api.post(mission_url(other, suffix="/participation")).status_code == (401 if role == "visitor" else 404)


def test_teams(api, lab):
    lab.mission.team_size_max = 2
    lab.mission.save()
    me, peer = lab.users["partner"], partner(lab)
    api.as_user(me)
    response = api.post(mission_url(lab, suffix="/teams"), {"name": "Duo"})
    assert response.status_code == 201
    team_id = response.json()["id"]
    assert api.post(mission_url(lab, suffix="/teams"), {"name": "Again"}).json()["code"] == "already_in_team"
    assert api.post(mission_url(lab, suffix=f"/teams/{team_id}/invitations"),
                    {"user": lab.users["member"].pk}).status_code == 404
    body = api.post(mission_url(lab, suffix=f"/teams/{team_id}/invitations"), {"user": peer.pk}).json()
    assert [(m["user"]["name"], m["state"]) for m in body["members"]] == [("Partner", "accepted"), ("Peer", "invited")]
    api.as_user(peer)
    assert api.get(mission_url(lab, suffix="/teams")).json()[0]["my_state"] == "invited"
    assert api.post(mission_url(lab, suffix=f"/teams/{team_id}/invitations"), {"user": peer.pk}).status_code == 404
    assert api.post(mission_url(lab, suffix=f"/teams/{team_id}/response"), {"accept": True}).json()["my_state"] == (
        "accepted")
    assert api.post(mission_url(lab, suffix=f"/teams/{team_id}/leave")).json()["my_state"] is None
    assert TeamMember.objects.get(team_id=team_id, user=peer).state == "left"
    api.as_user(lab.users["member"])
    assert api.post(mission_url(lab, suffix=f"/teams/{team_id}/leave")).status_code == 404
    assert Team.objects.count() == 1


def test_coverage_and_sub_missions_in_constant_queries(api, lab, django_assert_max_num_queries):
    for i in range(8):
        sub = f.SubMissionFactory(mission=lab.mission, capacity=3)
        f.ParticipationFactory(mission=lab.mission, user=partner(lab, f"P{i}"), sub_mission=sub if i % 2 else None)
    api.as_user(lab.users["program_manager"])
    with django_assert_max_num_queries(14):
        body = api.get(mission_url(lab, suffix="/coverage")).json()
    assert (len(body["sub_missions"]), len(body["without_sub_mission"]), body["participants"]) == (8, 4, 8)
    with django_assert_max_num_queries(12):
        assert len(api.get(mission_url(lab, suffix="/sub-missions")).json()) == 8
