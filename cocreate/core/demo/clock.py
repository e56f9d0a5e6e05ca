"""Backdating for the demo: the lab's history spans months, but the services stamp rows with
the real "now". While seeding, the builder sets a virtual time before each service call; a
post_save receiver notes which timestamp fields each saved row got at that virtual time, and
``apply()`` writes them afterwards with queryset updates.

The audit log is left alone on purpose: it is append-only and says truthfully when the demo
was loaded."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import models
from django.db.models.signals import post_save
from django_scopes import scopes_disabled

from cocreate.evaluation.models import JudgeAssignment, Score
from cocreate.ideas.models import Comment, Idea, Support
from cocreate.incentives.models import Grant, Incentive
from cocreate.missions.models import Mission, Participation, Team, TeamMember
from cocreate.notifications.models import Notification
from cocreate.organizations.models import Membership
from cocreate.pool.models import PoolInvitation, PoolMember
from cocreate.programs.models import Agreement, AgreementAcceptance, Partner, Program
from cocreate.realization.models import (
    Appeal,
    ClusteringRun,
    Concept,
    Decision,
    ExplanationRequest,
    Forwarding,
)
from cocreate.recruiting.models import (
    Application,
    ImportJob,
    Recruitment,
    Review,
    ReviewerAssignment,
    Round,
    RoundResult,
    Selection,
    SelectionEntry,
)
from cocreate.retention.models import Outcome, OutcomeUpdate

# The timestamp fields the services set to "now", per model.
TRACKED: dict[type[models.Model], tuple[str, ...]] = {
    Membership: ("created_at",),
    Program: ("created_at",),
    Agreement: ("created_at", "published_at"),
    AgreementAcceptance: ("accepted_at",),
    Partner: ("joined_at",),
    Recruitment: ("created_at",),
    Application: ("submitted_at", "consented_at", "decided_at", "withdrawn_at"),
    Round: ("created_at",),
    ReviewerAssignment: ("assigned_at",),
    Review: ("created_at", "updated_at"),
    RoundResult: ("decided_at",),
    Selection: ("created_at", "accepted_at"),
    SelectionEntry: ("invited_at", "responded_at", "deadline"),
    ImportJob: ("created_at", "finished_at"),
    PoolMember: ("joined_at", "status_changed_at"),
    PoolInvitation: ("invited_at", "responded_at"),
    Mission: ("created_at",),
    Participation: ("joined_at", "sub_mission_changed_at"),
    Team: ("created_at",),
    TeamMember: ("invited_at", "responded_at"),
    Incentive: ("created_at",),
    Grant: ("granted_at", "delivered_at", "cancelled_at"),
    Idea: ("created_at", "submitted_at", "state_changed_at", "hidden_at"),
    Comment: ("created_at",),
    Support: ("created_at",),
    Score: ("updated_at",),
    JudgeAssignment: ("created_at",),
    # released_at too: an appeal's deadline counts from it, so it must be the lab's date.
    Decision: ("decided_at", "released_at"),
    ClusteringRun: ("created_at", "finished_at"),
    Concept: ("created_at",),
    Forwarding: ("created_at",),
    ExplanationRequest: ("created_at", "completed_at"),
    Appeal: ("created_at", "decided_at"),
    Outcome: ("created_at", "updated_at"),
    OutcomeUpdate: ("created_at",),
    Notification: ("created_at",),
}
# Times set a span after another field of the same row keep that span: an invitation's
# deadline stays ``confirm_days`` after its (backdated) invitation.
RELATIVE: dict[tuple[type[models.Model], str], str] = {(SelectionEntry, "deadline"): "invited_at"}


class VirtualClock:
    """Use as a context manager around the seeding; set ``now`` before each step."""

    def __init__(self, now: datetime):
        self.now = now
        self.stamps: dict[type[models.Model], dict[str, dict[int, datetime]]] = defaultdict(
            lambda: defaultdict(dict)
        )

    def _saved(self, sender, instance, created, update_fields=None, **kwargs):
        fields = TRACKED[sender]
        if not created and update_fields is not None:
            fields = tuple(f for f in fields if f in update_fields)
        for f in fields:
            value = getattr(instance, f)
            if value is None:
                continue
            base = RELATIVE.get((sender, f))
            if base is not None and getattr(instance, base) is not None:
                self.stamps[sender][f][instance.pk] = self.now + (value - getattr(instance, base))
            else:
                self.stamps[sender][f][instance.pk] = self.now

    def note(self, model: type[models.Model], fields: tuple[str, ...], pks, at: datetime) -> None:
        """Record ``at`` for rows a service bulk-created (no post_save is sent for those)."""
        for f in fields:
            for pk in pks:
                self.stamps[model][f][pk] = at

    def fix(self, model: type[models.Model], pk: int, field: str, value) -> None:
        """Write ``value`` to one field of one row with the others: for times a person chose
        relative to the moment they acted (the meeting times an expert proposed), which move
        into the lab's past with that moment."""
        self.stamps[model][field][pk] = value

    def __enter__(self):
        for model in TRACKED:
            post_save.connect(self._saved, sender=model, weak=False,
                              dispatch_uid=f"demo-clock-{model._meta.label}")
        return self

    def __exit__(self, *exc):
        for model in TRACKED:
            post_save.disconnect(sender=model, dispatch_uid=f"demo-clock-{model._meta.label}")
        return False

    def notification_times(self) -> dict[int, datetime]:
        return self.stamps[Notification]["created_at"]

    def apply(self) -> int:
        """Write every recorded virtual time; returns how many values were written."""
        written = 0
        with scopes_disabled():
            for model, by_field in self.stamps.items():
                for f, values in by_field.items():
                    objs = [model(pk=pk, **{f: at}) for pk, at in values.items()]
                    # _base_manager: a plain manager, so rows of every organization are reached.
                    model._base_manager.bulk_update(objs, [f], batch_size=400)
                    written += len(objs)
        return written
