"""Helpers for the R4/R5 page tests (evaluation, realization, retention). Shared factories
stay in tests/factories.py; these only compose them."""

from cocreate.evaluation.models import Score
from cocreate.ideas.enums import Channel, IdeaState
from tests import factories as f


def new_partner(lab, **kwargs):
    """A partner of the lab's program who accepted its agreement (not lab.users["partner"],
    so that role and author stay different people in the matrices)."""
    user = f.UserFactory(**kwargs)
    f.PartnerFactory(program=lab.program, user=user)
    f.AcceptanceFactory(agreement=lab.agreement, user=user)
    return user


def mission_idea(lab, *, author=None, state=IdeaState.SUBMITTED, **kwargs):
    """An idea submitted to the lab's (confidential) mission, so it is scored on the
    program's published criteria."""
    return f.IdeaFactory(organization=lab.org, channel=Channel.MISSION, program=lab.program,
                         mission=lab.mission, author=author or new_partner(lab), state=state, **kwargs)


def score(idea, judge, values):
    """Scores written straight to the table, for setting up pages (the service is tested
    on its own)."""
    for criterion, value in zip(idea.program.agreements.get().criteria.all(), values, strict=False):
        Score.objects.update_or_create(idea=idea, judge=judge, criterion=criterion, defaults={"value": value})

