"""Taking part: joining and leaving, choosing a sub-mission first come, ranking, the fair
assignment, coverage; the pages and the permission matrices."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.ideas.models import Idea
from cocreate.missions import participation as svc
from cocreate.missions.models import Participation, Preference
from cocreate.notifications.models import Notification
from tests import factories as f
from tests.roles import ROLES, STAFF, status_as, user_of

pytestmark = pytest.mark.django_db


def partner(lab):
    """Another partner of the lab's program who accepted the agreement."""
    user = f.UserFactory()
    f.PartnerFactory(program=lab.program, user=user)
    f.AcceptanceFactory(agreement=lab.agreement, user=user)
    return user


def page(lab, suffix="", mission=None):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/missions/{(mission or lab.mission).pk}/{suffix}"


def preference_mission(lab, **kwargs):
    m = lab.mission
    m.assignment = "preference"
    m.choose_until = kwargs.get("choose_until", timezone.now() + timedelta(days=2))
    m.save()
    return m


# First come ---------------------------------------------------------------------------------

def test_choosing_takes_a_seat_switching_frees_it_and_is_idempotent(lab):
    a, b = f.SubMissionFactory(mission=lab.mission, capacity=1), f.SubMissionFactory(mission=lab.mission)
    me = lab.users["partner"]
    p = svc.sub_mission_choose(lab.mission, user=me, sub_mission=a)
    assert p.sub_mission == a and p.sub_mission_changed_at is not None
    assert svc.sub_mission_choose(lab.mission, user=me, sub_mission=a).pk == p.pk
    other = partner(lab)
    with pytest.raises(DomainError) as err:
        svc.sub_mission_choose(lab.mission, user=other, sub_mission=a)
    assert err.value.code == "sub_mission_full"
    svc.sub_mission_choose(lab.mission, user=me, sub_mission=b)
    assert svc.sub_mission_choose(lab.mission, user=other, sub_mission=a).sub_mission == a
    assert AuditEvent.objects.filter(verb="mission.sub_mission_chosen").count() == 3


def test_leaving_frees_the_seat(lab):
    a = f.SubMissionFactory(mission=lab.mission, capacity=1)
    me, other = lab.users["partner"], partner(lab)
    svc.sub_mission_choose(lab.mission, user=me, sub_mission=a)
    assert svc.participation_leave(lab.mission, user=me) is True
    assert svc.participation_leave(lab.mission, user=me) is False
    assert svc.sub_mission_choose(lab.mission, user=other, sub_mission=a).sub_mission == a


def test_choosing_is_refused_outside_the_mission_and_when_closed(lab):
    elsewhere = f.SubMissionFactory()
    with pytest.raises(DomainError) as err:
        svc.sub_mission_choose(lab.mission, user=lab.users["partner"], sub_mission=elsewhere)
    assert err.value.code == "wrong_mission"
    a = f.SubMissionFactory(mission=lab.mission)
    lab.mission.ends_at = timezone.now() - timedelta(minutes=1)
    lab.mission.starts_at = timezone.now() - timedelta(days=2)
    lab.mission.save()
    with pytest.raises(DomainError) as err:
        svc.sub_mission_choose(lab.mission, user=lab.users["partner"], sub_mission=a)
    assert err.value.code == "mission_closed"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL")
def test_the_last_seat_goes_to_one_of_many_at_once(flushable_audit_log):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        lab = f.make_lab()
        seat = f.SubMissionFactory(mission=lab.mission, capacity=2)
        people = [partner(lab) for _ in range(6)]
    barrier = threading.Barrier(len(people))
    won, refused, errors = [], [], []

    def run(user):
        try:
            with scopes_disabled():
                barrier.wait()
                try:
                    svc.sub_mission_choose(lab.mission, user=user, sub_mission=seat)
                    won.append(user.pk)
                except DomainError as e:
                    refused.append(e.code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(won) == 2 and refused == ["sub_mission_full"] * 4
    with scopes_disabled():
        assert Participation.objects.filter(sub_mission=seat).count() == 2


# Preferences and the fair assignment --------------------------------------------------------

def test_preferences_are_replaced_and_validated(lab):
    m = preference_mission(lab)
    a, b, c = (f.SubMissionFactory(mission=m) for _ in range(3))
    me = lab.users["partner"]
    svc.preferences_set(m, user=me, ranking=[b.pk, a.pk])
    svc.preferences_set(m, user=me, ranking=[c.pk, b.pk])
    assert list(Preference.objects.filter(participation__user=me).values_list("sub_mission", "rank")) == [
        (c.pk, 1), (b.pk, 2)]
    for ranking, code in [([a.pk, a.pk], "duplicate_rank"), ([f.SubMissionFactory().pk], "wrong_mission")]:
        with pytest.raises(DomainError) as err:
            svc.preferences_set(m, user=me, ranking=ranking)
        assert err.value.code == code
    with pytest.raises(DomainError) as err:
        svc.sub_mission_choose(m, user=me, sub_mission=a)
    assert err.value.code == "preferences_mode"


def test_preferences_close_at_choose_until(lab):
    m = preference_mission(lab, choose_until=timezone.now() - timedelta(minutes=1))
    a = f.SubMissionFactory(mission=m)
    with pytest.raises(DomainError) as err:
        svc.preferences_set(m, user=lab.users["partner"], ranking=[a.pk])
    assert err.value.code == "preferences_closed"
    lab.mission.assignment = "first_come"
    lab.mission.save()
    with pytest.raises(DomainError) as err:
        svc.preferences_set(m, user=lab.users["partner"], ranking=[a.pk])
    assert err.value.code == "first_come_mode"


def test_assignment_places_everyone_fairly_records_and_notifies(lab):
    m = preference_mission(lab)
    a = f.SubMissionFactory(mission=m, title="Scent", capacity=1)
    b = f.SubMissionFactory(mission=m, title="Bottle", capacity=1)
    first, second = lab.users["partner"], partner(lab)
    svc.preferences_set(m, user=first, ranking=[a.pk, b.pk])
    svc.preferences_set(m, user=second, ranking=[a.pk])
    manager = lab.users["program_manager"]
    with pytest.raises(DomainError) as err:
        svc.assignment_run(m, actor=manager, seed=5)
    assert err.value.code == "preferences_open"
    result = svc.assignment_run(m, actor=manager, seed=5, force=True)
    assert dict(Participation.objects.values_list("user", "sub_mission")) == {first.pk: b.pk, second.pk: a.pk}
    assert result.objective == (0, 0, 1, 1)
    m.refresh_from_db()
    assert m.assigned_at is not None
    event = AuditEvent.objects.get(verb="mission.assigned")
    assert event.data == {"seed": 5, "objective": [0, 0, 1, 1], "by_rank": {"1": 1, "2": 1}, "unranked": 0,
                          "unassigned": 0}
    assert sorted(Notification.objects.filter(kind="sub_mission_assigned").values_list("user", "params")) == sorted(
        [(first.pk, {"mission": m.title, "sub_mission": "Bottle"}), (second.pk, {"mission": m.title,
                                                                               "sub_mission": "Scent"})])
    # After the assignment: switching only to free seats, first come.
    c = f.SubMissionFactory(mission=m, capacity=1)
    assert svc.sub_mission_choose(m, user=first, sub_mission=c).sub_mission == c
    with pytest.raises(DomainError) as err:
        svc.sub_mission_choose(m, user=first, sub_mission=a)
    assert err.value.code == "sub_mission_full"
    with pytest.raises(DomainError) as err:
        svc.preferences_set(m, user=first, ranking=[a.pk])
    assert err.value.code == "preferences_closed"


def test_assignment_only_in_preference_mode(lab):
    with pytest.raises(DomainError) as err:
        svc.assignment_run(lab.mission, actor=lab.users["program_manager"])
    assert err.value.code == "first_come_mode"


# Reading --------------------------------------------------------------------------------------

def test_coverage_counts_seats_submissions_and_demand(lab, django_assert_max_num_queries):
    m = preference_mission(lab)
    a = f.SubMissionFactory(mission=m, capacity=2)
    b = f.SubMissionFactory(mission=m)
    me, other, third = lab.users["partner"], partner(lab), partner(lab)
    svc.preferences_set(m, user=me, ranking=[a.pk])
    svc.preferences_set(m, user=other, ranking=[a.pk, b.pk])
    svc.preferences_set(m, user=third, ranking=[b.pk])
    Participation.objects.filter(user=me).update(sub_mission=a)
    f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=m, author=me, sub_mission=a,
                  submitted_at=timezone.now())
    with django_assert_max_num_queries(4):
        cov = svc.mission_coverage(m)
    rows = [{k: v for k, v in r.items() if k != "sub_mission"} for r in cov["rows"]]
    assert rows == [
        {"id": a.pk, "title": a.title, "capacity": 2, "taken": 1, "seats_left": 1, "submissions": 1,
         "first_choice_demand": 2},
        {"id": b.pk, "title": b.title, "capacity": None, "taken": 0, "seats_left": None, "submissions": 0,
         "first_choice_demand": 1},
    ]
    assert [p.user for p in cov["unassigned"]] == [other, third]
    assert cov["participants"] == 3
    assert Idea.objects.count() == 1


def test_participation_context_in_constant_queries(lab, django_assert_max_num_queries):
    m = lab.mission
    m.team_size_max = 3
    m.save()
    for _ in range(5):
        f.SubMissionFactory(mission=m)
    team = f.TeamFactory(mission=m)
    f.TeamMemberFactory(team=team, user=lab.users["partner"])
    f.TeamMemberFactory(team=team, state="invited")
    m = type(m).objects.select_related("program__organization").get(pk=m.pk)
    with django_assert_max_num_queries(10):
        ctx = svc.participation_context(lab.users["partner"], m)
    assert ctx["team"] == team and len(ctx["team_members"]) == 2 and len(ctx["sub_missions"]) == 5
    assert ctx["can"]["take_part"] is True and ctx["can"]["create_team"] is False


# Permissions ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_view_coverage(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in STAFF
    assert user.has_perm("missions.view_coverage", lab.mission) is expected
    assert user.has_perm("missions.view_coverage", other.mission) is False
    status, response = status_as(client, user, page(lab, "coverage/"))
    if role == "visitor":
        assert status == 302
    else:
        assert status == (200 if expected else 404)
    if role != "visitor":
        assert status_as(client, user, page(other, "coverage/", other.mission))[0] == 404


@pytest.mark.parametrize("role", ROLES)
def test_choose_sub_mission(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    sub = f.SubMissionFactory(mission=lab.mission)
    expected = role == "partner"
    assert user.has_perm("missions.choose_sub_mission", lab.mission) is expected
    assert user.has_perm("missions.choose_sub_mission", other.mission) is False
    status, response = status_as(client, user, page(lab, "sub-missions/choose/"), "post", {"sub_mission": sub.pk})
    if role == "visitor":
        assert status == 302 and response["Location"].startswith("/accounts/login/")
    elif role == "partner_pending":
        assert status == 302 and "/agreement/" in response["Location"]
    else:
        assert status == (302 if expected else 404)
    assert Participation.objects.filter(sub_mission=sub).count() == (1 if expected else 0)


def test_choose_sub_mission_by_mode_and_time(lab):
    me = lab.users["partner"]
    m = preference_mission(lab)
    assert me.has_perm("missions.choose_sub_mission", m) is True
    m.choose_until = timezone.now() - timedelta(minutes=1)
    assert me.has_perm("missions.choose_sub_mission", m) is False
    m.assigned_at = timezone.now()
    assert me.has_perm("missions.choose_sub_mission", m) is True
    m.ends_at = timezone.now() - timedelta(seconds=1)
    m.starts_at = timezone.now() - timedelta(days=3)
    assert me.has_perm("missions.choose_sub_mission", m) is False


# Pages ------------------------------------------------------------------------------------------

def test_partner_joins_chooses_and_leaves_through_the_pages(client, lab):
    a = f.SubMissionFactory(mission=lab.mission, capacity=1, title="Scent")
    client.force_login(lab.users["partner"])
    assert client.post(page(lab, "join/")).status_code == 302
    assert client.post(page(lab, "join/")).status_code == 302
    assert Participation.objects.filter(user=lab.users["partner"]).count() == 1
    response = client.post(page(lab, "sub-missions/choose/"), {"sub_mission": a.pk}, follow=True)
    assert "You are working on “Scent”." in response.content.decode()
    assert client.post(page(lab, "sub-missions/choose/"), {"sub_mission": 0}).status_code == 404
    client.post(page(lab, "leave/"))
    assert Participation.objects.count() == 0


def test_full_sub_mission_is_explained(client, lab):
    a = f.SubMissionFactory(mission=lab.mission, capacity=0, title="Scent")
    client.force_login(lab.users["partner"])
    response = client.post(page(lab, "sub-missions/choose/"), {"sub_mission": a.pk}, follow=True)
    assert "“Scent” is full: all 0 seats are taken." in response.content.decode()


def test_ranking_page_keeps_input_on_errors_and_saves(client, lab):
    m = preference_mission(lab)
    a, b = f.SubMissionFactory(mission=m, title="Scent"), f.SubMissionFactory(mission=m, title="Bottle")
    client.force_login(lab.users["partner"])
    assert client.get(page(lab, "sub-missions/preferences/")).status_code == 200
    response = client.post(page(lab, "sub-missions/preferences/"), {f"rank_{a.pk}": "1", f"rank_{b.pk}": "1"})
    assert response.status_code == 200
    assert "Give each sub-mission a different rank." in response.content.decode()
    assert response.context["form"].data[f"rank_{a.pk}"] == "1"
    response = client.post(page(lab, "sub-missions/preferences/"), {f"rank_{a.pk}": "2", f"rank_{b.pk}": "1"})
    assert response.status_code == 302
    assert svc.preferences_of(Participation.objects.get()) == [b.pk, a.pk]


def test_manager_assigns_from_the_coverage_page(client, lab, django_assert_max_num_queries):
    m = preference_mission(lab, choose_until=timezone.now() - timedelta(minutes=1))
    a = f.SubMissionFactory(mission=m, capacity=5)
    for _ in range(4):
        f.ParticipationFactory(mission=m, user=partner(lab))
    client.force_login(lab.users["program_manager"])
    response = client.post(page(lab, "sub-missions/assign/"), {"seed": "11"}, follow=True)
    assert "Sub-missions assigned: 4 placed, 0 without a seat (seed 11)." in response.content.decode()
    assert Participation.objects.filter(sub_mission=a).count() == 4
    with django_assert_max_num_queries(16):
        response = client.get(page(lab, "coverage/"))
    assert response.status_code == 200
    assert client.post(page(lab, "sub-missions/assign/"), {}, HTTP_X=1).status_code == 302
    client.force_login(lab.users["reviewer"])
    assert client.post(page(lab, "sub-missions/assign/")).status_code == 404


def test_participation_block_renders_for_a_partner(rf, lab):
    from django.template.loader import render_to_string

    m = lab.mission
    m.team_size_max = 2
    m.save()
    f.SubMissionFactory(mission=m, title="Scent", capacity=3)
    svc.participation_join(m, user=lab.users["partner"])
    request = rf.get("/")
    request.user = lab.users["partner"]
    html = render_to_string("missions/_participation_block.html",
                            svc.participation_context(lab.users["partner"], m), request=request)
    assert "You are taking part in this mission." in html
    assert "3 seats left" in html
    assert "Create a team" in html
    assert "Leave this mission" in html
    assert "Coverage of the sub-missions" not in html


def test_participation_block_shows_when_preferences_close_in_the_mission_time_zone(rf, lab):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.template.loader import render_to_string

    m = preference_mission(lab, choose_until=datetime(2099, 3, 1, 9, 0, tzinfo=ZoneInfo("UTC")))
    m.time_zone = "Asia/Seoul"
    m.save()
    f.SubMissionFactory(mission=m, title="Scent")
    request = rf.get("/")
    request.user = lab.users["partner"]
    html = render_to_string("missions/_participation_block.html",
                            svc.participation_context(lab.users["partner"], m), request=request)
    assert "until 03/01/2099 6 p.m. (Asia/Seoul)" in html
    assert "Rank the sub-missions" in html


INCLUDE = ('{% include "missions/_participation_block.html" with participation=pb.participation '
           'sub_missions=pb.sub_missions ranking=pb.ranking team=pb.team team_members=pb.team_members '
           'invitations=pb.invitations teams_allowed=pb.teams_allowed preferences_open=pb.preferences_open '
           'can=pb.can %}')


def test_the_block_is_included_beside_a_page_that_has_its_own_can(rf, lab):
    """How the mission page includes the block: its context under one key, so that the page's
    own ``can`` is left alone."""
    from django.template import engines

    f.SubMissionFactory(mission=lab.mission, title="Scent", capacity=2)
    request = rf.get("/")
    request.user = lab.users["partner"]
    template = engines["django"].from_string("{{ can.submit }}|" + INCLUDE + "|{{ can.submit }}")
    html = template.render({"mission": lab.mission, "can": {"submit": "page-can"},
                            "pb": svc.participation_context(lab.users["partner"], lab.mission)}, request)
    assert html.startswith("page-can|") and html.endswith("|page-can")
    assert "2 seats left" in html and "Choose" in html
