"""Screening rounds: rubric, reviewers, reviews, moves and the combined score."""

import math

import pytest

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.notifications.models import Notification
from cocreate.recruiting import selectors
from cocreate.recruiting.enums import ApplicationStatus, CriterionSource, RoundOutcome, RoundStatus
from cocreate.recruiting.models import Application, Review, ReviewerAssignment, RoundResult
from cocreate.recruiting.services import (
    application_move,
    review_submit,
    reviewer_assign,
    reviewer_unassign,
    round_close,
    round_create,
    round_open,
)
from tests import factories as f
from tests.recruiting.factories import AnswerFactory, ApplicationFactory, make_round

pytestmark = pytest.mark.django_db


def criteria(*weights):
    return [{"name": f"C{i}", "weight": w} for i, w in enumerate(weights)]


# round_create ----------------------------------------------------------------------------

def test_round_create_with_its_rubric_is_audited(lab):
    manager = lab.users["program_manager"]
    question = lab.recruitment.questions.get()
    round = round_create(lab.recruitment, actor=manager, name="Written answers", is_blind=True, criteria=[
        {"name": "Passion", "weight": 50, "kind": "willingness", "scale_min": 1, "scale_max": 5},
        {"name": "Reach", "weight": 30, "source": "followers_log", "scale_min": 0, "scale_max": 10},
        {"name": "Usage", "weight": 20, "source": "answer", "question": question.pk, "scale_max": 7},
        {"name": "", "weight": 0},  # an empty row of the form is skipped
    ])
    assert (round.order, round.status, round.is_blind) == (1, RoundStatus.DRAFT, True)
    assert list(round.criteria.values_list("name", "weight", "kind", "source", "question_id")) == [
        ("Passion", 50, "willingness", "manual", None),
        ("Reach", 30, "capability", "followers_log", None),
        ("Usage", 20, "capability", "answer", question.pk),
    ]
    assert AuditEvent.objects.filter(verb="round.created", target_id=round.pk).count() == 1
    second = round_create(lab.recruitment, actor=manager, name="Interviews", criteria=criteria(100))
    assert second.order == 2


def test_weights_must_add_up_to_100(lab):
    with pytest.raises(DomainError) as exc:
        round_create(lab.recruitment, actor=lab.users["program_manager"], name="R", criteria=criteria(50, 40))
    assert exc.value.messages == ["The weights of the criteria must add up to 100 (now 90)."]
    assert not lab.recruitment.rounds.exists()


def test_round_create_reports_every_bad_criterion(lab):
    with pytest.raises(DomainError) as exc:
        round_create(lab.recruitment, actor=lab.users["program_manager"], name="R", criteria=[
            {"name": "Flat", "weight": 50, "scale_min": 5, "scale_max": 5},
            {"name": "Usage", "weight": 50, "source": "answer"},
        ])
    assert exc.value.messages == ["“Flat”: the highest score must be above the lowest.",
                                  "“Usage”: choose the question whose answer gives the number."]


def test_round_needs_a_name_and_a_criterion(lab):
    manager = lab.users["program_manager"]
    with pytest.raises(DomainError) as exc:
        round_create(lab.recruitment, actor=manager, name=" ", criteria=criteria(100))
    assert exc.value.code == "name_required"
    with pytest.raises(DomainError) as exc:
        round_create(lab.recruitment, actor=manager, name="R", criteria=[])
    assert exc.value.code == "criteria_required"


def test_round_opens_closes_and_is_audited(lab):
    manager = lab.users["program_manager"]
    round = round_create(lab.recruitment, actor=manager, name="R", criteria=criteria(100))
    round_open(round, actor=manager)
    round_close(round, actor=manager)
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED
    assert list(AuditEvent.objects.filter(verb="round.status").order_by("id").values_list("data", flat=True)) == [
        {"from": "draft", "to": "open"}, {"from": "open", "to": "closed"}]


# Reviewers -------------------------------------------------------------------------------

@pytest.mark.parametrize("role, allowed", [
    ("reviewer", True), ("program_manager", True), ("org_admin", True),
    ("judge", False), ("executive", False), ("internal_partner", False), ("partner", False), ("member", False),
])
def test_only_reviewers_and_managers_of_the_organization_are_assigned(lab, role, allowed):
    round = make_round(lab, reviewers=())
    manager = lab.users["program_manager"]
    if allowed:
        reviewer_assign(round, reviewer=lab.users[role], actor=manager)
        reviewer_assign(round, reviewer=lab.users[role], actor=manager)  # twice is harmless
        assert ReviewerAssignment.objects.filter(round=round).count() == 1
        assert AuditEvent.objects.filter(verb="round.reviewer_assigned").count() == 1
    else:
        with pytest.raises(DomainError) as exc:
            reviewer_assign(round, reviewer=lab.users[role], actor=manager)
        assert exc.value.code == "not_a_reviewer"


def test_a_reviewer_of_another_organization_is_refused(lab):
    other = f.make_lab()
    round = make_round(lab, reviewers=())
    with pytest.raises(DomainError):
        reviewer_assign(round, reviewer=other.users["reviewer"], actor=lab.users["program_manager"])


def test_unassign_keeps_the_scores(lab):
    round = make_round(lab, applications=1)
    reviewer = lab.users["reviewer"]
    passion = round.criteria.get(name="Passion")
    review_submit(round, Application.objects.get(), reviewer=reviewer, values={passion.pk: 4})
    reviewer_unassign(round, reviewer=reviewer, actor=lab.users["program_manager"])
    assert not ReviewerAssignment.objects.exists() and Review.objects.count() == 1
    assert AuditEvent.objects.filter(verb="round.reviewer_unassigned").count() == 1


# review_submit ---------------------------------------------------------------------------

def test_review_submit_is_idempotent(lab):
    round = make_round(lab, applications=1)
    application = Application.objects.get()
    reviewer = lab.users["reviewer"]
    passion, writing = round.criteria.get(name="Passion"), round.criteria.get(name="Writing")
    review_submit(round, application, reviewer=reviewer, values={passion.pk: 4, writing.pk: 2})
    review_submit(round, application, reviewer=reviewer, values={passion.pk: 4, writing.pk: 2})
    assert Review.objects.count() == 2
    assert AuditEvent.objects.filter(verb="review.submitted").count() == 1
    review_submit(round, application, reviewer=reviewer, values={passion.pk: 5, writing.pk: 2})
    assert sorted(Review.objects.values_list("value", flat=True)) == [2, 5]
    assert list(AuditEvent.objects.filter(verb="review.submitted").order_by("id")
                .values_list("data", flat=True))[-1] == {"round": round.pk, "values": {str(passion.pk): 5}}


def test_an_unassigned_reviewer_is_refused(lab):
    round = make_round(lab, applications=1)
    passion = round.criteria.get(name="Passion")
    with pytest.raises(DomainError) as exc:
        review_submit(round, Application.objects.get(), reviewer=lab.users["judge"], values={passion.pk: 3})
    assert exc.value.code == "not_assigned"
    assert not Review.objects.exists()


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.CLOSED])
def test_a_round_not_open_is_refused(lab, status):
    round = make_round(lab, applications=1, status=status)
    passion = round.criteria.get(name="Passion")
    with pytest.raises(DomainError) as exc:
        review_submit(round, Application.objects.get(), reviewer=lab.users["reviewer"], values={passion.pk: 3})
    assert exc.value.code == "round_closed"


def test_values_outside_the_scale_and_computed_criteria_are_refused(lab):
    round = make_round(lab, applications=1)
    passion, reach = round.criteria.get(name="Passion"), round.criteria.get(name="Reach")
    with pytest.raises(DomainError) as exc:
        review_submit(round, Application.objects.get(), reviewer=lab.users["reviewer"],
                      values={passion.pk: 6, reach.pk: 3})
    assert exc.value.messages == ["“Passion” takes a score from 1 to 5.",
                                  "Only the reviewers' criteria of this round can be scored."]
    assert not Review.objects.exists()


def test_an_application_outside_the_round_is_refused(lab):
    first = make_round(lab, applications=1)
    second = make_round(lab, applications=0)
    application = Application.objects.get()
    passion = second.criteria.get(name="Passion")
    with pytest.raises(DomainError) as exc:  # not advanced in the first round
        review_submit(second, application, reviewer=lab.users["reviewer"], values={passion.pk: 3})
    assert exc.value.code == "not_in_round"
    application_move(application, first, outcome=RoundOutcome.ADVANCED, actor=lab.users["program_manager"])
    review_submit(second, application, reviewer=lab.users["reviewer"], values={passion.pk: 3})
    assert Review.objects.count() == 1


# application_move ------------------------------------------------------------------------

@pytest.mark.parametrize("outcome, kind, subject", [
    (RoundOutcome.ADVANCED, "application_advanced", "Good news about your application to “{}”"),
    (RoundOutcome.WAITLISTED, "application_waitlisted", "About your application to “{}”"),
    (RoundOutcome.DECLINED, "application_declined", "About your application to “{}”"),
])
def test_moves_are_audited_and_the_applicant_is_told(
    lab, mailoutbox, django_capture_on_commit_callbacks, outcome, kind, subject,
):
    round = make_round(lab, applications=0)
    applicant = f.UserFactory(email="ji@example.com")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=applicant)
    manager = lab.users["program_manager"]
    with django_capture_on_commit_callbacks(execute=True):
        result = application_move(application, round, outcome=outcome, actor=manager)
    assert (result.outcome, result.decided_by) == (outcome, manager)
    event = AuditEvent.objects.get(verb="application.moved")
    assert (event.actor, event.target_id, event.data) == (manager, application.pk,
                                                          {"round": round.pk, "from": None, "to": outcome})
    assert list(Notification.objects.filter(user=applicant).values_list("kind", flat=True)) == [kind]
    assert [m.to for m in mailoutbox] == [["ji@example.com"]]
    assert mailoutbox[0].subject == subject.format(lab.recruitment.title)
    assert round.name in mailoutbox[0].body or outcome == RoundOutcome.DECLINED
    expected_status = ApplicationStatus.DECLINED if outcome == RoundOutcome.DECLINED else ApplicationStatus.SUBMITTED
    assert Application.objects.get(pk=application.pk).status == expected_status


def test_moving_again_tells_nobody_twice_and_a_decline_stands(lab):
    round = make_round(lab, applications=1)
    application = Application.objects.get()
    manager = lab.users["program_manager"]
    application_move(application, round, outcome=RoundOutcome.WAITLISTED, actor=manager)
    application_move(application, round, outcome=RoundOutcome.WAITLISTED, actor=manager)
    application_move(application, round, outcome=RoundOutcome.ADVANCED, actor=manager)
    assert RoundResult.objects.get().outcome == RoundOutcome.ADVANCED
    assert list(AuditEvent.objects.filter(verb="application.moved").order_by("id")
                .values_list("data__from", "data__to")) == [(None, "waitlisted"), ("waitlisted", "advanced")]
    assert Notification.objects.filter(user=application.applicant).count() == 2
    application_move(application, round, outcome=RoundOutcome.DECLINED, actor=manager)
    with pytest.raises(DomainError) as exc:
        application_move(application, round, outcome=RoundOutcome.ADVANCED, actor=manager)
    assert exc.value.code == "already_declined"


def test_a_withdrawn_application_and_a_draft_round_are_not_moved(lab):
    round = make_round(lab, applications=1)
    application = Application.objects.get()
    application.status = ApplicationStatus.WITHDRAWN
    application.save()
    with pytest.raises(DomainError) as exc:
        application_move(application, round, outcome=RoundOutcome.ADVANCED, actor=lab.users["program_manager"])
    assert exc.value.code == "not_in_selection"
    draft = make_round(lab, status=RoundStatus.DRAFT, applications=1)
    with pytest.raises(DomainError) as exc:
        application_move(Application.objects.get(status="submitted"), draft, outcome="advanced",
                         actor=lab.users["program_manager"])
    assert exc.value.code == "round_draft"


# Combined score --------------------------------------------------------------------------

def test_standings_combine_the_mean_over_reviewers_and_computed_criteria(lab):
    round = make_round(lab, reviewers=("reviewer", "program_manager"), applications=0)
    passion, writing, reach = (round.criteria.get(name=n) for n in ("Passion", "Writing", "Reach"))
    strong = ApplicationFactory(recruitment=lab.recruitment, profile={"follower_count": 999_999})
    quiet = ApplicationFactory(recruitment=lab.recruitment, profile={"follower_count": 0})
    unscored = ApplicationFactory(recruitment=lab.recruitment, profile={})
    review_submit(round, strong, reviewer=lab.users["reviewer"], values={passion.pk: 5, writing.pk: 3})
    review_submit(round, strong, reviewer=lab.users["program_manager"], values={passion.pk: 4, writing.pk: 5})
    review_submit(round, quiet, reviewer=lab.users["reviewer"], values={passion.pk: 3, writing.pk: 1})
    standings = selectors.round_standings(round)
    assert [s.application for s in standings] == [strong, quiet, unscored]
    top = standings[0]
    # passion mean 4.5 → 0.875, writing mean 4 → 0.75, reach log10(10^6)/6 → 1.0
    assert top.per_criterion == {passion.pk: 4.5, writing.pk: 4.0, reach.pk: pytest.approx(10.0)}
    assert top.score == pytest.approx(100 * (0.875 * 60 + 0.75 * 20 + 1.0 * 20) / 100)
    assert top.willingness == pytest.approx(87.5)
    assert top.capability == pytest.approx(100 * (0.75 * 20 + 1.0 * 20) / 40)
    assert top.reviewer_count == 2
    assert standings[1].score == pytest.approx(100 * (0.5 * 60 + 0 * 20 + 0 * 20) / 100)
    # Reach alone is known for the unscored one (0 followers): counted, not the missing reviews.
    assert (standings[2].score, standings[2].reviewer_count) == (0.0, 0)


def test_followers_on_a_log_scale():
    from cocreate.recruiting.models import RubricCriterion

    criterion = RubricCriterion(scale_min=0, scale_max=10, source=CriterionSource.FOLLOWERS_LOG)
    values = [selectors.objective_value(criterion, Application(profile={"follower_count": n}), {})
              for n in (0, 9, 999, 10_000_000)]
    assert values == [0.0, pytest.approx(10 * math.log10(10) / 6), pytest.approx(5.0), 10.0]


def test_a_number_given_in_an_answer(lab):
    question = lab.recruitment.questions.get()
    round = round_create(lab.recruitment, actor=lab.users["program_manager"], name="R", criteria=[
        {"name": "Days a week", "weight": 100, "source": "answer", "question": question.pk,
         "scale_min": 0, "scale_max": 7}])
    AnswerFactory(application=ApplicationFactory(recruitment=lab.recruitment), question=question,
                  text="About 5 days a week")
    AnswerFactory(application=ApplicationFactory(recruitment=lab.recruitment), question=question, text="every day: 9")
    AnswerFactory(application=ApplicationFactory(recruitment=lab.recruitment), question=question, text="often")
    scores = [s.score for s in selectors.round_standings(round)]
    assert scores == [100.0, pytest.approx(100 * 5 / 7), None]


def test_reviewers_see_only_their_own_scores_until_the_round_closes(lab):
    round = make_round(lab, reviewers=("reviewer", "program_manager"), applications=1)
    application = Application.objects.get()
    passion = round.criteria.get(name="Passion")
    review_submit(round, application, reviewer=lab.users["reviewer"], values={passion.pk: 2})
    review_submit(round, application, reviewer=lab.users["program_manager"], values={passion.pk: 5})
    reviewer, manager = lab.users["reviewer"], lab.users["program_manager"]
    assert list(selectors.reviews_visible_to(reviewer, round).values_list("value", flat=True)) == [2]
    assert sorted(selectors.reviews_visible_to(manager, round).values_list("value", flat=True)) == [2, 5]
    round_close(round, actor=manager)
    assert sorted(selectors.reviews_visible_to(reviewer, round).values_list("value", flat=True)) == [2, 5]


def test_leniency_correction_and_agreement(lab):
    round = make_round(lab, reviewers=("reviewer", "program_manager"), applications=0)
    passion = round.criteria.get(name="Passion")
    x, y, z = (ApplicationFactory(recruitment=lab.recruitment, profile={}) for _ in range(3))
    lenient, harsh = lab.users["reviewer"], lab.users["program_manager"]
    review_submit(round, x, reviewer=lenient, values={passion.pk: 5})
    review_submit(round, y, reviewer=lenient, values={passion.pk: 4})
    review_submit(round, y, reviewer=harsh, values={passion.pk: 2})
    review_submit(round, z, reviewer=harsh, values={passion.pk: 3})
    raw = {s.application: s.per_criterion[passion.pk] for s in selectors.round_standings(round)}
    assert raw == {x: 5.0, y: 3.0, z: 3.0}
    # score = applicant + reviewer offset: the lenient one gives 1 more, the harsh one 1 less.
    corrected = selectors.round_standings(round, correction="offset_model")
    assert {s.application: s.per_criterion[passion.pk] for s in corrected} == {
        x: pytest.approx(4.0), y: pytest.approx(3.0), z: pytest.approx(4.0)}
    assert corrected[-1].application == y
    assert set(selectors.round_agreement(round)) == {passion.pk}
