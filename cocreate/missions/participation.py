"""Taking part in a mission: joining within its capacity, leaving, choosing a sub-mission
(first come, or ranked preferences assigned fairly), and the coverage managers watch."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record

from .models import Mission, Participation


def participation_join(mission: Mission, *, user) -> Participation:
    """Join a mission, or find the participation already there (idempotent). The mission row
    is locked so that two people taking the last place at once cannot both get it. Callers
    check that the person may take part (``missions.take_part``)."""
    existing = Participation.objects.filter(mission=mission, user=user).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        Mission.objects.select_for_update().filter(pk=mission.pk).first()
        existing = Participation.objects.filter(mission=mission, user=user).first()
        if existing is not None:
            return existing
        if mission.capacity is not None and Participation.objects.filter(mission=mission).count() >= mission.capacity:
            raise DomainError(_("This mission is full: all %(capacity)s places are taken."),
                              code="mission_full", params={"capacity": mission.capacity})
        participation = Participation.objects.create(mission=mission, user=user)
        audit_record(actor=user, verb="mission.joined", target=mission, organization=mission.program.organization)
    return participation
