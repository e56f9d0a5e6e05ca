"""R1 beyond the open call, for the demo lab: screening rounds with assigned reviewers, quotas,
the optimiser's selection and its invitations, an intermediary's import, withdrawal and the
anonymisation of old declines, and the standing pool fed by all of it.

Everything goes through the services, as in ``builder``; this module only decides who does what
and when. It draws from its own ``random.Random`` so the ideas and people of the older parts
of the lab stay what they were."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.pool.enums import PoolSource, PoolStatus
from cocreate.pool.models import PoolMember
from cocreate.pool.selectors import pool_candidates
from cocreate.pool.services import (
    pool_add,
    pool_invitation_respond,
    pool_invite,
    pool_set_status,
)
from cocreate.programs.enums import ProgramStatus
from cocreate.programs.models import Partner
from cocreate.programs.services import program_create
from cocreate.recruiting.cohorts import (
    invitation_respond,
    invitations_expire,
    quotas_set,
    selection_accept,
    selection_run,
)
from cocreate.recruiting.enums import (
    ApplicationStatus,
    EntryRole,
    EntryStatus,
    QuestionKind,
    RecruitmentStatus,
    RoundOutcome,
)
from cocreate.recruiting.imports import import_run, import_set_mapping, import_start, import_upload
from cocreate.recruiting.models import Application, Recruitment, Round, SelectionEntry
from cocreate.recruiting.selectors import round_applications, round_standings
from cocreate.recruiting.services import (
    application_decline,
    application_move,
    application_submit,
    application_withdraw,
    recruitment_create,
    review_submit,
    reviewer_assign,
    reviewers_distribute,
    round_close,
    round_create,
    round_open,
)

from . import content as C
from .people import MADE_KO

C_PARTNERS = 18  # builder.PARTNERS: the 2027 cohort
C_PROGRAM_2027_SLUG = "lynx-axe-2027"
C_PROGRAM_2028_SLUG = "lynx-axe-2028"
# 2027: after the written round, 40 advance and 30 wait; the optimiser picks the 18 among the 40.
ADVANCED_2027, WAITLISTED_2027 = 40, 30
APPLICANTS_2028, COHORT_2028 = 48, 12
ADVANCED_2028, WAITLISTED_2028 = 24, 10
# Reviewer habits, in quarters of a criterion's scale: one generous, one strict.
REVIEWER_BIAS = {"reviewer": 0.0, "reviewer2": 0.4, "manager": -0.3}
# Which scent family people who care about these things tend to like.
SCENT_HINTS = (("향수", 4), ("fragrance", 4), ("캠핑", 1), ("travel", 2), ("서핑", 2), ("헬스", 3),
               ("gym", 3), ("비건", 0), ("sustainability", 0))


class Screening:
    """The builder's R1 and pool steps; ``b`` is the ``DemoBuilder`` (clock, users, people)."""

    def __init__(self, builder):
        self.b = builder
        self.rng = random.Random(builder.seed * 7919 + 1)
        self.questions: dict[int, list] = {}  # recruitment id → its questions in order
        self.rounds: dict[str, Round] = {}
        self.criteria: dict[int, list] = {}  # round id → its rubric
        self.recruitment_2028: Recruitment | None = None
        self.program_next = None
        self.import_job = None
        self.selection_2028 = None
        self.selection_2027 = None

    # -- answers ---------------------------------------------------------------------------------
    def answers(self, recruitment: Recruitment, user: User) -> dict[int, str]:
        """The six answers: the three texts drawn with the person, then a scent family, hours
        online a day (more for people with reach) and, for some, a link to their profile."""
        person = self.b.person_of[user.pk]
        questions = self.questions.setdefault(recruitment.pk, list(recruitment.questions.order_by("order")))
        rng = self.rng
        scent = rng.randrange(len(C.SCENT_FAMILIES))
        for word, index in SCENT_HINTS:
            if word in person.interests and rng.random() < 0.6:
                scent = index
                break
        online = min(16, max(1, round(rng.gauss(4.5, 2) + min(person.follower_count, 50_000) ** 0.2 / 3)))
        link = person.social_links.splitlines()[0] if person.social_links and rng.random() < 0.8 else ""
        values = [*person.answers, C.SCENT_FAMILIES[scent], str(online), link]
        return {q.pk: v for q, v in zip(questions, values, strict=True)}

    # -- 2027: rounds, quotas, the selection, its invitations -------------------------------------
    def decline_early(self, recruitment: Recruitment, applications: dict[int, Application], pool) -> Application:
        """One applicant turned out to be 26, too old for the call: declined at once, long enough
        ago that the retention period erases the data (see ``anonymise``)."""
        personas = {self.b.users[k].pk for k in C.PERSONAS}
        weakest = min((p for p in pool if p.pk not in personas), key=lambda p: self.b.person_of[p.pk].promise)
        self.b.at(140)
        return application_decline(applications[weakest.pk], actor=self.b.users["manager"])

    def screen_2027(self, recruitment: Recruitment) -> list[User]:
        """The written round (three reviewers sharing the applications evenly), its results, quotas, the
        optimiser's cohort of 18 from those who advanced, the invitations: most confirm, one
        declines and one lets the deadline pass, both seats refilled from the waitlist.
        Returns the partners in the order they were ranked."""
        b, u = self.b, self.b.users
        manager = u["manager"]
        b.at(121)
        written = self._round(recruitment, C.ROUND_WRITTEN)
        for key in ("reviewer", "reviewer2", "manager"):
            reviewer_assign(written, reviewer=u[key], actor=manager)
        reviewers_distribute(written, per_application=1, actor=manager)
        self._review_all(written, since=120.5, until=118.2)
        b.at(118)
        round_close(written, actor=manager)
        self._move(written, advanced=ADVANCED_2027, waitlisted=WAITLISTED_2027, at=(117.4, 117.9))
        self.rounds["written_2027"] = written

        b.at(117.3)
        advanced = Application.objects.filter(round_results__round=written,
                                              round_results__outcome=RoundOutcome.ADVANCED)
        self._quotas(recruitment, advanced, size=C_PARTNERS, gender=(7, 9), leaders=6, seoul=4)
        b.at(117.2)
        selection = selection_run(recruitment, actor=manager, size=C_PARTNERS, round=written, seed=self.b.seed)
        b.at(117)
        selection_accept(selection, actor=manager, confirm_days=7)
        self.selection_2027 = selection

        chosen = list(selection.entries.filter(role=EntryRole.CHOSEN).select_related("application__applicant")
                      .order_by("rank"))
        personas = {u["partner"].pk, u["newpartner"].pk}
        others = [e for e in chosen if e.application.applicant_id not in personas]
        decliner, sleeper = others[-1], others[-2]
        for entry in chosen:
            if entry in (decliner, sleeper):
                continue
            b.at(b.between(111, 116.8))
            invitation_respond(entry, actor=entry.application.applicant, accept=True)
        b.at(115.5)
        invitation_respond(decliner, actor=decliner.application.applicant, accept=False)
        self._confirm_invited(selection, at=(113, 115), but=sleeper)
        # The sleeper never answers: a week on, the hourly task expires the invitation and refills.
        b.at(110)
        invitations_expire(now=timezone.now() + timedelta(days=8))
        self._confirm_invited(selection, at=(107, 109.5))
        partners = [e.application.applicant for e in selection.entries.filter(status=EntryStatus.CONFIRMED)
                    .select_related("application__applicant").order_by("role", "rank")]
        if len(partners) != C_PARTNERS:  # pragma: no cover - a refill failed the quotas
            raise AssertionError(f"the 2027 selection confirmed {len(partners)} partners, not {C_PARTNERS}")
        return partners

    def _confirm_invited(self, selection, *, at, but=None) -> None:
        for entry in selection.entries.filter(status=EntryStatus.INVITED).exclude(
                pk=getattr(but, "pk", None)).select_related("application__applicant").order_by("rank"):
            self.b.at(self.b.between(*at))
            invitation_respond(entry, actor=entry.application.applicant, accept=True)

    def _round(self, recruitment, spec, *, opens_at=None, closes_at=None) -> Round:
        criteria = []
        for c in spec["criteria"]:
            c = dict(c)
            if c.get("source") == "answer":
                c["question"] = next(q for q in recruitment.questions.all() if q.kind == QuestionKind.NUMBER)
            criteria.append(c)
        created = round_create(recruitment, actor=self.b.users["manager"], name=spec["name"], criteria=criteria,
                               opens_at=opens_at, closes_at=closes_at)
        return round_open(created, actor=self.b.users["manager"])

    def _values(self, round: Round, application: Application, reviewer_key: str) -> dict[int, int]:
        """A reviewer's scores: how strong the application reads, their habit, some noise. Only
        the two partner personas get full marks, so the optimiser surely picks them."""
        person = self.b.person_of.get(application.applicant_id)
        promise = person.promise if person else 5.0
        values = {}
        if round.pk not in self.criteria:
            self.criteria[round.pk] = list(round.criteria.all())
        for criterion in self.criteria[round.pk]:
            if not criterion.is_manual:
                continue
            low, high = criterion.scale_min, criterion.scale_max
            if promise >= 99 or promise < 0:
                values[criterion.pk] = high if promise >= 99 else low
                continue
            raw = low + (high - low) * min(promise, 8) / 9 + REVIEWER_BIAS[reviewer_key] * (high - low) / 4
            values[criterion.pk] = max(low, min(high - 1, round_half(raw + self.rng.gauss(0, 0.12 * (high - low)))))
        return values

    def _review_all(self, round: Round, *, since: float, until: float, share: dict[str, float] | None = None):
        """Each assigned reviewer scores their applications (``share``: only that part of them)."""
        keys = {self.b.users[k].pk: k for k in REVIEWER_BIAS}
        for assignment in round.assignments.select_related("reviewer").order_by("assigned_at", "id"):
            key = keys[assignment.reviewer_id]
            todo = list(assignment.applications.order_by("pk")) or list(
                Application.objects.filter(pk__in=self._round_ids(round)).order_by("pk"))
            if share is not None:
                todo = todo[:int(len(todo) * share.get(key, 0))]
            for application in todo:
                self.b.at(self.b.between(since, until))
                review_submit(round, application, reviewer=assignment.reviewer,
                              values=self._values(round, application, key))

    @staticmethod
    def _round_ids(round: Round) -> list[int]:
        return list(round_applications(round).values_list("pk", flat=True))

    def _move(self, round: Round, *, advanced: int, waitlisted: int, at: tuple[float, float]) -> None:
        """The manager moves everyone still in the selection by the round's standings."""
        standings = [s for s in round_standings(round) if s.application.status == ApplicationStatus.SUBMITTED]
        standings.sort(key=lambda s: (-(s.score or 0), s.application.pk))
        for n, standing in enumerate(standings):
            outcome = (RoundOutcome.ADVANCED if n < advanced else RoundOutcome.WAITLISTED
                       if n < advanced + waitlisted else RoundOutcome.DECLINED)
            self.b.at(self.b.between(*at))
            application_move(standing.application, round, outcome=outcome, actor=self.b.users["manager"])

    def _quotas(self, recruitment, applications, *, size: int, gender: tuple[int, int], leaders: int,
                seoul: int) -> None:
        """Gender balance, opinion leaders and at most ``seoul`` from Seoul, each bound eased to
        what the people in the running can meet (a manager would see the optimiser refuse)."""
        profiles = [a.profile for a in applications]
        genders = Counter(p.get("gender") for p in profiles)
        threshold = recruitment.opinion_leader_followers
        leading = sum(1 for p in profiles if (p.get("follower_count") or 0) >= threshold or p.get("community_roles"))
        in_seoul = sum(1 for p in profiles if p.get("region") == "서울")
        low, high = gender
        quotas = [{"attribute": "gender", "value": g, "minimum": min(low, genders[g]),
                   "maximum": max(high, size - (len(profiles) - genders[g]))} for g in ("female", "male")]
        quotas.append({"attribute": "opinion_leader", "value": "yes", "minimum": min(leaders, leading),
                       "maximum": None})
        quotas.append({"attribute": "region", "value": "서울", "minimum": 0,
                       "maximum": max(seoul, size - (len(profiles) - in_seoul))})
        quotas_set(recruitment, actor=self.b.users["manager"], quotas=quotas)

    # -- 2028: a second program recruiting now -----------------------------------------------
    def program_2028(self, org, pool, partners_2027):
        """A second program whose call is open today: applicants from the pool and from
        headbox's export, the written round closed, interviews going on, a proposed cohort."""
        b, u = self.b, self.b.users
        manager = u["manager"]
        day = b.today.date()
        b.at(24)
        program = program_create(
            organization=org, actor=manager, slug=C_PROGRAM_2028_SLUG, status=ProgramStatus.ACTIVE, is_public=True,
            recruiting_starts=day - timedelta(days=20), recruiting_ends=day + timedelta(days=10),
            rr_starts=day + timedelta(days=11), rr_ends=day + timedelta(days=25),
            reinforcement_starts=day + timedelta(days=26), reinforcement_ends=day + timedelta(days=60),
            realization_starts=day + timedelta(days=61), realization_ends=day + timedelta(days=150),
            retention_starts=day + timedelta(days=151), retention_ends=day + timedelta(days=300),
            **C.PROGRAM_2028,
        )
        self.program_next = program
        b.at(20)
        now = timezone.now()
        recruitment = recruitment_create(
            program, actor=manager, title=C.RECRUITMENT_2028["title"], purpose=C.RECRUITMENT_2028["purpose"],
            consent_text=C.RECRUITMENT["consent_text"], opens_at=now - timedelta(minutes=5),
            closes_at=b.today + timedelta(days=10), target_size=COHORT_2028,
            questions=C.RECRUITMENT["questions"], status=RecruitmentStatus.OPEN,
        )
        recruitment = Recruitment.objects.select_related("program__organization").get(pk=recruitment.pk)
        self.recruitment_2028 = recruitment

        taken = {p.pk for p in partners_2027} | {u[k].pk for k in C.PERSONAS}
        applicants = self.rng.sample(sorted((p for p in pool if p.pk not in taken), key=lambda p: p.pk),
                                     APPLICANTS_2028)
        applications = []
        for applicant in applicants:
            b.at(self.rng.uniform(13.2, 19.8))
            applications.append(application_submit(recruitment, applicant=applicant,
                                                   answers=self.answers(recruitment, applicant), consent=True))
        self._import(recruitment)
        # One applicant changes their mind before the screening starts.
        b.at(13)
        withdrawn = applications[self.rng.randrange(len(applications))]
        application_withdraw(withdrawn, actor=withdrawn.applicant)

        # The written round: the reviewer reads everything, the others half each.
        b.at(12)
        written = self._round(recruitment, C.ROUND_WRITTEN)
        ids = self._round_ids(written)
        reviewer_assign(written, reviewer=u["reviewer"], actor=manager)
        reviewer_assign(written, reviewer=u["reviewer2"], actor=manager, applications=ids[0::2])
        reviewer_assign(written, reviewer=u["manager"], actor=manager, applications=ids[1::2])
        self._review_all(written, since=11.8, until=8.2)
        b.at(8)
        round_close(written, actor=manager)
        self._move(written, advanced=ADVANCED_2028, waitlisted=WAITLISTED_2028, at=(7.2, 7.8))
        self.rounds["written_2028"] = written

        # Interviews, open now: the reviewer has done some of theirs, the community lead fewer.
        b.at(6)
        interviews = self._round(recruitment, C.ROUND_INTERVIEW, opens_at=b.today - timedelta(days=6),
                                 closes_at=b.today + timedelta(days=5))
        ids = self._round_ids(interviews)
        reviewer_assign(interviews, reviewer=u["reviewer"], actor=manager)
        reviewer_assign(interviews, reviewer=u["reviewer2"], actor=manager, applications=ids[0::2])
        self._review_all(interviews, since=5.5, until=0.3, share={"reviewer": 0.4, "reviewer2": 0.35})
        self.rounds["interviews_2028"] = interviews

        b.at(2)
        in_running = Application.objects.filter(round_results__round=written,
                                                round_results__outcome=RoundOutcome.ADVANCED)
        self._quotas(recruitment, in_running, size=COHORT_2028, gender=(4, 8), leaders=3, seoul=5)
        b.at(1.5)
        self.selection_2028 = selection_run(recruitment, actor=manager, size=COHORT_2028, round=interviews,
                                            seed=self.b.seed)
        return program

    def _import(self, recruitment) -> None:
        """headbox's export: ten people, two rows refused (an address without a domain, hours
        that are not a number)."""
        b = self.b
        questions = self.questions.setdefault(recruitment.pk, list(recruitment.questions.order_by("order")))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([*C.IMPORT_HEADERS, *(q.text for q in questions[:5])])
        for row in C.IMPORT_ROWS:
            profile, (why, scent, online) = row[:7], row[7:]
            made = self.rng.choice(MADE_KO)
            hours = self.rng.choice(["주 5시간 정도", "주말마다 3~4시간", "평일 저녁 매일 1시간"])
            writer.writerow([*profile, why, made, hours, scent, online])
        data = ("\ufeff" + out.getvalue()).encode("utf-8")
        manager = b.users["manager"]
        b.at(16)
        job = import_upload(recruitment, actor=manager, file=ContentFile(data, name="headbox_lynx_2028.csv"),
                            source=C.IMPORT_SOURCE, consent_basis=C.IMPORT_CONSENT)
        headers = list(job.columns)
        mapping = {str(i): t for i, t in enumerate(
            ["email", "name", "birth_year", "gender", "region", "interests", "follower_count"])}
        mapping |= {str(len(C.IMPORT_HEADERS) + n): f"question:{q.pk}" for n, q in enumerate(questions[:5])}
        assert len(mapping) == len(headers)
        b.at(15.98)
        import_set_mapping(job, actor=manager, mapping=mapping)
        b.at(15.97)
        import_start(job, actor=manager)
        b.at(15.96)
        job = import_run(job.pk)  # the background task's body; the demo's task backend runs nothing
        created = list(Application.objects.filter(recruitment=recruitment, source=C.IMPORT_SOURCE)
                       .values_list("pk", flat=True))
        # Rows the import bulk-creates send no signal: put them at the import's time by hand.
        b.clock.note(Application, ("submitted_at", "consented_at"), created, b.clock.now)
        self.import_job = job

    # -- the standing pool -----------------------------------------------------------------------
    def pool(self, org, partners_2027) -> None:
        """Partners joined through ``partner_add``; two authors from the open channel are added
        by the manager, one partner takes a break, and two 2027 partners are invited to 2028
        without applying: one has accepted, one (the partner persona) is still to answer."""
        b, u = self.b, self.b.users
        manager = u["manager"]
        b.at(20)
        candidates = list(pool_candidates(org).order_by("pk"))
        for user in candidates[:2]:
            b.at(b.between(18, 22))
            pool_add(org, user, actor=manager, source=PoolSource.OPEN_CHANNEL)
        personas = {u[k].pk for k in C.PERSONAS}
        others = [p for p in partners_2027 if p.pk not in personas]
        resting, accepting = others[0], others[1]
        members = {m.user_id: m for m in PoolMember.objects.filter(organization=org)}
        b.at(30)
        pool_set_status(members[resting.pk], actor=resting, status=PoolStatus.RESTING)
        deadline = b.today.date() + timedelta(days=10)
        b.at(5)
        accepted = pool_invite(members[accepting.pk], self.program_next, actor=manager,
                               message=C.POOL_INVITATION_MESSAGE, deadline=deadline)
        b.at(3.5)
        pool_invitation_respond(accepted, actor=accepting, accept=True)
        b.at(2.5)
        pool_invite(members[u["partner"].pk], self.program_next, actor=manager, message=C.POOL_INVITATION_MESSAGE,
                    deadline=deadline)

    # -- after the clock ---------------------------------------------------------------------------
    def finish(self) -> None:
        """Writes that read the backdated times: the call's real dates, and the nightly
        anonymisation, which erases the applicant declined before the retention period."""
        from cocreate.recruiting.services import applications_anonymise_expired

        b = self.b
        Recruitment.objects.filter(pk=self.recruitment_2028.pk).update(opens_at=b.today - timedelta(days=20))
        lynx = self.program_next.organization
        applications_anonymise_expired(lynx)

    def counts(self) -> dict[str, int]:
        from cocreate.pool.models import PoolInvitation
        from cocreate.recruiting.models import ImportJob, Quota, Review, RoundResult, Selection

        counts = {
            "rounds": Round.objects.count(),
            "reviews": Review.objects.count(),
            "quotas": Quota.objects.count(),
            "selections": Selection.objects.count(),
            "imports": ImportJob.objects.count(),
            "partners_2028": Partner.objects.filter(program=self.program_next).count(),
            "applications_2028": Application.objects.filter(recruitment=self.recruitment_2028).count(),
            "anonymised": Application.objects.filter(anonymised_at__isnull=False).count(),
            "pool_members": PoolMember.objects.count(),
            "pool_invitations": PoolInvitation.objects.count(),
        }
        job = ImportJob.objects.get()
        counts["imports.created"] = job.created_count
        counts["imports.errors"] = job.error_count
        for prefix, rows in (
            ("round_results", RoundResult.objects.values_list("outcome", flat=True)),
            ("selections", Selection.objects.values_list("status", flat=True)),
            ("invitations", SelectionEntry.objects.filter(selection__status="accepted").exclude(
                status=EntryStatus.WAITING).values_list("status", flat=True)),
            ("pool", PoolMember.objects.values_list("status", flat=True)),
            ("pool_sources", PoolMember.objects.values_list("source", flat=True)),
            ("pool_invitations", PoolInvitation.objects.values_list("status", flat=True)),
        ):
            for value, n in sorted(Counter(rows).items()):
                counts[f"{prefix}.{value}"] = n
        return counts


def tour(screening: Screening, lynx_slug: str) -> list[tuple[tuple[str, str], str]]:
    """Where a visitor sees the R1 and pool features the lab fills, as (Korean, English) and URL."""
    from django.urls import reverse

    s = screening
    old = {"organization_slug": lynx_slug, "program_slug": C_PROGRAM_2027_SLUG}
    new = {"organization_slug": lynx_slug, "program_slug": C_PROGRAM_2028_SLUG}
    r27, r28 = s.rounds["written_2027"].recruitment_id, s.recruitment_2028.pk
    return [
        (("2027 선발: 할당량, 최적 선발, 초대 현황 (확정·거절 후 재충원·기한 만료)",
          "2027 selection: quotas, the optimal cohort, invitations (confirmed, declined and refilled, expired)"),
         reverse("recruiting:selection_detail", kwargs={**old, "pk": r27, "selection_pk": s.selection_2027.pk})),
        (("2027 1차 서류 심사 결과 (리뷰어 3명, 배정)", "2027 written round: results of three assigned reviewers"),
         reverse("recruiting:round_results", kwargs={**old, "pk": r27, "round_pk": s.rounds["written_2027"].pk})),
        (("2028 모집: 지원서 (철회 1건 포함)", "2028 call: applications, one withdrawn"),
         reverse("recruiting:applications", kwargs={**new, "pk": r28})),
        (("2028 2차 인터뷰 라운드 (진행 중, 자동 계산 기준)", "2028 interview round, open, with computed criteria"),
         reverse("recruiting:round_results", kwargs={**new, "pk": r28, "round_pk": s.rounds["interviews_2028"].pk})),
        (("2028 제안된 선발안", "2028 proposed cohort"),
         reverse("recruiting:selection_detail", kwargs={**new, "pk": r28, "selection_pk": s.selection_2028.pk})),
        (("headbox 지원자 가져오기: 오류 2행", "headbox applicant import: 2 rows refused"),
         reverse("recruiting:import_detail", kwargs={**new, "pk": r28, "import_pk": s.import_job.pk})),
        (("상시 풀: 휴식 중 1명, 열린 채널 출신, 2기 초대",
          "Standing pool: one resting, open-channel members, 2028 invitations"),
         reverse("pool:list", kwargs={"organization_slug": lynx_slug})),
        (("풀 후보 (열린 채널)", "Pool candidates from the open channel"),
         reverse("pool:candidates", kwargs={"organization_slug": lynx_slug})),
    ]


def round_half(value: float) -> int:
    """Round half up, as people do (Python's round() goes to even)."""
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)
