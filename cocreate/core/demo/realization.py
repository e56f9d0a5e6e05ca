"""R4 realization for the demo lab (issue 5): the judges' balanced assignments, business
concepts from a real clustering run, forwardings to departments, a round of staged decisions,
one-to-one explanations, appeals decided by a second executive, a parked idea revived into the
2028 program, and the executives' first looks on the board.

Everything goes through the services, as in ``builder``; the builder's virtual clock dates
what they stamp. It draws from its own random generator so the rest of the lab stays what it
was."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from django.urls import reverse

from cocreate.evaluation.models import JudgeAssignment
from cocreate.evaluation.services_judging import assignments_auto
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Idea
from cocreate.notifications.models import Notification
from cocreate.realization.board import mark_seen
from cocreate.realization.concepts import (
    clustering_execute,
    clustering_start,
    concept_create,
    ideas_classify,
    suggestion_accept,
    suggestion_dismiss,
)
from cocreate.realization.fairness import (
    appeal_decide,
    appeal_file,
    decision_in_force,
    explanation_assign,
    explanation_complete,
    explanation_confirm,
    explanation_propose,
    explanation_request,
    proposed_datetimes,
)
from cocreate.realization.forwarding import acknowledge, forward_concept, forward_ideas
from cocreate.realization.models import Concept, Decision, ExplanationRequest, Forwarding
from cocreate.realization.revival import idea_revive_into
from cocreate.realization.services import idea_decide

from . import content as C

JUDGING_DUE_AUTO = timedelta(days=7)  # the open mission's latest ideas, assigned automatically
CONCEPT_DUE = timedelta(days=45)


class Realization:
    """The builder's R4 steps; ``b`` is the ``DemoBuilder`` (clock, users, departments)."""

    def __init__(self, builder, seed: int):
        self.b = builder
        self.rng = random.Random(f"r4-{seed}")
        self.org = None
        self.run = None
        self.concepts: dict[str, Concept] = {}
        self.revived: Idea | None = None

    # -- helpers ---------------------------------------------------------------------------
    def _virtual(self, model, field: str, pk: int) -> datetime:
        """The lab's time of a row's stamp (the database holds the real one until the end)."""
        return self.b.clock.stamps[model][field][pk]

    def _ago(self, moment: datetime) -> float:
        return (self.b.today - moment).total_seconds() / 86400

    def _idea(self, title: str) -> Idea:
        return Idea.objects.select_related("organization", "program").get(
            organization=self.org, title=title, revived_from__isnull=True)

    def _decided_ago(self, decision: Decision) -> float:
        return self._ago(self._virtual(Decision, "decided_at", decision.pk))

    # -- judging: the balanced automatic assignment -----------------------------------------
    def judging_auto(self, program) -> None:
        """The open mission's newest ideas get the agreement's number of judges, balanced by
        load; the ideas already being scored keep the judges the manager asked."""
        b = self.b
        self.org = program.organization
        b.at(1.2)
        _plan, created = assignments_auto(program, actor=b.users["manager"], due_at=b.today + JUDGING_DUE_AUTO,
                                          seed=b.seed)
        # bulk_create sends no post_save: the clock is told about these rows.
        b.clock.note(JudgeAssignment, ("created_at",), [a.pk for a in created], b.clock.now)

    # -- the rest, once every idea exists ------------------------------------------------------
    def build(self, org) -> None:
        self.org = org
        self._forwardings()
        self._concepts()
        self._staged()
        self._explanations()
        self._appeals()
        self._revival()

    def _concepts(self) -> None:
        """A real clustering run over the published ideas; the executive accepts a suggestion
        per theme under a name in both languages, then moves each idea where it belongs, and
        dismisses the clusters of the 4320 SYD posts (social posts, not proposals)."""
        b, executive = self.b, self.b.users["executive"]
        b.at(0.6)
        run = clustering_start(actor=executive, organization=self.org)
        # The task would run on commit; the demo runs its body here, as the worker does.
        self.run = clustering_execute(run.pk)
        suggestions = list(self.run.suggestions.order_by("-size", "id"))
        for n, spec in enumerate(C.CONCEPTS):
            wanted = {self._idea(title).pk for title in spec["ideas"]}
            b.at(0.55 - n * 0.02)
            open_ones = [s for s in suggestions if not s.concept_id and not s.dismissed]
            best = max(open_ones, key=lambda s: (len(wanted & set(s.idea_ids)), -s.pk), default=None)
            if best is not None and wanted & set(best.idea_ids):
                concept = suggestion_accept(actor=executive, suggestion=best, name=spec["name"],
                                            description=spec["description"])
            else:
                concept = concept_create(actor=executive, organization=self.org, name=spec["name"],
                                         description=spec["description"])
            self.concepts[spec["name"]] = concept
            b.at(0.54 - n * 0.02)
            strays = set(Idea.objects.filter(concept=concept).values_list("pk", flat=True)) - wanted
            ideas_classify(actor=executive, organization=self.org, idea_ids=sorted(wanted), concept=concept)
            if strays:
                ideas_classify(actor=executive, organization=self.org, idea_ids=sorted(strays), concept=None)
        posts = set(Idea.objects.filter(mission=b.rr.missions["syd"]).values_list("pk", flat=True))
        b.at(0.45)
        for s in suggestions:
            if not s.concept_id and not s.dismissed and set(s.idea_ids) <= posts:
                suggestion_dismiss(actor=executive, suggestion=s)
        # A whole concept goes to R&D: every accepted idea in it, one owner, one due date.
        b.at(0.3)
        rnd = b.departments["rnd"]
        forward_concept(self.concepts[C.CONCEPT_FORWARDED], department=rnd, owner=b.department_partners[rnd.pk],
                        due_on=(b.today + CONCEPT_DUE).date(), note=C.CONCEPT_NOTE, actor=executive)

    def _forwardings(self) -> None:
        """Accepted ideas handed to a department's partner with a due date, half a day after
        the decision; Packaging acknowledges the first two days later."""
        b, executive = self.b, self.b.users["executive"]
        for title, key, due_days, acknowledged in C.FORWARDINGS:
            idea = self._idea(title)
            department = b.departments[key]
            owner = b.department_partners[department.pk]
            sent = max(self._decided_ago(decision_in_force(idea)) - 0.5, 0.8)
            b.at(sent)
            (forwarding,) = forward_ideas([idea], department=department, owner=owner, note=C.FORWARDING_NOTE,
                                         due_on=(b.today + timedelta(days=due_days)).date(), actor=executive)
            if acknowledged:
                when = b.at(max(sent - 2, 0.5))
                acknowledge(forwarding, actor=owner)
                b.clock.note(Forwarding, ("acknowledged_at",), [forwarding.pk], when)

    def _staged(self) -> None:
        """The end of a round: three decisions staged yesterday, not yet released; their ideas
        stay before the board and their authors have heard nothing."""
        b, executive = self.b, self.b.users["executive"]
        for n, (title, kind, reason, key, reasons, criteria, revisit_days) in enumerate(C.STAGED):
            idea = self._idea(title)
            b.at(1.4 - n * 0.2)
            idea_decide(idea, actor=executive, kind=kind, reason=reason, stage=True,
                        department=b.departments[key] if key else None,
                        reasons=[b.reasons[i] for i in reasons], criteria=[b.criteria[i] for i in criteria],
                        revisit_on=(b.today + timedelta(days=revisit_days)).date() if revisit_days else None)

    def _explanations(self) -> None:
        """Two rejected authors asked for a one-to-one explanation: one meeting was held and its
        outcome recorded, the partner persona's is scheduled for the coming days."""
        held, upcoming = C.EXPLANATIONS
        self._explanation(held, asked=None, meeting_in=(3, 4))
        self._explanation(upcoming, asked=5.0, meeting_in=None)

    def _explanation(self, spec, *, asked: float | None, meeting_in: tuple[int, int] | None) -> None:
        b, executive = self.b, self.b.users["executive"]
        title, key, message, outcome = spec
        idea = self._idea(title)
        decision = decision_in_force(idea)
        if asked is None:
            asked = self._decided_ago(decision) - 1
        expert = b.department_partners[b.departments[key].pk]
        b.at(asked)
        req = explanation_request(idea, actor=idea.author, message=message)
        b.at(asked - 0.5)
        explanation_assign(req, actor=executive, expert=expert)
        proposed = b.at(asked - 1)
        if meeting_in is None:
            # Still to come: two afternoons (Seoul time) in the coming days.
            times = [(b.today + timedelta(days=d)).replace(hour=6, minute=0, second=0, microsecond=0) for d in (2, 3)]
            explanation_propose(req, actor=expert, times=times, place=C.EXPLANATION_PLACE)
            b.at(asked - 1.5)
            explanation_confirm(req, actor=idea.author, at=proposed_datetimes(req)[0])
            return
        # Held already: the expert proposed times a few days after the request. The service
        # wants them after the real now, so they are proposed that far ahead of it and moved,
        # with the moment of proposing, into the lab's past.
        chosen = [(proposed + timedelta(days=d)).replace(hour=7, minute=0, second=0, microsecond=0)
                  for d in meeting_in]
        real_now = datetime.now(UTC)
        explanation_propose(req, actor=expert, times=[real_now + (t - proposed) for t in chosen],
                            place=C.EXPLANATION_PLACE)
        b.at(asked - 1.5)
        explanation_confirm(req, actor=idea.author, at=proposed_datetimes(req)[0])
        b.clock.fix(ExplanationRequest, req.pk, "proposed_times", [t.astimezone(UTC).isoformat() for t in chosen])
        b.clock.fix(ExplanationRequest, req.pk, "scheduled_at", chosen[0])
        notice = Notification.objects.filter(user=expert, kind="explanation_scheduled").order_by("-pk").first()
        b.clock.fix(Notification, notice.pk, "params", notice.params | {"when_iso": chosen[0].isoformat()})
        b.clock.now = chosen[0] + timedelta(hours=1)
        explanation_complete(req, actor=expert, outcome=outcome)

    def _appeals(self) -> None:
        """Two rejected authors appealed soon after the decision; both appeals went to the
        second executive (never the one who decided): one upheld with its explanation, the
        most recent still under review."""
        b = self.b
        taken = {spec[0] for spec in C.EXPLANATIONS}
        rejected = [i for i in Idea.objects.filter(organization=self.org, state=IdeaState.REJECTED)
                    .exclude(mission__in=list(b.rr.missions.values())).order_by("pk") if i.title not in taken]
        recent = sorted(((self._decided_ago(decision_in_force(i)), i.pk, i) for i in rejected), key=lambda r: r[:2])
        second = b.users["executive2"]
        (ago, _pk, idea), rest = recent[0], recent[1:]
        b.at(max(ago - 1.5, ago / 2))
        appeal = appeal_file(idea, actor=idea.author, grounds=C.APPEAL_GROUNDS)
        assert appeal.reviewer_id == second.pk, "the appeal should go to the second executive"
        ago, _pk, idea = next(r for r in rest if r[0] >= 6)
        b.at(ago - 2)
        appeal = appeal_file(idea, actor=idea.author, grounds=C.APPEAL_GROUNDS)
        b.at(ago - 5)
        appeal_decide(appeal, actor=second, overturn=False, explanation=C.APPEAL_EXPLANATION)

    def _revival(self) -> None:
        """A parked idea kept "for the 2028 review" becomes an idea of the 2028 program: its
        author and lineage kept, and told."""
        b = self.b
        b.at(9)
        self.revived = idea_revive_into(self._idea(C.REVIVED_INTO), actor=b.users["manager"],
                                        program=b.screening.program_next, note=C.REVIVAL_NOTE)

    # -- first looks on the board -------------------------------------------------------------
    def first_looks(self, org, executive, *, leave_overdue: bool) -> None:
        """The executive looked at every idea within days of its submission (before deciding
        it), except some of the last two weeks; with ``leave_overdue`` one open-channel idea
        older than the review limit was missed, so the board shows it overdue."""
        b = self.b
        limit = org.review_time_limit_days
        ideas = list(Idea.objects.filter(organization=org).exclude(state=IdeaState.DRAFT)
                     .order_by("pk").values_list("pk", "state", "channel", "hidden_at"))
        submitted = {pk: self._virtual(Idea, "submitted_at", pk) for pk, *_rest in ideas}
        decided: dict[int, datetime] = {}
        for pk, idea_id in Decision.objects.filter(idea__organization=org).order_by("pk").values_list("pk", "idea_id"):
            at = self._virtual(Decision, "decided_at", pk)
            decided[idea_id] = min(decided.get(idea_id, at), at)
        missed = None
        if leave_overdue:
            # An open-channel idea nobody sent anywhere; failing that (a seed with only recent
            # ones), any idea still waiting for a decision.
            waiting = [(channel != Channel.OPEN or state != IdeaState.SUBMITTED, submitted[pk], pk)
                       for pk, state, channel, hidden in ideas
                       if state in (IdeaState.SUBMITTED, IdeaState.IN_EVALUATION) and hidden is None
                       and pk not in decided and self._ago(submitted[pk]) > limit + 1]
            missed = min(waiting, default=(None, None, None))[2]
        for pk, *_rest in ideas:
            age = self._ago(submitted[pk])
            if pk == missed or (age <= limit and pk not in decided and self.rng.random() < 0.5):
                continue
            room = min(age - 0.05, 10.0)
            if pk in decided:
                room = min(room, (decided[pk] - submitted[pk]).total_seconds() / 86400 - 0.02)
            room = max(room, 0.01)
            seen = submitted[pk] + timedelta(days=self.rng.uniform(min(0.05, room / 2), room))
            b.clock.now = seen
            mark_seen(org, [pk], actor=executive)
            b.clock.note(Idea, ("first_seen_at",), [pk], seen)

    # -- where to look ------------------------------------------------------------------------
    def tour(self) -> list[tuple[tuple[str, str], str]]:
        slug = self.org.slug
        rows = [(C.R4_TOUR[name], reverse(f"realization:{name}", args=[slug]))
                for name in ("board", "overdue", "concepts", "staged", "forwarded", "explanations", "appeals",
                             "reasons")]
        rows.append((C.R4_TOUR["revived"], reverse("ideas:detail", args=[slug, self.revived.pk])))
        return rows

    def counts(self) -> dict[str, int]:
        from cocreate.realization.models import Appeal, ClusteringRun, ConceptSuggestion, RejectionReason

        return {
            "judge_assignments": JudgeAssignment.objects.count(),
            "rejection_reasons": RejectionReason.objects.count(),
            "clustering_runs": ClusteringRun.objects.count(),
            "suggestions": ConceptSuggestion.objects.count(),
            "concepts": Concept.objects.count(),
            "classified": Idea.objects.filter(concept__isnull=False).count(),
            "forwardings": Forwarding.objects.count(),
            "staged": Decision.objects.filter(released_at__isnull=True).count(),
            "explanations": ExplanationRequest.objects.count(),
            "appeals": Appeal.objects.count(),
            "revived_into": Idea.objects.filter(revived_from__isnull=False).count(),
            "unseen": Idea.objects.exclude(state=IdeaState.DRAFT).filter(first_seen_at__isnull=True).count(),
        }
