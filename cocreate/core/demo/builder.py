"""Build the demo lab through the real services, so its audit log, notifications, counters
and search index are the ones real use produces.

Only rows that no service creates are written directly: the organizations themselves and
the people (about 300 accounts bulk-created with one precomputed password hash). Timestamps
the services set to "now" are moved into the lab's past by ``VirtualClock`` afterwards."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from cocreate.accounts.models import User
from cocreate.core.models import AuditEvent
from cocreate.evaluation.models import Score
from cocreate.evaluation.services import scores_submit
from cocreate.evaluation.services_judging import assignment_add
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Comment, Idea, Support
from cocreate.ideas.services import (
    comment_create,
    idea_create,
    idea_hide,
    idea_submit,
    idea_transition,
    support_add,
)
from cocreate.missions.models import Mission
from cocreate.missions.services import mission_create
from cocreate.notifications.models import Notification
from cocreate.organizations.models import Organization
from cocreate.organizations.services import department_create, membership_add
from cocreate.programs.enums import ProgramStatus
from cocreate.programs.models import AgreementAcceptance, Partner
from cocreate.programs.services import (
    agreement_accept,
    agreement_draft,
    agreement_publish,
    agreement_update,
    program_create,
)
from cocreate.realization.enums import DecisionKind
from cocreate.realization.models import Decision, RejectionReason
from cocreate.realization.services import idea_decide, idea_revive, reason_create, reasons_add_suggested
from cocreate.recruiting.enums import RecruitmentStatus
from cocreate.recruiting.models import Application, Recruitment
from cocreate.recruiting.services import (
    application_submit,
    recruitment_create,
    recruitment_set_status,
)
from cocreate.retention.models import Outcome, OutcomeUpdate
from cocreate.retention.services import outcome_update

from . import content as C
from .clock import VirtualClock
from .missions import RRMissions, rr_tour
from .people import Person, make_people
from .realization import Realization
from .screening import Screening, tour

APPLICANTS = 300
PARTNERS = 18
NOT_ACCEPTED = 3  # partners who have not accepted the agreement yet
PROGRAM_SLUG = "lynx-axe-2027"

ROLE_LABELS = {
    "org_admin": ("조직 관리자", "Org admin"),
    "program_manager": ("프로그램 매니저", "Program manager"),
    "reviewer": ("리뷰어", "Reviewer"),
    "judge": ("심사위원", "Judge"),
    "executive": ("임원", "Executive"),
    "internal_partner": ("내부 파트너", "Internal partner"),
    "partner": ("파트너", "Partner"),
    "newpartner": ("새 파트너", "New partner"),
    "member": ("멤버", "Member"),
}
# How good an idea reads to the judges, by the fate it meets (0-10 before each judge's bias).
QUALITY = {
    IdeaState.IMPLEMENTED: 8.3, IdeaState.IN_IMPLEMENTATION: 7.8, IdeaState.ACCEPTED: 7.6,
    IdeaState.IN_EXECUTIVE_REVIEW: 6.7, IdeaState.PARKED: 6.1, IdeaState.REJECTED: 4.2,
    IdeaState.IN_EVALUATION: 6.0,
}
JUDGE_BIAS = (0.6, -0.7, 0.0)  # one generous, one strict, one in the middle
# When judges are due to have scored: the closed mission's ideas before its results, 40 days
# ago; the open mission's within the coming days.
JUDGING_DUE_M1, JUDGING_DUE_M2 = timedelta(days=-40), timedelta(days=4)
POPULARITY = {
    IdeaState.IMPLEMENTED: 24, IdeaState.IN_IMPLEMENTATION: 18, IdeaState.ACCEPTED: 15,
    IdeaState.IN_EXECUTIVE_REVIEW: 12, IdeaState.PARKED: 8, IdeaState.REJECTED: 5,
    IdeaState.IN_EVALUATION: 9, IdeaState.SUBMITTED: 6,
}
DECISION_OF = {
    IdeaState.ACCEPTED: DecisionKind.ACCEPT, IdeaState.IN_IMPLEMENTATION: DecisionKind.ACCEPT,
    IdeaState.IMPLEMENTED: DecisionKind.ACCEPT, IdeaState.PARKED: DecisionKind.PARK,
    IdeaState.REJECTED: DecisionKind.REJECT,
}
REVIEWED = frozenset({IdeaState.IN_EXECUTIVE_REVIEW, *DECISION_OF})


@dataclass
class Login:
    role: tuple[str, str]  # Korean, English
    email: str
    name: str
    hint: tuple[str, str]
    url: str


@dataclass
class DemoResult:
    seed: int
    organizations: list[Organization]
    logins: list[Login]
    counts: dict[str, int] = field(default_factory=dict)
    tour: list[tuple[tuple[str, str], str]] = field(default_factory=list)  # R1, pool, R&R and R4 pages to visit


class DemoBuilder:
    def __init__(self, seed: int = C.DEFAULT_SEED, *, now: datetime | None = None):
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = now or timezone.now()
        self.clock = VirtualClock(self.today)
        self.users: dict[str, User] = {}  # staff and persona keys → User
        self.person_of: dict[int, Person] = {}  # user id → the generated profile
        self.department_partners: dict[int, User] = {}  # department id → its internal partner
        self.screening = Screening(self)

    # -- time ------------------------------------------------------------------------------
    def at(self, days_ago: float) -> datetime:
        """Move the virtual clock to ``days_ago`` days before now."""
        self.clock.now = self.today - timedelta(days=days_ago)
        return self.clock.now

    def between(self, older: float, newer: float) -> float:
        return self.rng.uniform(min(older, newer), max(older, newer))

    # -- people ----------------------------------------------------------------------------
    def _create_people(self) -> list[User]:
        """Staff of both organizations, then the applicant pool, in one bulk insert with one
        password hash: hashing 300 times would take most of the time budget."""
        password = make_password(C.PASSWORD)
        people = make_people(self.rng, count=APPLICANTS, this_year=self.today.year)
        # Three people of the pool get memorable addresses for the login table.
        for index, key in ((0, "partner"), (3, "newpartner"), (1, "member")):
            persona = C.PERSONAS[key]
            p = people[index]
            p.name, p.email, p.language, p.gender = (persona["name"], persona["email"], persona["language"],
                                                     persona["gender"])
            if p.language == "en" and "English" not in p.languages:
                p.languages = "English, Korean"
        people[0].promise = people[3].promise = 99.0  # the two personas are picked
        people[1].promise = -1.0  # the member persona is not
        rows = []
        for s in C.LYNX_STAFF + C.BRICK_STAFF:
            rows.append(User(
                email=s.email, name=s.name, language=s.language, expertise=s.title, password=password,
                date_joined=self.today - timedelta(days=self._joined(s, 210, 400)),
            ))
        for p in people:
            rows.append(User(
                email=p.email, name=p.name, language=p.language, gender=p.gender, birth_year=p.birth_year,
                region=p.region, interests=p.interests, expertise=p.expertise, languages=p.languages,
                follower_count=p.follower_count, community_roles=p.community_roles,
                social_links=p.social_links,
                password=password, date_joined=self.today - timedelta(days=self.rng.uniform(155, 720)),
            ))
        User.objects.bulk_create(rows)
        by_email = {u.email: u for u in User.objects.filter(email__in=[r.email for r in rows])}
        for s in C.LYNX_STAFF + C.BRICK_STAFF:
            self.users[s.key] = by_email[s.email]
        for key, persona in C.PERSONAS.items():
            self.users[key] = by_email[persona["email"]]
        pool = [by_email[p.email] for p in people]
        for user, p in zip(pool, people, strict=True):
            self.person_of[user.pk] = p
        return pool

    def _joined(self, s: C.Staff, older: float, newer: float) -> float:
        """Days ago a staff member joined: drawn, unless the content fixes it (no draw then, so
        adding such a person leaves everyone else's dates as they were)."""
        return s.joined_days_ago if s.joined_days_ago is not None else self.rng.uniform(older, newer)

    def _staff(self, organization, staff: list[C.Staff], departments: dict) -> None:
        self.at(200)
        first = staff[0]
        membership_add(organization, actor=None, email=first.email, role=first.role)
        admin = self.users[first.key]
        for key, name, description in (C.LYNX_DEPARTMENTS if organization.slug == C.LYNX["slug"]
                                       else C.BRICK_DEPARTMENTS):
            departments[key] = department_create(organization, actor=admin, name=name,
                                                 description=description)
        for s in staff[1:]:
            self.at(self._joined(s, 190, 199))
            membership_add(organization, actor=admin, email=s.email, role=s.role,
                           department=departments.get(s.department))
            if s.department:
                self.department_partners[departments[s.department].pk] = self.users[s.key]

    # -- the Lynx lab ------------------------------------------------------------------------
    def build(self) -> DemoResult:
        with self.clock:
            pool = self._create_people()
            lynx = Organization.objects.create(**C.LYNX)
            brick = Organization.objects.create(**C.BRICK)
            with scope(organization=lynx):
                self._build_lynx(lynx, pool)
            with scope(organization=brick):
                self._build_brick(brick, pool)
            # The executives' first looks, once every idea of both organizations exists.
            with scope(organization=lynx):
                self.r4.first_looks(lynx, self.users["executive"], leave_overdue=True)
            with scope(organization=brick):
                self.r4.first_looks(brick, self.users["brick_executive"], leave_overdue=False)
        self.clock.apply()
        with scope(organization=lynx):
            self.screening.finish()
        self._mark_old_notifications_read()
        return DemoResult(seed=self.seed, organizations=[lynx, brick], logins=self._logins(),
                          counts=self._counts(),
                          tour=tour(self.screening, lynx.slug) + rr_tour(self.rr) + self.r4.tour())

    def _build_lynx(self, org, pool: list[User]) -> None:
        self.departments: dict = {}
        self._staff(org, C.LYNX_STAFF, self.departments)
        u = self.users
        # R4: the admin offers the suggested rejection reasons and one of the lab's own, so every
        # rejection below cites them (the decision service insists once an organization has some).
        self.at(180)
        reasons_add_suggested(org, actor=u["admin"])
        reason_create(org, actor=u["admin"], text_en=C.LYNX_REASON[0], text_ko=C.LYNX_REASON[1])
        self.reasons = list(RejectionReason.objects.filter(organization=org).order_by("order", "id"))
        day = self.today.date()

        def d(days: int):
            return day + timedelta(days=days)

        # A 5R timeline around today: recruiting and R&R are past, realization is current.
        self.at(170)
        program = program_create(
            organization=org, actor=u["manager"], slug=PROGRAM_SLUG, status=ProgramStatus.ACTIVE,
            is_public=True,
            recruiting_starts=d(-150), recruiting_ends=d(-121), rr_starts=d(-120), rr_ends=d(-101),
            reinforcement_starts=d(-100), reinforcement_ends=d(-46), realization_starts=d(-45),
            realization_ends=d(30), retention_starts=d(31), retention_ends=d(180), **C.PROGRAM,
        )
        self.program = program

        # R1: the call is really open while people apply; its dates move to the past after.
        self.at(152)
        now = timezone.now()
        recruitment = recruitment_create(
            program, actor=u["manager"], title=C.RECRUITMENT["title"], purpose=C.RECRUITMENT["purpose"],
            consent_text=C.RECRUITMENT["consent_text"], opens_at=now - timedelta(minutes=5),
            closes_at=now + timedelta(days=1), target_size=PARTNERS, questions=C.RECRUITMENT["questions"],
            status=RecruitmentStatus.OPEN,
        )
        recruitment = Recruitment.objects.select_related("program__organization").prefetch_related(
            "questions").get(pk=recruitment.pk)
        applications: dict[int, Application] = {}
        order = sorted(pool, key=lambda _u: self.rng.random())
        for applicant in order:
            self.at(self.rng.uniform(122, 150))
            applications[applicant.pk] = application_submit(
                recruitment, applicant=applicant, answers=self.screening.answers(recruitment, applicant),
                consent=True)
        self.screening.decline_early(recruitment, applications, pool)
        self.at(120.9)
        recruitment_set_status(recruitment, actor=u["manager"], status=RecruitmentStatus.CLOSED)
        Recruitment.objects.filter(pk=recruitment.pk).update(
            opens_at=self.today - timedelta(days=150), closes_at=self.today - timedelta(days=121)
        )
        # Screening, quotas and the optimiser's cohort: the 18 partners are those who confirmed.
        chosen = self.screening.screen_2027(recruitment)

        # R2: the agreement, Coca-Cola's four criteria at 25 % each, accepted by most.
        self.at(125)
        agreement = agreement_draft(program, actor=u["manager"])
        texts = {k: v for k, v in C.AGREEMENT.items() if k != "criteria"}
        agreement_update(agreement, actor=u["manager"], criteria=C.AGREEMENT["criteria"], **texts)
        self.at(117)
        agreement_publish(agreement, actor=u["manager"])
        self.criteria = list(agreement.criteria.order_by("order"))
        holdouts = {u["newpartner"].pk}
        others = [p for p in chosen if p.pk not in (u["partner"].pk, u["newpartner"].pk)]
        holdouts |= {p.pk for p in self.rng.sample(others, NOT_ACCEPTED - 1)}
        self.partners = [p for p in chosen if p.pk not in holdouts]  # accepted: may work on missions
        for user in self.partners:
            self.at(self.rng.uniform(100, 106.5))
            agreement_accept(agreement, user=user)

        # Missions: the first ran months ago; it is open while its ideas are submitted.
        self.at(100)
        m1 = mission_create(program, actor=u["manager"], starts_at=self.today - timedelta(days=98),
                            ends_at=self.today + timedelta(days=1), visibility="confidential", **C.MISSIONS["m1"])
        self.at(16)
        m2 = mission_create(program, actor=u["manager"], starts_at=self.today - timedelta(days=14),
                            ends_at=self.today + timedelta(days=21), visibility="confidential", **C.MISSIONS["m2"])
        self.missions = {"m1": m1, "m2": m2}

        non_partners = [p for p in pool if p not in chosen]
        specs = [s for s in C.IDEAS if s.where != "brick"]
        for spec in specs:
            self._idea(org, spec, pool=pool, non_partners=non_partners)
        # R4 judging: the open mission's ideas nobody scored yet get judges by the balanced
        # assignment, before the R&R missions' posts and reports (which judges do not score).
        self.r4 = Realization(self, self.seed)
        self.r4.judging_auto(program)
        Mission.objects.filter(pk=m1.pk).update(ends_at=self.today - timedelta(days=50))

        # The next program recruits now; the standing pool feeds it.
        self.screening.program_2028(org, pool, chosen)
        self.screening.pool(org, chosen)

        # R&R mission types open today (issue 4): 4320 SYD posts, a public design contest, store visits.
        self.rr = RRMissions(self, self.seed)
        self.rr.build()

        # R4 (issue 5): concepts, forwardings, a staged round, explanations, appeals, a revival.
        self.r4.build(org)

    # -- ideas -----------------------------------------------------------------------------
    def _author(self, spec: C.IdeaSpec, *, pool, non_partners) -> User:
        if spec.author:
            return self.users[spec.author]
        if spec.where in ("m1", "m2"):
            candidates = self.partners
        elif spec.where == "open":
            # Ordinary members mostly; now and then a partner posts to the open channel too.
            candidates = self.partners if self.rng.random() < 0.2 else non_partners
        else:
            candidates = pool
        personas = {self.users[k].pk for k in C.PERSONAS}
        fitting = [c for c in candidates if c.pk not in personas
                   and (self.person_of[c.pk].language == spec.lang
                        or (spec.lang == "en" and self.person_of[c.pk].speaks_english))]
        return self.rng.choice(fitting or [c for c in candidates if c.pk not in personas])

    def _audience(self, spec: C.IdeaSpec, author: User, pool: list[User]) -> list[User]:
        """Who can see the idea once published: partners who accepted, for a confidential
        mission; everyone for an open channel."""
        people = self.partners if spec.where in ("m1", "m2") else pool
        return [p for p in people if p.pk != author.pk]

    def _idea(self, org, spec: C.IdeaSpec, *, pool, non_partners) -> Idea:
        rng = self.rng
        fate = IdeaState(spec.fate)
        mission = self.missions.get(spec.where) if spec.where in ("m1", "m2") else None
        author = self._author(spec, pool=pool, non_partners=non_partners)
        # When it was submitted, in days before today.
        if spec.where == "m1":
            submitted = rng.uniform(51, 96)
        elif spec.where == "m2":
            submitted = rng.uniform(1.5, 13.5)
        elif fate in (IdeaState.SUBMITTED, IdeaState.DRAFT):
            submitted = rng.uniform(1, 45)
        else:
            submitted = rng.uniform(45, 140)
        self.at(submitted + rng.uniform(0.05, 2))
        idea = idea_create(author=author, organization=org, title=spec.title, body=spec.body, mission=mission)
        if fate == IdeaState.DRAFT:
            return idea
        self.at(submitted)
        idea_submit(idea, actor=author)

        # Decisions fall in a window after evaluation; supports and comments come before it.
        if spec.where == "m1":
            board_at, decided_at = rng.uniform(38, 40), rng.uniform(20, 37.5)
        else:
            board_at = max(self.between(submitted - 2, submitted * 0.6), 0.6)
            decided_at = max(self.between(board_at - 1, board_at * 0.5), 0.4)
        active_until = decided_at if fate in DECISION_OF else 0.1
        if spec.where == "m1":
            active_until = 50.5  # the mission closed; participant votes were in before scoring
        self._reactions(idea, spec, author, pool, since=submitted, until=active_until)

        if spec.hidden:
            self.at(self.between(submitted, 0.1))
            idea_hide(idea, actor=self._staff_user(org, "admin"), reason=spec.hidden)
        if mission is not None and fate != IdeaState.SUBMITTED:
            self._score(idea, spec, fate, submitted)
        # Mission ideas reach the board after scoring; open-channel ones are either sent by the
        # manager or decided by the executive straight from the channel.
        to_board = mission is not None or fate == IdeaState.IN_EXECUTIVE_REVIEW or rng.random() < 0.6
        if fate in REVIEWED and to_board:
            self.at(board_at)
            idea_transition(idea, IdeaState.IN_EXECUTIVE_REVIEW, actor=self._staff_user(org, "manager"))
        if spec.revived:
            self.at(self.between(board_at, decided_at))
            idea_decide(idea, actor=self._staff_user(org, "executive"), kind=DecisionKind.PARK,
                        reason=spec.reason)
            self.at(rng.uniform(3, 10))
            idea_revive(idea, actor=self._staff_user(org, "executive"), reason=spec.revived)
        elif fate in DECISION_OF:
            self.at(decided_at)
            kind = DECISION_OF[fate]
            department = self.departments[spec.department] if kind == DecisionKind.ACCEPT else None
            reasons, criteria = self._rejection(spec) if kind == DecisionKind.REJECT else ((), ())
            idea_decide(idea, actor=self._staff_user(org, "executive"), kind=kind, reason=spec.reason,
                        department=department, reasons=reasons, criteria=criteria)
            if spec.updates:
                self._progress(idea, spec, decided_at)
        if idea.state != fate:
            raise AssertionError(f"demo idea {spec.title!r} ended {idea.state}, expected {fate}")
        return idea

    def _rejection(self, spec: C.IdeaSpec) -> tuple[list, list]:
        """The organization's reasons and the published criteria a rejection cites."""
        if not self.reasons:
            return [], []
        reasons, criteria = C.REJECTIONS[spec.title]
        judged = self.criteria if spec.where in ("m1", "m2") else []
        return [self.reasons[i] for i in reasons], [judged[i] for i in criteria if judged]

    def _staff_user(self, org, key: str) -> User:
        if org.slug == C.LYNX["slug"]:
            return self.users[key]
        # Brickverse has no program manager: its admin sends ideas to the board.
        brick = {"admin": "brick_admin", "manager": "brick_admin", "executive": "brick_executive"}
        return self.users[brick[key]]

    def _reactions(self, idea, spec, author, pool, *, since: float, until: float) -> None:
        rng = self.rng
        if spec.hidden:
            reporter = rng.choice([p for p in pool if p.pk != author.pk])
            self.at(self.between(since, until))
            comment_create(idea, author=reporter, body="이거 광고 아닌가요? 신고했습니다.")
            return
        audience = self._audience(spec, author, pool)
        fate = IdeaState(spec.fate)
        wanted = int(POPULARITY.get(fate, 6) * rng.lognormvariate(0, 0.6))
        if spec.where in ("m1", "m2"):
            wanted = min(wanted, len(audience) - 2)
        for supporter in rng.sample(audience, min(wanted, len(audience))):
            self.at(self.between(since, until))
            support_add(idea, user=supporter)
        for _ in range(min(rng.choice([0, 1, 1, 2, 2, 3, 4]) + wanted // 12, 6)):
            commenter = rng.choice(audience)
            english = self.person_of[commenter.pk].language == "en"
            self.at(self.between(since, until))
            body = rng.choice(C.COMMENTS_EN if english else C.COMMENTS_KO)
            comment_create(idea, author=commenter, body=body)
        if spec.where != "brick" and rng.random() < 0.25:
            self.at(self.between(since, until))
            comment_create(idea, author=self.users["manager"], body=rng.choice(C.STAFF_COMMENTS))
        idea.refresh_from_db(fields=["support_count", "comment_count"])

    def _score(self, idea, spec, fate, submitted: float) -> None:
        """Each judge scores the three judged criteria: the idea's quality, the judge's habit and a
        little noise; the participant vote is computed from the supports the idea gathered."""
        rng = self.rng
        judges = [self.users["judge1"], self.users["judge2"], self.users["judge3"]]
        count = 3 if fate in REVIEWED else spec.judges
        chosen = rng.sample(range(3), count)
        quality = QUALITY[fate]
        # The manager asks the judges first (R4 judging), so each judge's queue holds their ideas
        # with a due date; ideas still in evaluation wait for all three.
        due = self.today + (JUDGING_DUE_M1 if spec.where == "m1" else JUDGING_DUE_M2)
        # (No draw from the generator here: the lab's older parts stay what they were.)
        self.at(50.2 if spec.where == "m1" else submitted - 0.05)
        for j in (range(3) if fate == IdeaState.IN_EVALUATION else sorted(chosen)):
            assignment_add(idea, judges[j], actor=self.users["manager"], due_at=due)
        for j in chosen:
            values = {}
            # The participant vote is not the judges' to score: it comes from the supports.
            for i, criterion in enumerate(c for c in self.criteria if not c.is_crowd_vote):
                raw = quality + spec.boost[i] + JUDGE_BIAS[j] + rng.gauss(0, 0.9)
                values[criterion.pk] = max(0, min(criterion.scale_max, round(raw)))
            if spec.where == "m1":
                self.at(rng.uniform(40.5, 49))
            else:
                self.at(self.between(submitted - 0.2, 0.05))
            scores_submit(idea, judge=judges[j], values=values)

    def _progress(self, idea, spec, decided_at: float) -> None:
        outcome = Outcome.objects.select_related("department", "idea").get(idea=idea)
        outcome.idea = idea
        partner = self.department_partners[outcome.department.pk]
        steps = len(spec.updates)
        for n, (progress, text) in enumerate(spec.updates, start=1):
            self.at(decided_at - (decided_at - 0.5) * n / (steps + 0.5) + self.rng.uniform(-0.3, 0.3))
            outcome_update(outcome, actor=partner, text=text, progress=progress)

    # -- the second organization -------------------------------------------------------------
    def _build_brick(self, org, pool: list[User]) -> None:
        self.departments = {}
        self._staff(org, C.BRICK_STAFF, self.departments)
        self.reasons = []  # Brickverse offers no reason templates: free text alone is enough there
        self.missions = {}
        for spec in (s for s in C.IDEAS if s.where == "brick"):
            self._idea(org, spec, pool=pool, non_partners=pool)

    # -- after -------------------------------------------------------------------------------
    def _mark_old_notifications_read(self) -> None:
        """People read what reached them more than two weeks ago; the rest stays unread."""
        cutoff = self.today - timedelta(days=14)
        rows = [Notification(pk=pk, read_at=at + timedelta(hours=self.rng.uniform(1, 48)))
                for pk, at in sorted(self.clock.notification_times().items()) if at < cutoff]
        Notification.objects.bulk_update(rows, ["read_at"], batch_size=400)

    def _url(self, names: tuple[str, ...], org) -> str:
        kwargs = {"organization_slug": org.slug}
        if names and names[0].startswith("programs:"):
            kwargs["program_slug"] = self.program.slug
        for name in names:
            for attempt in (kwargs, {}):
                try:
                    return reverse(name, kwargs=attempt)
                except NoReverseMatch:
                    continue
        return f"/o/{org.slug}/"

    def _logins(self) -> list[Login]:
        lynx_slug, brick_slug = C.LYNX["slug"], C.BRICK["slug"]
        orgs = {o.slug: o for o in Organization.objects.filter(slug__in=[lynx_slug, brick_slug])}
        logins = []
        for s in C.LYNX_STAFF + C.BRICK_STAFF:
            if not s.hint[0]:
                continue
            label = ROLE_LABELS[s.role]
            if s.role == "internal_partner":
                label = (f"{label[0]} (R&D)", f"{label[1]} (R&D)")
            if s.key.startswith("brick_"):
                label = (f"{label[0]} · 브릭버스", f"{label[1]} · Brickverse")
            org = orgs[brick_slug if s.key.startswith("brick_") else lynx_slug]
            url = self._url(s.url, org)
            if s.key == "reviewer":  # the open interview round of the program recruiting now
                interviews = self.screening.rounds["interviews_2028"]
                url = reverse("recruiting:review_queue", kwargs={
                    "organization_slug": org.slug, "program_slug": self.screening.program_next.slug,
                    "pk": interviews.recruitment_id, "round_pk": interviews.pk})
            logins.append(Login(label, s.email, s.name, s.hint, url))
        for key, persona in C.PERSONAS.items():
            logins.append(Login(ROLE_LABELS[key], persona["email"], persona["name"], persona["hint"],
                                self._url(persona["url"], orgs[lynx_slug])))
        return logins

    def _counts(self) -> dict[str, int]:
        with scopes_disabled():
            ideas = Idea.objects.all()
            counts = {
                "organizations": Organization.objects.count(),
                "users": User.objects.count(),
                "applications": Application.objects.count(),
                "partners": Partner.objects.filter(program__slug=PROGRAM_SLUG).count(),
                "acceptances": AgreementAcceptance.objects.count(),
                "ideas": ideas.count(),
                "supports": Support.objects.count(),
                "comments": Comment.objects.count(),
                "scores": Score.objects.count(),
                "decisions": Decision.objects.count(),
                "progress_updates": OutcomeUpdate.objects.count(),
                "notifications": Notification.objects.count(),
                "audit_events": AuditEvent.objects.count(),
            }
            for row in ideas.values("state").annotate(n=Count("id")).order_by("state"):
                counts[f"ideas.{row['state']}"] = row["n"]
            for row in Application.objects.values("status").annotate(n=Count("id")).order_by("status"):
                counts[f"applications.{row['status']}"] = row["n"]
            counts |= self.screening.counts()
            counts |= self.r4.counts()
        return counts


def build_demo(seed: int = C.DEFAULT_SEED) -> DemoResult:
    """Load the demo lab into an empty database (the caller wraps it in a transaction)."""
    return DemoBuilder(seed).build()


