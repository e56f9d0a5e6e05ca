"""R2 missions: a period in its time zone, a brief (what to solve, the ideas wanted, what not to
do), tasks, deliverables with their own due dates, sub-missions, capacity, visibility, the late
policy and the type's own settings. Everything is checked here, in one transaction, audited."""

import zoneinfo
from functools import cache

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record

from .enums import AssignmentMode, LatePolicy, Visibility
from .models import Deliverable, Mission, SubMission, Task
from .types import mission_type

FIELDS = ("kind", "title", "brief", "wanted_ideas", "not_wanted", "starts_at", "ends_at", "time_zone", "visibility",
          "capacity", "late_policy", "grace_minutes", "assignment", "choose_until", "team_size_max")


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _has_submissions(mission) -> bool:
    return mission.pk is not None and mission.ideas.exclude(state="draft").exists()


def _validate(v: dict, mission: Mission | None) -> None:
    if not (v.get("title") or "").strip():
        raise DomainError(_("Give the mission a title."), code="title_required")
    if not (v.get("brief") or "").strip():
        raise DomainError(_("Write the mission's brief."), code="brief_required")
    if not v.get("starts_at") or not v.get("ends_at") or v["ends_at"] <= v["starts_at"]:
        raise DomainError(_("The mission must end after it starts."), code="period")
    if v.get("time_zone") not in time_zones():
        raise DomainError(_("Choose a valid time zone."), code="time_zone")
    if v.get("visibility") not in Visibility.values:
        raise DomainError(_("Choose who sees the mission."), code="visibility")
    try:
        mission_type(v.get("kind"))
    except (KeyError, LookupError):
        raise DomainError(_("Choose a mission type."), code="kind") from None
    if v.get("capacity") is not None and v["capacity"] < 1:
        raise DomainError(_("The capacity must be at least 1, or left empty for no limit."), code="capacity")
    if v.get("late_policy") not in LatePolicy.values:
        raise DomainError(_("Choose a late policy."), code="late_policy")
    if v["late_policy"] == LatePolicy.GRACE and not (v.get("grace_minutes") or 0) > 0:
        raise DomainError(_("Give the grace period in minutes (more than 0)."), code="grace_minutes")
    if v.get("assignment") not in AssignmentMode.values:
        raise DomainError(_("Choose how sub-missions are chosen."), code="assignment")
    if v["assignment"] == AssignmentMode.PREFERENCE and v.get("choose_until") and v["choose_until"] >= v["ends_at"]:
        raise DomainError(_("Rankings must close before the mission closes."), code="choose_until")
    if not 1 <= (v.get("team_size_max") or 0) <= 20:
        raise DomainError(_("A team has between 1 and 20 members."), code="team_size_max")
    if mission is not None and mission.pk:
        if v["kind"] != mission.kind and _has_submissions(mission):
            raise DomainError(_("The mission type cannot change once submissions exist."), code="kind_locked")
        count = mission.participations.count() if v.get("capacity") is not None else 0
        if count and v["capacity"] < count:
            raise DomainError(_("The capacity cannot be lower than the %(count)d people already taking part.")
                              % {"count": count}, code="capacity_below_participants")


def _validate_deliverables(rows: list[dict], starts_at, ends_at) -> None:
    for n, row in enumerate(rows, start=1):
        due = row.get("due_at")
        if not due or not (starts_at < due <= ends_at):
            raise DomainError(
                _("Deliverable %(n)d (“%(title)s”) must be due after the mission opens and no later than it closes.")
                % {"n": n, "title": row.get("title", "")}, code="deliverable_due")


def _clean_config(values: dict, mission: Mission | None, config) -> dict:
    kind_type = mission_type(values["kind"])
    if config is None:
        return mission.config if mission is not None and mission.kind == values["kind"] else kind_type.default_config()
    kwargs = {}
    if mission is not None and mission.pk:
        kwargs = {"previous": kind_type.effective_config(mission), "has_submissions": _has_submissions(mission)}
    return kind_type.clean_config(dict(config), **kwargs)


def _normalise(values: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) and k not in ("kind",) else v) for k, v in values.items()}


def mission_create(
    program, *, actor, tasks: list[dict] | None = None, deliverables: list[dict] | None = None,
    sub_missions: list[dict] | None = None, config: dict | None = None, **values,
) -> Mission:
    """A mission with its tasks, deliverables (title, description, due_at) and sub-missions
    (title, description, capacity), in order."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown mission fields: {sorted(unknown)}")
    defaults = {f: Mission._meta.get_field(f).get_default() for f in FIELDS}
    merged = defaults | {"visibility": Visibility.CONFIDENTIAL} | _normalise(values)
    _validate(merged, None)
    deliverables = [d for d in (deliverables or []) if (d.get("title") or "").strip()]
    _validate_deliverables(deliverables, merged["starts_at"], merged["ends_at"])
    merged["config"] = _clean_config(merged, None, config)
    with transaction.atomic():
        mission = Mission.objects.create(program=program, **merged)
        _replace_tasks(mission, tasks or [])
        _sync_deliverables(mission, deliverables)
        _sync_sub_missions(mission, sub_missions or [])
        audit_record(actor=actor, verb="mission.created", target=mission, organization=program.organization)
    return mission


def mission_update(
    mission: Mission, *, actor, tasks: list[dict] | None = None, deliverables: list[dict] | None = None,
    sub_missions: list[dict] | None = None, config: dict | None = None, **values,
) -> Mission:
    """Only the fields given change; deliverables and sub-missions given replace the current ones
    by their ids (rows kept keep their id; a row with submissions cannot go)."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown mission fields: {sorted(unknown)}")
    values = _normalise(values)
    merged = {f: getattr(mission, f) for f in FIELDS} | values
    _validate(merged, mission)
    if deliverables is not None:
        deliverables = [d for d in deliverables if (d.get("title") or "").strip()]
        _validate_deliverables(deliverables, merged["starts_at"], merged["ends_at"])
    elif (merged["starts_at"], merged["ends_at"]) != (mission.starts_at, mission.ends_at):
        # A new period must still hold the deliverables that stay.
        _validate_deliverables(list(mission.deliverables.values("title", "due_at")),
                               merged["starts_at"], merged["ends_at"])
    new_config = _clean_config(merged, mission, config)
    with transaction.atomic():
        changed = [f for f, v in values.items() if getattr(mission, f) != v]
        for f in changed:
            setattr(mission, f, values[f])
        if new_config != mission.config:
            mission.config = new_config
            changed.append("config")
        if changed:
            mission.save(update_fields=changed)
        if tasks is not None:
            _replace_tasks(mission, tasks)
        if deliverables is not None:
            _sync_deliverables(mission, deliverables)
        if sub_missions is not None:
            _sync_sub_missions(mission, sub_missions)
        audit_record(actor=actor, verb="mission.updated", target=mission,
                     organization=mission.program.organization,
                     data={"fields": sorted(changed), "deliverables": deliverables is not None,
                           "sub_missions": sub_missions is not None})
    return mission


def _replace_tasks(mission: Mission, tasks: list[dict]) -> None:
    mission.tasks.all().delete()
    Task.objects.bulk_create(
        Task(mission=mission, title=t["title"].strip(), description=(t.get("description") or "").strip(), order=i)
        for i, t in enumerate(t for t in tasks if (t.get("title") or "").strip())
    )


def _sync(mission, model, related, rows: list[dict], fields: tuple[str, ...], in_use_message) -> None:
    """Diff ``rows`` against the mission's current ones: rows with a known id are updated, the
    others created, the missing ones deleted unless a submission refers to them."""
    current = {obj.pk: obj for obj in getattr(mission, related).select_for_update()}
    kept = {int(r["id"]) for r in rows if r.get("id") and int(r["id"]) in current}
    gone = [obj for pk, obj in current.items() if pk not in kept]
    for obj in gone:
        if obj.ideas.exists():
            raise DomainError(in_use_message % {"title": obj.title}, code="in_use")
    model.objects.filter(pk__in=[o.pk for o in gone]).delete()
    for order, row in enumerate(rows):
        data = {f: (row.get(f).strip() if isinstance(row.get(f), str) else row.get(f)) for f in fields}
        data["description"] = data.get("description") or ""
        pk = int(row["id"]) if row.get("id") and int(row["id"]) in current else None
        if pk:
            obj = current[pk]
            for f, v in data.items():
                setattr(obj, f, v)
            obj.order = order
            obj.save()
        else:
            model.objects.create(mission=mission, order=order, **data)


def _sync_deliverables(mission, rows):
    _sync(mission, Deliverable, "deliverables", rows, ("title", "description", "due_at"),
          _("The deliverable “%(title)s” has submissions and cannot be removed."))


def _sync_sub_missions(mission, rows):
    rows = [r for r in rows if (r.get("title") or "").strip()]
    for r in rows:
        if r.get("capacity") is not None and r["capacity"] < 1:
            raise DomainError(_("A sub-mission's capacity must be at least 1, or left empty."), code="capacity")
    _sync(mission, SubMission, "sub_missions", rows, ("title", "description", "capacity"),
          _("The sub-mission “%(title)s” has submissions and cannot be removed."))
