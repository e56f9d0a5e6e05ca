"""Concurrent writes never double-count: many people (and double clicks) at once."""

import threading

import pytest
from django.db import close_old_connections, connection
from django_scopes import scope

from cocreate.evaluation.models import Score
from cocreate.evaluation.services import scores_submit
from cocreate.ideas import services
from cocreate.ideas.enums import Channel
from cocreate.ideas.models import Idea, Support
from tests import factories as f


def run_at_once(organization, workers):
    """Start every callable at the same moment, each on its own thread and connection, inside
    the organization's scope as a request would be."""
    barrier = threading.Barrier(len(workers))
    errors = []

    def wrap(fn):
        def go():
            try:
                barrier.wait()
                with scope(organization=organization):
                    fn()
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)
            finally:
                close_old_connections()
                connection.close()
        return go

    threads = [threading.Thread(target=wrap(fn)) for fn in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return errors


@pytest.fixture
def shared_db(flushable_audit_log):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; PostgreSQL is where concurrent sessions race")


def test_simultaneous_supports_count_each_person_once(shared_db):
    org = f.OrganizationFactory()
    idea = f.IdeaFactory(organization=org)
    people = [f.UserFactory() for _ in range(6)]
    # Every person clicks twice at the same moment as everyone else.
    assert run_at_once(org, [lambda u=u: services.support_add(idea, user=u) for u in people for _ in range(2)]) == []
    assert Support.objects.filter(idea=idea).count() == 6
    assert Idea.objects.get(pk=idea.pk).support_count == 6


def test_simultaneous_score_submissions_leave_one_row_per_criterion(shared_db):
    lab = f.make_lab()
    idea = f.IdeaFactory(organization=lab.org, channel=Channel.MISSION, program=lab.program, mission=lab.mission)
    judge = lab.users["judge"]
    values = {c.pk: 7 for c in lab.criteria}
    errors = run_at_once(lab.org, [lambda: scores_submit(Idea.objects.get(pk=idea.pk), judge=judge, values=values)
                                   for _ in range(4)])
    assert errors == []
    assert Score.objects.filter(idea=idea, judge=judge).count() == 4
    assert Idea.objects.get(pk=idea.pk).state == "in_evaluation"


def test_two_executives_deciding_at_once_record_exactly_one_decision(shared_db):
    from cocreate.core.errors import TransitionNotAllowed
    from cocreate.realization.models import Decision
    from cocreate.realization.services import idea_decide

    lab = f.make_lab()
    idea = f.IdeaFactory(organization=lab.org)
    executive = lab.users["executive"]
    errors = run_at_once(lab.org, [
        lambda: idea_decide(Idea.objects.get(pk=idea.pk), actor=executive, kind="reject", reason="Not now"),
        lambda: idea_decide(Idea.objects.get(pk=idea.pk), actor=executive, kind="accept", department=lab.department),
    ])
    assert len(errors) == 1 and isinstance(errors[0], TransitionNotAllowed)
    decision = Decision.objects.get(idea=idea)
    assert Idea.objects.get(pk=idea.pk).state == {"reject": "rejected", "accept": "accepted"}[decision.kind]
