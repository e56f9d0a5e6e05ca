"""Two declines (or a decline and the expiry job) at the same moment refill the cohort once per
seat: nobody is invited twice and the cohort never overfills. PostgreSQL only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cocreate.recruiting import cohorts
from cocreate.recruiting.enums import EntryStatus
from cocreate.recruiting.models import SelectionEntry
from tests import factories as f
from tests.ideas.test_concurrency import run_at_once
from tests.recruiting.factories import ApplicationFactory, RoundFactory, RubricCriterionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared_db(flushable_audit_log):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; PostgreSQL is where concurrent sessions race")


def accepted_selection(lab, n=8, size=3):
    from cocreate.recruiting.models import Review

    round = RoundFactory(recruitment=lab.recruitment)
    criterion = RubricCriterionFactory(round=round, name="Passion", weight=100, scale_min=0, scale_max=100)
    made = [ApplicationFactory(recruitment=lab.recruitment, applicant=f.UserFactory(
        region=("Seoul", "Busan")[i % 2])) for i in range(n)]
    Review.objects.bulk_create(Review(round=round, application=a, reviewer=lab.users["reviewer"],
                                      criterion=criterion, value=100 - i) for i, a in enumerate(made))
    manager = lab.users["program_manager"]
    cohorts.quotas_set(lab.recruitment, actor=manager, quotas=[{"attribute": "region", "value": "Busan",
                                                                 "minimum": 1}])
    selection = cohorts.selection_run(lab.recruitment, actor=manager, size=size, round=round, seed=1)
    return cohorts.selection_accept(selection, actor=manager, confirm_days=7), made


def fresh(entry_pk):
    return SelectionEntry.objects.select_related("application__applicant", "selection__recruitment__program").get(
        pk=entry_pk)


def test_two_simultaneous_declines_invite_two_different_people(shared_db):
    lab = f.make_lab()
    selection, made = accepted_selection(lab)
    invited = list(selection.entries.filter(status=EntryStatus.INVITED).order_by("rank"))
    assert len(invited) == 3
    leaving = invited[:2]
    errors = run_at_once(lab.org, [
        lambda e=e: cohorts.invitation_respond(fresh(e.pk), actor=e.application.applicant, accept=False)
        for e in leaving for _ in range(2)])  # each of the two also double-clicks
    assert errors == []
    statuses = list(selection.entries.values_list("application_id", "status"))
    assert sorted(s for _a, s in statuses if s in ("invited", "confirmed")) == ["invited"] * 3
    assert [s for a, s in statuses if a in {e.application_id for e in leaving}] == ["declined", "declined"]
    assert SelectionEntry.objects.filter(selection=selection, status=EntryStatus.INVITED).count() == 3


def test_a_decline_and_the_expiry_job_at_once_never_overfill(shared_db):
    lab = f.make_lab()
    selection, made = accepted_selection(lab)
    first, second, third = selection.entries.filter(status=EntryStatus.INVITED).order_by("rank")
    SelectionEntry.objects.filter(pk=second.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    errors = run_at_once(lab.org, [
        lambda: cohorts.invitation_respond(fresh(first.pk), actor=first.application.applicant, accept=False),
        cohorts.invitations_expire,
        cohorts.invitations_expire,
    ])
    assert errors == []
    assert SelectionEntry.objects.filter(selection=selection, status=EntryStatus.INVITED).count() == 3
    assert SelectionEntry.objects.filter(selection=selection, status=EntryStatus.EXPIRED).count() == 1
    assert SelectionEntry.objects.filter(selection=selection, status=EntryStatus.DECLINED).count() == 1
