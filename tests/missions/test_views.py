import datetime
import re
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Idea
from cocreate.missions.models import Mission
from tests import factories as f

pytestmark = pytest.mark.django_db


def missions(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/missions/{suffix}"


def page(lab, suffix="", mission=None):
    return missions(lab, f"{(mission or lab.mission).pk}/{suffix}")


def tasks_post(*titles, initial=0):
    data = {"tasks-TOTAL_FORMS": str(max(len(titles), 2)), "tasks-INITIAL_FORMS": str(initial),
            "tasks-MIN_NUM_FORMS": "0", "tasks-MAX_NUM_FORMS": "1000"}
    for i in range(max(len(titles), 2)):
        data |= {f"tasks-{i}-title": titles[i] if i < len(titles) else "", f"tasks-{i}-description": ""}
    return data


MISSION = {"title": "Scent names", "brief": "Name the new scent", "wanted_ideas": "Short names",
           "starts_at": "2030-03-01T10:00", "ends_at": "2030-03-04T10:00", "visibility": "confidential",
           "kind": "co_development", "time_zone": "Asia/Seoul", "late_policy": "refuse", "assignment": "first_come",
           "team_size_max": "1"}


# Create and edit -------------------------------------------------------------------------

def test_manager_creates_a_mission_with_tasks(client, lab):
    client.force_login(lab.users["program_manager"])
    text = client.get(missions(lab, "new/")).text
    assert 'type="datetime-local"' in text
    response = client.post(missions(lab, "new/"), MISSION
                           | tasks_post("Collect words", "Vote"))
    mission = Mission.objects.get(title="Scent names")
    assert response.status_code == 302 and response["Location"] == page(lab, mission=mission)
    assert mission.is_confidential is True
    assert mission.starts_at == datetime.datetime(2030, 3, 1, 1, 0, tzinfo=datetime.UTC)  # 10:00 in Seoul
    assert list(mission.tasks.values_list("title", flat=True)) == ["Collect words", "Vote"]


def test_a_mission_that_ends_before_it_starts_is_explained_and_kept(client, lab):
    client.force_login(lab.users["program_manager"])
    data = MISSION | {"ends_at": "2030-02-01T10:00"} | tasks_post("A task I typed")
    response = client.post(missions(lab, "new/"), data)
    assert response.status_code == 200
    assert "The mission must end after it starts." in response.text
    assert 'value="A task I typed"' in response.text and 'value="2030-02-01T10:00"' in response.text
    assert not Mission.objects.filter(title="Scent names").exists()


def test_manager_edits_a_mission_and_its_tasks(client, lab):
    client.force_login(lab.users["org_admin"])
    task = lab.mission.tasks.get()
    text = client.get(page(lab, "edit/")).text
    assert f'value="{task.title}"' in text
    local_start = timezone.localtime(lab.mission.starts_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local_start}"' in text
    data = MISSION | {"title": "Renamed", "visibility": "public"} | tasks_post(task.title, "New task", initial=1)
    data["tasks-0-DELETE"] = "on"
    response = client.post(page(lab, "edit/"), data)
    assert response.status_code == 302
    lab.mission.refresh_from_db()
    assert lab.mission.title == "Renamed" and lab.mission.visibility == "public"
    assert list(lab.mission.tasks.values_list("title", flat=True)) == ["New task"]


# Detail ----------------------------------------------------------------------------------

def test_detail_shows_brief_period_tasks_wanted_ideas_and_the_submit_button(client, lab):
    client.force_login(lab.users["partner"])
    text = client.get(page(lab)).text
    assert lab.mission.brief in text and lab.mission.wanted_ideas in text
    assert lab.mission.tasks.get().title in text
    assert re.search(r'<span class="badge">Open</span>', text)
    assert f'href="{page(lab, "ideas/new/")}"' in text


def test_confidential_mission_opens_to_a_partner_once_they_accept(client, lab):
    pending = lab.users["partner_pending"]
    client.force_login(pending)
    agreement = f"/o/{lab.org.slug}/programs/{lab.program.slug}/agreement/"
    # Led to the agreement, not to a dead end, and back to the mission after accepting.
    response = client.get(page(lab))
    assert (response.status_code, response["Location"]) == (302, agreement + "?" + urlencode({"next": page(lab)}))
    assert 'name="next" value="' + page(lab) in client.get(response["Location"]).text
    response = client.post(agreement, {"version": "1", "next": page(lab)})
    assert (response.status_code, response["Location"]) == (302, page(lab))
    assert client.post(agreement, {"version": "1", "next": "https://evil.example/"})["Location"] == agreement
    assert client.get(page(lab)).status_code == 200
    assert client.get(page(lab, "ideas/new/")).status_code == 200


def test_detail_lists_the_missions_ideas_visible_to_the_reader(client, lab):
    author = lab.users["partner"]
    f.IdeaFactory(organization=lab.org, program=lab.program, mission=lab.mission, channel=Channel.MISSION,
                  author=author, title="Submitted one")
    f.IdeaFactory(organization=lab.org, program=lab.program, mission=lab.mission, channel=Channel.MISSION,
                  title="Someone's draft", state=IdeaState.DRAFT, submitted_at=None)
    f.IdeaFactory(organization=lab.org, title="Open channel idea")
    client.force_login(author)
    text = client.get(page(lab)).text
    assert "Submitted one" in text
    assert "Someone&#x27;s draft" not in text and "Open channel idea" not in text


def test_detail_query_count_does_not_grow_with_ideas(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["partner"])

    def add(n):
        for _ in range(n):
            f.IdeaFactory(organization=lab.org, program=lab.program, mission=lab.mission,
                          channel=Channel.MISSION)

    add(3)
    with django_assert_max_num_queries(30) as small:
        client.get(page(lab))
    add(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(page(lab))


# Submitting ------------------------------------------------------------------------------

def test_partner_submits_an_idea_to_the_mission(client, lab):
    partner = lab.users["partner"]
    client.force_login(partner)
    text = client.get(page(lab, "ideas/new/")).text
    assert f"Submit an idea to “{lab.mission.title}”" in text
    response = client.post(page(lab, "ideas/new/"), {"title": "Sea salt", "body": "Fresh and salty",
                                                       "submit": "1"})
    idea = Idea.objects.get(title="Sea salt")
    assert response.status_code == 302 and response["Location"] == f"/o/{lab.org.slug}/ideas/{idea.pk}/"
    assert (idea.mission, idea.program, idea.channel, idea.state, idea.author) == (
        lab.mission, lab.program, Channel.MISSION, IdeaState.SUBMITTED, partner)


def test_partner_saves_a_draft_for_the_mission(client, lab):
    client.force_login(lab.users["partner"])
    client.post(page(lab, "ideas/new/"), {"title": "Half", "body": "Thought", "save": "1"})
    assert Idea.objects.get(title="Half").state == IdeaState.DRAFT


def test_invalid_idea_keeps_what_was_typed(client, lab):
    client.force_login(lab.users["partner"])
    response = client.post(page(lab, "ideas/new/"), {"title": "", "body": "My careful words", "submit": "1"})
    assert response.status_code == 200 and "My careful words" in response.text
    assert not Idea.objects.exists()


def closed(lab):
    lab.mission.starts_at = timezone.now() - datetime.timedelta(days=10)
    lab.mission.ends_at = timezone.now() - datetime.timedelta(days=1)
    lab.mission.save()


def test_after_the_mission_closes_submitting_answers_a_clear_error(client, lab):
    closed(lab)
    client.force_login(lab.users["partner"])
    text = client.get(page(lab)).text
    assert "This mission closed on" in text and "ideas can no longer be submitted to it." in text
    assert "Submit an idea" not in text
    response = client.get(page(lab, "ideas/new/"), follow=True)
    assert response.redirect_chain[-1][0] == page(lab)
    assert "This mission closed on" in response.text
    response = client.post(page(lab, "ideas/new/"), {"title": "Late", "body": "Typed before midnight",
                                                       "submit": "1"})
    assert response.status_code == 200
    assert "This mission closed on" in response.text and "Typed before midnight" in response.text
    # The text is never lost: the refused late submission is kept as the partner's draft.
    assert "Your text is kept as a draft." in response.text
    idea = Idea.objects.get()
    assert (idea.title, idea.body, idea.state, idea.author) == ("Late", "Typed before midnight", IdeaState.DRAFT,
                                                                lab.users["partner"])


def test_a_mission_that_has_not_started_says_when_it_opens(client, lab):
    lab.mission.starts_at = timezone.now() + datetime.timedelta(days=1)
    lab.mission.ends_at = timezone.now() + datetime.timedelta(days=5)
    lab.mission.save()
    client.force_login(lab.users["partner"])
    response = client.get(page(lab, "ideas/new/"), follow=True)
    assert "This mission opens on" in response.text


def test_closed_mission_is_still_404_for_those_who_could_never_submit(client, lab):
    closed(lab)
    for role in ("member", "partner_pending", "executive"):
        client.force_login(lab.users[role])
        # The partner who has not accepted the agreement is led to it first; the others see nothing.
        expected = 302 if role == "partner_pending" else 404
        assert client.get(page(lab, "ideas/new/")).status_code == expected
        response = client.post(page(lab, "ideas/new/"), {"title": "x", "body": "y", "submit": "1"})
        assert response.status_code == expected
    assert not Idea.objects.exists()


def test_mission_pages_follow_the_readers_language(client, lab):
    partner = lab.users["partner"]
    partner.language = "ko"
    partner.save()
    client.force_login(partner)
    response = client.get(page(lab))
    assert response.status_code == 200 and '<html lang="ko">' in response.text


def test_the_type_is_disabled_in_the_form_once_submissions_exist(client, lab):
    client.force_login(lab.users["program_manager"])
    text = client.get(page(lab, "edit/")).text
    assert re.search(r'<select name="kind"[^>]*>', text) and "disabled" not in re.search(
        r'<select name="kind"[^>]*>', text).group(0)
    f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=lab.mission,
                  author=lab.users["partner"])
    text = client.get(page(lab, "edit/")).text
    assert "disabled" in re.search(r'<select name="kind"[^>]*>', text).group(0)
    assert "Submissions were already received, so the type can no longer change" in text
    # A forged post cannot change it: the disabled field keeps the saved type, the rest is saved.
    data = MISSION | {"title": "Renamed", "kind": "mystery_shopping"} | tasks_post("Collect words")
    assert client.post(page(lab, "edit/"), data).status_code == 302
    lab.mission.refresh_from_db()
    assert (lab.mission.kind, lab.mission.title) == ("co_development", "Renamed")
