import factory
from django.utils import timezone

from cocreate.recruiting.enums import CriterionKind, CriterionSource, RoundStatus
from cocreate.recruiting.models import Answer, Application, ReviewerAssignment, Round, RubricCriterion
from tests.factories import QuestionFactory, RecruitmentFactory, UserFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    recruitment = factory.SubFactory(RecruitmentFactory)
    applicant = factory.SubFactory(UserFactory)
    profile = factory.LazyAttribute(lambda o: o.applicant.profile_snapshot())
    consent_text = factory.LazyAttribute(lambda o: o.recruitment.consent_text)
    consented_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    application = factory.SubFactory(ApplicationFactory)
    question = factory.SubFactory(QuestionFactory)
    text = "Because I make things."


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    recruitment = factory.SubFactory(RecruitmentFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Round {n}")
    status = RoundStatus.OPEN


class RubricCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricCriterion

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Rubric {n}")
    scale_min = 1
    scale_max = 5
    weight = 50


def make_round(lab, *, is_blind=False, status=RoundStatus.OPEN, reviewers=("reviewer",), applications=2):
    """An open round of the lab's recruitment: passion (manual, 1–5, 60 %, willingness), writing
    (manual, 1–5, 20 %) and reach (followers on a log scale, 0–10, 20 %), the lab's reviewer
    assigned, and ``applications`` applications."""
    round = RoundFactory(recruitment=lab.recruitment, is_blind=is_blind, status=status)
    RubricCriterionFactory(round=round, name="Passion", weight=60, kind=CriterionKind.WILLINGNESS, order=0)
    RubricCriterionFactory(round=round, name="Writing", weight=20, order=1)
    RubricCriterionFactory(round=round, name="Reach", weight=20, scale_min=0, scale_max=10,
                           source=CriterionSource.FOLLOWERS_LOG, order=2)
    for role in reviewers:
        ReviewerAssignment.objects.create(round=round, reviewer=lab.users[role])
    for _ in range(applications):
        ApplicationFactory(recruitment=lab.recruitment)
    return round
