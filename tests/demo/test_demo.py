"""The demo lab: what `manage.py demo` loads, exactly, and that it loads the same lab twice."""

import io
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.demo import content as C
from cocreate.core.demo.content import PASSWORD
from cocreate.core.demo.people import make_people
from cocreate.core.demo.wipe import wipe_database
from cocreate.core.models import AuditEvent
from cocreate.evaluation.models import JudgeAssignment, Score
from cocreate.evaluation.selectors import breakdowns_for, judge_queue, queue_progress
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Credit, Idea, Support
from cocreate.incentives.models import Grant, Incentive
from cocreate.missions.models import Mission
from cocreate.notifications.models import Notification
from cocreate.organizations.models import Membership, Organization
from cocreate.pool.models import PoolInvitation, PoolMember
from cocreate.programs.enums import AgreementStatus, ProgramStatus, Stage
from cocreate.programs.models import Agreement, AgreementAcceptance, Partner, Program
from cocreate.realization.board import overdue_report
from cocreate.realization.models import (
    Appeal,
    ClusteringRun,
    Concept,
    ConceptSuggestion,
    Decision,
    ExplanationRequest,
    Forwarding,
    RejectionReason,
)
from cocreate.realization.revival import lineage
from cocreate.realization.services import staged_decisions
from cocreate.recruiting.models import (
    Application,
    ImportJob,
    Quota,
    Recruitment,
    Review,
    Round,
    RoundResult,
    Selection,
    SelectionEntry,
)
from cocreate.recruiting.selectors import review_queue
from cocreate.retention.models import Outcome, OutcomeUpdate

S = IdeaState
LYNX_STATES = {
    S.DRAFT: 6, S.SUBMITTED: 14, S.IN_EVALUATION: 7, S.IN_EXECUTIVE_REVIEW: 7, S.ACCEPTED: 3,
    S.IN_IMPLEMENTATION: 5, S.IMPLEMENTED: 4, S.PARKED: 5, S.REJECTED: 9,
}
SCORED_AND_REVIEWED = {S.IN_EXECUTIVE_REVIEW, S.ACCEPTED, S.IN_IMPLEMENTATION, S.IMPLEMENTED, S.PARKED,
                       S.REJECTED}


# The R&R missions' submissions: the partner persona's 25 past posts and a draft, 2 × 3 posts by
# others, 8 store visits, and 5 designs: 4 by partners and one by a pool member who is not a partner
# (anyone may accept the agreement of a program with a public mission).
RR_IDEAS = 26 + 6 + 8 + 5


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def lab_fingerprint() -> dict:
    """What must not change between two loads with the same seed."""
    ideas = Idea.objects.order_by("id")
    return {
        "titles": list(ideas.values_list("title", flat=True)),
        "ideas": list(ideas.values_list("title", "state", "author__email", "support_count", "comment_count")),
        "applicants": list(Application.objects.order_by("id").values_list("applicant__email", "status")),
        "partners": sorted(Partner.objects.values_list("user__email", flat=True)),
        "scores": sorted(Score.objects.values_list("idea__title", "judge__email", "criterion__name",
                                                   "value")),
        "reviews": sorted(Review.objects.values_list("application__applicant__email", "reviewer__email",
                                                     "criterion__name", "value"), key=repr),
        # key=repr: the anonymised applicant's row has no account, so its email is None.
        "results": sorted(RoundResult.objects.values_list("round__name", "application__applicant__email", "outcome"),
                          key=repr),
        "entries": sorted(SelectionEntry.objects.values_list("selection__status", "application__applicant__email",
                                                             "role", "rank", "status"), key=repr),
        "pool": sorted(PoolMember.objects.values_list("user__email", "status", "source")),
        # R4: what the executives, judges and departments did (times move with the moment of
        # loading, so only what happened and to whom).
        "reasons": list(RejectionReason.objects.order_by("organization__slug", "order").values_list(
            "organization__slug", "text_en", "text_ko", "active")),
        "decision_reasons": sorted(((t, k, r is None, why, c) for t, k, r, why, c in Decision.objects.values_list(
            "idea__title", "kind", "released_at", "reason_templates__text_en", "criteria__name")), key=repr),
        "assignments": sorted(JudgeAssignment.objects.values_list("idea__title", "judge__email", "automatic")),
        "concepts": sorted((c.name, sorted(c.ideas.values_list("title", flat=True)))
                           for c in Concept.objects.all()),
        "forwardings": sorted(((*row, at is None) for *row, at in Forwarding.objects.values_list(
            "idea__title", "department__name", "owner__email", "concept__name", "acknowledged_at")), key=repr),
        "explanations": sorted(ExplanationRequest.objects.values_list("idea__title", "status", "expert__email",
                                                                      "requested_by__email")),
        "appeals": sorted(Appeal.objects.values_list("idea__title", "status", "reviewer__email", "appellant__email")),
        "revived": list(Idea.objects.filter(revived_from__isnull=False).values_list(
            "title", "program__slug", "revived_from__title", "author__email")),
        "unseen": [(title, at is None) for title, at in ideas.values_list("title", "first_seen_at")],
    }


@pytest.mark.django_db(transaction=True)
def test_demo_loads_the_lab_the_issue_describes():
    # Committed for real, so that notifications' on-commit mail tasks run: they must go nowhere.
    try:
        output = run_demo()
        _assert_lab(output)
        with pytest.raises(CommandError, match="already loaded"):
            run_demo("--no-flush")
    finally:
        wipe_database()  # the audit log refuses the test runner's plain DELETE


def _assert_lab(output: str) -> None:
    now = timezone.now()
    assert mail.outbox == []
    assert Notification.objects.count() > 300
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 0

    # Two tenants; the Lynx lab has the four departments and one login per role.
    assert sorted(Organization.objects.values_list("slug", flat=True)) == ["brickverse", "lynx-lab"]
    lynx = Organization.objects.get(slug="lynx-lab")
    departments = sorted(lynx.departments.values_list("name", flat=True))
    assert departments == ["Marketing", "Packaging", "R&D", "Sales"]
    roles = Counter(Membership.objects.filter(organization=lynx).values_list("role", flat=True))
    assert roles == {"org_admin": 1, "program_manager": 1, "reviewer": 2, "judge": 3, "executive": 2,
                     "internal_partner": 4}
    rnd = Membership.objects.get(organization=lynx, role="internal_partner", department__name="R&D")
    assert rnd.user.email == "rnd@lynx.example.com"
    for email in [s.email for s in C.LYNX_STAFF + C.BRICK_STAFF] + [p["email"] for p in C.PERSONAS.values()]:
        assert User.objects.get(email=email).check_password(PASSWORD), email
    printed = [s.email for s in C.LYNX_STAFF + C.BRICK_STAFF if s.hint[0]]
    printed += [p["email"] for p in C.PERSONAS.values()]
    assert len(printed) == 14 and all(email in output for email in printed)
    assert "역할 · Role" in output and "Try first" in output and PASSWORD in output
    assert "Demo lab loaded in" in output and "초 만에 불러왔습니다" in output

    # The program: goal, scope, pilot, a 5R timeline with realization current today.
    program = Program.objects.get(organization=lynx, slug="lynx-axe-2027")
    assert program.title == "Lynx/Axe 2027 co-creation"
    assert program.is_pilot is True and program.status == ProgramStatus.ACTIVE
    assert program.goal and program.scope
    assert [row["state"] for row in program.timeline()] == ["past", "past", "past", "current", "upcoming"]
    assert program.current_stage == Stage.REALIZATION

    # R1: 300 applicants aged 16-24 with consent and a profile snapshot; 18 partners.
    recruitment = Recruitment.objects.get(program=program)
    assert [(q.kind, q.max_length) for q in recruitment.questions.all()] == [
        ("short", 140), ("long", None), ("short", 60), ("choice", None), ("number", None), ("link", None)]
    applications = Application.objects.filter(recruitment=recruitment).select_related("applicant")
    assert applications.count() == 300
    assert dict(applications.values_list("status").annotate(n=Count("id"))) == {
        "selected": 18, "declined": 230, "submitted": 52}
    year = now.year
    for a in applications:
        assert a.consent_text == recruitment.consent_text and a.consented_at is not None
        if a.anonymised_at is None:
            assert year - 24 <= a.applicant.birth_year <= year - 16
            assert a.profile["email"] == a.applicant.email and a.profile["region"] == a.applicant.region
        assert len(a.answers.get(question__order=0).text) <= 140
        assert a.submitted_at < datetime.combine(program.recruiting_ends, datetime.min.time(), tzinfo=UTC)
    applicants = User.objects.filter(applications__recruitment=recruitment)
    followers = sorted(applicants.values_list("follower_count", flat=True))
    assert followers[-1] > 20 * followers[len(followers) // 2]  # a heavy tail of reach
    assert applicants.exclude(community_roles="").count() >= 20
    assert applicants.filter(language="en").count() >= 20 and applicants.filter(language="ko").count() >= 250
    assert len(set(applicants.values_list("region", flat=True))) >= 12
    partners = Partner.objects.filter(program=program).select_related("user", "application")
    assert partners.count() == 18
    assert all(p.application.status == "selected" for p in partners)
    assert max(Counter(p.user.gender for p in partners).values()) <= 9
    assert max(Counter(p.user.region for p in partners).values()) <= 4
    assert {"partner@example.com", "newpartner@example.com"} <= {p.user.email for p in partners}

    # R2: the published agreement with 4 × 25 %, accepted by most partners but not all.
    agreement = Agreement.objects.get(program=program)
    assert agreement.status == AgreementStatus.PUBLISHED and agreement.version == 1
    assert all([agreement.evaluators, agreement.method, agreement.ip_ownership, agreement.confidentiality,
                agreement.result_consent])
    criteria = list(agreement.criteria.order_by("order"))
    assert [c.weight for c in criteria] == [25, 25, 25, 25]
    assert [c.name.split(" · ")[1] for c in criteria] == ["Creativity", "Usefulness", "Brand impact",
                                                         "Participant vote"]
    acceptors = set(AgreementAcceptance.objects.filter(  # partners; a public mission may bring others
        agreement=agreement, user_id__in=partners.values_list("user_id", flat=True)).values_list("user_id", flat=True))
    assert len(acceptors) == 15
    assert acceptors < set(partners.values_list("user_id", flat=True))
    assert User.objects.get(email="newpartner@example.com").pk not in acceptors

    # Two confidential missions, one closed and one open, with tasks and wanted ideas; the R&R
    # mission types (issue 4) are checked in _assert_rr_missions.
    rr_titles = [m["title"] for m in C.R_AND_R_MISSIONS.values()]
    rr = Mission.objects.filter(program=program, title__in=rr_titles)
    missions = list(Mission.objects.filter(program=program).exclude(title__in=rr_titles).order_by("starts_at"))
    assert [m.is_confidential for m in missions] == [True, True]
    assert [m.is_open() for m in missions] == [False, True]
    assert all(m.tasks.count() == 3 and m.wanted_ideas for m in missions)

    # Ideas: 60 in the Lynx lab across both doors, in every state (the idea revived into the
    # 2028 program is checked in _assert_r4).
    ideas = Idea.objects.filter(organization=lynx, revived_from__isnull=True).exclude(mission__in=rr)
    assert ideas.count() == 60
    assert Counter(ideas.values_list("state", flat=True)) == LYNX_STATES
    assert Counter(ideas.exclude(mission=None).values_list("mission_id", flat=True)) == {
        missions[0].pk: 22, missions[1].pk: 14}
    open_ideas = ideas.filter(channel=Channel.OPEN)
    assert open_ideas.count() == 24
    partner_ids = set(partners.values_list("user_id", flat=True))
    assert open_ideas.exclude(author_id__in=partner_ids).exists()
    assert all(i.author_id in acceptors for i in ideas.filter(channel=Channel.MISSION))
    hangul = [i for i in ideas if any("\uac00" <= ch <= "\ud7a3" for ch in i.title)]
    assert 40 <= len(hangul) < 60  # bilingual: mostly Korean, some English
    for idea in ideas.filter(mission=missions[0]).exclude(state=S.DRAFT):
        assert missions[0].starts_at <= idea.submitted_at < missions[0].ends_at
    assert all(i.support_count == i.supports.count() for i in ideas)
    assert Support.objects.filter(idea__organization=lynx).count() > 300
    assert ideas.filter(comment_count__gt=0).count() > 30

    # Scores: the three judges on the three judged criteria for every idea past evaluation; the
    # fourth, the participant vote (Coca-Cola's 25 %), comes from the supports.
    judges = set(Membership.objects.filter(organization=lynx, role="judge").values_list("user_id", flat=True))
    judged = [c for c in criteria if not c.is_crowd_vote]
    assert [c.is_crowd_vote for c in criteria] == [False, False, False, True]
    reviewed = ideas.filter(channel=Channel.MISSION, state__in=SCORED_AND_REVIEWED)
    assert reviewed.count() == 19
    breakdowns = breakdowns_for(list(reviewed))
    for idea in reviewed:
        rows = list(Score.objects.filter(idea=idea).values_list("judge_id", "criterion_id", "value"))
        assert len(rows) == 9
        assert {r[0] for r in rows} == judges and {r[1] for r in rows} == {c.pk for c in judged}
        breakdown = breakdowns[idea.pk]
        assert breakdown.complete and breakdown.judges == 3
    in_evaluation = ideas.filter(state=S.IN_EVALUATION)
    assert all(1 <= len({s.judge_id for s in i.scores.all()}) <= 3 for i in in_evaluation)
    assert not Score.objects.filter(idea__state__in=[S.DRAFT, S.SUBMITTED]).exists()
    assert Score.objects.count() == 213

    # Decisions: every rejection says why, every acceptance names a department (the staged
    # round, not released yet, is checked in _assert_r4).
    decisions = Decision.objects.exclude(idea__mission__in=rr).filter(released_at__isnull=False)
    assert Counter(decisions.values_list("kind", flat=True)) == {"accept": 14, "park": 6, "reject": 10}
    assert all(d.reason.strip() for d in decisions.filter(kind="reject"))
    assert all(d.department_id for d in decisions.filter(kind="accept"))
    assert all(d.decided_by.memberships.filter(role="executive").exists() for d in decisions)
    revived = ideas.get(state=S.IN_EXECUTIVE_REVIEW, decisions__kind="park", decisions__released_at__isnull=False)
    assert AuditEvent.objects.filter(target_type="ideas.idea", target_id=revived.pk,
                                     data__revived=True).count() == 1

    # Outcomes with progress for accepted ideas; 100 % means implemented.
    outcomes = Outcome.objects.exclude(idea__mission__in=rr).select_related("idea")
    assert outcomes.count() == 14
    for outcome in outcomes:
        updates = list(outcome.updates.order_by("created_at", "id").values_list("progress", flat=True))
        if outcome.idea.state == S.IMPLEMENTED:
            assert updates[-1] == 100 == outcome.progress
        elif outcome.idea.state == S.IN_IMPLEMENTATION:
            assert updates and 0 < outcome.progress < 100
        else:
            assert outcome.idea.state == S.ACCEPTED and updates == []
    assert OutcomeUpdate.objects.count() == 18  # the accepted design has no update yet
    assert max(o.updates.count() for o in outcomes) == 3

    # One abusive idea hidden with its reason, by staff; nothing deleted.
    hidden = Idea.objects.get(hidden_at__isnull=False)
    assert hidden.hidden_reason.strip() and hidden.hidden_by.email == "admin@lynx.example.com"

    # The audit log saw every idea created and every state change.
    assert AuditEvent.objects.filter(verb="idea.created").count() == 66 + RR_IDEAS
    # (An idea revived into a later program is born submitted: its event is idea.revived_into.)
    submitted = Idea.objects.exclude(state=S.DRAFT).filter(revived_from__isnull=True).count()
    assert AuditEvent.objects.filter(verb="idea.transition", data__to="submitted").count() == submitted
    assert AuditEvent.objects.filter(verb="idea.revived_into").count() == 1

    # The second organization: an open channel only, shared members.
    brick = Organization.objects.get(slug="brickverse")
    assert not Program.objects.filter(organization=brick).exists()
    assert Idea.objects.filter(organization=brick, channel=Channel.OPEN).count() == 6
    member = User.objects.get(email="member@example.com")
    assert set(Idea.objects.filter(author=member).values_list("organization__slug", flat=True)) == {
        "brickverse", "lynx-lab"}

    _assert_r1_and_pool(lynx, program, recruitment, output)
    _assert_rr_missions(lynx, program, output)
    _assert_r4(lynx, program, output)

    # History is spread over months, not stamped with the moment of loading.
    assert Application.objects.order_by("submitted_at").first().submitted_at < now - timedelta(days=100)
    assert Notification.objects.filter(created_at__lt=now - timedelta(days=30)).exists()


def _assert_rr_missions(lynx, program, output: str) -> None:
    """Issue 4's cases, open today: 4320 SYD posts, a public design contest, store visits."""
    now = timezone.now()
    spec = C.R_AND_R_MISSIONS
    partner = User.objects.get(email="partner@example.com")

    # 4320 SYD: 72 hourly posts over three days, three sub-missions, late work marked late.
    syd = Mission.objects.get(program=program, title=spec["syd"]["title"])
    assert (syd.kind, syd.visibility, syd.late_policy, syd.team_size_max) == (
        "co_marketing", "cohort", "mark_late", 3)
    assert syd.is_open() and timedelta(hours=25) < now - syd.starts_at < timedelta(hours=27)
    posts = list(syd.deliverables.order_by("due_at"))
    assert len(posts) == 72 and posts[0].title == "포스트 1 · Post 1" and posts[-1].title == "포스트 72 · Post 72"
    assert posts[0].due_at - syd.starts_at == timedelta(hours=2)
    assert all(b.due_at - a.due_at == timedelta(hours=1) for a, b in zip(posts, posts[1:], strict=False))
    assert posts[-1].due_at <= syd.ends_at
    past = [d for d in posts if d.due_at <= now]
    assert len(past) == 25
    subs = list(syd.sub_missions.order_by("order"))
    assert [(s.title, s.capacity) for s in subs] == [("항구 · Harbour", 4), ("해변 · Beaches", 4), ("음식 · Food", 3)]
    assert Counter(syd.participations.values_list("sub_mission__title", flat=True)) == {
        "항구 · Harbour": 4, "해변 · Beaches": 3, "음식 · Food": 1}
    assert syd.participations.get(user=partner).sub_mission == subs[0]
    mine = Idea.objects.filter(mission=syd, author=partner)
    submitted = mine.exclude(state=S.DRAFT)
    assert submitted.count() == 25 and set(submitted.values_list("deliverable_id", flat=True)) == {d.pk for d in past}
    assert list(submitted.filter(is_late=True).values_list("deliverable__title", flat=True)) == ["포스트 7 · Post 7"]
    for idea in submitted.select_related("deliverable"):
        assert idea.details["content_kind"] == "post" and idea.details["post_url"].startswith("https://")
        assert idea.submitted_at < idea.deliverable.due_at or idea.is_late
    draft = mine.get(state=S.DRAFT)
    assert draft.deliverable == posts[25] and draft.details["channel"] == "Instagram"
    assert Idea.objects.filter(mission=syd).exclude(author=partner).count() == 6
    team = syd.teams.get()
    assert team.name == spec["syd"]["team"]
    assert Counter(team.members.values_list("state", flat=True)) == {"accepted": 2, "invited": 1}
    assert team.members.get(state="invited").user == partner
    assert Notification.objects.filter(user=partner, kind="team_invited").count() == 1
    reward, invite = syd.incentives.order_by("order")
    assert (reward.condition, reward.nature, invite.kind, invite.nature) == (
        "mission_complete", "extrinsic", "invitation", "intrinsic")
    assert not reward.grants.exists()  # nobody has posted all 72 yet

    # The public design contest: five designs, one from the pool beyond the partners, one accepted.
    design = Mission.objects.get(program=program, title=spec["design"]["title"])
    assert (design.kind, design.visibility) == ("co_development", "public")
    designs = Idea.objects.filter(mission=design)
    assert designs.count() == 5 and not designs.filter(state=S.DRAFT).exists()
    partner_ids = set(Partner.objects.filter(program=program).values_list("user_id", flat=True))
    outsiders = designs.exclude(author_id__in=partner_ids).select_related("author")
    assert outsiders.count() == 1
    for idea in outsiders:
        assert PoolMember.objects.filter(organization=lynx, user=idea.author, status="active").exists()
        assert AgreementAcceptance.objects.filter(agreement__program=program, user=idea.author).exists()
    winner = designs.get(state=S.ACCEPTED)
    assert winner.title == C.DESIGNS[C.DESIGN_WINNER][0]
    assert winner.decisions.get().department.name == "Packaging"
    cash = Incentive.objects.get(program=program, kind="cash")
    credit = Incentive.objects.get(program=program, kind="name_credit")
    assert (cash.amount, cash.currency, cash.condition, cash.nature) == (Decimal("1000"), "USD", "winners", "extrinsic")
    assert (credit.condition, credit.nature) == ("winners", "intrinsic")
    granted = Grant.objects.filter(user=winner.author, source=f"ideas.idea:{winner.pk}")
    assert set(granted.values_list("incentive__kind", flat=True)) == {"cash", "name_credit"}
    # The contest's winners only: its one accepted design earned both, once.
    assert cash.mission == credit.mission == design
    assert list(cash.grants.values_list("user", flat=True)) == [winner.author_id]
    assert list(credit.grants.values_list("user", flat=True)) == [winner.author_id]
    assert Notification.objects.filter(user=winner.author, kind="idea_accepted").exists()

    # Mystery shopping in the cohort: eight reports on the default checklist.
    shop = Mission.objects.get(program=program, title=spec["shop"]["title"])
    assert (shop.kind, shop.visibility) == ("mystery_shopping", "cohort")
    assert [i["key"] for i in shop.type.effective_config(shop)["checklist"]] == ["staff", "attitude", "atmosphere"]
    reports = list(Idea.objects.filter(mission=shop, state=S.SUBMITTED))
    assert len(reports) == 8
    ratings = {key: [r.details["ratings"][key] for r in reports] for key in ("staff", "attitude", "atmosphere")}
    assert {k: sum(v) for k, v in ratings.items()} == {"staff": 29, "attitude": 30, "atmosphere": 27}
    assert all(len(r.details["improvements"]) >= 20 for r in reports)
    assert all(date.fromisoformat(r.details["visit_date"]) <= now.date() for r in reports)

    # The tour points at them.
    for url in ["/me/missions/", f"/missions/{syd.pk}/", f"/missions/{design.pk}/", f"/missions/{shop.pk}/review/"]:
        assert url in output, url


def _assert_r4(lynx, program, output: str) -> None:
    """Issue 5's realization, built through its services: reason templates, judges' queues,
    concepts from a clustering run, forwardings, a staged round, explanations, appeals to a
    second executive, a revival into the 2028 program and the board's first looks."""
    now = timezone.now()
    # The summary prints the R4 totals as loaded.
    assert (f"심사 배정 · judge assignments {JudgeAssignment.objects.count()} · " in output
            and f"부서 전달 · forwardings {Forwarding.objects.count()} · " in output
            and f"이의 제기 · appeals {Appeal.objects.count()} · " in output), output
    rr = Mission.objects.filter(program=program, title__in=[m["title"] for m in C.R_AND_R_MISSIONS.values()])
    executive = User.objects.get(email="executive@lynx.example.com")
    second = User.objects.get(email="executive2@lynx.example.com")
    partner = User.objects.get(email="partner@example.com")
    partner_of = {m.department.name: m.user for m in Membership.objects.filter(
        organization=lynx, role="internal_partner").select_related("department", "user")}

    # The organization's rejection reasons: the five suggested and its own, in both languages;
    # every released Lynx rejection cites some, mission ideas also the published criteria.
    reasons = list(RejectionReason.objects.filter(organization=lynx).order_by("order"))
    assert [r.text_en for r in reasons][-1] == C.LYNX_REASON[0] and len(reasons) == 6
    assert all(r.text_en and r.text_ko and r.active for r in reasons)
    assert not RejectionReason.objects.exclude(organization=lynx).exists()
    criteria = set(program.agreements.get().criteria.values_list("pk", flat=True))
    rejections = Decision.objects.filter(idea__organization=lynx, kind="reject", released_at__isnull=False)
    assert rejections.count() == 9
    for d in rejections.select_related("idea"):
        cited = set(d.reason_templates.values_list("text_en", flat=True))
        expected, concerned = C.REJECTIONS[d.idea.title]
        assert cited == {reasons[i].text_en for i in expected}, d.idea.title
        assert set(d.criteria.values_list("pk", flat=True)) <= criteria
        assert d.criteria.count() == (len(concerned) if d.idea.mission_id else 0)

    # Judges: every score was asked for (an assignment); ideas still in evaluation wait for
    # all three; the open mission's newest ideas got two judges each from the balanced
    # assignment. A queue holds only its judge's ideas, none of the R&R posts or reports.
    assert JudgeAssignment.objects.count() == 90
    assert not Score.objects.exclude(idea__judge_assignments__judge=F("judge")).exists()
    auto = JudgeAssignment.objects.filter(automatic=True)
    assert auto.count() == 12 and set(auto.values_list("idea__state", flat=True)) == {S.SUBMITTED}
    assert all(n == 2 for n in Counter(auto.values_list("idea_id", flat=True)).values())
    assert all(a.due_at > now for a in auto)
    for idea in Idea.objects.filter(organization=lynx, state=S.IN_EVALUATION):
        assert idea.judge_assignments.count() == 3
    for judge in User.objects.filter(memberships__organization=lynx, memberships__role="judge"):
        done, total = queue_progress(judge, lynx)
        assert total == 11 and 0 < done < total, judge.email
        queue = judge_queue(judge, lynx)
        assert not queue.filter(mission__in=rr).exists()
        assert queue.filter(overdue=True).exists() and queue.filter(overdue=False).exists()

    # Concepts: a real clustering run, its suggestions accepted under the executive's names
    # (both languages) with the ideas then put where they belong; the SYD posts' clusters dismissed.
    run = ClusteringRun.objects.get(organization=lynx)
    assert run.status == "done" and run.progress == 100 and run.idea_count == 97 and run.created_by == executive
    suggestions = ConceptSuggestion.objects.filter(run=run)
    assert suggestions.filter(concept__isnull=False).exists() and suggestions.filter(dismissed=True).exists()
    assert suggestions.count() >= len(C.CONCEPTS)
    concepts = {c.name: c for c in Concept.objects.filter(organization=lynx)}
    assert set(concepts) == {spec["name"] for spec in C.CONCEPTS}
    for spec in C.CONCEPTS:
        assert " · " in spec["name"]
        assert sorted(concepts[spec["name"]].ideas.values_list("title", flat=True)) == sorted(spec["ideas"])

    # Forwardings: three accepted ideas to Packaging (one acknowledged, its author told), and
    # the whole "new scents" concept to R&D; owners are the departments' partners.
    forwardings = Forwarding.objects.filter(idea__organization=lynx).select_related("department", "owner", "idea")
    assert forwardings.count() == 7
    assert Counter((f.department.name, f.concept_id is not None) for f in forwardings) == {
        ("Packaging", False): 3, ("R&D", True): 4}
    assert all(f.owner == partner_of[f.department.name] and f.due_on >= now.date() for f in forwardings)
    assert all(f.idea.state in (S.ACCEPTED, S.IN_IMPLEMENTATION, S.IMPLEMENTED) for f in forwardings)
    assert set(forwardings.filter(concept__isnull=False).values_list("concept__name", flat=True)) == {
        C.CONCEPT_FORWARDED}
    acknowledged = forwardings.get(acknowledged_at__isnull=False)
    assert acknowledged.idea.title == C.FORWARDINGS[0][0] and acknowledged.acknowledged_by == acknowledged.owner
    assert acknowledged.created_at < acknowledged.acknowledged_at < now
    assert Notification.objects.filter(user=acknowledged.idea.author, kind="forwarding_acknowledged").count() == 1

    # The staged round: three decisions waiting to be released; their ideas are still before
    # the board and their authors have not been told.
    staged = list(staged_decisions(lynx))
    assert [(d.idea.title, d.kind) for d in sorted(staged, key=lambda d: d.idea.title)] == sorted(
        (t, k) for t, k, *_rest in C.STAGED)
    for d in staged:
        assert d.idea.state == S.IN_EXECUTIVE_REVIEW and d.released_at is None
        assert not Notification.objects.filter(user=d.idea.author, params__idea=d.idea.title, kind__in=[
            "idea_accepted", "idea_parked", "idea_rejected"]).exists()
    assert next(d for d in staged if d.kind == "reject").reason_templates.exists()
    assert next(d for d in staged if d.kind == "park").revisit_on > now.date()

    # One-to-one explanations: one held with its outcome, the partner persona's scheduled.
    held = ExplanationRequest.objects.get(status="done")
    assert held.idea.title == C.EXPLANATIONS[0][0] and held.outcome == C.EXPLANATIONS[0][3]
    assert held.expert == partner_of["R&D"]
    assert held.decision.released_at < held.created_at < held.scheduled_at < held.completed_at < now
    assert held.scheduled_at.isoformat() in held.proposed_times and len(held.proposed_times) == 2
    upcoming = ExplanationRequest.objects.get(status="scheduled")
    assert upcoming.requested_by == partner and upcoming.expert == partner_of["Packaging"]
    assert upcoming.created_at < now < upcoming.scheduled_at and upcoming.meeting_place

    # Appeals: both went to the second executive, never the one who decided; one upheld and
    # explained, one under review; both filed within the appeal period.
    appeals = list(Appeal.objects.filter(idea__organization=lynx).select_related("decision", "idea"))
    assert sorted(a.status for a in appeals) == ["open", "upheld"]
    for appeal in appeals:
        assert appeal.reviewer == second and appeal.decision.decided_by == executive
        assert appeal.appellant == appeal.idea.author and appeal.idea.state == S.REJECTED
        assert appeal.decision.released_at < appeal.created_at
        assert appeal.created_at <= appeal.decision.released_at + timedelta(days=lynx.appeal_period_days)
    upheld = next(a for a in appeals if a.status == "upheld")
    assert upheld.explanation == C.APPEAL_EXPLANATION and upheld.created_at < upheld.decided_at < now
    assert Notification.objects.filter(user=upheld.appellant, kind="appeal_upheld").count() == 1
    # Released decisions carry the lab's dates: older rejections are past their appeal period.
    assert rejections.filter(released_at__lt=now - timedelta(days=lynx.appeal_period_days)).exists()

    # A parked idea revived into the 2028 program: lineage, author credited and told.
    revived = Idea.objects.get(revived_from__isnull=False)
    original = revived.revived_from
    assert (original.title, original.state) == (C.REVIVED_INTO, S.PARKED)
    assert revived.program.slug == "lynx-axe-2028" and revived.state == S.SUBMITTED
    assert revived.author == original.author and lineage(revived) == [original]
    assert Credit.objects.filter(idea=revived, user=original.author).exists()
    assert Notification.objects.filter(user=original.author, kind="idea_revived").count() == 1

    # First looks: the executive looked at every decided idea before deciding it; some recent
    # ideas are still new on the board, and one open-channel idea is past the review limit.
    report = overdue_report(lynx)
    assert report["total"] == 1 and report["by_program"][0]["program_id"] is None
    unseen = Idea.objects.filter(organization=lynx, first_seen_at__isnull=True).exclude(state=S.DRAFT)
    assert unseen.count() >= 5 and unseen.filter(mission__in=rr).exists()
    overdue = unseen.get(submitted_at__lt=now - timedelta(days=lynx.review_time_limit_days))
    assert overdue.channel == Channel.OPEN and overdue.state == S.SUBMITTED
    for decision in Decision.objects.filter(idea__organization=lynx).select_related("idea"):
        assert decision.idea.submitted_at <= decision.idea.first_seen_at <= decision.decided_at
    assert not Idea.objects.filter(first_seen_at__isnull=False, first_seen_by__isnull=True).exists()
    assert overdue_report(Organization.objects.get(slug="brickverse"))["total"] == 0

    # The tour points at the R4 pages, and the second executive has a login line.
    for url in ["/o/lynx-lab/board/", "/o/lynx-lab/board/overdue/", "/o/lynx-lab/concepts/",
                "/o/lynx-lab/decisions/staged/", "/o/lynx-lab/forwarded/", "/o/lynx-lab/explanations/",
                "/o/lynx-lab/appeals/", "/o/lynx-lab/settings/rejection-reasons/", f"/o/lynx-lab/ideas/{revived.pk}/"]:
        assert url in output, url
    assert "executive2@lynx.example.com" in output


def test_same_seed_loads_the_same_lab(db, settings):
    run_demo("--seed", "7", "--no-flush")
    first = lab_fingerprint()
    # The second load wipes the first; with production settings it needs --force.
    settings.SETTINGS_MODULE = "config.settings.production"
    run_demo("--seed", "7", "--force")
    second = lab_fingerprint()
    assert second == first
    assert len(first["titles"]) == 66 + RR_IDEAS + 1 and len(first["applicants"]) == 358  # + the revived idea
    assert len(first["concepts"]) == 4 and len(first["forwardings"]) == 7 and len(first["appeals"]) == 2
    assert Organization.objects.count() == 2


def test_another_seed_draws_other_people():
    year = 2026
    first = make_people(random.Random(7), count=300, this_year=year)
    again = make_people(random.Random(7), count=300, this_year=year)
    other = make_people(random.Random(8), count=300, this_year=year)
    assert [p.email for p in first] == [p.email for p in again]
    assert [p.email for p in first] != [p.email for p in other]
    assert len({p.email for p in first}) == 300


def test_refuses_production_settings_without_force(db, settings):
    settings.SETTINGS_MODULE = "config.settings.production"
    with pytest.raises(CommandError, match="--force"):
        run_demo("--no-flush")
    assert Organization.objects.count() == 0


def _assert_r1_and_pool(lynx, program, recruitment, output: str) -> None:
    """Screening rounds, quotas, the optimiser's selections and invitations, an intermediary's
    import, a withdrawal, an anonymised decline and the standing pool, all through services."""
    reviewer = User.objects.get(email="reviewer@lynx.example.com")
    others = {"community@lynx.example.com", "manager@lynx.example.com"}
    choice, number, link = list(recruitment.questions.all())[3:]
    assert len(choice.choices) == 6 and not choice.allow_multiple
    assert (number.min_value, number.max_value) == (0, 24) and link.required is False
    answers = {q.pk: list(q.answers.exclude(text="").values_list("text", flat=True)) for q in (choice, number, link)}
    assert set(answers[choice.pk]) <= set(choice.choices) and len(set(answers[choice.pk])) >= 4
    assert all(0 <= float(v) <= 24 for v in answers[number.pk]) and len(answers[number.pk]) == 299
    assert 40 <= len(answers[link.pk]) < 299 and all(v.startswith("https://") for v in answers[link.pk])

    # 2027: a closed written round, three reviewers with 100 applications each, then results.
    written = Round.objects.get(recruitment=recruitment)
    assert written.status == "closed" and written.criteria.count() == 2
    load = {a.reviewer.email: a.applications.count() for a in written.assignments.select_related("reviewer")}
    assert load == {"reviewer@lynx.example.com": 100} | dict.fromkeys(others, 100)
    assert Review.objects.filter(round=written).count() == 600
    assert Counter(written.results.values_list("outcome", flat=True)) == {
        "advanced": 40, "waitlisted": 30, "declined": 229}
    assert Counter(Quota.objects.filter(recruitment=recruitment).values_list("attribute", flat=True)) == {
        "gender": 2, "opinion_leader": 1, "region": 1}
    # The accepted selection is where the 18 partners come from: one declined, one let the
    # deadline pass, both seats refilled from the waitlist.
    accepted = Selection.objects.get(recruitment=recruitment)
    assert accepted.status == "accepted" and accepted.size == 18 and accepted.round == written
    assert Counter(accepted.entries.values_list("status", flat=True)) == {
        "confirmed": 18, "declined": 1, "expired": 1, "waiting": 20}
    confirmed = set(accepted.entries.filter(status="confirmed").values_list("application__applicant_id", flat=True))
    assert confirmed == set(Partner.objects.filter(program=program).values_list("user_id", flat=True))
    assert accepted.entries.filter(role="waitlist", status="confirmed").count() == 2
    for entry in accepted.entries.exclude(status="waiting"):
        assert entry.deadline - entry.invited_at == timedelta(days=7)
        assert entry.invited_at < timezone.now() - timedelta(days=100)
    # One applicant declined long ago is anonymised; nothing else is.
    anonymised = Application.objects.get(anonymised_at__isnull=False)
    assert anonymised.recruitment == recruitment and anonymised.status == "declined" and anonymised.profile == {}
    assert anonymised.decided_at < timezone.now() - timedelta(days=lynx.applicant_retention_days)
    assert not anonymised.answers.exclude(text="").exists()

    # 2028: a second program recruiting now.
    second = Program.objects.get(organization=lynx, slug="lynx-axe-2028")
    call = Recruitment.objects.get(program=second)
    assert call.status == "open" and call.opens_at < timezone.now() < call.closes_at
    assert Counter(call.applications.values_list("status", flat=True)) == {
        "submitted": 34, "declined": 23, "withdrawn": 1}
    job = ImportJob.objects.get(recruitment=call)
    assert (job.status, job.total_rows, job.created_count, job.duplicate_count) == ("done", 12, 10, 0)
    assert [(e.row, [r["code"] for r in e.reasons]) for e in job.row_errors.order_by("row")] == [
        (10, ["email_invalid"]), (11, ["answer_not_a_number"])]
    assert call.applications.filter(source="headbox").count() == 10
    assert User.objects.filter(email__endswith="@headbox.example").count() == 10
    written2, interviews = Round.objects.filter(recruitment=call).order_by("order")
    assert written2.status == "closed" and interviews.status == "open"
    assert Counter(written2.results.values_list("outcome", flat=True)) == {
        "advanced": 24, "waitlisted": 10, "declined": 23}
    sources = list(interviews.criteria.values_list("source", flat=True))
    assert sources == ["manual", "followers_log", "answer"]
    assert interviews.criteria.get(source="answer").question.kind == "number"
    queue = review_queue(interviews, reviewer)
    assert (queue.done, queue.total) == (9, 24)
    community = User.objects.get(email="community@lynx.example.com")
    assert (review_queue(interviews, community).done, review_queue(interviews, community).total) == (4, 12)
    proposed = Selection.objects.get(recruitment=call)
    assert proposed.status == "proposed" and proposed.size == 12 and proposed.round == interviews
    assert proposed.entries.filter(role="chosen").count() == 12

    # The standing pool: the 18 partners, two from the open channel, one resting; two pool
    # invitations to 2028, one accepted (a partner there now) and the partner persona's pending.
    members = PoolMember.objects.filter(organization=lynx)
    assert Counter(members.values_list("source", flat=True)) == {"selected": 18, "open_channel": 2}
    assert Counter(members.values_list("status", flat=True)) == {"active": 19, "resting": 1}
    assert not members.filter(source="open_channel", user_id__in=confirmed).exists()
    invitations = PoolInvitation.objects.filter(program=second)
    assert Counter(invitations.values_list("status", flat=True)) == {"pending": 1, "accepted": 1}
    assert invitations.get(status="pending").member.user.email == "partner@example.com"
    assert invitations.get(status="pending").is_open
    assert list(Partner.objects.filter(program=second).values_list("user_id", flat=True)) == [
        invitations.get(status="accepted").member.user_id]

    # The summary says so, and points at the pages.
    assert "withdrawn 1, anonymised 1" in output and "10 created, 2 rows refused" in output
    assert "confirmed 18, declined 1, expired 1" in output and "pending 1, accepted 1" in output
    assert f"/recruitments/{call.pk}/rounds/{interviews.pk}/review/" in output
    assert f"/imports/{job.pk}/" in output and "/o/lynx-lab/pool/" in output
