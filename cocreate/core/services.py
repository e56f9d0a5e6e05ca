from typing import Any

from django.db import models

from .models import AuditEvent


def audit_record(
    *, actor, verb: str, target: models.Model, organization=None, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one event. Called inside the same transaction as the change it records, so
    a rolled-back change leaves no history behind and a committed one always has its line."""
    if organization is None:
        organization = getattr(target, "organization", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organization=organization,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        data=data or {},
    )
