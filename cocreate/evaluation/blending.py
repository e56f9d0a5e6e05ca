"""Reading what the blend needs from the database: agreements, scores, crowd votes.

``blends_for(ideas)`` returns one :class:`cocreate.evaluation.scoring.Blend` per program of the
given ideas, in a constant number of queries whatever the number of ideas: the agreements in
force and their criteria (2), the scores (1), and per crowd source used on the page the counted
and held votes (supports 1, ratings 1, pairwise 2 plus the Bradley-Terry ranking of each
pairwise program). A program whose agreement corrects leniency has all its scores read, since a
judge's leniency is measured over every idea the judge scored; otherwise only the given
ideas' scores are read. Only counted votes count; held ones are counted apart and shown."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db.models import Count, Q, Sum

from cocreate.ideas.enums import VoteStatus
from cocreate.ideas.models import Support
from cocreate.programs.enums import AgreementStatus, CrowdSource, Leniency
from cocreate.programs.models import Agreement

from .models import CrowdRating, PairwiseVote, Score
from .scoring import Blend, CriterionSpec, blend, crowd_from_pairwise, crowd_from_ratings, crowd_from_supports

COUNTED, HELD = VoteStatus.COUNTED, VoteStatus.HELD


def specs_of(agreement) -> list[CriterionSpec]:
    return [CriterionSpec(c.id, c.name, c.weight, c.scale_max, c.is_crowd_vote) for c in agreement.criteria.all()]


def _has_crowd(agreement) -> bool:
    return any(c.is_crowd_vote for c in agreement.criteria.all())


def _pairwise_strengths(program) -> dict[int, float]:
    """Each idea's chance to beat a random idea (Bradley-Terry on the counted pairwise votes),
    from the pairwise-voting module, imported here because it reads the program's votes."""
    from cocreate.evaluation.pairwise_votes import pairwise_strengths

    return pairwise_strengths(program)


def agreements_for(program_ids) -> dict[int, Agreement]:
    return {
        a.program_id: a
        for a in Agreement.objects.filter(program_id__in=set(program_ids), status=AgreementStatus.PUBLISHED)
        .select_related("program").prefetch_related("criteria")
    }


def blends_for(ideas, agreements: dict[int, Agreement] | None = None) -> dict[int, Blend]:
    """One blend per program (keyed by program id) covering at least the given ideas."""
    ideas = [i for i in ideas if i.program_id]
    if not ideas:
        return {}
    if agreements is None:
        agreements = agreements_for(i.program_id for i in ideas)
    agreements = {pid: a for pid, a in agreements.items() if a.criteria.all()}
    wanted: dict[int, list[int]] = defaultdict(list)
    for i in ideas:
        if i.program_id in agreements:
            wanted[i.program_id].append(i.pk)
    if not wanted:
        return {}
    page_ids = [pk for pks in wanted.values() for pk in pks]
    lenient = [pid for pid in wanted if agreements[pid].leniency != Leniency.NONE]
    scores: dict[int, list[tuple]] = defaultdict(list)
    where = Q(idea_id__in=page_ids) | Q(idea__program_id__in=lenient) if lenient else Q(idea_id__in=page_ids)
    for row in Score.objects.filter(where).values_list("idea__program_id", "idea_id", "judge_id",
                                                       "criterion_id", "value"):
        scores[row[0]].append(row[1:])

    by_source: dict[str, list[int]] = defaultdict(list)
    for pid in wanted:
        if _has_crowd(agreements[pid]):
            by_source[agreements[pid].crowd_source].append(pid)
    crowds = _crowds(by_source, wanted, agreements)

    out = {}
    for pid, idea_ids in wanted.items():
        agreement = agreements[pid]
        rows = scores.get(pid, [])
        arrays = np.array(rows, dtype=np.int64).reshape(-1, 4) if rows else np.zeros((0, 4), dtype=np.int64)
        out[pid] = blend(specs_of(agreement), idea_ids, idea=arrays[:, 0], judge=arrays[:, 1],
                         criterion=arrays[:, 2], value=arrays[:, 3], leniency=agreement.leniency,
                         crowd=crowds.get(pid))
    return out


def _crowds(by_source: dict[str, list[int]], wanted: dict[int, list[int]], agreements) -> dict:
    crowds = {}
    if by_source.get(CrowdSource.SUPPORTS):
        pids = by_source[CrowdSource.SUPPORTS]
        counted: dict[int, dict[int, int]] = defaultdict(dict)
        held: dict[int, dict[int, int]] = defaultdict(dict)
        # Every supported idea of the program, since each idea is measured against the most supported one.
        for pid, idea_id, n_counted, n_held in (
            Support.objects.filter(idea__program_id__in=pids).values("idea__program_id", "idea_id").order_by()
            .annotate(c=Count("id", filter=Q(status=COUNTED)), h=Count("id", filter=Q(status=HELD)))
            .values_list("idea__program_id", "idea_id", "c", "h")
        ):
            counted[pid][idea_id], held[pid][idea_id] = n_counted, n_held
        for pid in pids:
            most = max(counted[pid].values(), default=0)
            crowds[pid] = crowd_from_supports(wanted[pid], counted[pid], held[pid], most=most)
    if by_source.get(CrowdSource.RATINGS):
        pids = by_source[CrowdSource.RATINGS]
        sums: dict[int, dict[int, float]] = defaultdict(dict)
        counts: dict[int, dict[int, int]] = defaultdict(dict)
        held = defaultdict(dict)
        for pid, idea_id, total, n, h in (
            CrowdRating.objects.filter(idea_id__in=[pk for p in pids for pk in wanted[p]])
            .values("idea__program_id", "idea_id").order_by()
            .annotate(s=Sum("value", filter=Q(status=COUNTED)), n=Count("id", filter=Q(status=COUNTED)),
                      h=Count("id", filter=Q(status=HELD)))
            .values_list("idea__program_id", "idea_id", "s", "n", "h")
        ):
            sums[pid][idea_id], counts[pid][idea_id], held[pid][idea_id] = total or 0, n, h
        for pid in pids:
            crowds[pid] = crowd_from_ratings(wanted[pid], sums[pid], counts[pid], held[pid])
    if by_source.get(CrowdSource.PAIRWISE):
        pids = by_source[CrowdSource.PAIRWISE]
        ids = [pk for p in pids for pk in wanted[p]]
        counts = defaultdict(int)
        held_pw: dict[int, int] = defaultdict(int)
        for side in ("idea_a_id", "idea_b_id"):
            for idea_id, n, h in (
                PairwiseVote.objects.filter(program_id__in=pids, **{f"{side}__in": ids}).values(side).order_by()
                .annotate(n=Count("id", filter=Q(status=COUNTED, winner__isnull=False)),
                          h=Count("id", filter=Q(status=HELD)))
                .values_list(side, "n", "h")
            ):
                counts[idea_id] += n
                held_pw[idea_id] += h
        for pid in pids:
            strengths = _pairwise_strengths(agreements[pid].program)
            crowds[pid] = crowd_from_pairwise(wanted[pid], strengths, counts, held_pw)
    return crowds
