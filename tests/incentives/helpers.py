"""Builders for the incentive tests; shared factories stay in tests/factories.py."""

from decimal import Decimal

from cocreate.evaluation.models import Score
from cocreate.ideas.enums import Channel
from cocreate.incentives.enums import DEFAULT_NATURE
from cocreate.incentives.models import Grant, Incentive
from tests import factories as f


def incentive_of(program, kind="cash", *, title=None, condition="manual", **kwargs):
    """An incentive written straight to the table (the services are tested on their own)."""
    if kind in ("cash", "prize"):
        kwargs.setdefault("amount", Decimal("1000"))
        kwargs.setdefault("currency", "USD")
    if kind == "invitation":
        kwargs.setdefault("invitation_to", "headquarters")
    return Incentive.objects.create(program=program, kind=kind, nature=kwargs.pop("nature", DEFAULT_NATURE[kind]),
                                    title=title or f"{kind} reward", condition=condition, **kwargs)


def grant_of(incentive, user, *, status="promised", source="", reason="Great work"):
    return Grant.objects.create(incentive=incentive, user=user, status=status, source=source, reason=reason)


def mission_idea(lab, author, **kwargs):
    return f.IdeaFactory(organization=lab.org, channel=Channel.MISSION, program=lab.program, mission=lab.mission,
                         author=author, **kwargs)


def score(idea, judge, criteria, value):
    for c in criteria:
        Score.objects.create(idea=idea, judge=judge, criterion=c, value=value)
