"""R2 missions: a period, a brief, the ideas wanted and the tasks to solve."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record

from .models import Mission, Task


def _validate(title, brief, starts_at, ends_at):
    if not (title or "").strip():
        raise DomainError(_("Give the mission a title."), code="title_required")
    if not (brief or "").strip():
        raise DomainError(_("Write the mission's brief."), code="brief_required")
    if not starts_at or not ends_at or ends_at <= starts_at:
        raise DomainError(_("The mission must end after it starts."), code="period")


def mission_create(
    program, *, actor, title: str, brief: str, starts_at, ends_at, wanted_ideas: str = "",
    visibility: str = "confidential", tasks: list[dict] | None = None,
) -> Mission:
    """A mission with its tasks (title, description), in order."""
    _validate(title, brief, starts_at, ends_at)
    with transaction.atomic():
        mission = Mission.objects.create(
            program=program, title=title.strip(), brief=brief.strip(), wanted_ideas=(wanted_ideas or "").strip(),
            starts_at=starts_at, ends_at=ends_at, visibility=visibility,
        )
        _replace_tasks(mission, tasks or [])
        audit_record(actor=actor, verb="mission.created", target=mission, organization=program.organization)
    return mission


def mission_update(mission: Mission, *, actor, tasks: list[dict] | None = None, **values) -> Mission:
    allowed = {"title", "brief", "wanted_ideas", "starts_at", "ends_at", "visibility"}
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"unknown mission fields: {sorted(unknown)}")
    merged = {f: getattr(mission, f) for f in allowed} | values
    _validate(merged["title"], merged["brief"], merged["starts_at"], merged["ends_at"])
    with transaction.atomic():
        for f, v in values.items():
            setattr(mission, f, v.strip() if isinstance(v, str) else v)
        if values:
            mission.save(update_fields=list(values))
        if tasks is not None:
            _replace_tasks(mission, tasks)
        audit_record(actor=actor, verb="mission.updated", target=mission,
                     organization=mission.program.organization, data={"fields": sorted(values)})
    return mission


def _replace_tasks(mission: Mission, tasks: list[dict]) -> None:
    mission.tasks.all().delete()
    Task.objects.bulk_create(
        Task(mission=mission, title=t["title"].strip(), description=(t.get("description") or "").strip(), order=i)
        for i, t in enumerate(t for t in tasks if (t.get("title") or "").strip())
    )
