"""The R&R mission types of issue 4 in the demo lab, open today so visitors can try them:

- 4320 SYD-style co-marketing: a post every hour for three days (72 deliverables), three
  sub-missions with seats, late work marked late, small teams, a reward on completion;
- a Threadless-style public design contest: $1,000 and name credit for accepted work, one
  design accepted by the board and the incentives evaluated, so the grants exist;
- mystery shopping in the cohort: eight visit reports rated on staff, attitude and
  atmosphere, with improvement proposals.

Everything goes through the services; the builder's virtual clock dates what they stamp.
It draws from its own random generator so the rest of the lab stays what it was."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from cocreate.core.errors import DomainError
from cocreate.ideas.models import Idea
from cocreate.incentives.enums import Condition
from cocreate.incentives.services import incentive_create, incentives_evaluate
from cocreate.missions.enums import LatePolicy, Visibility
from cocreate.missions.models import Mission, SubMission
from cocreate.missions.participation import sub_mission_choose
from cocreate.missions.rules import may_take_part
from cocreate.missions.services import mission_create
from cocreate.missions.submissions import submission_save
from cocreate.missions.teams import team_create, team_invite, team_respond
from cocreate.pool.models import PoolMember
from cocreate.programs.models import Partner
from cocreate.programs.selectors import current_agreement
from cocreate.programs.services import agreement_accept
from cocreate.realization.enums import DecisionKind
from cocreate.realization.services import idea_decide

from . import content as C

HOUR = timedelta(hours=1)
POSTS = 72
OPENED_HOURS_AGO = 26  # the co-marketing mission opened about a day ago
FIRST_DUE_HOURS = 2  # Post 1 is due two hours after it opened, then one every hour
LATE_POST = 7  # the partner persona posted this one a little after its hour: marked late


class RRMissions:
    """Adds the three missions to the Lynx program; ``build`` returns them by key."""

    def __init__(self, builder, seed: int):
        self.b = builder
        self.rng = random.Random(f"rr-missions-{seed}")
        self.missions: dict[str, Mission] = {}
        self.winner: Idea | None = None

    # -- helpers ---------------------------------------------------------------------------
    def _at_time(self, moment):
        """Move the builder's clock to an exact moment."""
        self.b.clock.now = moment
        return moment

    def _pick(self, people, n: int, *, but=()):
        skip = {p.pk for p in but}
        return self.rng.sample([p for p in people if p.pk not in skip], n)

    # -- all three -------------------------------------------------------------------------
    def build(self) -> dict[str, Mission]:
        program = self.b.program
        self._co_marketing(program)
        self._design(program)
        self._mystery_shopping(program)
        return self.missions

    def _incentive(self, program, key: str, **extra):
        spec = dict(C.R_AND_R_INCENTIVES[key])
        if spec.get("amount") is not None:
            spec["amount"] = Decimal(spec["amount"])
        return incentive_create(program, actor=self.b.users["manager"], **spec, **extra)

    # -- 4320 SYD ----------------------------------------------------------------------------
    def _co_marketing(self, program) -> None:
        b, u, spec = self.b, self.b.users, C.R_AND_R_MISSIONS["syd"]
        opened = b.today.replace(minute=0, second=0, microsecond=0) - OPENED_HOURS_AGO * HOUR
        first_due = opened + FIRST_DUE_HOURS * HOUR
        b.at(3)
        mission = mission_create(
            program, actor=u["manager"], kind=spec["kind"], title=spec["title"], brief=spec["brief"],
            wanted_ideas=spec["wanted_ideas"], not_wanted=spec["not_wanted"], visibility=Visibility.COHORT,
            starts_at=opened, ends_at=first_due + (POSTS - 1) * HOUR + HOUR, time_zone="Australia/Sydney",
            late_policy=LatePolicy.MARK_LATE, team_size_max=3,
            config={"channels": spec["channels"], "link_required": True},
            deliverables=[{"title": spec["post_title"].format(n=n), "due_at": first_due + (n - 1) * HOUR}
                          for n in range(1, POSTS + 1)],
            sub_missions=spec["sub_missions"],
        )
        self.missions["syd"] = mission
        self._incentive(program, "syd_reward", condition=Condition.MISSION_COMPLETE, mission=mission)
        self._incentive(program, "syd_invite", condition=Condition.MISSION_COMPLETE, mission=mission)

        subs = list(SubMission.objects.filter(mission=mission).order_by("order", "pk"))
        partner = u["partner"] if u["partner"] in b.partners else None
        choosers = ([partner] if partner else []) + self._pick(b.partners, 7, but=[partner] if partner else [])
        # Nine seats of eleven taken: harbour fills first, food stays open.
        seats = [0, 0, 0, 1, 1, 1, 2, 0]
        for person, index in zip(choosers, seats, strict=True):
            self._at_time(b.today - timedelta(hours=self.rng.uniform(12, OPENED_HOURS_AGO - 0.5)))
            sub_mission_choose(mission, user=person, sub_mission=subs[index])

        # A small team: two accepted, the partner persona invited and yet to answer.
        founder, mate = choosers[1], choosers[2]
        self._at_time(b.today - 20 * HOUR)
        team = team_create(mission, user=founder, name=spec["team"])
        invitation = team_invite(team, actor=founder, user=mate)
        self._at_time(b.today - 18 * HOUR)
        team_respond(invitation, user=mate, accept=True)
        if partner is not None:
            self._at_time(b.today - 3 * HOUR)
            team_invite(team, actor=founder, user=partner)
        self.team = team

        # The partner persona posted every hour that has passed (one late) and drafted the next.
        author = partner or choosers[0]
        deliverables = list(mission.deliverables.order_by("due_at", "pk"))
        past = [d for d in deliverables if d.due_at <= b.today]
        for n, deliverable in enumerate(past, start=1):
            minutes = 12 if n == LATE_POST else -self.rng.uniform(5, 50)
            when = self._at_time(deliverable.due_at + timedelta(minutes=minutes))
            submission_save(mission, author=author, title=deliverable.title, body=C.SYD_CAPTIONS[n % 6],
                            details=self._post(n, when), deliverable=deliverable, submit=True, now=when,
                            client_key=f"demo-syd-{n}")
        upcoming = deliverables[len(past)]
        self._at_time(b.today - timedelta(minutes=20))
        submission_save(mission, author=author, title=upcoming.title, body=C.SYD_CAPTIONS[0],
                        details={"content_kind": "post", "channel": "Instagram"}, deliverable=upcoming,
                        client_key="demo-syd-draft")
        # Two others of the cohort have started too.
        for person in choosers[3:5]:
            for n, deliverable in enumerate(past[:3], start=1):
                when = self._at_time(deliverable.due_at - timedelta(minutes=self.rng.uniform(5, 40)))
                submission_save(mission, author=person, title=deliverable.title, body=C.SYD_CAPTIONS[n],
                                details=self._post(n, when), deliverable=deliverable, submit=True, now=when)

    def _post(self, n: int, when) -> dict:
        channel = C.R_AND_R_MISSIONS["syd"]["channels"][n % 3]
        return {"content_kind": "post", "channel": channel, "post_url": f"https://example.com/lynx-syd/{n}",
                "text": C.SYD_CAPTIONS[n % 6], "published_at": when.isoformat()}

    # -- the design contest --------------------------------------------------------------------
    def _design(self, program) -> None:
        b, u, spec = self.b, self.b.users, C.R_AND_R_MISSIONS["design"]
        b.at(12)
        mission = mission_create(
            program, actor=u["manager"], kind=spec["kind"], title=spec["title"], brief=spec["brief"],
            wanted_ideas=spec["wanted_ideas"], not_wanted=spec["not_wanted"], visibility=Visibility.PUBLIC,
            starts_at=b.today - timedelta(days=10), ends_at=b.today + timedelta(days=20), time_zone="Asia/Seoul",
        )
        self.missions["design"] = mission
        self._incentive(program, "cash", condition=Condition.WINNERS, mission=mission)
        self._incentive(program, "credit", condition=Condition.WINNERS, mission=mission)

        # Authors: four partners and one member of the standing pool who is not a partner; a
        # non-partner accepts the agreement before taking part in a public mission.
        partner_ids = set(Partner.objects.filter(program=program).values_list("user_id", flat=True))
        outsiders = [m.user for m in PoolMember.objects.filter(organization=program.organization, status="active")
                     .exclude(user_id__in=partner_ids).select_related("user").order_by("pk")]
        authors = self._pick(b.partners, 4, but=[u["partner"]])
        agreement = current_agreement(program)
        for outsider in outsiders[:1]:
            b.at(8)
            try:
                agreement_accept(agreement, user=outsider)
            except DomainError:
                continue  # the agreement service only takes the program's partners
            outsider.__dict__.pop("_cocreate_accepted", None)
            if may_take_part(outsider, mission):
                authors.insert(1, outsider)
        authors = authors[: len(C.DESIGNS)]
        ideas = []
        for n, (author, (title, body, problem, customer)) in enumerate(zip(authors, C.DESIGNS, strict=False)):
            when = b.at(9 - n * 1.3)
            result = submission_save(mission, author=author, title=title, body=body, submit=True, now=when,
                                     details={"problem": problem, "target_customer": customer})
            ideas.append(result.idea)
        # The board accepted one design; the incentives are evaluated and granted.
        self.winner = ideas[C.DESIGN_WINNER]
        b.at(2)
        idea_decide(self.winner, actor=u["executive"], kind=DecisionKind.ACCEPT, department=b.departments["packaging"],
                    reason="리필 캔 양산 디자인으로 채택 · Chosen for the refill can's production run")
        b.at(1.5)
        incentives_evaluate(program, actor=u["manager"])

    # -- mystery shopping ------------------------------------------------------------------------
    def _mystery_shopping(self, program) -> None:
        b, u, spec = self.b, self.b.users, C.R_AND_R_MISSIONS["shop"]
        b.at(13)
        mission = mission_create(
            program, actor=u["manager"], kind=spec["kind"], title=spec["title"], brief=spec["brief"],
            wanted_ideas=spec["wanted_ideas"], visibility=Visibility.COHORT,
            starts_at=b.today - timedelta(days=12), ends_at=b.today + timedelta(days=9), time_zone="Asia/Seoul",
        )
        self.missions["shop"] = mission
        shoppers = self._pick(b.partners, len(C.VISITS), but=[u["partner"]])
        for n, (person, store, ((staff, attitude, atmosphere), proposal)) in enumerate(
                zip(shoppers, C.STORES, C.VISITS, strict=True)):
            days_ago = 11 - n * 1.3
            visit = (b.today - timedelta(days=days_ago + 0.3)).date()
            when = b.at(days_ago)
            submission_save(mission, author=person, title=store.split(" · ")[-1], body=proposal, submit=True,
                            now=when, details={
                                "visit_date": visit.isoformat(), "location": store,
                                "ratings": {"staff": staff, "attitude": attitude, "atmosphere": atmosphere},
                                "improvements": proposal})


def rr_tour(rr: RRMissions) -> list[tuple[tuple[str, str], str]]:
    """Where a visitor tries the R&R mission types: the partner's workspace, the missions and
    the mystery shopping review with its averages."""
    from django.urls import reverse

    rows = [(C.R_AND_R_TOUR["workspace"], reverse("missions:workspace"))]
    for key in ("syd", "design"):
        mission = rr.missions[key]
        rows.append((C.R_AND_R_TOUR[key], reverse("missions:detail", args=[
            mission.program.organization.slug, mission.program.slug, mission.pk])))
    shop = rr.missions["shop"]
    rows.append((C.R_AND_R_TOUR["shop"], reverse("missions:review", args=[
        shop.program.organization.slug, shop.program.slug, shop.pk])))
    return rows
