"""Setting up a mission: every rule of missions.services, with the error that says why."""

import datetime
import zoneinfo

import pytest

from cocreate.core.errors import DomainError
from cocreate.missions import services
from cocreate.missions.models import Deliverable, SubMission
from tests import factories as f

pytestmark = pytest.mark.django_db

SYD = zoneinfo.ZoneInfo("Australia/Sydney")
START = datetime.datetime(2030, 3, 1, 9, 0, tzinfo=SYD)
END = START + datetime.timedelta(days=3)


def create(lab, **kw):
    values = {"title": "4320 SYD", "brief": "A post every hour", "starts_at": START, "ends_at": END,
              "time_zone": "Australia/Sydney", "kind": "co_marketing"} | kw
    return services.mission_create(lab.program, actor=lab.users["program_manager"], **values)


def hourly(n=72):
    return [{"title": f"Post {i + 1}", "due_at": START + datetime.timedelta(hours=i + 1)} for i in range(n)]


def test_the_4320_syd_mission_with_72_hourly_deliverables(lab):
    mission = create(lab, deliverables=hourly(), capacity=50, visibility="public",
                     sub_missions=[{"title": "Harbour", "capacity": 10}, {"title": "Beaches"}])
    assert mission.deliverables.count() == 72
    assert mission.deliverables.order_by("order").last().due_at == END
    assert [(s.title, s.capacity) for s in mission.sub_missions.order_by("order")] == [("Harbour", 10),
                                                                                       ("Beaches", None)]
    assert (mission.time_zone, mission.capacity, mission.kind) == ("Australia/Sydney", 50, "co_marketing")


@pytest.mark.parametrize(("kw", "code"), [
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"ends_at": START}, "period"),
    ({"capacity": 0}, "capacity"),
    ({"late_policy": "grace", "grace_minutes": 0}, "grace_minutes"),
    ({"assignment": "preference", "choose_until": END}, "choose_until"),
    ({"team_size_max": 21}, "team_size_max"),
    ({"kind": "nope"}, "kind"),
    ({"deliverables": [{"title": "Too early", "due_at": START}]}, "deliverable_due"),
    ({"deliverables": [{"title": "Too late", "due_at": END + datetime.timedelta(minutes=1)}]}, "deliverable_due"),
])
def test_invalid_settings_are_refused(lab, kw, code):
    with pytest.raises(DomainError) as e:
        create(lab, **kw)
    assert e.value.code == code


def test_deliverable_error_names_the_row(lab):
    rows = hourly(3) + [{"title": "Afterwards", "due_at": END + datetime.timedelta(hours=1)}]
    with pytest.raises(DomainError) as e:
        create(lab, deliverables=rows)
    assert "Deliverable 4" in str(e.value.message) and "Afterwards" in str(e.value.message)


def test_update_keeps_ids_and_protects_rows_with_submissions(lab):
    mission = create(lab, deliverables=hourly(3), sub_missions=[{"title": "A"}, {"title": "B"}])
    first, second, third = mission.deliverables.order_by("order")
    sub_a, sub_b = mission.sub_missions.order_by("order")
    f.IdeaFactory(organization=lab.org, program=lab.program, mission=mission, deliverable=first, sub_mission=sub_a,
                  channel="mission")
    actor = lab.users["program_manager"]
    services.mission_update(mission, actor=actor, deliverables=[
        {"id": first.pk, "title": "First, renamed", "due_at": first.due_at},
        {"id": second.pk, "title": second.title, "due_at": second.due_at},
        {"title": "New", "due_at": END}])
    assert Deliverable.objects.filter(pk=third.pk).exists() is False
    assert Deliverable.objects.get(pk=first.pk).title == "First, renamed"
    assert mission.deliverables.count() == 3
    with pytest.raises(DomainError) as e:
        services.mission_update(mission, actor=actor, deliverables=[])
    assert e.value.code == "in_use" and "First, renamed" in str(e.value.message)
    with pytest.raises(DomainError):
        services.mission_update(mission, actor=actor, sub_missions=[{"id": sub_b.pk, "title": "B"}])
    assert SubMission.objects.filter(pk=sub_a.pk).exists()
    with pytest.raises(DomainError) as e:
        services.mission_update(mission, actor=actor, kind="survey")
    assert e.value.code == "kind_locked"


def test_capacity_cannot_drop_below_participants(lab):
    mission = create(lab, capacity=5)
    f.ParticipationFactory(mission=mission)
    f.ParticipationFactory(mission=mission)
    with pytest.raises(DomainError) as e:
        services.mission_update(mission, actor=lab.users["program_manager"], capacity=1)
    assert e.value.code == "capacity_below_participants"
    services.mission_update(mission, actor=lab.users["program_manager"], capacity=2)
    mission.refresh_from_db()
    assert mission.capacity == 2
