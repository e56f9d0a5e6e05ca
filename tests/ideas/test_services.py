import pytest
from django.db import IntegrityError, transaction

from cocreate.core.errors import DomainError, TransitionNotAllowed
from cocreate.core.models import AuditEvent
from cocreate.ideas import services
from cocreate.ideas.enums import TRANSITIONS, Channel, IdeaState
from cocreate.ideas.models import Idea, Support
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_open_channel_idea_starts_as_private_draft(lab):
    idea = services.idea_create(author=lab.users["member"], organization=lab.org, title=" Refill can ",
                                body="Less waste")
    assert (idea.state, idea.channel, idea.title) == (IdeaState.DRAFT, Channel.OPEN, "Refill can")
    assert idea.submitted_at is None
    assert AuditEvent.objects.filter(target_id=idea.pk, verb="idea.created").count() == 1


def test_submit_stamps_time_and_audits_the_transition(lab):
    idea = services.idea_create(author=lab.users["member"], organization=lab.org, title="t", body="b", submit=True)
    assert idea.state == IdeaState.SUBMITTED and idea.submitted_at is not None
    event = AuditEvent.objects.get(target_id=idea.pk, verb="idea.transition")
    assert event.data == {"from": "draft", "to": "submitted", "reason": ""}
    assert event.actor == lab.users["member"]


@pytest.mark.parametrize(("title", "body", "code"), [("", "b", "title_required"), ("t", "  ", "body_required"),
                                                      ("x" * 201, "b", "title_too_long")])
def test_invalid_text_is_refused_with_a_code(lab, title, body, code):
    with pytest.raises(DomainError) as err:
        services.idea_create(author=lab.users["member"], organization=lab.org, title=title, body=body)
    assert err.value.code == code
    assert not Idea.objects.exists()


def test_closed_open_channel_refuses_ideas(lab):
    lab.org.open_channel_enabled = False
    lab.org.save()
    with pytest.raises(DomainError):
        services.idea_create(author=lab.users["member"], organization=lab.org, title="t", body="b")


def test_mission_idea_cannot_be_submitted_after_the_mission_closed(lab):
    from datetime import timedelta

    from django.utils import timezone

    idea = services.idea_create(author=lab.users["partner"], organization=lab.org, title="t", body="b",
                                mission=lab.mission)
    lab.mission.ends_at = timezone.now() - timedelta(minutes=1)
    lab.mission.starts_at = timezone.now() - timedelta(days=2)
    lab.mission.save()
    with pytest.raises(DomainError) as err:
        services.idea_submit(idea, actor=lab.users["partner"])
    assert err.value.code == "mission_closed"
    idea.refresh_from_db()
    assert idea.state == IdeaState.DRAFT


def test_every_transition_outside_the_table_is_refused(lab):
    idea = f.IdeaFactory(organization=lab.org)
    for source in IdeaState:
        for target in IdeaState:
            if target in TRANSITIONS[source]:
                continue
            Idea.objects.filter(pk=idea.pk).update(state=source)
            with pytest.raises(TransitionNotAllowed):
                services.idea_transition(idea, target, actor=lab.users["executive"])
            assert Idea.objects.get(pk=idea.pk).state == source


def test_transition_message_names_both_states(lab):
    idea = f.IdeaFactory(organization=lab.org, state=IdeaState.IMPLEMENTED)
    with pytest.raises(TransitionNotAllowed) as err:
        services.idea_transition(idea, IdeaState.REJECTED, actor=lab.users["executive"])
    assert err.value.text == "An idea that is “Implemented” cannot become “Rejected”."


def test_only_the_author_edits_and_only_a_draft(lab):
    idea = services.idea_create(author=lab.users["member"], organization=lab.org, title="t", body="b")
    with pytest.raises(DomainError):
        services.idea_update(idea, actor=lab.users["executive"], title="Better", body="b")
    services.idea_update(idea, actor=lab.users["member"], title="Better", body="b2")
    services.idea_submit(idea, actor=lab.users["member"])
    with pytest.raises(DomainError):
        services.idea_update(idea, actor=lab.users["member"], title="Again", body="b")
    assert Idea.objects.get(pk=idea.pk).title == "Better"


def test_support_is_idempotent_and_counted_once(lab):
    idea = f.IdeaFactory(organization=lab.org)
    member = lab.users["member"]
    assert services.support_add(idea, user=member) is True
    assert services.support_add(idea, user=member) is False
    assert Idea.objects.get(pk=idea.pk).support_count == 1
    assert services.support_withdraw(idea, user=member) is True
    assert services.support_withdraw(idea, user=member) is False
    assert Idea.objects.get(pk=idea.pk).support_count == 0


def test_database_refuses_a_second_support_row(lab):
    idea = f.IdeaFactory(organization=lab.org)
    Support.objects.create(idea=idea, user=lab.users["member"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(idea=idea, user=lab.users["member"])


def test_hiding_keeps_the_text_records_the_reason_and_tells_the_author(lab, mailoutbox,
                                                                      django_capture_on_commit_callbacks):
    idea = f.IdeaFactory(organization=lab.org, body="rude words")
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_hide(idea, actor=lab.users["executive"], reason="Insults another member")
    idea.refresh_from_db()
    assert (idea.body, idea.hidden_reason, idea.hidden_by) == ("rude words", "Insults another member",
                                                               lab.users["executive"])
    assert len(mailoutbox) == 1 and "Insults another member" in mailoutbox[0].body
    with pytest.raises(DomainError):
        services.idea_hide(f.IdeaFactory(organization=lab.org), actor=lab.users["executive"], reason=" ")


def test_comment_counts_and_notifies_the_author(lab, mailoutbox, django_capture_on_commit_callbacks):
    idea = f.IdeaFactory(organization=lab.org)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(idea, author=lab.users["member"], body="Love the refill idea")
    assert Idea.objects.get(pk=idea.pk).comment_count == 1
    assert [m.to for m in mailoutbox] == [[idea.author.email]]


def test_state_change_notifies_author_after_commit_only(lab, mailoutbox, django_capture_on_commit_callbacks):
    idea = f.IdeaFactory(organization=lab.org)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.idea_transition(idea, IdeaState.IN_EXECUTIVE_REVIEW, actor=lab.users["program_manager"])
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == f"Your idea “{idea.title}” is now: In executive review"
