"""Pairwise voting within a program: which pair a person sees next, recording an answer once,
and the Bradley-Terry ranking of the counted answers (the algorithms are in ``pairwise.py``).

A program takes pairwise votes when its agreement's participants' vote is "pairwise", or for
the ideas of its missions whose type enables pairwise voting. Only counted answers with a
winner enter the ranking; "I can't decide" is recorded (the pair is not shown again) but
carries no preference."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, QuerySet
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.ideas.enums import PUBLISHED_STATES, Channel, VoteStatus
from cocreate.ideas.models import Idea
from cocreate.ideas.selectors import ideas_visible_to
from cocreate.missions.types import Ability
from cocreate.missions.types import registered as registered_types
from cocreate.organizations.rules import is_staff_member
from cocreate.programs.enums import CrowdSource, ProgramStatus
from cocreate.programs.selectors import current_agreement

from . import pairwise
from .models import PairwiseTally, PairwiseVote, VoteFlag
from .rules import SCORABLE


def _pairwise_kinds() -> list[str]:
    return [t.key for t in registered_types() if t.allows(Ability.PAIRWISE)]


def program_takes_pairwise(program) -> bool:
    """The agreement's participants' vote is pairwise, or a mission of the program enables it."""
    cache = program.__dict__.setdefault("_cocreate_pairwise", {})
    if "enabled" not in cache:
        agreement = current_agreement(program)
        if agreement is not None and agreement.crowd_source == CrowdSource.PAIRWISE:
            cache["enabled"] = True
        else:
            from cocreate.missions.models import Mission

            cache["enabled"] = Mission.objects.filter(program=program, kind__in=_pairwise_kinds()).exists()
    return cache["enabled"]


def pairwise_ideas_public(program) -> bool:
    """Anyone may see the ideas pairwise voting covers: the program is public and they come
    from the open channel (agreement's vote "pairwise") or from a public mission."""
    cache = program.__dict__.setdefault("_cocreate_pairwise", {})
    if "public" not in cache:
        from cocreate.missions.models import Mission

        public = program.is_public and program.status != ProgramStatus.DRAFT and program_takes_pairwise(program)
        if public:
            agreement = current_agreement(program)
            public = Mission.objects.filter(program=program, visibility="public", kind__in=_pairwise_kinds()).exists()
            if not public and agreement is not None and agreement.crowd_source == CrowdSource.PAIRWISE:
                public = Idea.objects.filter(program=program, channel=Channel.OPEN).exists()
        cache["public"] = public
    return cache["public"]


def _program_ideas(program) -> QuerySet[Idea]:
    """Ideas of the program that pairwise voting covers (any state)."""
    qs = Idea.objects.filter(program=program)
    agreement = current_agreement(program)
    if agreement is None or agreement.crowd_source != CrowdSource.PAIRWISE:
        qs = qs.filter(mission__kind__in=_pairwise_kinds())
    return qs


def pairwise_candidates(program, voter) -> QuerySet[Idea]:
    """The ideas a person may be shown: submitted or in evaluation, not hidden, visible to
    them, and not their own."""
    ids = _program_ideas(program).filter(state__in=SCORABLE, hidden_at__isnull=True).values("pk")
    return (ideas_visible_to(voter, program.organization).filter(pk__in=ids)
            .exclude(author_id=voter.pk).order_by("pk"))


def _decisive(program) -> np.ndarray:
    """The program's counted answers with a winner: rows (idea_a, idea_b, winner)."""
    rows = list(PairwiseVote.objects.filter(program=program, status=VoteStatus.COUNTED, winner__isnull=False)
                .order_by().values_list("idea_a_id", "idea_b_id", "winner_id"))
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


def _fit(ids: np.ndarray, decisive: np.ndarray) -> pairwise.Fit:
    """Bradley-Terry over ``ids`` (sorted) from the decisive answers between them."""
    a = np.searchsorted(ids, decisive[:, 0]) if len(ids) else np.zeros(0, dtype=np.int64)
    b = np.searchsorted(ids, decisive[:, 1]) if len(ids) else np.zeros(0, dtype=np.int64)
    known = (a < len(ids)) & (b < len(ids))
    known[known] &= (ids[a[known]] == decisive[known, 0]) & (ids[b[known]] == decisive[known, 1])
    a, b, winner = a[known], b[known], decisive[known, 2]
    a_won = winner == decisive[known, 0]
    return pairwise.fit(np.where(a_won, a, b), np.where(a_won, b, a), len(ids))


def pairwise_progress(program, voter) -> int:
    """How many pairs the person answered in the program."""
    return PairwiseVote.objects.filter(program=program, voter=voter).count()


def pairwise_next_pair(program, voter) -> tuple[Idea, Idea] | None:
    """The pair the person should compare next, or None when there is none left for them: the
    ideas compared least first, then the closest in strength (see ``pairwise.next_pair``).
    The same pair is shown again until it is answered.

    This runs on every answer, so it reads no answer but the person's own: how often each idea
    was compared comes from the tallies kept with the answers, the strengths from the
    program's cached fit (``_fit_for_choosing``), and only the two chosen ideas are loaded."""
    ids = np.array(list(pairwise_candidates(program, voter).values_list("pk", flat=True)), dtype=np.int64)
    if len(ids) < 2:
        return None
    counts = np.zeros(len(ids), dtype=np.int64)
    tallies = np.array(list(PairwiseTally.objects.filter(program=program).values_list("idea_id", "answers")),
                       dtype=np.int64).reshape(-1, 2)
    k, hit = _positions(ids, tallies[:, 0])
    counts[k[hit]] = tallies[hit, 1]
    mine = np.array(list(PairwiseVote.objects.filter(program=program, voter=voter)
                         .values_list("idea_a_id", "idea_b_id")), dtype=np.int64).reshape(-1, 2)
    a, a_in = _positions(ids, mine[:, 0])
    b, b_in = _positions(ids, mine[:, 1])
    answered = np.stack([a[a_in & b_in], b[a_in & b_in]], axis=1)
    # Ideas the fit has not met yet (new ones, or answers since it was made) start at the
    # prior: strength 0, full uncertainty, which is what a fresh fit would give them too.
    fit_ids, fitted = _fit_for_choosing(program)
    theta, se = np.zeros(len(ids)), np.full(len(ids), np.sqrt(pairwise.PRIOR_VARIANCE))
    k, hit = _positions(fit_ids, ids)
    theta[hit], se[hit] = fitted.theta[k[hit]], fitted.se[k[hit]]
    seed = int(voter.pk) * 1_000_003 + len(answered)
    pair = pairwise.next_pair(counts, theta, se, answered=answered, seed=seed)
    if pair is None:
        return None
    ideas = Idea.objects.in_bulk([int(ids[pair[0]]), int(ids[pair[1]])])
    return ideas[int(ids[pair[0]])], ideas[int(ids[pair[1]])]


def _positions(sorted_ids: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each value sits in ``sorted_ids``, and whether it is there at all."""
    if not len(sorted_ids):
        return np.zeros(len(values), dtype=np.int64), np.zeros(len(values), dtype=bool)
    k = np.minimum(np.searchsorted(sorted_ids, values), len(sorted_ids) - 1)
    return k, sorted_ids[k] == values


def pairwise_vote(program, voter, idea_x: Idea, idea_y: Idea, winner: Idea | None) -> tuple[PairwiseVote, bool]:
    """Record the person's answer for the pair (``winner`` None: "I can't decide"). One answer
    per person and pair: answering the same pair again changes nothing and returns the first
    answer (the unique constraint decides between simultaneous requests). Returns the answer
    and whether it was recorded now."""
    from .integrity import vote_gate, vote_status

    if idea_x.pk == idea_y.pk:
        raise DomainError(_("Choose between two different ideas."), code="pairwise_same_idea")
    if winner is not None and winner.pk not in (idea_x.pk, idea_y.pk):
        raise DomainError(_("The chosen idea is not one of the pair."), code="pairwise_winner_not_in_pair")
    idea_a, idea_b = sorted((idea_x, idea_y), key=lambda i: i.pk)
    existing = PairwiseVote.objects.filter(voter=voter, idea_a=idea_a, idea_b=idea_b).first()
    if existing is not None:
        return existing, False
    if not program_takes_pairwise(program):
        raise DomainError(_("This program does not take pairwise votes."), code="pairwise_not_enabled")
    if pairwise_candidates(program, voter).filter(pk__in=[idea_a.pk, idea_b.pk]).count() != 2:
        raise DomainError(_("These ideas are not open for pairwise voting."), code="pairwise_not_open")
    vote_gate(voter, program)
    try:
        with transaction.atomic():
            status, flag = vote_status(voter, program=program, idea=winner or idea_a, kind=VoteFlag.Kind.PAIRWISE)
            vote = PairwiseVote.objects.create(program=program, voter=voter, idea_a=idea_a, idea_b=idea_b,
                                               winner=winner, status=status, flag=flag)
            _tally(program, [idea_a.pk, idea_b.pk])
    except IntegrityError:
        existing = PairwiseVote.objects.filter(voter=voter, idea_a=idea_a, idea_b=idea_b).first()
        if existing is None:
            raise
        return existing, False
    return vote, True


def _tally(program, idea_ids: list[int]) -> None:
    """One more answer for each idea, in the answer's transaction (the row lock of the UPDATE
    serialises simultaneous answers, so none is lost)."""
    PairwiseTally.objects.bulk_create([PairwiseTally(program=program, idea_id=pk) for pk in idea_ids],
                                      ignore_conflicts=True)
    PairwiseTally.objects.filter(program=program, idea_id__in=idea_ids).update(answers=F("answers") + 1)


@dataclass(frozen=True)
class RankingRow:
    idea: Idea
    rank: int | None
    strength: float | None  # Bradley-Terry log-strength (mean 0); None: not compared yet
    chance: float | None  # chance to beat a randomly chosen compared idea, 0..1
    comparisons: int  # counted answers with a winner


# The Bradley-Terry fit of a program is cached: at 1,000,000 answers, reading them takes seconds
# and fitting most of a second, too much for every page. The ranking (and the blend) use the fit
# only while its fingerprint still matches the answers and the ideas shown; choosing the next
# pair tolerates a fit a little behind (REFIT_AFTER) since it only orders close pairs.
FIT_CACHE_SECONDS = 24 * 3600
REFIT_AFTER = (10, 0.02)  # new answers since the fit: at least 10 and 2 % of those fitted


def _fit_key(program) -> str:
    # created_at as well as the pk: a test database that rolls back may hand the pk out again.
    return f"pairwise-fit:{program.pk}:{program.created_at.timestamp() if program.created_at else ''}"


def _fingerprint(program) -> tuple:
    """What the fit depends on: the answers (how many, the newest), the held-vote flags (an
    answer's status changes only when a flag opens or is resolved: integrity.py) and the ideas
    that may be shown (published, not hidden)."""
    answers = PairwiseVote.objects.filter(program=program).aggregate(n=Count("id"), last=Max("id"))
    flags = VoteFlag.objects.filter(program=program, kind=VoteFlag.Kind.PAIRWISE).aggregate(
        n=Count("id"), resolved=Max("resolved_at"))
    shown = np.array(list(Idea.objects.filter(program=program, state__in=PUBLISHED_STATES, hidden_at__isnull=True)
                          .order_by("pk").values_list("pk", flat=True)), dtype=np.int64)
    return (answers["n"], answers["last"] or 0, flags["n"], str(flags["resolved"]),
            hashlib.blake2b(shown.tobytes(), digest_size=16).hexdigest())


def _fit_now(program) -> tuple[np.ndarray, pairwise.Fit]:
    decisive = _decisive(program)
    if not len(decisive):
        return np.zeros(0, dtype=np.int64), pairwise.fit([], [], 0)
    compared = np.unique(decisive[:, :2])
    shown = np.array(sorted(Idea.objects.filter(pk__in=compared.tolist(), state__in=PUBLISHED_STATES,
                                                hidden_at__isnull=True).values_list("pk", flat=True)),
                     dtype=np.int64)
    return shown, _fit(shown, decisive)


def _ranked(program) -> tuple[np.ndarray, pairwise.Fit]:
    """The ideas with counted decisive answers (published, not hidden) and their fit, exact."""
    fingerprint = _fingerprint(program)
    entry = cache.get(_fit_key(program))
    if entry is not None and entry["fingerprint"] == fingerprint:
        return entry["ids"], entry["fit"]
    ids, fitted = _fit_now(program)
    cache.set(_fit_key(program), {"fingerprint": fingerprint, "ids": ids, "fit": fitted}, FIT_CACHE_SECONDS)
    return ids, fitted


def _fit_for_choosing(program) -> tuple[np.ndarray, pairwise.Fit]:
    """The cached fit while few answers came since it was made; otherwise a fresh one."""
    entry = cache.get(_fit_key(program))
    if entry is not None:
        fitted_answers, last = entry["fingerprint"][:2]
        least, share = REFIT_AFTER
        # Only the answers newer than the fit are counted (a range of the primary key).
        since = PairwiseVote.objects.filter(program=program, pk__gt=last).count()
        if since < max(least, share * fitted_answers):
            return entry["ids"], entry["fit"]
    return _ranked(program)


def pairwise_strengths(program) -> dict[int, float]:
    """Each compared idea's chance (0..1) to beat a randomly chosen other compared idea of the
    program, from the counted answers; ideas not compared yet are left out."""
    ids, fitted = _ranked(program)
    return dict(zip(ids.tolist(), fitted.chance.tolist(), strict=True))


def pairwise_ranking(program, reader) -> Ranking:
    """Compared ideas by their chance to beat a random idea (best first), then the ideas open for
    voting that no one compared yet. The ideas themselves are loaded only for the rows read.

    ``reader`` sees only the ideas they may open (``ideas_visible_to``): the fit is the program's
    (every counted answer, confidential ideas included), but an outsider's ranking lists the
    public ideas alone, ranked among themselves, so that no rank is missing where an idea they
    may not see stands. ``None``: the whole ranking, for code that shows it to no one."""
    ids, fitted = _ranked(program)
    chance, theta, comparisons = fitted.chance, fitted.theta, fitted.comparisons
    open_ids = np.array(list(_program_ideas(program).filter(state__in=SCORABLE, hidden_at__isnull=True)
                             .order_by("pk").values_list("pk", flat=True)), dtype=np.int64)
    if reader is not None and not is_staff_member(reader, program.organization):
        visible = np.array(sorted(ideas_visible_to(reader, program.organization).filter(program=program)
                                  .values_list("pk", flat=True)), dtype=np.int64)
        keep = np.isin(ids, visible, assume_unique=True)
        ids, chance, theta, comparisons = ids[keep], chance[keep], theta[keep], comparisons[keep]
        open_ids = np.intersect1d(open_ids, visible, assume_unique=True)
    ranks = pairwise.rank(chance)
    compared = sorted(zip(ranks.tolist(), ids.tolist(), theta.tolist(), chance.tolist(),
                          comparisons.tolist(), strict=True))
    waiting = np.setdiff1d(open_ids, ids, assume_unique=True)
    return Ranking([(pk, rank, theta, chance, n) for rank, pk, theta, chance, n in compared]
                   + [(int(pk), None, None, None, 0) for pk in waiting], compared=len(compared))


class Ranking(Sequence):
    """The ranking's rows in order; slicing (a page) loads only that slice's ideas, in one query."""

    def __init__(self, order: list[tuple], *, compared: int):
        self._order = order
        self.compared = compared

    def __len__(self) -> int:
        return len(self._order)

    def __getitem__(self, index):
        if isinstance(index, slice):
            part = self._order[index]
            ideas = Idea.objects.select_related("author", "mission").in_bulk([pk for pk, *_ in part])
            return [RankingRow(ideas[pk], *rest) for pk, *rest in part if pk in ideas]
        rows = self[index:index + 1] if index >= 0 else self[index:len(self) + index + 1]
        if not rows:
            raise IndexError(index)
        return rows[0]

    def __iter__(self):
        return iter(self[:])
