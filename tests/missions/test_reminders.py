"""Due-date reminders a day before, once per person and deliverable, in the reader's language."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cocreate.ideas.models import Credit
from cocreate.missions.models import Reminder
from cocreate.missions.reminders import reminders_send
from cocreate.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def _mission(**kwargs):
    return f.MissionFactory(starts_at=NOW - timedelta(days=2), ends_at=NOW + timedelta(days=5), **kwargs)


def _submit(mission, author, deliverable=None, *, team=None, credit=()):
    idea = f.IdeaFactory(organization=mission.program.organization, channel="mission", program=mission.program,
                         mission=mission, author=author, deliverable=deliverable, team=team)
    for user in credit:
        Credit.objects.create(idea=idea, user=user)
    return idea


def test_one_reminder_per_person_and_deliverable_and_none_for_who_submitted(django_capture_on_commit_callbacks):
    mission = _mission()
    soon = f.DeliverableFactory(mission=mission, title="Post 1", due_at=NOW + timedelta(hours=20))
    f.DeliverableFactory(mission=mission, title="Post 2", due_at=NOW + timedelta(hours=30))  # not yet
    waiting, done, teammate, in_team = (f.ParticipationFactory(mission=mission).user for _ in range(4))
    team = f.TeamFactory(mission=mission, created_by=teammate)
    f.TeamMemberFactory(team=team, user=teammate)
    f.TeamMemberFactory(team=team, user=in_team)
    only_team = f.TeamMemberFactory(team=team).user  # an accepted member without a participation
    outsider = f.TeamMemberFactory(mission=mission, team=f.TeamFactory(mission=mission)).user
    _submit(mission, done, soon)
    _submit(mission, teammate, soon, team=team, credit=[teammate, in_team, only_team])
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=NOW) == 2
    reminded = sorted(Notification.objects.filter(kind="mission_due").values_list("user", flat=True))
    assert reminded == sorted([waiting.pk, outsider.pk])
    assert Reminder.objects.filter(deliverable=soon).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([waiting.email, outsider.email])
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=NOW) == 0  # never twice
    assert Notification.objects.filter(kind="mission_due").count() == 2


def test_the_mail_is_in_the_readers_language(django_capture_on_commit_callbacks):
    mission = _mission()
    f.DeliverableFactory(mission=mission, title="Post 1", due_at=NOW + timedelta(hours=2))
    korean = f.UserFactory(language="ko")
    f.ParticipationFactory(mission=mission, user=korean)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=NOW) == 1
    assert [m.to for m in mail.outbox] == [[korean.email]]
    assert "Post 1" in mail.outbox[0].subject


def test_a_mission_without_deliverables_is_reminded_of_its_closing(django_capture_on_commit_callbacks):
    mission = f.MissionFactory(starts_at=NOW - timedelta(days=2), ends_at=NOW + timedelta(hours=23))
    person = f.ParticipationFactory(mission=mission).user
    later = f.MissionFactory(starts_at=NOW - timedelta(days=2), ends_at=NOW + timedelta(hours=25))
    f.ParticipationFactory(mission=later)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=NOW) == 1
    assert Reminder.objects.get().user == person
    assert Reminder.objects.get().deliverable is None
    assert reminders_send(now=NOW) == 0


def test_none_for_closed_or_passed_deadlines():
    closed = f.MissionFactory(starts_at=NOW - timedelta(days=3), ends_at=NOW - timedelta(hours=1))
    f.DeliverableFactory(mission=closed, due_at=NOW + timedelta(hours=2))
    f.ParticipationFactory(mission=closed)
    passed = _mission()
    f.DeliverableFactory(mission=passed, due_at=NOW - timedelta(minutes=1))
    f.ParticipationFactory(mission=passed)
    assert reminders_send(now=NOW) == 0
    assert not Reminder.objects.exists()


def test_command_and_task_send_them():
    from cocreate.missions.tasks import send_reminders

    mission = f.MissionFactory(ends_at=timezone.now() + timedelta(hours=3))
    f.ParticipationFactory(mission=mission)
    call_command("send_mission_reminders")
    assert Reminder.objects.count() == 1
    assert send_reminders.call() == 0
