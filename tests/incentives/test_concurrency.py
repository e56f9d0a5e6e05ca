"""Simultaneous grants never double-grant nor overspend (PostgreSQL; SQLite serialises writers)."""

from decimal import Decimal

from cocreate.ideas.enums import IdeaState
from cocreate.incentives import services
from cocreate.incentives.models import Grant, Incentive
from tests import factories as f
from tests.ideas.test_concurrency import run_at_once, shared_db  # noqa: F401 - fixture

from .helpers import incentive_of


def test_double_clicks_and_reruns_grant_once(shared_db):  # noqa: F811
    lab = f.make_lab()
    incentive = incentive_of(lab.program, "cash", condition="winners")
    f.IdeaFactory(organization=lab.org, program=lab.program, state=IdeaState.ACCEPTED)
    partner = lab.users["partner"]
    workers = [lambda: services.incentive_grant(Incentive.objects.get(pk=incentive.pk), user=partner, actor=None,
                                                reason="Click") for _ in range(4)]
    workers += [lambda: services.incentives_evaluate(lab.program, actor=None) for _ in range(3)]
    assert run_at_once(lab.org, workers) == []
    assert Grant.objects.filter(incentive=incentive, user=partner, source="").count() == 1
    assert Grant.objects.filter(incentive=incentive).count() == 2


def test_simultaneous_grants_keep_the_budget(shared_db):  # noqa: F811
    lab = f.make_lab()
    incentive = incentive_of(lab.program, "cash", amount=Decimal(1000), budget=Decimal(3000))
    people = [f.UserFactory() for _ in range(6)]
    errors = run_at_once(lab.org, [lambda u=u: services.incentive_grant(Incentive.objects.get(pk=incentive.pk),
                                                                        user=u, actor=None, reason="Go")
                                   for u in people])
    assert len(errors) == 3 and {e.code for e in errors} == {"budget"}
    assert Grant.objects.filter(incentive=incentive).count() == 3
