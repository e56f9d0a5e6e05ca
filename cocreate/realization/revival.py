"""The archive built for revival: a parked or rejected idea becomes a new idea of a later
program (or one of its missions) that keeps its lineage and credits everyone credited with
the original; and parked ideas whose "reconsider on" date has come remind their owner.

Reminders run daily (``manage.py send_revisit_reminders``), once per decision."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.core.textsearch import document
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Credit, Idea
from cocreate.notifications.services import notify

from .enums import DecisionKind
from .models import Decision

REVIVABLE = (IdeaState.PARKED, IdeaState.REJECTED)


def idea_revive_into(idea, *, actor, program, mission=None, note: str = "") -> Idea:
    """A new submitted idea in ``program`` (and ``mission``, of that program) with the
    original's title and text, ``revived_from`` set, the original's author as its author and
    every person credited with the original credited again, and told. The original stays as
    it is: its history is kept."""
    if idea.state not in REVIVABLE:
        raise DomainError(_("Only parked or rejected ideas can be revived."), code="not_revivable")
    if program.organization_id != idea.organization_id:
        raise DomainError(_("That program belongs to another organization."), code="wrong_organization")
    if mission is not None and mission.program_id != program.pk:
        raise DomainError(_("That mission belongs to another program."), code="wrong_program")
    now = timezone.now()
    with transaction.atomic():
        new = Idea.objects.create(
            organization=idea.organization, channel=Channel.MISSION if mission else Channel.OPEN,
            program=program, mission=mission, author=idea.author, title=idea.title, body=idea.body,
            search_document=document(idea.title, idea.body), state=IdeaState.SUBMITTED,
            submitted_at=now, state_changed_at=now, revived_from=idea,
        )
        credited = {idea.author_id, *Credit.objects.filter(idea=idea).values_list("user_id", flat=True)}
        Credit.objects.bulk_create([Credit(idea=new, user_id=pk) for pk in sorted(credited)])
        audit_record(actor=actor, verb="idea.revived_into", target=new,
                     data={"from": idea.pk, "program": program.pk, "mission": mission.pk if mission else None,
                           "note": (note or "").strip()})
        from cocreate.accounts.models import User

        notify(list(User.objects.filter(pk__in=credited)), "idea_revived",
               params={"idea": idea.title, "program": program.title,
                       "mission": mission.title if mission else program.title},
               url=reverse("ideas:detail", args=[idea.organization.slug, new.pk]))
    return new


def lineage(idea) -> list[Idea]:
    """The ideas this one was revived from, nearest first (bounded: a chain is short)."""
    chain, seen, current = [], {idea.pk}, idea
    while current.revived_from_id and current.revived_from_id not in seen and len(chain) < 20:
        current = Idea.objects.select_related("program", "organization").get(pk=current.revived_from_id)
        seen.add(current.pk)
        chain.append(current)
    return chain


def revisit_reminders_send(now=None) -> int:
    """Remind each parked decision's owner on its "reconsider on" date, once; returns how
    many were sent. Idempotent: the reminder is claimed by a conditional update first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    with scopes_disabled():
        due = (Decision.objects.filter(kind=DecisionKind.PARK, released_at__isnull=False, revisit_on__lte=today,
                                       revisit_reminded_at__isnull=True, revisit_owner__isnull=False,
                                       idea__state=IdeaState.PARKED)
               .select_related("idea", "idea__organization", "revisit_owner").order_by("revisit_on", "pk"))
        for decision in due:
            with transaction.atomic():
                claimed = Decision.objects.filter(pk=decision.pk, revisit_reminded_at__isnull=True).update(
                    revisit_reminded_at=now)
                if not claimed:
                    continue  # a concurrent run got there first
                idea = decision.idea
                notify([decision.revisit_owner], "revisit_due",
                       params={"idea": idea.title, "revisit_date_iso": decision.revisit_on.isoformat(),
                               "condition": decision.revisit_condition or "—", "reason": decision.reason or "—"},
                       url=reverse("ideas:detail", args=[idea.organization.slug, idea.pk]))
            sent += 1
    return sent
