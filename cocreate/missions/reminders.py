"""Due-date reminders: a day before a deliverable (or a mission without deliverables) is due,
everyone taking part who has not yet submitted for it is told, in the app and by email, once.
Run ``reminders_send`` hourly (task ``missions.tasks.send_reminders`` or
``manage.py send_mission_reminders``)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Credit, Idea
from cocreate.notifications.services import notify

from .enums import TeamMemberState
from .models import Deliverable, Mission, Participation, Reminder, TeamMember
from .types.base import local_datetime_text, mission_zone

WINDOW = timedelta(hours=24)


def _done(mission, deliverable) -> set[int]:
    """Users credited with a submitted idea for this deliverable (or the mission)."""
    ideas = Idea.objects.filter(mission=mission, hidden_at__isnull=True).exclude(state=IdeaState.DRAFT)
    if deliverable is not None:
        ideas = ideas.filter(deliverable=deliverable)
    ideas = list(ideas.values_list("pk", "author_id"))
    done = set(Credit.objects.filter(idea__in=[pk for pk, _a in ideas]).values_list("user_id", flat=True))
    return done | {author for _pk, author in ideas}


def _participants(mission) -> dict:
    people = {p.user_id: p.user for p in Participation.objects.filter(mission=mission).select_related("user")}
    for m in TeamMember.objects.filter(mission=mission, state=TeamMemberState.ACCEPTED).select_related("user"):
        people.setdefault(m.user_id, m.user)
    return people


def _remind(mission, deliverable, users, due_at) -> int:
    url = reverse("missions:workspace")
    sent = 0
    for user in users:
        try:
            with transaction.atomic():
                Reminder.objects.create(mission=mission, deliverable=deliverable, user=user)
                notify([user], "mission_due", url=url, params={
                    "mission": mission.title, "deliverable": deliverable.title if deliverable else mission.title,
                    "due": local_datetime_text(due_at, mission_zone(mission))})
        except IntegrityError:
            continue  # reminded already (a re-run, or a concurrent run got there first)
        sent += 1
    return sent


def reminders_send(now=None) -> int:
    """Send every reminder due now; returns how many were sent. Idempotent."""
    now = now or timezone.now()
    until = now + WINDOW
    sent = 0
    with scopes_disabled():
        open_missions = Mission.objects.filter(starts_at__lte=now, ends_at__gt=now)
        for d in (Deliverable.objects.filter(mission__in=open_missions, due_at__gt=now, due_at__lte=until)
                  .select_related("mission").order_by("due_at", "pk")):
            people, done = _participants(d.mission), _done(d.mission, d)
            sent += _remind(d.mission, d, [u for pk, u in sorted(people.items()) if pk not in done], d.due_at)
        for mission in open_missions.filter(ends_at__lte=until, deliverables__isnull=True).distinct():
            people, done = _participants(mission), _done(mission, None)
            sent += _remind(mission, None, [u for pk, u in sorted(people.items()) if pk not in done],
                            mission.ends_at)
    return sent
