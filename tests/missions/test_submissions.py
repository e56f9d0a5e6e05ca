"""Submitting to a mission: the service (late policies at a fixed clock, idempotency, teams and
credits, validation) and the pages (the type's form, autosave, late sentence, refusals)."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from cocreate.core.errors import DomainError
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Credit, Idea
from cocreate.ideas.selectors import credited_users, ideas_visible_to
from cocreate.missions.models import Participation
from cocreate.missions.submissions import (
    late_policy_sentence,
    submission_save,
    submission_timing,
)
from cocreate.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db

UTC = dt.UTC
START = dt.datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
DEADLINE = dt.datetime(2026, 12, 5, 9, 0, tzinfo=UTC)  # 18:00 in Seoul


def period(mission, *, policy="refuse", grace=0, kind=None):
    mission.starts_at, mission.ends_at = START, DEADLINE
    mission.late_policy, mission.grace_minutes = policy, grace
    if kind:
        mission.kind = kind
    mission.save()
    return mission


def at(minutes=0, days=0):
    return DEADLINE + dt.timedelta(minutes=minutes, days=days)


def save(lab, **kwargs):
    kwargs.setdefault("author", lab.users["partner"])
    kwargs.setdefault("title", "Sea salt")
    kwargs.setdefault("body", "A fresh scent")
    return submission_save(lab.mission, **kwargs)


# The late policy ---------------------------------------------------------------------------

def test_the_sentence_told_before_the_deadline_per_policy(lab):
    mission = period(lab.mission)
    assert late_policy_sentence(mission) == "Due 12/05/2026 6 p.m. (Asia/Seoul). After that, late work is refused."
    mission.late_policy = "mark_late"
    assert late_policy_sentence(mission) == ("Due 12/05/2026 6 p.m. (Asia/Seoul). "
                                             "After that, late work is accepted and marked late.")
    mission.late_policy, mission.grace_minutes = "grace", 30
    assert late_policy_sentence(mission) == ("Due 12/05/2026 6 p.m. (Asia/Seoul). "
                                             "After that, late work is accepted until 6:30 p.m., then refused.")
    deliverable = f.DeliverableFactory(mission=mission, due_at=DEADLINE - dt.timedelta(days=1))
    assert late_policy_sentence(mission, deliverable).startswith("Due 12/04/2026 6 p.m. (Asia/Seoul).")


@pytest.mark.parametrize(("policy", "grace", "minutes", "allowed", "late"), [
    ("refuse", 0, -1, True, False), ("refuse", 0, 0, False, False), ("refuse", 0, 1, False, False),
    ("mark_late", 0, -1, True, False), ("mark_late", 0, 0, True, True), ("mark_late", 0, 60 * 24, True, True),
    ("grace", 30, -1, True, False), ("grace", 30, 0, True, False), ("grace", 30, 29, True, False),
    ("grace", 30, 30, False, False), ("grace", 30, 31, False, False),
])
def test_timing_before_at_and_after_the_deadline(lab, policy, grace, minutes, allowed, late):
    timing = submission_timing(period(lab.mission, policy=policy, grace=grace), now=at(minutes))
    assert (timing.allowed, timing.late) == (allowed, late)
    assert timing.code == ("" if allowed else "mission_closed")


def test_before_the_start_a_submission_is_refused_and_kept_as_a_draft(lab):
    period(lab.mission)
    result = save(lab, submit=True, now=START - dt.timedelta(minutes=1))
    assert (result.state, result.created, result.refused_code) == (IdeaState.DRAFT, True, "not_started")
    assert result.refused_reason.startswith("This mission opens on 11/01/2026 9 a.m. (Asia/Seoul).")
    assert Idea.objects.get().body == "A fresh scent"


def test_refuse_policy_keeps_late_work_as_a_draft_and_says_what_is_allowed(lab):
    period(lab.mission)
    result = save(lab, submit=True, now=at(1))
    assert result.refused and result.state == IdeaState.DRAFT and result.late is False
    assert result.refused_reason == ("This mission closed on 12/05/2026 6 p.m. (Asia/Seoul); ideas can no longer "
                                     "be submitted to it. Your text is kept as a draft.")
    idea = Idea.objects.get()
    assert (idea.title, idea.state, idea.submitted_at) == ("Sea salt", IdeaState.DRAFT, None)


def test_mark_late_accepts_and_flags(lab):
    period(lab.mission, policy="mark_late")
    result = save(lab, submit=True, now=at(0))
    assert (result.state, result.late, result.refused) == (IdeaState.SUBMITTED, True, False)
    idea = Idea.objects.get()
    assert (idea.is_late, idea.submitted_at) == (True, at(0))


def test_on_time_is_not_late_under_mark_late(lab):
    period(lab.mission, policy="mark_late")
    result = save(lab, submit=True, now=at(-1))
    assert (result.state, result.late) == (IdeaState.SUBMITTED, False)


def test_grace_accepts_unflagged_until_its_end_then_refuses(lab):
    period(lab.mission, policy="grace", grace=30)
    inside = save(lab, submit=True, now=at(29), client_key="a")
    assert (inside.state, inside.late) == (IdeaState.SUBMITTED, False)
    outside = save(lab, title="Too late", submit=True, now=at(30), client_key="b")
    assert (outside.state, outside.refused_code) == (IdeaState.DRAFT, "mission_closed")
    assert "the grace period ended at 6:30 p.m." in outside.refused_reason


def test_a_deliverable_due_date_is_the_deadline(lab):
    period(lab.mission)
    deliverable = f.DeliverableFactory(mission=lab.mission, title="Post 17", due_at=DEADLINE - dt.timedelta(days=1))
    result = save(lab, deliverable=deliverable, submit=True, now=DEADLINE - dt.timedelta(hours=1))
    assert result.refused_reason == ("“Post 17” was due on 12/04/2026 6 p.m. (Asia/Seoul); late work is refused. "
                                     "Your text is kept as a draft.")
    on_time = save(lab, title="Post 18", deliverable=deliverable, submit=True,
                   now=DEADLINE - dt.timedelta(days=1, minutes=1))
    assert on_time.state == IdeaState.SUBMITTED and on_time.idea.deliverable == deliverable


def test_drafts_can_be_saved_after_the_deadline(lab):
    period(lab.mission)
    result = save(lab, submit=False, now=at(days=3))
    assert (result.state, result.refused) == (IdeaState.DRAFT, False)


# Validation --------------------------------------------------------------------------------

def test_every_problem_is_listed_at_once(lab):
    with pytest.raises(DomainError) as err:
        save(lab, title="", body="", details={"video_url": "javascript:alert(1)"}, submit=True)
    assert [e.code for e in err.value.error_list] == ["title_required", "body_required", "not_a_link"]
    assert not Idea.objects.exists()


def test_a_draft_may_be_incomplete_but_needs_a_title(lab):
    result = save(lab, body="", submit=False)
    assert (result.state, result.idea.body) == (IdeaState.DRAFT, "")
    with pytest.raises(DomainError) as err:
        save(lab, title=" ", submit=False, client_key="other")
    assert err.value.error_list[0].code == "title_required"


def test_details_are_cleaned_by_the_type(lab):
    result = save(lab, details={"problem": "  Sweaty commutes ", "video_url": "https://video.example/1"},
                  submit=True)
    assert result.idea.details == {"problem": "Sweaty commutes", "target_customer": "",
                                   "video_url": "https://video.example/1"}


def test_a_deliverable_of_another_mission_is_refused(lab):
    other = f.DeliverableFactory(mission=f.MissionFactory(program=lab.program))
    with pytest.raises(DomainError) as err:
        save(lab, deliverable=other)
    assert err.value.error_list[0].code == "wrong_deliverable"


def test_a_team_the_author_is_not_an_accepted_member_of_is_refused(lab):
    team = f.TeamFactory(mission=lab.mission)
    f.TeamMemberFactory(team=team, user=lab.users["partner"], state="invited")
    with pytest.raises(DomainError) as err:
        save(lab, team=team)
    assert err.value.error_list[0].code == "wrong_team"
    other_mission_team = f.TeamFactory(mission=f.MissionFactory(program=lab.program))
    f.TeamMemberFactory(team=other_mission_team, user=lab.users["partner"])
    with pytest.raises(DomainError):
        save(lab, team=other_mission_team)


# Joining, sub-missions, credits ------------------------------------------------------------

def test_the_first_save_joins_the_mission_and_copies_the_sub_mission(lab):
    sub = f.SubMissionFactory(mission=lab.mission)
    f.ParticipationFactory(mission=lab.mission, user=lab.users["partner"], sub_mission=sub)
    result = save(lab, submit=True)
    assert result.idea.sub_mission == sub
    other = f.UserFactory()
    f.PartnerFactory(program=lab.program, user=other)
    f.AcceptanceFactory(agreement=lab.agreement, user=other)
    save(lab, author=other, title="Mine")
    assert Participation.objects.filter(mission=lab.mission, user=other).count() == 1


def test_a_full_mission_refuses_a_newcomer(lab):
    lab.mission.capacity = 1
    lab.mission.save()
    f.ParticipationFactory(mission=lab.mission)
    with pytest.raises(DomainError) as err:
        save(lab)
    assert err.value.code == "mission_full"


def test_a_team_submission_credits_every_accepted_member(lab):
    partner = lab.users["partner"]
    team = f.TeamFactory(mission=lab.mission, created_by=partner)
    f.TeamMemberFactory(team=team, user=partner)
    mate = f.TeamMemberFactory(team=team).user
    f.TeamMemberFactory(team=team, state="invited")
    f.TeamMemberFactory(team=team, state="left")
    draft = save(lab, team=team, submit=False)
    assert not Credit.objects.exists()  # credits are given on submission, as the team is then
    result = save(lab, idea=draft.idea, team=team, submit=True)
    assert {u.pk for u in credited_users(result.idea)} == {partner.pk, mate.pk}
    # A credited member sees the team's submission even where peers do not.
    assert mate.has_perm("ideas.view_idea", result.idea)
    # Only the teammate is told; the author knows, and others were not members when it went in.
    told = Notification.objects.filter(kind="team_submitted")
    assert list(told.values_list("user", flat=True)) == [mate.pk]
    assert told.get().params["person"] == partner.display_name
    save(lab, idea=draft.idea, team=team, submit=True)  # a repeat tells nobody again
    assert told.count() == 1


def test_a_solo_submission_credits_its_author(lab):
    result = save(lab, submit=True)
    assert credited_users(result.idea) == [lab.users["partner"]]


# Idempotency ------------------------------------------------------------------------------

def test_a_repeat_with_the_same_client_key_finds_the_first(lab):
    first = save(lab, client_key="k1", submit=False)
    again = save(lab, client_key="k1", body="Longer now", submit=False)
    assert (first.created, again.created, again.idea.pk) == (True, False, first.idea.pk)
    assert Idea.objects.get().body == "Longer now"
    submitted = save(lab, client_key="k1", submit=True)
    repeat = save(lab, client_key="k1", title="Changed?", submit=True)
    assert (submitted.state, repeat.state, repeat.created) == (IdeaState.SUBMITTED, IdeaState.SUBMITTED, False)
    assert Idea.objects.get().title == "Sea salt"
    assert Credit.objects.count() == 1


def test_submitting_a_submitted_idea_is_a_no_op(lab):
    result = save(lab, submit=True)
    again = submission_save(lab.mission, author=lab.users["partner"], title="Other", body="x", submit=True,
                            idea=result.idea)
    assert (again.idea.pk, again.state, again.created) == (result.idea.pk, IdeaState.SUBMITTED, False)
    assert Idea.objects.get().title == "Sea salt"


def test_someone_elses_draft_cannot_be_changed(lab):
    result = save(lab)
    with pytest.raises(DomainError) as err:
        submission_save(lab.mission, author=lab.users["member"], title="Mine", body="x", idea=result.idea)
    assert err.value.code == "not_author"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL")
def test_two_simultaneous_requests_with_one_key_make_one_idea(flushable_audit_log):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        lab = f.make_lab()
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            with scopes_disabled():
                barrier.wait()
                results.append(save(lab, client_key="race", submit=True))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with scopes_disabled():
        assert Idea.objects.count() == 1
        assert sorted(r.created for r in results) == [False, True]
        assert {r.idea.pk for r in results} == {Idea.objects.get().pk}


# Visibility by type -------------------------------------------------------------------------

def test_private_types_are_seen_by_the_author_credited_members_and_staff_only(lab):
    period_mission = lab.mission
    period_mission.kind = "mystery_shopping"
    period_mission.save()
    idea = f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=period_mission,
                         author=lab.users["partner"])
    peer = f.UserFactory()
    f.PartnerFactory(program=lab.program, user=peer)
    f.AcceptanceFactory(agreement=lab.agreement, user=peer)
    for user, sees in [(lab.users["partner"], True), (peer, False), (lab.users["reviewer"], True),
                       (lab.users["member"], False)]:
        assert user.has_perm("ideas.view_idea", idea) is sees
        assert ideas_visible_to(user, lab.org).filter(pk=idea.pk).exists() is sees
    period_mission.kind = "co_development"
    period_mission.save()
    idea.refresh_from_db()
    assert peer.has_perm("ideas.view_idea", idea) is True
    assert ideas_visible_to(peer, lab.org).filter(pk=idea.pk).exists() is True


def test_comment_and_support_follow_the_type(lab):
    idea = f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=lab.mission,
                         author=lab.users["partner"])
    peer = f.UserFactory()
    f.PartnerFactory(program=lab.program, user=peer)
    f.AcceptanceFactory(agreement=lab.agreement, user=peer)
    assert peer.has_perm("ideas.comment_idea", idea) and peer.has_perm("ideas.support_idea", idea)
    lab.mission.kind = "survey"
    lab.mission.save()
    idea.refresh_from_db()
    # Survey answers: nobody comments or supports them, not even their author.
    assert not lab.users["partner"].has_perm("ideas.comment_idea", idea)
    assert not lab.users["partner"].has_perm("ideas.support_idea", idea)
    assert not lab.users["org_admin"].has_perm("ideas.support_idea", idea)


def test_open_channel_ideas_keep_comments_and_support(lab):
    idea = f.IdeaFactory(organization=lab.org)
    assert lab.users["member"].has_perm("ideas.comment_idea", idea)
    assert lab.users["member"].has_perm("ideas.support_idea", idea)
    assert not lab.users["member"].has_perm("ideas.state_purchase_intent", idea)


def test_now_defaults_to_the_clock(lab):
    result = save(lab, submit=True)
    assert result.idea.submitted_at <= timezone.now()


# Pages -------------------------------------------------------------------------------------

def url(lab, suffix="ideas/new/", mission=None):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/missions/{(mission or lab.mission).pk}/{suffix}"


def client_key_of(text):
    import re

    return re.search(r'name="client_key" value="([^"]+)"', text).group(1)


@pytest.mark.parametrize("kind", ["co_development", "co_solving", "co_marketing", "mystery_shopping", "survey"])
def test_the_form_shows_the_types_fields(client, lab, kind):
    lab.mission.kind = kind
    lab.mission.save()
    client.force_login(lab.users["partner"])
    response = client.get(url(lab))
    assert response.status_code == 200
    text = response.text
    assert 'name="title"' in text and 'name="body"' in text and 'name="client_key"' in text
    form = lab.mission.type.details_form(lab.mission, prefix="details")
    for name in (form.fields if form is not None else []):
        assert f'name="details-{name}"' in text
    assert ('type="file" name="files"' in text) is lab.mission.type.accepts_attachments
    assert "After that, late work is refused." in text


def test_a_video_link_field_where_the_type_has_one(client, lab):
    client.force_login(lab.users["partner"])
    assert 'name="details-video_url"' in client.get(url(lab)).text


def test_partner_submits_with_details_and_lands_on_the_idea(client, lab):
    client.force_login(lab.users["partner"])
    key = client_key_of(client.get(url(lab)).text)
    data = {"title": "Sea salt", "body": "Fresh", "details-problem": "Sweat", "details-target_customer": "",
            "details-video_url": "https://v.example/1", "client_key": key, "submit": "1"}
    response = client.post(url(lab), data)
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/o/{lab.org.slug}/ideas/{idea.pk}/"
    assert (idea.state, idea.details["problem"], idea.client_key) == (IdeaState.SUBMITTED, "Sweat", key)
    # A double click sends the same form twice: still one idea.
    assert client.post(url(lab), data).status_code == 302
    assert Idea.objects.count() == 1
    page = client.get(response["Location"]).text
    assert "Problem it solves" in page and "https://v.example/1" in page


def test_errors_keep_everything_typed_and_ask_to_choose_files_again(client, lab):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(lab.users["partner"])
    data = {"title": "", "body": "My careful words", "details-problem": "Kept problem",
            "details-video_url": "ftp://nope", "client_key": "k", "submit": "1",
            "files": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf")}
    response = client.post(url(lab), data)
    assert response.status_code == 200
    text = response.text
    assert "My careful words" in text and "Kept problem" in text and 'value="ftp://nope"' in text
    assert "is not a valid link starting with http:// or https://." in text
    assert "choose your files again" in text
    assert not Idea.objects.exists()


def test_autosave_creates_then_updates_one_draft(client, lab):
    client.force_login(lab.users["partner"])
    key = client_key_of(client.get(url(lab)).text)
    autosave = url(lab, "submissions/autosave/")
    first = client.post(autosave, {"title": "Half", "body": "Thou", "client_key": key}, headers={"HX-Request": "true"})
    assert first.status_code == 200 and first.text.strip().startswith("Draft saved at ")
    assert "<html" not in first.text
    client.post(autosave, {"title": "Half", "body": "Thought through", "client_key": key})
    idea = Idea.objects.get()
    assert (idea.state, idea.body, idea.client_key) == (IdeaState.DRAFT, "Thought through", key)
    # The final submit with the same form finds the autosaved draft.
    client.post(url(lab), {"title": "Whole", "body": "Thought through", "client_key": key, "submit": "1"})
    idea.refresh_from_db()
    assert (Idea.objects.count(), idea.title, idea.state) == (1, "Whole", IdeaState.SUBMITTED)


def test_autosave_without_a_title_saves_nothing_and_says_why(client, lab):
    client.force_login(lab.users["partner"])
    response = client.post(url(lab, "submissions/autosave/"), {"title": "", "body": "x", "client_key": "k"})
    assert response.text.strip() == "Not saved yet: give your submission a title first."
    assert not Idea.objects.exists()


def test_autosave_keeps_text_after_the_deadline(client, lab):
    lab.mission.starts_at = timezone.now() - dt.timedelta(days=3)
    lab.mission.ends_at = timezone.now() - dt.timedelta(minutes=1)
    lab.mission.save()
    client.force_login(lab.users["partner"])
    response = client.post(url(lab, "submissions/autosave/"), {"title": "Typing", "body": "on", "client_key": "k"})
    assert response.text.strip().startswith("Draft saved at ")
    assert Idea.objects.get().state == IdeaState.DRAFT


def test_autosave_is_404_for_those_who_cannot_take_part(client, lab):
    for role in ("member", "executive", "partner_pending"):
        client.force_login(lab.users[role])
        assert client.post(url(lab, "submissions/autosave/"), {"title": "x", "client_key": "k"}).status_code == 404
    assert not Idea.objects.exists()


def test_a_draft_is_edited_on_the_same_form_from_the_idea_page(client, lab):
    client.force_login(lab.users["partner"])
    draft = save(lab, details={"problem": "Old"}).idea
    idea_page = client.get(f"/o/{lab.org.slug}/ideas/{draft.pk}/").text
    edit = url(lab, f"submissions/{draft.pk}/edit/")
    assert f'href="{edit}"' in idea_page
    assert client.get(f"/o/{lab.org.slug}/ideas/{draft.pk}/edit/")["Location"] == edit
    text = client.get(edit).text
    assert 'value="Sea salt"' in text and "Old" in text
    response = client.post(edit, {"title": "Sea salt", "body": "Now complete", "details-problem": "New",
                                  "submit": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.details["problem"]) == (IdeaState.SUBMITTED, "New")
    assert client.get(edit).status_code == 404  # no longer a draft
    client.force_login(lab.users["member"])
    assert client.get(edit).status_code == 404


def test_mark_late_form_stays_open_after_the_deadline_and_flags(client, lab):
    lab.mission.starts_at = timezone.now() - dt.timedelta(days=3)
    lab.mission.ends_at = timezone.now() - dt.timedelta(minutes=1)
    lab.mission.late_policy = "mark_late"
    lab.mission.save()
    client.force_login(lab.users["partner"])
    text = client.get(url(lab)).text
    assert "After that" not in text  # the deadline is past: nothing to announce
    response = client.post(url(lab), {"title": "Late", "body": "but here", "client_key": "k", "submit": "1"},
                           follow=True)
    assert "Your submission was received after the deadline and is marked late." in response.text
    assert Idea.objects.get().is_late is True


def test_deliverables_are_offered_with_their_due_dates(client, lab):
    f.DeliverableFactory(mission=lab.mission, title="Post 1",
                         due_at=dt.datetime(2030, 1, 2, 3, 0, tzinfo=UTC))
    f.DeliverableFactory(mission=lab.mission, title="Post 0", due_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(lab.users["partner"])
    text = client.get(url(lab)).text
    assert "Post 1 (due 01/02/2030 noon (Asia/Seoul))" in text
    assert "Post 0" not in text  # late work refused: no longer offered


def test_the_team_choice_appears_for_a_member_of_a_team(client, lab):
    client.force_login(lab.users["partner"])
    assert 'name="team"' not in client.get(url(lab)).text
    team = f.TeamFactory(mission=lab.mission, name="Sea lions")
    f.TeamMemberFactory(team=team, user=lab.users["partner"])
    text = client.get(url(lab)).text
    assert 'name="team"' in text and "Sea lions" in text


def _post_data_from(form):
    """What a browser would send for a form showing these initial values."""
    data = {}
    for bound in form:
        value = bound.value()
        if value in (None, ""):
            continue
        data[bound.html_name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    return data


@pytest.mark.parametrize("kind", ["co_development", "co_solving", "co_marketing", "mystery_shopping", "survey"])
def test_the_page_submits_each_type(client, lab, kind):
    from cocreate.missions.types import mission_type
    from tests.api.test_mission_submissions import details_for, with_kind

    mission = with_kind(lab, kind)
    clean = mission_type(kind).clean_details(mission, details_for(kind))
    details_form = mission.type.details_form(mission, initial=clean, prefix="details")
    data = {"title": "Mine", "body": "Words", "client_key": "k", "submit": "1"} | _post_data_from(details_form)
    client.force_login(lab.users["partner"])
    response = client.post(url(lab), data)
    assert response.status_code == 302, response.text
    idea = Idea.objects.get()
    assert (idea.state, idea.details) == (IdeaState.SUBMITTED, clean)
    page = client.get(response["Location"])
    assert page.status_code == 200
    # The type's own review partial shows on the idea page.
    assert mission.type.render_review(mission, idea).strip()[:40] in page.text


def test_autosave_of_a_draft_being_edited_updates_it(client, lab):
    draft = save(lab).idea
    client.force_login(lab.users["partner"])
    response = client.post(url(lab, f"submissions/autosave/?idea={draft.pk}"),
                           {"title": "Sea salt", "body": "Edited while typing", "client_key": ""})
    assert response.text.strip().startswith("Draft saved at ")
    draft.refresh_from_db()
    assert (Idea.objects.count(), draft.body) == (1, "Edited while typing")
    client.force_login(lab.users["member"])
    assert client.post(url(lab, f"submissions/autosave/?idea={draft.pk}"), {"title": "x"}).status_code == 404


def test_the_idea_pages_submit_button_goes_through_the_mission_service(client, lab):
    team = f.TeamFactory(mission=lab.mission)
    f.TeamMemberFactory(team=team, user=lab.users["partner"])
    mate = f.TeamMemberFactory(team=team).user
    draft = save(lab, team=team).idea
    client.force_login(lab.users["partner"])
    response = client.post(f"/o/{lab.org.slug}/ideas/{draft.pk}/submit/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == IdeaState.SUBMITTED
    assert {u.pk for u in credited_users(draft)} == {lab.users["partner"].pk, mate.pk}


def test_the_idea_pages_submit_of_an_incomplete_report_leads_back_to_the_form(client, lab):
    lab.mission.kind = "co_solving"
    lab.mission.save()
    draft = save(lab, details={"steps": "half"}).idea
    client.force_login(lab.users["partner"])
    response = client.post(f"/o/{lab.org.slug}/ideas/{draft.pk}/submit/")
    assert response["Location"] == url(lab, f"submissions/{draft.pk}/edit/")
    draft.refresh_from_db()
    assert draft.state == IdeaState.DRAFT


def test_a_deliverable_due_while_typing_keeps_the_text_and_says_why(client, lab):
    deliverable = f.DeliverableFactory(mission=lab.mission, title="Post 3",
                                       due_at=timezone.now() + dt.timedelta(hours=1))
    client.force_login(lab.users["partner"])
    key = client_key_of(client.get(url(lab)).text)
    deliverable.due_at = timezone.now() - dt.timedelta(minutes=1)  # the deadline passes while typing
    deliverable.save()
    response = client.post(url(lab), {"title": "Post", "body": "My post text", "deliverable": deliverable.pk,
                                      "client_key": key, "submit": "1"})
    assert response.status_code == 200
    assert "“Post 3” was due on" in response.text and "Your text is kept as a draft." in response.text
    assert "My post text" in response.text
    idea = Idea.objects.get()
    assert (idea.state, idea.body, idea.deliverable) == (IdeaState.DRAFT, "My post text", deliverable)
