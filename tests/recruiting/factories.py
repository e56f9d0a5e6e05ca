import factory
from django.utils import timezone

from cocreate.recruiting.models import Answer, Application
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
