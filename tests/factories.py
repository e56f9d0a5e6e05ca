"""factory_boy factories for every model, plus make_lab() that builds a whole small lab."""

from dataclasses import dataclass
from datetime import timedelta

import factory
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.textsearch import document
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Comment, Idea
from cocreate.missions.models import Deliverable, Mission, Participation, SubMission, Task, Team, TeamMember
from cocreate.organizations.enums import Role
from cocreate.organizations.models import Department, Membership, Organization
from cocreate.programs.enums import AgreementStatus, ProgramStatus
from cocreate.programs.models import Agreement, AgreementAcceptance, Criterion, Partner, Program
from cocreate.recruiting.enums import RecruitmentStatus
from cocreate.recruiting.models import Question, Recruitment

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Sequence(lambda n: f"User {n}")
    language = "en"
    birth_year = 2000
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Org {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    description = "A company that co-creates."


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PROGRAM_MANAGER


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    goal = "Develop a new product with creative consumers."
    status = ProgramStatus.ACTIVE
    is_public = True


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    program = factory.SubFactory(ProgramFactory)
    version = 1
    status = AgreementStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    evaluators = "Three judges from R&D and marketing."
    method = "Each judge scores every idea from 0 to 10 on each criterion."
    ip_ownership = "The company owns results and patents; authors are credited."
    confidentiality = "Missions are confidential until launch."
    result_consent = "Partners accept the board's decision."


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 25
    scale_max = 10


class AcceptanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementAcceptance

    agreement = factory.SubFactory(AgreementFactory)
    user = factory.SubFactory(UserFactory)
    version = factory.SelfAttribute("agreement.version")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)


class RecruitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recruitment

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Call {n}")
    purpose = "We look for creative 16-24 year-olds."
    consent_text = "We use your profile to select partners and delete it a year after the program."
    target_size = 18
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    status = RecruitmentStatus.OPEN


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    recruitment = factory.SubFactory(RecruitmentFactory)
    text = "Why should we choose you?"
    max_length = 140


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Mission {n}")
    brief = "Design the scent of the next deodorant."
    wanted_ideas = "Scent names, packaging, campaign concepts."
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    visibility = "confidential"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    mission = factory.SubFactory(MissionFactory)
    title = factory.Sequence(lambda n: f"Task {n}")


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    mission = factory.SubFactory(MissionFactory)
    title = factory.Sequence(lambda n: f"Deliverable {n}")
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))


class SubMissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubMission

    mission = factory.SubFactory(MissionFactory)
    title = factory.Sequence(lambda n: f"Sub-mission {n}")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    mission = factory.SubFactory(MissionFactory)
    user = factory.SubFactory(UserFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    mission = factory.SubFactory(MissionFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    created_by = factory.SubFactory(UserFactory)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    mission = factory.LazyAttribute(lambda o: o.team.mission)
    user = factory.SubFactory(UserFactory)
    state = "accepted"


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    organization = factory.SubFactory(OrganizationFactory)
    author = factory.SubFactory(UserFactory)
    channel = Channel.OPEN
    title = factory.Sequence(lambda n: f"Idea {n}")
    body = "A refillable can that smells of the sea."
    state = IdeaState.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    search_document = factory.LazyAttribute(lambda o: document(o.title, o.body))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    body = "Nice!"


@dataclass
class Lab:
    org: Organization
    department: Department
    program: Program
    agreement: Agreement
    criteria: list
    recruitment: Recruitment
    mission: Mission
    users: dict  # role name → User; includes "partner", "partner_pending", "member", "visitor"=None

    def user(self, role):
        return self.users[role]


ROLES = ["org_admin", "program_manager", "reviewer", "judge", "executive", "internal_partner"]


def make_lab(org=None) -> Lab:
    org = org or OrganizationFactory()
    department = DepartmentFactory(organization=org, name=f"R&D {org.slug}")
    users = {}
    for role in ROLES:
        u = UserFactory(name=role.replace("_", " ").title())
        MembershipFactory(organization=org, user=u, role=role,
                          department=department if role == "internal_partner" else None)
        users[role] = u
    program = ProgramFactory(organization=org)
    agreement = AgreementFactory(program=program)
    criteria = [CriterionFactory(agreement=agreement, name=n, order=i)
                for i, n in enumerate(["Creativity", "Usefulness", "Brand impact", "Participant vote"])]
    recruitment = RecruitmentFactory(program=program)
    QuestionFactory(recruitment=recruitment)
    mission = MissionFactory(program=program)
    TaskFactory(mission=mission)
    partner = UserFactory(name="Partner")
    PartnerFactory(program=program, user=partner)
    AcceptanceFactory(agreement=agreement, user=partner)
    pending = UserFactory(name="Pending partner")
    PartnerFactory(program=program, user=pending)
    users["partner"] = partner
    users["partner_pending"] = pending
    users["member"] = UserFactory(name="Member")
    users["visitor"] = None
    return Lab(org, department, program, agreement, criteria, recruitment, mission, users)
