from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Idea
from cocreate.missions.models import Mission
from tests import factories as f
from tests.roles import MANAGERS, ROLES

from .helpers import mission_url, program_url

pytestmark = pytest.mark.django_db


def test_confidential_missions_only_for_partners_who_accepted(api, lab):
    public = f.MissionFactory(program=lab.program, title="Open brief", visibility="public")
    titles = lambda: [m["title"] for m in api.get(program_url(lab) + "/missions").json()["items"]]  # noqa: E731
    assert titles() == [public.title]
    api.as_user(lab.users["partner_pending"])
    assert titles() == [public.title]
    api.as_user(lab.users["partner"])
    assert set(titles()) == {lab.mission.title, public.title}


def test_mission_detail_with_tasks(api, lab):
    body = api.as_user(lab.users["partner"]).get(mission_url(lab)).json()
    assert body["title"] == lab.mission.title and body["is_open"] is True and body["can_submit"] is True
    assert [t["title"] for t in body["tasks"]] == [lab.mission.tasks.get().title]


def test_partner_submits_an_idea_to_the_mission(api, lab):
    api.as_user(lab.users["partner"])
    response = api.post(
        mission_url(lab, suffix="/ideas"), {"title": "Sea salt", "body": "A fresh scent.", "submit": True}
    )
    assert response.status_code == 201
    idea = Idea.objects.get(title="Sea salt")
    assert (idea.channel, idea.mission, idea.program, idea.state) == (
        Channel.MISSION,
        lab.mission,
        lab.program,
        IdeaState.SUBMITTED,
    )
    assert response.json()["mission_id"] == lab.mission.pk


def test_closed_mission_says_so(api, lab):
    lab.mission.ends_at = timezone.now() - timedelta(hours=1)
    lab.mission.save(update_fields=["ends_at"])
    response = api.as_user(lab.users["partner"]).post(
        mission_url(lab, suffix="/ideas"), {"title": "T", "body": "B", "submit": True}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "mission_closed"
    assert body["detail"].startswith("This mission closed on ")
    assert body["detail"].endswith("; ideas can no longer be submitted to it. Your text is kept as a draft.")
    # The late policy refuses the submission, never the text: it is the partner's draft.
    assert Idea.objects.get().state == IdeaState.DRAFT


def test_missions_of_another_organization_are_404(api, labs):
    lab, other = labs
    api.as_user(lab.users["org_admin"])
    assert api.get(mission_url(other)).status_code == 404
    assert api.get(f"{program_url(lab)}/missions/{other.mission.pk}").status_code == 404
    api.as_user(lab.users["partner"])
    assert api.post(mission_url(other, suffix="/ideas"), {"title": "T", "body": "B"}).status_code == 404
    assert not Idea.objects.exists()


def test_manager_creates_a_mission_with_tasks(api, labs):
    lab, other = labs
    payload = {
        "title": "Packaging",
        "brief": "A can that refills.",
        "starts_at": "2027-01-01T00:00:00Z",
        "ends_at": "2027-02-01T00:00:00Z",
        "tasks": [{"title": "Sketch"}, {"title": "Price it", "description": "Under 5,000 won"}],
    }
    api.as_user(lab.users["program_manager"])
    response = api.post(program_url(lab) + "/missions", payload)
    assert response.status_code == 201
    body = response.json()
    assert body["visibility"] == "confidential" and [t["title"] for t in body["tasks"]] == ["Sketch", "Price it"]
    assert api.post(program_url(other) + "/missions", payload).status_code == 404
    assert api.as_user(lab.users["partner"]).post(program_url(lab) + "/missions", payload).status_code == 404
    backwards = {**payload, "ends_at": "2026-12-01T00:00:00Z"}
    response = api.as_user(lab.users["program_manager"]).post(program_url(lab) + "/missions", backwards)
    assert response.status_code == 400 and response.json()["code"] == "period"


# Mission setup: every field, the types, update and patch -----------------------------------

MISSIONS_PATH = "/missions"


def _hourly(start, hours):
    return [{"title": f"Post {n + 1}", "due_at": (start + timedelta(hours=n + 1)).isoformat()}
            for n in range(hours)]


def _sydney(api, lab, **extra):
    start = timezone.now() + timedelta(days=1)
    payload = {
        "kind": "co_marketing", "title": "4320 SYD", "brief": "A post every hour for three days.",
        "wanted_ideas": "Posts about the brand.", "not_wanted": "No posts about competitors.",
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(days=3)).isoformat(),
        "time_zone": "Australia/Sydney", "visibility": "cohort", "capacity": 3, "late_policy": "refuse",
        "config": {"channels": ["Instagram", "TikTok"], "link_required": True},
        "deliverables": _hourly(start, 72), **extra,
    }
    return api.post(program_url(lab) + MISSIONS_PATH, payload), start


def test_the_4320_syd_mission_is_created_with_72_hourly_deliverables(api, lab):
    api.as_user(lab.users["program_manager"])
    response, start = _sydney(api, lab)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["type_label"], body["time_zone"], body["visibility"]) == (
        "co_marketing", "Co-marketing", "Australia/Sydney", "cohort")
    assert body["enables"] == ["comment", "submit", "support"]
    assert body["config"] == {"channels": ["Instagram", "TikTok"], "link_required": True}
    assert (body["capacity"], body["places_left"], body["idea_count"], body["is_open"]) == (3, 3, 0, False)
    assert body["not_wanted"] == "No posts about competitors."
    assert len(body["deliverables"]) == 72
    assert body["deliverables"][0]["title"] == "Post 1" and body["deliverables"][-1]["title"] == "Post 72"
    assert body["late_policy_sentence"].endswith("(Australia/Sydney). After that, late work is refused.")
    assert (body["can_change"], body["can_take_part"], body["can_submit"]) == (True, False, False)
    mission = Mission.objects.get(pk=body["id"])
    assert mission.deliverables.count() == 72 and mission.ends_at - mission.starts_at == timedelta(days=3)
    # A cohort mission: the program's partners see it and may join; seats are counted.
    f.ParticipationFactory(mission=mission, user=lab.users["partner_pending"])
    seen = api.as_user(lab.users["partner"]).get(mission_url(lab, mission)).json()
    assert (seen["can_take_part"], seen["can_change"], seen["places_left"]) == (True, False, 2)
    assert api.as_user(lab.users["member"]).get(mission_url(lab, mission)).status_code == 404


def test_a_threadless_style_public_design_contest(api, lab):
    api.as_user(lab.users["org_admin"])
    start = timezone.now() - timedelta(hours=1)
    response = api.post(program_url(lab) + MISSIONS_PATH, {
        "kind": "co_development", "title": "T-shirt design contest",
        "brief": "Design a T-shirt: the winner gets $1,000 and their name on the label.",
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(days=14)).isoformat(),
        "visibility": "public", "late_policy": "grace", "grace_minutes": 30, "team_size_max": 3,
        "sub_missions": [{"title": "Front print", "capacity": 50}, {"title": "Back print"}],
    })
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["enables"] == ["comment", "pairwise", "purchase_intent", "submit", "support"]
    assert (body["team_size_max"], body["grace_minutes"], body["capacity"], body["places_left"]) == (3, 30, None, None)
    assert [(s["title"], s["capacity"]) for s in body["sub_missions"]] == [("Front print", 50), ("Back print", None)]
    assert body["late_policy_sentence"].endswith("then refused.")
    # Public: everyone reads it; taking part waits for the program's agreement to be accepted.
    url = mission_url(lab, Mission.objects.get(pk=body["id"]))
    seen = api.as_user(lab.users["partner"]).get(url).json()
    assert (seen["is_open"], seen["can_take_part"], seen["can_submit"]) == (True, True, True)
    seen = api.as_user(lab.users["member"]).get(url).json()
    assert (seen["is_open"], seen["can_take_part"], seen["can_submit"]) == (True, False, False)
    assert api.as_user(None).get(url).json()["can_take_part"] is False


def test_a_mystery_shopping_mission_with_its_checklist(api, lab):
    api.as_user(lab.users["program_manager"])
    payload = {
        "kind": "mystery_shopping", "title": "Store visits", "brief": "Visit a store and rate it.",
        "starts_at": "2030-01-01T00:00:00Z", "ends_at": "2030-02-01T00:00:00Z",
        "config": {"checklist": "Staff | 1-5\nAttitude | 1-10\nAtmosphere"},
    }
    response = api.post(program_url(lab) + MISSIONS_PATH, payload)
    assert response.status_code == 201, response.json()
    checklist = response.json()["config"]["checklist"]
    assert [(i["label"], i["min"], i["max"]) for i in checklist] == [
        ("Staff", 1, 5), ("Attitude", 1, 10), ("Atmosphere", 1, 5)]
    assert all(i["key"] for i in checklist)
    assert response.json()["enables"] == ["submit"]
    bad = api.post(program_url(lab) + MISSIONS_PATH, payload | {"config": {"checklist": [
        {"label": "Staff", "min": 5, "max": 1}, {"label": "Staff"}]}})
    assert bad.status_code == 400
    assert bad.json()["code"] == "bad_scale"
    assert [e["code"] for e in bad.json()["errors"]] == ["bad_scale", "label_repeated"]
    assert Mission.objects.filter(title="Store visits").count() == 1


def test_put_replaces_and_patch_changes_only_what_is_sent_keeping_ids(api, lab):
    api.as_user(lab.users["program_manager"])
    response, start = _sydney(api, lab, deliverables=_hourly(timezone.now() + timedelta(days=1), 2),
                              sub_missions=[{"title": "Morning"}, {"title": "Evening"}])
    body = response.json()
    url = mission_url(lab, Mission.objects.get(pk=body["id"]))
    first, second = body["deliverables"]
    morning, evening = body["sub_missions"]
    patched = api.patch(url, {"title": "4320 SYD (extended)", "capacity": None,
                              "deliverables": [{"id": second["id"], "title": "Post 2, renamed",
                                                "due_at": second["due_at"]},
                                               {"title": "Post 3",
                                                "due_at": (start + timedelta(hours=3)).isoformat()}]})
    assert patched.status_code == 200, patched.json()
    out = patched.json()
    assert (out["title"], out["capacity"], out["places_left"], out["time_zone"]) == (
        "4320 SYD (extended)", None, None, "Australia/Sydney")
    assert out["deliverables"][0] == {**second, "title": "Post 2, renamed"}
    assert out["deliverables"][1]["id"] not in (first["id"], second["id"])
    assert [s["id"] for s in out["sub_missions"]] == [morning["id"], evening["id"]]  # not sent: unchanged
    assert out["config"] == {"channels": ["Instagram", "TikTok"], "link_required": True}
    # PUT: the whole mission; lists not sent are emptied, rows sent with their id are kept.
    put = api.put(url, {"kind": "co_marketing", "title": "4320 SYD", "brief": "A post every hour.",
                        "starts_at": body["starts_at"], "ends_at": body["ends_at"], "visibility": "public",
                        "sub_missions": [{"id": evening["id"], "title": "Evening", "capacity": 2}]})
    assert put.status_code == 200, put.json()
    out = put.json()
    assert (out["visibility"], out["not_wanted"], out["deliverables"], out["time_zone"]) == (
        "public", "", [], "Asia/Seoul")
    assert out["sub_missions"] == [{"id": evening["id"], "title": "Evening", "description": "", "capacity": 2}]
    assert out["config"] == {"channels": ["Instagram", "TikTok"], "link_required": True}  # null keeps them


def test_refusals_deliverable_outside_the_period_and_type_change_after_submissions(api, lab):
    api.as_user(lab.users["program_manager"])
    start = timezone.now() + timedelta(days=1)
    late = _sydney(api, lab, deliverables=[{"title": "Too late",
                                            "due_at": (start + timedelta(days=4)).isoformat()}])[0]
    assert late.status_code == 400 and late.json()["code"] == "deliverable_due"
    assert "“Too late”" in late.json()["detail"]
    assert not Mission.objects.filter(title="4320 SYD").exists()
    # A PATCH moving the end before a deliverable's due date is refused, nothing changes.
    mission_id = _sydney(api, lab, deliverables=_hourly(start, 3))[0].json()["id"]
    mission = Mission.objects.get(pk=mission_id)
    url = mission_url(lab, mission)
    early = api.patch(url, {"ends_at": (start + timedelta(hours=2)).isoformat()})
    assert early.status_code == 400 and early.json()["code"] == "deliverable_due"
    # The type is locked once a submission exists (drafts do not count).
    f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=mission,
                  author=lab.users["partner"])
    locked = api.patch(url, {"kind": "co_development"})
    assert locked.status_code == 400 and locked.json() == {
        "detail": "The mission type cannot change once submissions exist.", "code": "kind_locked"}
    assert api.patch(url, {"kind": "co_marketing", "title": "Same type"}).status_code == 200
    bad_zone = api.patch(url, {"time_zone": "Mars/Olympus"})
    assert bad_zone.status_code == 400 and bad_zone.json()["code"] == "time_zone"
    assert api.patch(url, {"visibility": "everyone"}).status_code == 422
    mission.refresh_from_db()
    assert (mission.kind, mission.title, mission.time_zone) == ("co_marketing", "Same type", "Australia/Sydney")


@pytest.mark.parametrize("role", ROLES)
def test_who_may_create_and_change_missions(api, labs, role):
    lab, other = labs
    payload = {"title": "By role", "brief": "B", "starts_at": "2030-01-01T00:00:00Z",
               "ends_at": "2030-02-01T00:00:00Z"}
    manager = role in MANAGERS
    api.as_user(lab.users[role])
    created = api.post(program_url(lab) + MISSIONS_PATH, payload)
    assert created.status_code == (201 if manager else 401 if role == "visitor" else 404)
    for method in ("put", "patch"):
        answer = getattr(api, method)(mission_url(lab), payload)
        assert answer.status_code == (200 if manager else 401 if role == "visitor" else 404)
        # Another organization's mission, or one that does not exist, is 404 alike.
        if role != "visitor":
            assert getattr(api, method)(mission_url(other), payload).status_code == 404
            assert getattr(api, method)(f"{program_url(lab)}/missions/999999", payload).status_code == 404
    lab.mission.refresh_from_db()
    assert (lab.mission.title == "By role") is manager
    assert Mission.objects.filter(title="By role").count() == (2 if manager else 0)
    assert other.mission.title != "By role"
    if role != "visitor":
        seen = api.get(mission_url(lab))
        if seen.status_code == 200:
            assert seen.json()["can_change"] is manager


def test_mission_types_are_listed_for_anyone(api):
    response = api.as_user(None).get("/mission-types")
    assert response.status_code == 200
    types = {t["key"]: t for t in response.json()}
    assert list(types) == ["co_development", "co_solving", "co_marketing", "mystery_shopping", "survey"]
    assert types["mystery_shopping"] | {"description": "", "default_config": {}} == {
        "key": "mystery_shopping", "label": "Mystery shopping", "description": "", "enables": ["submit"],
        "accepts_attachments": False, "peers_see_submissions": False, "submission_noun": "visit report",
        "default_config": {}}
    assert [i["key"] for i in types["mystery_shopping"]["default_config"]["checklist"]] == [
        "staff", "attitude", "atmosphere"]
    assert types["co_marketing"]["default_config"] == {
        "channels": ["Instagram", "Facebook", "X", "YouTube", "Blog"], "link_required": False}
    assert types["co_development"]["accepts_attachments"] is True


def test_mission_list_query_count_does_not_grow(api, lab, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            visibility = ["public", "cohort", "pool", "confidential"][i % 4]
            mission = f.MissionFactory(program=lab.program, visibility=visibility, capacity=5 if i % 2 else None)
            f.TaskFactory(mission=mission)
            f.DeliverableFactory(mission=mission)
            f.SubMissionFactory(mission=mission)
            f.ParticipationFactory(mission=mission)
            f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=mission)

    add(4)  # one of each visibility: the pool check is made once, for the first pool mission
    for role in ("partner", "program_manager", "member"):
        api.as_user(lab.users[role])
        with django_assert_max_num_queries(30) as small:
            assert api.get(program_url(lab) + MISSIONS_PATH).status_code == 200
        add(8)
        with django_assert_max_num_queries(len(small.captured_queries)):
            body = api.get(program_url(lab) + MISSIONS_PATH, {"limit": 100}).json()
        assert all(len(m["deliverables"]) == 1 and len(m["sub_missions"]) == 1
                   for m in body["items"] if m["id"] != lab.mission.pk)
    # The last round: 28 missions, the manager sees all, the member only the public ones.
    api.as_user(lab.users["program_manager"])
    everything = api.get(program_url(lab) + MISSIONS_PATH, {"limit": 100}).json()
    assert everything["count"] == 29 and {m["places_left"] for m in everything["items"]} == {None, 4}
    member = api.as_user(lab.users["member"]).get(program_url(lab) + MISSIONS_PATH, {"limit": 100}).json()
    assert {m["visibility"] for m in member["items"]} == {"public"} and member["count"] == 7
