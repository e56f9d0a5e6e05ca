"""Optimal, diverse selection on a campaign: the pool, runs, reasons, invitations and refill."""

from datetime import timedelta
from io import StringIO

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import formats, timezone

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.notifications.models import Notification
from cocreate.programs.models import Partner
from cocreate.recruiting import cohorts
from cocreate.recruiting.enums import (
    ApplicationStatus,
    EntryRole,
    EntryStatus,
    QuestionKind,
    RoundOutcome,
    SelectionStatus,
)
from cocreate.recruiting.models import Quota, Review, RoundResult, Selection, SelectionEntry
from cocreate.recruiting.selection import Candidate, exact_ilp
from cocreate.recruiting.selection import Quota as OptQuota
from tests import factories as f
from tests.recruiting.factories import ApplicationFactory, RoundFactory, RubricCriterionFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def apply(recruitment, *, source="", **profile):
    """An application whose profile snapshot holds ``profile`` (name, birth_year, gender, …)."""
    user = f.UserFactory(**{k: v for k, v in profile.items() if k in (
        "name", "birth_year", "gender", "region", "interests", "languages", "follower_count", "community_roles")})
    return ApplicationFactory(recruitment=recruitment, applicant=user, source=source)


def scored_round(recruitment, reviewer, scores: dict):
    """A round with one reviewers' criterion on 0–10 weighted 100, so the combined score is
    ten times the value; ``scores`` maps applications to values."""
    round = RoundFactory(recruitment=recruitment)
    criterion = RubricCriterionFactory(round=round, name="Passion", weight=100, scale_min=0, scale_max=10)
    Review.objects.bulk_create(Review(round=round, application=a, reviewer=reviewer, criterion=criterion, value=v)
                               for a, v in scores.items())
    return round


def quotas(recruitment, actor, *specs):
    return cohorts.quotas_set(recruitment, actor=actor, quotas=[
        {"attribute": a, "value": v, "minimum": lo, "maximum": hi, **(extra[0] if extra else {})}
        for a, v, lo, hi, *extra in specs])


@pytest.fixture
def manager(lab):
    return lab.users["program_manager"]


@pytest.fixture
def busan(lab):
    """Five applicants: three from Seoul score best, two from Busan (4320 SYD in miniature)."""
    r = lab.recruitment
    people = [apply(r, name=n, region=g, gender=s) for n, g, s in (
        ("Ann", "Seoul", "female"), ("Bo", "Seoul", "male"), ("Cy", "Seoul", "female"),
        ("Di", "Busan", "male"), ("Ed", "Busan", "female"))]
    round = scored_round(r, lab.users["reviewer"], dict(zip(people, (9, 8, 7, 6, 5), strict=True)))
    return people, round


# The pool ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("age", "band"), [(15, "under 16"), (16, "16-18"), (18, "16-18"), (19, "19-21"),
                                           (24, "22-24"), (25, "25-29"), (29, "25-29"), (30, "30-34"),
                                           (47, "45-49")])
def test_age_bands(age, band):
    assert cohorts.age_band(2026 - age, 2026) == band
    assert cohorts.age_band(None, 2026) is None


def test_pool_reads_every_attribute_from_the_snapshot(lab):
    r = lab.recruitment
    r.opinion_leader_followers = 500
    r.save()
    question = f.QuestionFactory(recruitment=r, text="Which scent?", kind=QuestionKind.CHOICE,
                                 choices=["Sea", "Wood"])
    multi = f.QuestionFactory(recruitment=r, text="Where do you shop?", kind=QuestionKind.CHOICE,
                              choices=["Online", "Store"], allow_multiple=True)
    a = apply(r, birth_year=YEAR - 17, gender="female", region="Seoul", interests="Music, design , music",
              languages="Korean, English", follower_count=500)
    b = apply(r, birth_year=YEAR - 23, gender="male", region="Busan", interests="grooming", community_roles="Moderator",
              source="headbox")
    c = apply(r, birth_year=None, gender="male", region="", follower_count=499)
    a.answers.create(question=question, text="Sea")
    a.answers.create(question=multi, text="Online\nStore")
    b.answers.create(question=question, text="Wood")
    pool = cohorts.pool_of(r)
    assert [x.application.pk for x in pool.applicants] == sorted([a.pk, b.pk, c.pk])
    assert [x.score for x in pool.applicants] == [0.0, 0.0, 0.0]
    fa, fb, fc = (x.facets for x in pool.applicants)
    assert fa == {"age_band": ("16-18",), "gender": ("female",), "region": ("Seoul",),
                  "interest": ("music", "design"), "language": ("korean", "english"), "opinion_leader": ("yes",),
                  "source": ("open_call",), f"answer:{question.pk}": ("Sea",),
                  f"answer:{multi.pk}": ("Online", "Store")}
    assert (fb["age_band"], fb["opinion_leader"], fb["source"]) == (("22-24",), ("yes",), ("headbox",))
    assert (fc["age_band"], fc["region"], fc["opinion_leader"]) == ((), (), ("no",))
    # Multi-valued attributes and answers become binary attributes for the optimiser.
    specs = [cohorts.QuotaSpec("interest", "Music", 1), cohorts.QuotaSpec("answer", "Store", 1, None, multi.pk),
             cohorts.QuotaSpec("gender", "male", 1), cohorts.QuotaSpec("opinion_leader", "yes", 1)]
    assert [c.attributes for c in pool.candidates(specs)] == [
        {"interest:music": "yes", f"answer:{multi.pk}:Store": "yes", "gender": "female", "opinion_leader": "yes"},
        {"interest:music": "no", f"answer:{multi.pk}:Store": "no", "gender": "male", "opinion_leader": "yes"},
        {"interest:music": "no", f"answer:{multi.pk}:Store": "no", "gender": "male", "opinion_leader": "no"},
    ]
    assert pool.values()["interest"] == [("design", 1), ("grooming", 1), ("music", 1)]


def test_pool_leaves_out_withdrawn_declined_anonymised_and_who_a_round_did_not_advance(lab):
    r = lab.recruitment
    keep, waitlisted, declined_in_round, advanced = (apply(r, name=n) for n in "ABCD")
    withdrawn = apply(r, name="W")
    withdrawn.status = ApplicationStatus.WITHDRAWN
    withdrawn.save()
    gone = apply(r, name="X")
    gone.anonymised_at = timezone.now()
    gone.save()
    declined = apply(r, name="Y")
    declined.status = ApplicationStatus.DECLINED
    declined.save()
    round = scored_round(r, lab.users["reviewer"], {keep: 3, waitlisted: 9, declined_in_round: 9, advanced: 5})
    now = timezone.now()
    for application, outcome in ((waitlisted, RoundOutcome.WAITLISTED), (declined_in_round, RoundOutcome.DECLINED),
                                 (advanced, RoundOutcome.ADVANCED)):
        RoundResult.objects.create(round=round, application=application, outcome=outcome, decided_at=now)
    assert {a.application.pk for a in cohorts.pool_of(r).applicants} == {keep.pk, waitlisted.pk, declined_in_round.pk,
                                                                advanced.pk}
    pool = cohorts.pool_of(r, round=round)
    assert [(a.application.pk, a.score) for a in pool.applicants] == [(keep.pk, 30.0), (advanced.pk, 50.0)]


# Quotas ------------------------------------------------------------------------------------

def test_quotas_are_replaced_validated_and_audited(lab, manager):
    r = lab.recruitment
    question = f.QuestionFactory(recruitment=r, kind=QuestionKind.CHOICE, choices=["Sea", "Wood"])
    quotas(r, manager, ("gender", "female", 7, None), ("region", "Seoul", 0, 6))
    saved = quotas(r, manager, ("gender", "male", 7, 11), ("answer", "Sea", 2, None, {"question": question.pk}))
    assert [(q.attribute, q.value, q.minimum, q.maximum, q.question_id) for q in saved] == [
        ("answer", "Sea", 2, None, question.pk), ("gender", "male", 7, 11, None)]
    assert AuditEvent.objects.filter(verb="recruitment.quotas_set").count() == 2
    with pytest.raises(DomainError) as e:
        quotas(r, manager, ("gender", "", 1, None), ("region", "Seoul", 3, 2), ("answer", "Sea", 1, None),
               ("interest", "music", 1, None), ("interest", "Music", 0, 2))
    assert e.value.messages == [
        "Gender: say which value the quota counts.",
        "Region = Seoul: the maximum (2) must be at least the minimum (3).",
        "Answer to a choice question = Sea: choose the question of this recruitment whose answer is counted.",
        "Interest = Music is given twice.",
    ]
    assert Quota.objects.filter(recruitment=r).count() == 2  # nothing changed


# Running -----------------------------------------------------------------------------------

def test_run_stores_the_optimal_cohort_its_price_and_the_waitlist(lab, manager, busan):
    people, round = busan
    quotas(lab.recruitment, manager, ("region", "Busan", 2, None))
    selection = cohorts.selection_run(lab.recruitment, actor=manager, size=3, round=round, seed=7)
    ann, bo, cy, di, ed = people
    assert selection.status == SelectionStatus.PROPOSED and (selection.size, selection.seed) == (3, 7)
    assert list(selection.entries.values_list("role", "rank", "application_id", "score", "status")) == [
        ("chosen", 1, ann.pk, 90.0, "proposed"), ("chosen", 2, di.pk, 60.0, "proposed"),
        ("chosen", 3, ed.pk, 50.0, "proposed"),
        ("waitlist", 1, bo.pk, 80.0, "proposed"), ("waitlist", 2, cy.pk, 70.0, "proposed")]
    result = selection.result
    assert (result["cohort"], result["total"], result["unconstrained_total"], result["price_of_diversity"],
            result["price_percent"]) == ([ann.pk, di.pk, ed.pk], 200.0, 240.0, 40.0, 16.6667)
    assert result["quotas"] == [{"attribute": "region", "value": "Busan", "minimum": 2, "maximum": None,
                                 "question": None, "count": 2, "eligible": 2, "state": "at_min"}]
    assert (result["seed"], result["pool_size"], result["scored"]) == (7, 5, True)
    assert result["lottery_window"] == pytest.approx(40 * 1e-6)  # 1e-6 of the pool's score spread
    assert result["method"] in ("lp", "lp+ilp", "trivial", "full-ilp", "full-ilp (fallback)")
    assert result["make_up"]["region"] == [{"value": "Seoul", "pool": 3, "cohort": 1},
                                           {"value": "Busan", "pool": 2, "cohort": 2}]
    assert selection.quotas == [{"attribute": "region", "value": "Busan", "minimum": 2, "maximum": None,
                                 "question": None}]
    assert AuditEvent.objects.filter(verb="selection.run", target_id=selection.pk).count() == 1


def test_infeasible_quotas_store_nothing_and_say_why_in_plain_words(lab, manager, busan):
    people, round = busan
    quotas(lab.recruitment, manager, ("region", "Busan", 3, None), ("gender", "female", 3, None),
           ("gender", "male", 2, None))
    with pytest.raises(DomainError) as e:
        cohorts.selection_run(lab.recruitment, actor=manager, size=4, round=round, seed=1)
    assert e.value.messages == [
        "No cohort of 4 can meet these quotas:",
        "Region = Busan: at least 3 are asked for, but only 2 applicants qualify.",
        "The minimums for Gender add up to 5, more than the cohort of 4.",
        "Smallest change that works: lower the minimum of Gender = Female from 3 to 2.",
        "Smallest change that works: lower the minimum of Region = Busan from 3 to 2.",
    ]
    assert not Selection.objects.exists()
    quotas(lab.recruitment, manager)
    with pytest.raises(DomainError) as e:
        cohorts.selection_run(lab.recruitment, actor=manager, size=9, seed=1)
    assert e.value.messages == ["No cohort of 9 can meet these quotas:",
                                "Only 5 applicants can be chosen, fewer than the cohort of 9."]


def test_without_a_round_the_seeded_lottery_decides_reproducibly(lab, manager):
    r = lab.recruitment
    for i in range(12):
        apply(r, name=f"P{i}", gender="female" if i % 2 else "male")
    quotas(r, manager, ("gender", "female", 2, 2))
    first = cohorts.selection_run(r, actor=manager, size=5, seed=42)
    again = cohorts.selection_run(r, actor=manager, size=5, seed=42)
    assert first.result["cohort"] == again.result["cohort"]
    assert first.result["scored"] is False and first.result["total"] == 0.0
    others = {tuple(cohorts.selection_run(r, actor=manager, size=5, seed=s).result["cohort"]) for s in range(6)}
    assert len(others) > 1  # the seed, not the pool order, decides
    genders = dict(SelectionEntry.objects.filter(selection=first).values_list(
        "application_id", "application__applicant__gender"))
    assert sorted(genders[i] for i in first.result["cohort"]) == ["female", "female", "male", "male", "male"]


def test_a_near_tie_window_lets_the_lottery_choose_among_near_optimal_cohorts(lab, manager):
    r = lab.recruitment
    people = [apply(r, name=n) for n in ("Top", "Close", "Far")]
    round = scored_round(r, lab.users["reviewer"], dict(zip(people, (9, 8, 5), strict=True)))
    top, close, far = people
    exact = {tuple(cohorts.selection_run(r, actor=manager, size=1, round=round, seed=s).result["cohort"])
             for s in range(8)}
    assert exact == {(top.pk,)}  # 90 beats 80: no lottery without a window
    fair = {}
    for s in range(16):
        result = cohorts.selection_run(r, actor=manager, size=1, round=round, seed=s, tie_window=10).result
        fair.setdefault(tuple(result["cohort"]), []).append(s)
    # Within 10 points, 90 and 80 are equal and the seed decides; 50 is never near.
    assert set(fair) == {(top.pk,), (close.pk,)}
    again = cohorts.selection_run(r, actor=manager, size=1, round=round, seed=fair[(close.pk,)][0], tie_window=10)
    assert again.result["cohort"] == [close.pk] and again.result["tie_window"] == 10.0
    # What the lottery cost is part of the price shown: 90 - 80.
    assert again.result["method"].endswith("+lottery") and again.result["price_of_diversity"] == 10.0
    with pytest.raises(DomainError) as e:
        cohorts.selection_run(r, actor=manager, size=1, round=round, seed=1, tie_window=11)
    assert e.value.messages == ["The near-tie window is from 0 to 10.0 points."]


# Accepting, answering, expiring and refilling ----------------------------------------------

def accepted(lab, manager, busan, *, size=3, days=5):
    people, round = busan
    quotas(lab.recruitment, manager, ("region", "Busan", 2, None))
    selection = cohorts.selection_run(lab.recruitment, actor=manager, size=size, round=round, seed=7)
    return cohorts.selection_accept(selection, actor=manager, confirm_days=days)


def entry_of(selection, application):
    return SelectionEntry.objects.select_related("application__applicant", "selection__recruitment").get(
        selection=selection, application=application)


def test_accept_invites_the_chosen_with_a_deadline_and_mails_them(lab, manager, busan, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    people, round = busan
    older = cohorts.selection_run(lab.recruitment, actor=manager, size=2, round=round, seed=1)
    with django_capture_on_commit_callbacks(execute=True):
        selection = accepted(lab, manager, busan, days=5)
    ann, bo, cy, di, ed = people
    assert selection.status == SelectionStatus.ACCEPTED and selection.confirm_days == 5
    older.refresh_from_db()
    assert older.status == SelectionStatus.SUPERSEDED
    rows = list(selection.entries.values_list("application_id", "status", "deadline"))
    deadline = selection.accepted_at + timedelta(days=5)
    assert rows == [(ann.pk, "invited", deadline), (di.pk, "invited", deadline), (ed.pk, "invited", deadline),
                    (bo.pk, "waiting", None), (cy.pk, "waiting", None)]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.applicant.email for p in (ann, di, ed))
    mail = mailoutbox[0]
    assert mail.subject == f"You are invited to join “{lab.program.title}”"
    shown = formats.date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
    assert mail.body == (f"You were chosen for “{lab.recruitment.title}”. Please confirm or decline your place in "
                         f"“{lab.program.title}” by {shown} under My applications; after that the place goes to "
                         f"the next person on the waiting list.\n\n{settings.SITE_URL}/me/applications/")
    assert AuditEvent.objects.filter(verb="selection.accepted").count() == 1
    with pytest.raises(DomainError, match="Only a proposed selection can be accepted"):
        cohorts.selection_accept(selection, actor=manager, confirm_days=5)
    newer = cohorts.selection_run(lab.recruitment, actor=manager, size=3, round=round, seed=2)
    with pytest.raises(DomainError, match="already accepted"):
        cohorts.selection_accept(newer, actor=manager, confirm_days=5)


def test_only_the_latest_proposal_can_be_accepted(lab, manager, busan):
    people, round = busan
    first = cohorts.selection_run(lab.recruitment, actor=manager, size=2, round=round, seed=1)
    cohorts.selection_run(lab.recruitment, actor=manager, size=2, round=round, seed=2)
    with pytest.raises(DomainError, match="A newer selection was run since"):
        cohorts.selection_accept(first, actor=manager, confirm_days=7)
    with pytest.raises(DomainError, match="from 1 to 60 days"):
        cohorts.selection_accept(first, actor=manager, confirm_days=0)


def test_confirming_makes_a_partner(lab, manager, busan):
    selection = accepted(lab, manager, busan)
    ann = busan[0][0]
    entry = cohorts.invitation_respond(entry_of(selection, ann), actor=ann.applicant, accept=True)
    assert entry.status == EntryStatus.CONFIRMED and entry.responded_at is not None
    ann.refresh_from_db()
    assert ann.status == ApplicationStatus.SELECTED
    assert Partner.objects.filter(program=lab.program, user=ann.applicant, application=ann).exists()
    assert Notification.objects.filter(user=ann.applicant, kind="application_selected").count() == 1
    # Answering again is harmless; someone else cannot answer.
    cohorts.invitation_respond(entry_of(selection, ann), actor=ann.applicant, accept=True)
    with pytest.raises(DomainError, match="Only the invited person"):
        cohorts.invitation_respond(entry_of(selection, busan[0][3]), actor=ann.applicant, accept=False)


def test_declining_refills_with_the_best_waiting_who_keeps_the_quotas(lab, manager, busan):
    selection = accepted(lab, manager, busan)
    ann, bo, cy, di, ed = busan[0]
    # Ann (Seoul) declines: Di and Ed keep Busan at two, so the best waiting person, Bo, is invited.
    cohorts.invitation_respond(entry_of(selection, ann), actor=ann.applicant, accept=False)
    bo_entry = entry_of(selection, bo)
    assert (bo_entry.status, bo_entry.deadline is not None) == ("invited", True)
    assert Notification.objects.filter(user=bo.applicant, kind="selection_invited").count() == 1
    assert AuditEvent.objects.filter(verb="selection.refilled", data__invited=[bo.pk]).count() == 1
    # Di (Busan) declines: Busan needs two and only Cy (Seoul) waits, so no fill keeps the quota:
    # nobody is invited and the managers are told.
    cohorts.invitation_respond(entry_of(selection, di), actor=di.applicant, accept=False)
    assert dict(selection.entries.values_list("application_id", "status")) == {
        ann.pk: "declined", di.pk: "declined", ed.pk: "invited", bo.pk: "invited", cy.pk: "waiting"}
    told = Notification.objects.filter(kind="selection_refill_failed")
    assert sorted(n.user.email for n in told) == sorted([lab.users["program_manager"].email,
                                                         lab.users["org_admin"].email])
    assert told[0].params == {"recruitment": lab.recruitment.title, "open": 1}
    assert AuditEvent.objects.filter(verb="selection.refill_failed").count() == 1


def test_refill_reduces_quotas_by_who_is_already_in(lab, manager):
    r = lab.recruitment
    people = [apply(r, name=f"S{i}", region="Seoul") for i in range(4)] + \
             [apply(r, name=f"B{i}", region="Busan") for i in range(3)]
    round = scored_round(r, lab.users["reviewer"], dict(zip(people, (9, 8, 7, 6, 5, 4, 3), strict=True)))
    quotas(r, manager, ("region", "Busan", 1, 1))
    selection = cohorts.selection_accept(cohorts.selection_run(r, actor=manager, size=3, round=round, seed=3),
                                         actor=manager, confirm_days=7)
    s0, s1, s2, s3, b0, b1, b2 = people
    assert selection.result["cohort"] == [s0.pk, s1.pk, b0.pk]
    cohorts.invitation_respond(entry_of(selection, b0), actor=b0.applicant, accept=False)
    # The Busan seat must go to Busan (at most one and at least one), not to the better S2.
    assert entry_of(selection, b1).status == EntryStatus.INVITED
    assert entry_of(selection, s2).status == EntryStatus.WAITING
    cohorts.invitation_respond(entry_of(selection, s1), actor=s1.applicant, accept=False)
    # Busan is full (max 1), so the Seoul seat goes to S2, not to B2.
    assert entry_of(selection, s2).status == EntryStatus.INVITED
    assert entry_of(selection, b2).status == EntryStatus.WAITING


def test_expiry_marks_expired_tells_the_person_and_refills(lab, manager, busan):
    selection = accepted(lab, manager, busan)
    ann, bo = busan[0][0], busan[0][1]
    SelectionEntry.objects.filter(selection=selection, application=ann).update(
        deadline=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    call_command("expire_invitations", stdout=out)
    assert out.getvalue() == "1 invitation(s) expired\n"
    assert entry_of(selection, ann).status == EntryStatus.EXPIRED
    assert entry_of(selection, bo).status == EntryStatus.INVITED
    assert Notification.objects.filter(user=ann.applicant, kind="selection_invitation_expired").count() == 1
    assert cohorts.invitations_expire() == 0  # idempotent
    with pytest.raises(DomainError, match="can no longer be answered"):
        cohorts.invitation_respond(entry_of(selection, ann), actor=ann.applicant, accept=True)


def test_the_task_expires_too(lab, manager, busan):
    from cocreate.recruiting.tasks import expire_invitations

    selection = accepted(lab, manager, busan)
    SelectionEntry.objects.filter(selection=selection, role=EntryRole.CHOSEN).update(
        deadline=timezone.now() - timedelta(minutes=1))
    assert expire_invitations.enqueue().return_value == 3
    # Three seats open, two people waiting, and none of them from Busan: nobody is invited.
    assert list(selection.entries.filter(status=EntryStatus.INVITED)) == []
    assert Notification.objects.filter(kind="selection_refill_failed").count() == 2


def test_an_answer_after_the_deadline_is_refused(lab, manager, busan):
    selection = accepted(lab, manager, busan)
    ann = busan[0][0]
    SelectionEntry.objects.filter(selection=selection, application=ann).update(
        deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError, match="The time to confirm this invitation has passed."):
        cohorts.invitation_respond(entry_of(selection, ann), actor=ann.applicant, accept=True)


# The Unilever case -------------------------------------------------------------------------

def test_unilever_eighteen_partners_from_three_hundred_with_quotas_proven_optimal(lab, manager):
    """~300 community members aged 16-24 → 18 partners: at least 7 of each gender, at least 4
    opinion leaders, at least 2 from every region."""
    r = lab.recruitment
    rng = np.random.default_rng(18)
    regions = ("capital", "north", "south", "east", "west")
    applications = []
    for i in range(300):
        applications.append(apply(
            r, name=f"Member {i}", birth_year=YEAR - int(rng.integers(16, 25)),
            gender=("female", "male")[int(rng.integers(2))],
            region=regions[rng.choice(5, p=[0.6, 0.1, 0.1, 0.1, 0.1])],
            follower_count=int(rng.choice([50, 200, 5000], p=[0.6, 0.35, 0.05])), source="headbox"))
    values = {a: int(rng.integers(0, 11)) for a in applications}
    round = scored_round(r, lab.users["reviewer"], values)
    quotas(r, manager, ("gender", "female", 7, None), ("gender", "male", 7, None),
           ("opinion_leader", "yes", 4, None), *((("region", g, 2, None)) for g in regions))
    selection = cohorts.selection_run(r, actor=manager, size=18, round=round, seed=2026)
    result = selection.result
    assert len(result["cohort"]) == 18 == selection.entries.filter(role=EntryRole.CHOSEN).count()
    assert selection.entries.filter(role=EntryRole.WAITLIST).count() == 282
    assert all(q["count"] >= q["minimum"] for q in result["quotas"])
    assert {q["value"]: q["count"] for q in result["quotas"] if q["attribute"] == "region"}.keys() == set(regions)
    # The same optimum as one plain ILP over the whole pool (the proof, independently).
    pool = cohorts.pool_of(r, round=round)
    assert {a.facets["age_band"][0] for a in pool.applicants} <= {"16-18", "19-21", "22-24"}
    specs = [cohorts.QuotaSpec.of(q) for q in cohorts.quotas_of(r)]
    candidates = [Candidate(c.id, c.score, c.attributes) for c in pool.candidates(specs)]
    exact = exact_ilp(candidates, 18, [s.for_optimiser() for s in specs], seed=2026)
    assert result["total"] == pytest.approx(exact.total) and result["cohort"] == [int(i) for i in exact.ids]
    assert result["price_of_diversity"] == pytest.approx(exact.unconstrained_total - exact.total)
    assert all(isinstance(q, OptQuota) for q in (s.for_optimiser() for s in specs))


# The CLI on a campaign ---------------------------------------------------------------------

def select(*args):
    import json

    out = StringIO()
    call_command("select", *args, stdout=out)
    text = out.getvalue()
    return json.loads(text) if "--json" in args else text


def test_cli_runs_on_a_campaign_with_its_quotas(lab, manager, busan):
    from django.core.management import CommandError

    people, round = busan
    ann, bo, cy, di, ed = people
    quotas(lab.recruitment, manager, ("region", "Busan", 2, None))
    address = f"{lab.org.slug}/{lab.program.slug}/{lab.recruitment.pk}"
    report = select("--recruitment", address, "-k", "3", "--round", str(round.order), "--seed", "7", "--json")
    assert report == {"feasible": True, "k": 3, "seed": 7, "method": report["method"], "total": 200.0,
                      "unconstrained_total": 240.0, "price_of_diversity": 40.0, "ids": [ann.pk, di.pk, ed.pk],
                      "pool": 5, "quotas": [{"attribute": "region", "value": "Busan", "min": 2, "max": None,
                                             "count": 2, "state": "at_min"}], "selection": None}
    assert not Selection.objects.exists()
    text = select("--recruitment", address, "-k", "3", "--round", str(round.order), "--seed", "7", "--save")
    selection = Selection.objects.get()
    assert text.splitlines()[0].startswith("cohort of 3 · total 200.0 · price of diversity 40.0 · ")
    assert text.splitlines()[-1] == f"saved as proposed selection {selection.pk}"
    assert (selection.status, selection.seed, selection.result["cohort"]) == ("proposed", 7, [ann.pk, di.pk, ed.pk])
    with pytest.raises(CommandError, match="the quotas cannot be met"):
        select("--recruitment", address, "-k", "1", "--json")
    with pytest.raises(CommandError, match="is not ORG-SLUG/PROGRAM-SLUG/ID"):
        select("--recruitment", "nope")
    with pytest.raises(CommandError, match="has no round 9"):
        select("--recruitment", address, "--round", "9")
