"""The world the route walk runs in: two tenants built alike, an idea of every visibility in the
first, an outsider who accepted its public agreement, and an applicant. Every idea, comment,
mission and applicant carries a canary: a token that may appear in an answer only to someone
whom the object's own permission lets see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Comment, Idea
from cocreate.missions.models import Mission
from cocreate.programs.enums import CrowdSource
from cocreate.programs.models import Program
from cocreate.recruiting.models import Application, Recruitment
from cocreate.retention.models import Outcome
from tests import factories as f

CANARY = r"Kx\d{4}Qz"
_tokens = count(1)


def canary() -> str:
    return f"Kx{next(_tokens):04d}Qz"


# Who walks every route: the first tenant's roles (the visitor is anonymous), the author of its
# ideas, an applicant, the other tenant's admin and member, and an outsider who accepted the
# first tenant's public agreement (anyone may: the program has a public mission).
ROLES = ["org_admin", "program_manager", "reviewer", "judge", "executive", "internal_partner", "partner",
         "partner_pending", "member", "visitor"]
# The other tenant stands in with its admin (staff there) and a partner of its program who
# accepted its agreement (a creative consumer elsewhere); its other roles reach this tenant no
# further than these two, so they are left out to keep the walk within minutes.
PEOPLE = [*ROLES, "author", "applicant", "other_admin", "other_partner", "outsider"]


@dataclass
class World:
    org_slug: str
    other_slug: str
    people: dict[str, int | None]  # name → user id (None: anonymous)
    # kind → [(label, object)], the first tenant's objects then the other's
    objects: dict[str, list[tuple[str, object]]] = field(default_factory=dict)
    # token → (kind, object): what each canary stands for
    canaries: dict[str, tuple[str, object]] = field(default_factory=dict)

    def user(self, name: str):
        pk = self.people[name]
        return AnonymousUser() if pk is None else User.objects.get(pk=pk)


def _idea(lab, author, tokens, label, **kwargs) -> Idea:
    title, body = canary(), canary()
    idea = f.IdeaFactory(organization=lab.org, author=author, title=f"Idea {title}", body=f"About {body}",
                         **kwargs)
    tokens[title] = tokens[body] = ("idea", idea)
    return idea


def _tenant(lab, world: World, prefix: str) -> None:
    author = f.UserFactory(name="Author")
    f.PartnerFactory(program=lab.program, user=author)
    f.AcceptanceFactory(agreement=lab.agreement, user=author)
    if prefix == "":
        world.people["author"] = author.pk
    missions = {"confidential": lab.mission}
    for visibility in ("public", "cohort", "pool"):
        missions[visibility] = f.MissionFactory(program=lab.program, visibility=visibility, kind="co_development")
    for visibility, mission in missions.items():
        mission.title = f"Mission {canary()}"
        mission.save(update_fields=["title"])
        world.canaries[mission.title.split()[-1]] = ("mission", mission)
        if prefix == "" or visibility in ("confidential", "public"):
            world.objects.setdefault("mission", []).append((prefix + visibility, mission))
    tokens = world.canaries
    ideas = {}
    for visibility, mission in missions.items():
        ideas[visibility] = _idea(lab, author, tokens, visibility, channel=Channel.MISSION, program=lab.program,
                                  mission=mission)
    ideas["confidential"].state = IdeaState.ACCEPTED
    ideas["confidential"].save(update_fields=["state"])
    ideas["open"] = _idea(lab, author, tokens, "open")
    ideas["draft"] = _idea(lab, author, tokens, "draft", state=IdeaState.DRAFT, submitted_at=None)
    ideas["mission draft"] = _idea(lab, author, tokens, "mission draft", channel=Channel.MISSION,
                                   program=lab.program, mission=missions["public"], state=IdeaState.DRAFT,
                                   submitted_at=None)
    ideas["hidden"] = _idea(lab, author, tokens, "hidden", hidden_at=timezone.now(), hidden_reason="Abuse")
    for label, idea in ideas.items():
        # Of the other tenant's, two ideas are enough to stand for "not this organization's".
        if prefix == "" or label in ("confidential", "open"):
            world.objects.setdefault("idea", []).append((prefix + label, idea))
        if idea.state != IdeaState.DRAFT:
            token = canary()
            comment = Comment.objects.create(idea=idea, author=lab.users["member"], body=f"Comment {token}")
            tokens[token] = ("comment", comment)
    outcome = Outcome.objects.create(idea=ideas["confidential"], department=lab.department, progress=10)
    world.objects.setdefault("outcome", []).append((prefix + "confidential", outcome))
    world.objects.setdefault("program", []).append((prefix + "program", lab.program))
    world.objects.setdefault("recruitment", []).append((prefix + "recruitment", lab.recruitment))
    applicant = f.UserFactory(name=f"Applicant {canary()}")
    application = Application.objects.create(
        recruitment=lab.recruitment, applicant=applicant, profile={"name": applicant.name},
        consent_text=lab.recruitment.consent_text, consented_at=timezone.now())
    tokens[applicant.name.split()[-1]] = ("application", application)
    world.objects.setdefault("application", []).append((prefix + "application", application))
    if prefix == "":
        world.people["applicant"] = applicant.pk
    # Pairwise voting is the participants' vote, so its pages and ranking have something to show.
    lab.agreement.crowd_source = CrowdSource.PAIRWISE
    lab.agreement.save(update_fields=["crowd_source"])


def build() -> World:
    from django.test import Client

    lab, other = f.make_lab(), f.make_lab()
    world = World(org_slug=lab.org.slug, other_slug=other.org.slug,
                  people={r: (lab.users[r].pk if lab.users[r] else None) for r in ROLES})
    world.people["other_admin"] = other.users["org_admin"].pk
    world.people["other_partner"] = other.users["partner"].pk
    _tenant(lab, world, "")
    _tenant(other, world, "other ")
    outsider = f.UserFactory(name="Outsider")
    world.people["outsider"] = outsider.pk
    client = Client()
    client.force_login(outsider)
    response = client.post(f"/api/v1/organizations/{lab.org.slug}/programs/{lab.program.slug}/agreement/accept")
    assert response.status_code == 200, response.content
    return world


# Each object's own view permission: the oracle every answer is held to.
def may_see(user, kind: str, obj) -> bool:
    if kind == "idea":
        return user.has_perm("ideas.view_idea", obj)
    if kind == "comment":
        return user.has_perm("ideas.view_idea", obj.idea) and obj.hidden_at is None
    if kind == "mission":
        return user.has_perm("missions.view_mission", obj)
    if kind == "program":
        return user.has_perm("programs.view_program", obj)
    if kind == "recruitment":
        return user.has_perm("recruiting.view_recruitment", obj)
    if kind == "application":
        return user.has_perm("recruiting.view_application", obj)
    if kind == "outcome":
        return user.has_perm("ideas.view_idea", obj.idea)
    raise ValueError(kind)


def organization_of(kind: str, obj):
    return {
        "idea": lambda o: o.organization_id,
        "mission": lambda o: o.program.organization_id,
        "program": lambda o: o.organization_id,
        "recruitment": lambda o: o.program.organization_id,
        "application": lambda o: o.recruitment.program.organization_id,
        "outcome": lambda o: o.idea.organization_id,
    }[kind](obj)


MODELS = {"idea": Idea, "mission": Mission, "program": Program, "recruitment": Recruitment,
          "application": Application, "outcome": Outcome}
