"""Optimal, diverse selection on a campaign: the reads and writes around ``selection.py``.

The pure optimiser (``recruiting.selection``) knows candidates, scores and single-valued
attributes. This module turns a recruitment's applications into that pool, runs it under the
recruitment's quotas, stores what it proved (``Selection`` with ``SelectionEntry`` rows), and
then carries the invitations: accept → invite the chosen, confirm → partner, decline or expire
→ refill from the waitlist without breaking the quotas.

The pool
  Candidates are the applications that are not withdrawn, declined or anonymised and, when a
  round is chosen, that advanced in it or are still unresolved there (not waitlisted or
  declined). Their score is the round's combined score (``selectors.round_standings``, 0–100,
  optionally with a leniency correction; no score yet counts as 0). Without a round every
  score is 0 and the seeded lottery alone decides among those who meet the quotas. The pool is
  ordered by application id, so the same seed on the same pool gives the same cohort.

Attributes, read from the profile snapshot taken when the person applied
  ``age_band``  the birth year against the current year: "under 16", "16-18", "19-21",
                "22-24", then five-year bands "25-29", "30-34", …; no birth year, no band.
  ``gender``, ``region``  as given.
  ``interest``, ``language``  comma-separated lists (compared case-insensitively). A person
                holds several, so a quota on interest = X is modelled as the binary attribute
                "interest:x" → yes/no, and the optimiser still sees single-valued attributes.
  ``opinion_leader``  "yes" with at least ``recruitment.opinion_leader_followers`` followers
                or any community role, else "no".
  ``source``    ``Application.source``; the open call (empty source) is the value "open_call".
  ``answer``    the answer to the quota's choice question ("answer:<question id>:<option>" →
                yes/no; a multiple-choice answer holds one option per line).

Refill
  When a chosen person declines or lets the deadline pass, the open seats are filled from the
  waitlist by solving again, exactly: the candidates are the waiting entries, k is the number
  of open seats, and each quota's minimum and maximum are reduced by the people already
  invited or confirmed who count towards it. If no waitlist fill can meet the quotas, nobody
  is invited and the program's managers are told, rather than quietly breaking the quotas.
  Every write that changes invitations locks the selection row first, so two declines at the
  same moment are served one after the other and never invite the same person twice.
"""

from __future__ import annotations

import math
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.notifications.services import notify
from cocreate.organizations.enums import Role
from cocreate.organizations.models import Membership

from . import selection as optimiser
from .enums import (
    ApplicationStatus,
    EntryRole,
    EntryStatus,
    QuestionKind,
    QuotaAttribute,
    RoundOutcome,
    SelectionStatus,
)
from .models import Answer, Application, Question, Quota, Recruitment, Round, Selection, SelectionEntry
from .selectors import CORRECTIONS, is_opinion_leader, round_standings
from .services import application_select

OPEN_CALL = "open_call"
YES, NO = "yes", "no"
MULTI_VALUED = frozenset({QuotaAttribute.INTEREST, QuotaAttribute.LANGUAGE})
# The attributes whose make-up is charted (cohort against pool) on the selection page.
MAKE_UP_ATTRIBUTES = (QuotaAttribute.AGE_BAND, QuotaAttribute.GENDER, QuotaAttribute.REGION,
                      QuotaAttribute.OPINION_LEADER, QuotaAttribute.SOURCE, QuotaAttribute.INTEREST,
                      QuotaAttribute.LANGUAGE)
MAKE_UP_VALUES = 12  # at most this many values per attribute in the chart, the commonest first
MAX_CONFIRM_DAYS = 60
# Combined scores run from 0 to 100; a wider window than this would no longer be a near tie.
MAX_TIE_WINDOW = 10.0


# Attributes -------------------------------------------------------------------------------

def age_band(birth_year, year: int) -> str | None:
    """The age band of someone born in ``birth_year`` in ``year`` (see the module docstring)."""
    if not birth_year:
        return None
    age = year - int(birth_year)
    if age < 16:
        return "under 16"
    for top, band in ((18, "16-18"), (21, "19-21"), (24, "22-24")):
        if age <= top:
            return band
    low = 25 + 5 * ((age - 25) // 5)
    return f"{low}-{low + 4}"


def split_list(text) -> tuple[str, ...]:
    """A comma-separated profile list as distinct, case-folded values, in the order given."""
    return tuple(dict.fromkeys(v.strip().casefold() for v in str(text or "").split(",") if v.strip()))


def _answer_options(text: str, multiple: bool) -> tuple[str, ...]:
    parts = str(text or "").splitlines() if multiple else [str(text or "")]
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


def facets_of(application: Application, *, recruitment: Recruitment, year: int,
              answers: dict[int, tuple[str, ...]] | None = None) -> dict[str, tuple[str, ...]]:
    """Every quota attribute's values for one application: attribute → values (answers keyed
    ``answer:<question id>``)."""
    p = application.profile or {}
    facets: dict[str, tuple[str, ...]] = {}
    band = age_band(p.get("birth_year"), year)
    facets[QuotaAttribute.AGE_BAND] = (band,) if band else ()
    for name in (QuotaAttribute.GENDER, QuotaAttribute.REGION):
        value = str(p.get(name) or "").strip()
        facets[name] = (value,) if value else ()
    facets[QuotaAttribute.INTEREST] = split_list(p.get("interests"))
    facets[QuotaAttribute.LANGUAGE] = split_list(p.get("languages"))
    leader = is_opinion_leader(p, recruitment)
    facets[QuotaAttribute.OPINION_LEADER] = (YES if leader else NO,)
    facets[QuotaAttribute.SOURCE] = ((application.source or "").strip() or OPEN_CALL,)
    for question_id, options in (answers or {}).items():
        facets[f"answer:{question_id}"] = options
    return facets


def quota_key(attribute: str, value: str, question_id: int | None = None) -> tuple[str, str]:
    """The optimiser's (attribute, value) for a quota: multi-valued attributes and answers
    become binary "attribute:value" → yes."""
    if attribute == QuotaAttribute.ANSWER:
        return f"answer:{question_id}:{value}", YES
    if attribute in MULTI_VALUED:
        return f"{attribute}:{value.strip().casefold()}", YES
    return attribute, value.strip()


def _holds(facets: dict[str, tuple[str, ...]], attribute: str, value: str, question_id: int | None) -> bool:
    if attribute == QuotaAttribute.ANSWER:
        return value in facets.get(f"answer:{question_id}", ())
    if attribute in MULTI_VALUED:
        return value.strip().casefold() in facets.get(attribute, ())
    return value.strip() in facets.get(attribute, ())


@dataclass(frozen=True)
class QuotaSpec:
    """A quota as stored on a selection (the snapshot of the recruitment's quotas at the run)."""

    attribute: str
    value: str
    minimum: int = 0
    maximum: int | None = None
    question: int | None = None

    @classmethod
    def of(cls, quota: Quota) -> QuotaSpec:
        return cls(quota.attribute, quota.value, quota.minimum, quota.maximum, quota.question_id)

    def as_dict(self) -> dict:
        return {"attribute": self.attribute, "value": self.value, "minimum": self.minimum,
                "maximum": self.maximum, "question": self.question}

    def for_optimiser(self, minimum: int | None = None, maximum: int | None = None) -> optimiser.Quota:
        attribute, value = quota_key(self.attribute, self.value, self.question)
        return optimiser.Quota(attribute, value, self.minimum if minimum is None else minimum,
                               self.maximum if maximum is None else maximum)


@dataclass
class Applicant:
    application: Application
    score: float
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def holds(self, spec: QuotaSpec) -> bool:
        return _holds(self.facets, spec.attribute, spec.value, spec.question)

    def candidate(self, specs: Sequence[QuotaSpec]) -> optimiser.Candidate:
        attributes: dict = {}
        for spec in specs:
            attribute, _value = quota_key(spec.attribute, spec.value, spec.question)
            if ":" in attribute:  # a binary attribute: holds the value or not
                attributes[attribute] = YES if self.holds(spec) else NO
            elif self.facets.get(spec.attribute):
                attributes[attribute] = self.facets[spec.attribute][0]
        return optimiser.Candidate(self.application.pk, self.score, attributes)


@dataclass
class CohortPool:
    recruitment: Recruitment
    round: Round | None
    correction: str | None
    applicants: list[Applicant]

    def __len__(self) -> int:
        return len(self.applicants)

    def candidates(self, specs: Sequence[QuotaSpec]) -> list[optimiser.Candidate]:
        return [a.candidate(specs) for a in self.applicants]

    def values(self) -> dict[str, list[tuple[str, int]]]:
        """The values seen in the pool per attribute, with how many applicants hold each,
        commonest first (answers keyed ``answer:<question id>``)."""
        counts: dict[str, Counter] = {}
        for a in self.applicants:
            for attribute, values in a.facets.items():
                counts.setdefault(attribute, Counter()).update(values)
        return {attribute: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for attribute, c in counts.items()}


def _eligible(recruitment: Recruitment):
    return (Application.objects.filter(recruitment=recruitment, anonymised_at__isnull=True)
            .exclude(status__in=(ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED)))


def _answers(recruitment: Recruitment, application_ids: Iterable[int]) -> dict[int, dict[int, tuple[str, ...]]]:
    """Choice answers per application: application id → question id → options (one query
    for the questions, one for the answers)."""
    questions = {q.pk: q.allow_multiple for q in Question.objects.filter(recruitment=recruitment,
                                                                          kind=QuestionKind.CHOICE)}
    out: dict[int, dict[int, tuple[str, ...]]] = {}
    if not questions:
        return out
    for application_id, question_id, text in Answer.objects.filter(
            application_id__in=list(application_ids), question_id__in=questions).values_list(
            "application_id", "question_id", "text"):
        out.setdefault(application_id, {})[question_id] = _answer_options(text, questions[question_id])
    return out


def pool_of(recruitment: Recruitment, *, round: Round | None = None, correction: str | None = None,
            applications: Iterable[Application] | None = None) -> CohortPool:
    """The optimiser's pool for a recruitment (see the module docstring), ordered by
    application id. ``applications`` restricts it (the waitlist at refill time)."""
    if correction and correction not in CORRECTIONS:
        raise DomainError(_("Choose a known leniency correction."), code="correction")
    if round is not None and round.recruitment_id != recruitment.pk:
        raise DomainError(_("Choose a round of this recruitment."), code="round")
    eligible = _eligible(recruitment)
    if applications is not None:
        eligible = eligible.filter(pk__in=[a.pk for a in applications])
    scores: dict[int, float] = {}
    if round is not None:
        keep = set(eligible.values_list("pk", flat=True))
        rows = []
        for s in round_standings(round, correction=correction or None):
            if s.application.pk in keep and s.outcome in (None, RoundOutcome.ADVANCED):
                rows.append(s.application)
                scores[s.application.pk] = float(s.score or 0.0)
    else:
        rows = list(eligible)
    rows.sort(key=lambda a: a.pk)
    answers = _answers(recruitment, [a.pk for a in rows])
    year = timezone.localdate().year
    applicants = [Applicant(a, round_score(scores.get(a.pk, 0.0)),
                            facets_of(a, recruitment=recruitment, year=year, answers=answers.get(a.pk)))
                  for a in rows]
    return CohortPool(recruitment, round, correction or None, applicants)


def round_score(value: float) -> float:
    # Scores are shown with one decimal; keeping more would let invisible differences beat the
    # lottery, which is there to settle ties a person can see.
    return round(float(value), 4)


# Plain words for the optimiser's reasons ---------------------------------------------------

def attribute_label(attribute: str, question_labels: dict[int, str] | None = None) -> str:
    """The person-facing name of an optimiser attribute (``interest:music`` → Interest “music”)."""
    if attribute.startswith("answer:"):
        _prefix, question_id, option = attribute.split(":", 2)
        question = (question_labels or {}).get(int(question_id), question_id)
        return str(_("Answer to “%(question)s” = “%(option)s”") % {"question": question, "option": option})
    base, _sep, value = attribute.partition(":")
    label = str(QuotaAttribute(base).label) if base in QuotaAttribute.values else base
    return f"{label} “{value}”" if value else label


def value_label(attribute: str, value) -> str:
    if attribute == QuotaAttribute.GENDER:
        from cocreate.accounts.enums import Gender

        return str(Gender(value).label) if value in Gender.values else str(value)
    if attribute == QuotaAttribute.SOURCE and value == OPEN_CALL:
        return str(_("Open call"))
    if value in (YES, NO):
        return str(_("yes") if value == YES else _("no"))
    return str(value)


def quota_label(attribute: str, value, question_labels: dict[int, str] | None = None) -> str:
    """“Gender = Female”, or just “Interest “music”” for a binary attribute."""
    if value == YES and (":" in attribute):
        return attribute_label(attribute, question_labels)
    return f"{attribute_label(attribute, question_labels)} = {value_label(attribute, value)}"


def reason_text(reason: optimiser.Reason, question_labels: dict[int, str] | None = None) -> str:
    """One reason from ``explain_infeasible`` as a translated sentence."""
    p = dict(reason.params)
    if "attribute" in p and "value" in p:
        p["quota"] = quota_label(p["attribute"], p["value"], question_labels)
    if "attribute" in p:
        p["attribute"] = attribute_label(p["attribute"], question_labels)
    texts = {
        "pool_smaller_than_k": _("Only %(pool)s applicants can be chosen, fewer than the cohort of %(k)s."),
        "min_exceeds_max": _("%(quota)s: the minimum %(min)s is above the maximum %(max)s."),
        "minimums_exceed_k": _("The minimums for %(attribute)s add up to %(total_min)s, more than the cohort "
                               "of %(k)s."),
        "min_exceeds_eligible": _("%(quota)s: at least %(min)s are asked for, but only %(eligible)s applicants "
                                  "qualify."),
        "maximums_below_k": _("The maximums for %(attribute)s leave room for at most %(total_max)s people, "
                              "fewer than the cohort of %(k)s."),
        "relax_min": _("Smallest change that works: lower the minimum of %(quota)s from %(current)s to "
                       "%(suggested)s."),
        "relax_max": _("Smallest change that works: raise the maximum of %(quota)s from %(current)s to "
                       "%(suggested)s."),
    }
    text = texts.get(reason.code)
    return str(text % p) if text is not None else f"{reason.code}: {dict(reason.params)}"


def _question_labels(recruitment: Recruitment) -> dict[int, str]:
    return dict(Question.objects.filter(recruitment=recruitment).values_list("pk", "text"))


def infeasible_error(recruitment: Recruitment, k: int, reasons: Sequence[optimiser.Reason]) -> DomainError:
    labels = _question_labels(recruitment)
    head = DomainError(_("No cohort of %(k)s can meet these quotas:"), params={"k": k}, code="quotas_infeasible")
    return DomainError([*head.error_list, *(DomainError(reason_text(r, labels), code="quotas_infeasible")
                                            for r in reasons)])


# Quotas ------------------------------------------------------------------------------------

def quotas_of(recruitment: Recruitment) -> list[Quota]:
    return list(recruitment.quotas.select_related("question").order_by("attribute", "question_id", "value", "id"))


def quotas_set(recruitment: Recruitment, *, actor, quotas: Sequence[dict]) -> list[Quota]:
    """Replace the recruitment's quotas. Each is a dict with attribute, value, minimum, maximum
    (None: no upper bound) and, for an answer quota, question (id or Question). Every problem
    is reported at once and nothing changes then."""
    questions = {q.pk: q for q in Question.objects.filter(recruitment=recruitment)}
    errors: list[DomainError] = []
    clean: list[Quota] = []
    seen: set = set()
    for q in quotas:
        attribute = q.get("attribute") or ""
        value = str(q.get("value") or "").strip()
        minimum = q.get("minimum") or 0
        maximum = q.get("maximum")
        question = q.get("question")
        question_id = getattr(question, "pk", question)
        if attribute not in QuotaAttribute.values:
            errors.append(DomainError(_("Choose what the quota counts."), code="attribute"))
            continue
        label = str(QuotaAttribute(attribute).label)
        if not value:
            errors.append(DomainError(_("%(attribute)s: say which value the quota counts."),
                                      params={"attribute": label}, code="value_required"))
            continue
        if int(minimum) < 0 or (maximum is not None and int(maximum) < 0):
            errors.append(DomainError(_("%(attribute)s = %(value)s: minimum and maximum cannot be negative."),
                                      params={"attribute": label, "value": value}, code="negative"))
            continue
        if maximum is not None and int(maximum) < int(minimum):
            errors.append(DomainError(
                _("%(attribute)s = %(value)s: the maximum (%(max)s) must be at least the minimum (%(min)s)."),
                params={"attribute": label, "value": value, "max": maximum, "min": minimum}, code="bounds"))
            continue
        if attribute == QuotaAttribute.ANSWER:
            if question_id not in questions:
                errors.append(DomainError(_("%(attribute)s = %(value)s: choose the question of this recruitment "
                                            "whose answer is counted."),
                                          params={"attribute": label, "value": value}, code="question_required"))
                continue
        else:
            question_id = None
        key = quota_key(attribute, value, question_id)
        if key in seen:
            errors.append(DomainError(_("%(attribute)s = %(value)s is given twice."),
                                      params={"attribute": label, "value": value}, code="duplicate"))
            continue
        seen.add(key)
        clean.append(Quota(recruitment=recruitment, attribute=attribute, value=value, minimum=int(minimum),
                           maximum=None if maximum is None else int(maximum), question_id=question_id))
    if errors:
        raise DomainError([e for err in errors for e in err.error_list])
    with transaction.atomic():
        Quota.objects.filter(recruitment=recruitment).delete()
        Quota.objects.bulk_create(clean)
        audit_record(actor=actor, verb="recruitment.quotas_set", target=recruitment,
                     organization=recruitment.organization,
                     data={"quotas": [QuotaSpec.of(q).as_dict() for q in clean]})
    return quotas_of(recruitment)


# Running the optimiser ---------------------------------------------------------------------

def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _make_up(pool: CohortPool, chosen: set[int]) -> dict[str, list[dict]]:
    """Per charted attribute: each value's count in the pool and in the cohort."""
    out: dict[str, list[dict]] = {}
    for attribute in MAKE_UP_ATTRIBUTES:
        in_pool: Counter = Counter()
        in_cohort: Counter = Counter()
        for a in pool.applicants:
            values = a.facets.get(attribute, ())
            in_pool.update(values)
            if a.application.pk in chosen:
                in_cohort.update(values)
        top = sorted(in_pool.items(), key=lambda kv: (-kv[1], kv[0]))[:MAKE_UP_VALUES]
        out[attribute] = [{"value": v, "pool": n, "cohort": in_cohort.get(v, 0)} for v, n in top]
    return out


def selection_preview(recruitment: Recruitment, *, size: int, round: Round | None = None,
                      correction: str | None = None, seed: int | None = None, tie_window: float = 0.0) -> dict:
    """What ``selection_run`` would store as the result, without storing anything (the CLI's
    dry run); raises the same DomainError when the quotas cannot be met."""
    return _solve(recruitment, size=size, round=round, correction=correction, seed=seed, tie_window=tie_window)[0]


def _solve(recruitment: Recruitment, *, size, round, correction, seed, tie_window=0.0):
    if size is None or int(size) < 1:
        raise DomainError(_("The cohort needs at least one person."), code="size")
    tie_window = float(tie_window or 0.0)
    if not 0.0 <= tie_window <= MAX_TIE_WINDOW:
        raise DomainError(_("The near-tie window is from 0 to %(max)s points."), params={"max": MAX_TIE_WINDOW},
                          code="tie_window")
    size = int(size)
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    if not 0 <= seed < 2**63:
        raise DomainError(_("The seed is a whole number from 0."), code="seed")
    pool = pool_of(recruitment, round=round, correction=correction)
    specs = [QuotaSpec.of(q) for q in quotas_of(recruitment)]
    candidates = pool.candidates(specs)
    try:
        opt_quotas = [s.for_optimiser() for s in specs]
        result = optimiser.select_cohort(candidates, size, opt_quotas, seed=seed)
        if tie_window > 0:
            # Every cohort within the window of the optimum is equally good; the seeded
            # lottery chooses among them without favouring the higher scores inside it.
            result = optimiser.lottery_near_optimal(candidates, size, opt_quotas, seed=seed, window=tie_window,
                                                    best=result)
    except optimiser.InfeasibleQuotas as e:
        raise infeasible_error(recruitment, size, e.reasons) from None
    chosen_ids = [int(i) for i in result.ids]
    chosen = set(chosen_ids)
    waitlist = sorted((a for a in pool.applicants if a.application.pk not in chosen),
                      key=lambda a: (-a.score, a.application.pk))
    price = result.price_of_diversity
    quota_rows = []
    for spec, state in zip(specs, result.quotas, strict=True):
        quota_rows.append(spec.as_dict() | {"count": state.count, "eligible": state.eligible, "state": state.state})
    data = {
        "cohort": chosen_ids,
        "total": round_score(result.total),
        "unconstrained_total": round_score(result.unconstrained_total),
        "price_of_diversity": round_score(price),
        "price_percent": round_score(100 * price / result.unconstrained_total) if result.unconstrained_total else 0.0,
        "quotas": quota_rows,
        "method": result.method,
        "stats": _jsonable(dict(result.stats)),
        "seed": seed,
        "lottery_window": result.resolution,
        "tie_window": tie_window,
        "pool_size": len(pool),
        "scored": round is not None,
        "make_up": _make_up(pool, chosen),
    }
    return data, pool, specs, waitlist


def selection_run(recruitment: Recruitment, *, actor, size: int, round: Round | None = None,
                  correction: str | None = None, seed: int | None = None, tie_window: float = 0.0) -> Selection:
    """Choose the proven-optimal cohort of ``size`` under the recruitment's quotas and store it
    as a proposed selection with its waitlist (everyone else in the pool, best score first).
    Infeasible quotas store nothing and raise a DomainError whose messages say why in plain
    words, with the smallest change of quotas that would work."""
    data, pool, specs, waitlist = _solve(recruitment, size=size, round=round, correction=correction, seed=seed,
                                         tie_window=tie_window)
    size, seed, chosen_ids = int(size), data["seed"], data["cohort"]
    by_id = {a.application.pk: a for a in pool.applicants}
    with transaction.atomic():
        selection = Selection.objects.create(
            recruitment=recruitment, round=round, size=size, seed=seed, correction=correction or "",
            quotas=[s.as_dict() for s in specs], result=data,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        SelectionEntry.objects.bulk_create(
            [SelectionEntry(selection=selection, application_id=i, role=EntryRole.CHOSEN, rank=r,
                            score=by_id[i].score) for r, i in enumerate(chosen_ids, start=1)]
            + [SelectionEntry(selection=selection, application_id=a.application.pk, role=EntryRole.WAITLIST,
                              rank=r, score=a.score) for r, a in enumerate(waitlist, start=1)]
        )
        audit_record(actor=actor, verb="selection.run", target=selection, organization=recruitment.organization,
                     data={"size": size, "seed": seed, "round": round.pk if round else None,
                           "correction": correction or "", "cohort": chosen_ids, "method": data["method"]})
    return selection


# Reads -------------------------------------------------------------------------------------

def selections_of(recruitment: Recruitment):
    return Selection.objects.filter(recruitment=recruitment).order_by("-created_at", "-id")


def latest_selection(recruitment: Recruitment) -> Selection | None:
    return selections_of(recruitment).first()


def selection_in(recruitment: Recruitment, pk: int) -> Selection:
    """A selection of this recruitment, or 404 (the caller checks the permission)."""
    selection = (Selection.objects.filter(recruitment=recruitment, pk=pk)
                 .select_related("round", "recruitment__program__organization").first())
    if selection is None:
        raise Http404
    return selection


def entries_of(selection: Selection) -> list[SelectionEntry]:
    """Every entry with its application and applicant, chosen first then the waitlist, in rank
    order; one query."""
    return list(selection.entries.select_related("application__applicant")
                .order_by("role", "rank"))


def invitations_of_user(user) -> list[SelectionEntry]:
    """The person's invitations everywhere (open ones first); the applicant filter is the
    tenant boundary."""
    if not getattr(user, "is_authenticated", False):
        return []
    with scopes_disabled():
        return list(SelectionEntry.objects.filter(
            application__applicant=user, selection__status=SelectionStatus.ACCEPTED,
            status__in=(EntryStatus.INVITED, EntryStatus.CONFIRMED, EntryStatus.DECLINED, EntryStatus.EXPIRED),
        ).select_related("selection__recruitment__program__organization").order_by("-invited_at", "-id"))


def invitation_for_user(user, pk: int) -> SelectionEntry:
    """One invitation of the person, or 404 for missing and someone else's alike."""
    with scopes_disabled():
        entry = (SelectionEntry.objects.filter(pk=pk, invited_at__isnull=False)
                 .select_related("application__applicant", "selection__recruitment__program__organization")
                 .first())
    if entry is None or not user.has_perm("recruiting.respond_invitation", entry):
        raise Http404
    return entry


# Accepting and inviting --------------------------------------------------------------------

def _invite(entries: Iterable[SelectionEntry], selection: Selection, now) -> list[int]:
    deadline = now + timedelta(days=selection.confirm_days)
    recruitment = selection.recruitment
    invited = []
    for entry in entries:
        entry.status, entry.invited_at, entry.deadline = EntryStatus.INVITED, now, deadline
        entry.save(update_fields=["status", "invited_at", "deadline"])
        notify([entry.application.applicant], "selection_invited",
               params={"recruitment": recruitment.title, "program": recruitment.program.title,
                       "deadline_iso": deadline.isoformat()},
               url=reverse("recruiting:mine"))
        invited.append(entry.application_id)
    return invited


def _lock(selection: Selection) -> Selection:
    """Lock the selection row and re-read it: every change to its invitations goes through here."""
    locked = Selection.objects.select_for_update(of=("self",)).get(pk=selection.pk)
    selection.status = locked.status
    selection.confirm_days = locked.confirm_days
    return selection


def selection_accept(selection: Selection, *, actor, confirm_days: int) -> Selection:
    """Accept the latest proposed selection: the chosen are invited (told, with the deadline,
    ``confirm_days`` from now), the waitlist waits, and the other proposals are superseded. A
    recruitment with invitations already out keeps them: accepting again is refused."""
    if not 1 <= int(confirm_days) <= MAX_CONFIRM_DAYS:
        raise DomainError(_("People need from 1 to %(max)s days to confirm."), params={"max": MAX_CONFIRM_DAYS},
                          code="confirm_days")
    recruitment = selection.recruitment
    with transaction.atomic():
        _lock(selection)
        if selection.status != SelectionStatus.PROPOSED:
            raise DomainError(_("Only a proposed selection can be accepted (this one is: %(status)s)."),
                              params={"status": SelectionStatus(selection.status).label}, code="not_proposed")
        others = Selection.objects.filter(recruitment=recruitment).exclude(pk=selection.pk)
        if others.filter(created_at__gt=selection.created_at).exists() or others.filter(
                created_at=selection.created_at, pk__gt=selection.pk).exists():
            raise DomainError(_("A newer selection was run since; accept that one or run again."), code="not_latest")
        if others.filter(status=SelectionStatus.ACCEPTED).exists():
            raise DomainError(_("A selection of this recruitment was already accepted and its invitations are out."),
                              code="already_accepted")
        now = timezone.now()
        others.filter(status=SelectionStatus.PROPOSED).update(status=SelectionStatus.SUPERSEDED)
        selection.status, selection.confirm_days = SelectionStatus.ACCEPTED, int(confirm_days)
        selection.accepted_by, selection.accepted_at = actor, now
        selection.save(update_fields=["status", "confirm_days", "accepted_by", "accepted_at"])
        entries = list(selection.entries.select_related("application__applicant"))
        chosen = [e for e in entries if e.role == EntryRole.CHOSEN]
        selection.entries.filter(role=EntryRole.WAITLIST).update(status=EntryStatus.WAITING)
        invited = _invite(sorted(chosen, key=lambda e: e.rank), selection, now)
        audit_record(actor=actor, verb="selection.accepted", target=selection, organization=recruitment.organization,
                     data={"invited": invited, "confirm_days": int(confirm_days)})
    return selection


def invitation_respond(entry: SelectionEntry, *, actor, accept: bool) -> SelectionEntry:
    """The invited applicant confirms (they join the program's cohort as a partner) or
    declines (the seat is refilled from the waitlist). Answering twice changes nothing."""
    if entry.application.applicant_id != getattr(actor, "pk", None):
        raise DomainError(_("Only the invited person can answer this invitation."), code="not_invitee")
    selection = entry.selection
    with transaction.atomic():
        _lock(selection)
        entry.status, entry.deadline = SelectionEntry.objects.filter(pk=entry.pk).values_list(
            "status", "deadline").get()
        wanted = EntryStatus.CONFIRMED if accept else EntryStatus.DECLINED
        if entry.status == wanted:
            return entry
        if entry.status != EntryStatus.INVITED or selection.status != SelectionStatus.ACCEPTED:
            raise DomainError(_("This invitation can no longer be answered (it is: %(status)s)."),
                              params={"status": EntryStatus(entry.status).label}, code="not_invited")
        now = timezone.now()
        if entry.deadline is not None and entry.deadline <= now:
            raise DomainError(_("The time to confirm this invitation has passed."), code="expired")
        entry.status, entry.responded_at = wanted, now
        entry.save(update_fields=["status", "responded_at"])
        audit_record(actor=actor, verb="selection.invitation_answered", target=selection,
                     organization=selection.organization,
                     data={"application": entry.application_id, "answer": wanted})
        if accept:
            application_select(entry.application, actor=actor)
        else:
            _refill(selection, actor=actor)
    return entry


def invitations_expire(now=None) -> int:
    """Mark every invitation past its deadline expired, tell the person, and refill their
    seats. Idempotent; returns how many expired. Runs across organizations (a task)."""
    now = now or timezone.now()
    with scopes_disabled():
        selection_ids = sorted(set(SelectionEntry.objects.filter(
            status=EntryStatus.INVITED, deadline__lte=now, selection__status=SelectionStatus.ACCEPTED,
        ).values_list("selection_id", flat=True)))
        expired = 0
        for selection_id in selection_ids:
            selection = Selection.objects.select_related("recruitment__program__organization").get(pk=selection_id)
            with transaction.atomic():
                _lock(selection)
                due = list(selection.entries.filter(status=EntryStatus.INVITED, deadline__lte=now)
                           .select_related("application__applicant"))
                for entry in due:
                    entry.status = EntryStatus.EXPIRED
                    entry.save(update_fields=["status"])
                    notify([entry.application.applicant], "selection_invitation_expired",
                           params={"recruitment": selection.recruitment.title}, url=reverse("recruiting:mine"))
                if due:
                    audit_record(actor=None, verb="selection.invitations_expired", target=selection,
                                 organization=selection.organization,
                                 data={"applications": [e.application_id for e in due]})
                    _refill(selection, actor=None, now=now)
                expired += len(due)
    return expired


def _refill(selection: Selection, *, actor, now=None) -> list[int]:
    """Invite from the waitlist into the open seats so that the cohort (confirmed + invited)
    can still meet the quotas; the caller holds the selection's lock. See the module docstring."""
    recruitment = selection.recruitment
    entries = list(selection.entries.select_related("application__applicant"))
    taken = [e for e in entries if e.status in (EntryStatus.INVITED, EntryStatus.CONFIRMED)]
    open_seats = selection.size - len(taken)
    if open_seats <= 0:
        return []
    waiting = sorted((e for e in entries if e.status == EntryStatus.WAITING), key=lambda e: e.application_id)
    by_application = {e.application_id: e for e in waiting}
    applications = [e.application for e in taken] + [e.application for e in waiting]
    pool = pool_of(recruitment, applications=applications)  # attributes only; scores come from the entries
    facets = {a.application.pk: a.facets for a in pool.applicants}
    specs = [QuotaSpec(**q) for q in selection.quotas]
    reduced = []
    for spec in specs:
        held = sum(1 for e in taken if _holds(facets.get(e.application_id, {}), spec.attribute, spec.value,
                                               spec.question))
        reduced.append(spec.for_optimiser(minimum=max(0, spec.minimum - held),
                                          maximum=None if spec.maximum is None else spec.maximum - held))
    candidates = [Applicant(e.application, e.score, facets[e.application_id]).candidate(specs)
                  for e in waiting if e.application_id in facets]
    try:
        if any(q.max is not None and q.max < 0 for q in reduced):
            raise optimiser.InfeasibleQuotas([])
        result = optimiser.select_cohort(candidates, open_seats, reduced, seed=selection.seed)
    except optimiser.InfeasibleQuotas:
        managers = [m.user for m in Membership.objects.filter(
            organization=recruitment.organization, role__in=(Role.PROGRAM_MANAGER, Role.ORG_ADMIN),
        ).select_related("user")]
        notify(managers, "selection_refill_failed", params={"recruitment": recruitment.title, "open": open_seats},
               url=reverse("recruiting:selection", args=[recruitment.organization.slug, recruitment.program.slug,
                                                         recruitment.pk]))
        audit_record(actor=actor, verb="selection.refill_failed", target=selection,
                     organization=recruitment.organization, data={"open": open_seats})
        return []
    invited = _invite([by_application[int(i)] for i in result.ids], selection, now or timezone.now())
    if invited:
        audit_record(actor=actor, verb="selection.refilled", target=selection, organization=recruitment.organization,
                     data={"invited": invited})
    return invited


# The board ---------------------------------------------------------------------------------

@dataclass
class Board:
    """Where the invitations of an accepted selection stand."""

    chosen: list[SelectionEntry]
    waitlist: list[SelectionEntry]
    counts: dict[str, int]


def board_of(selection: Selection) -> Board:
    return board_of_entries(entries_of(selection))


def board_of_entries(entries: Sequence[SelectionEntry]) -> Board:
    """The board from entries already read (``entries_of``): everyone ever invited, chosen
    first, then the people still waiting in waitlist order; counts per status."""
    counts = Counter(e.status for e in entries)
    invited_ever = [e for e in entries if e.invited_at is not None or e.role == EntryRole.CHOSEN]
    invited_ever.sort(key=lambda e: (e.role != EntryRole.CHOSEN, e.rank))
    waiting = [e for e in entries if e.status == EntryStatus.WAITING]
    return Board(invited_ever, waiting, {s.value: counts.get(s.value, 0) for s in EntryStatus})


def score_histograms(recruitment: Recruitment, *, correction: str | None = None,
                     bins: int = 10) -> list[dict]:
    """For each round of the recruitment, how many applications' combined scores fall in each
    tenth of 0–100 (unscored applications left out)."""
    out = []
    for round in Round.objects.filter(recruitment=recruitment).order_by("order"):
        counts = [0] * bins
        for s in round_standings(round, correction=correction or None):
            if s.score is not None:
                counts[min(bins - 1, int(s.score * bins / 100))] += 1
        out.append({"round": round, "counts": counts, "max": max(counts) or 1})
    return out


__all__ = [
    "OPEN_CALL", "Board", "CohortPool", "QuotaSpec", "age_band", "board_of", "board_of_entries", "invitation_for_user",
    "invitation_respond", "invitations_expire", "invitations_of_user", "latest_selection", "pool_of",
    "quotas_of", "quotas_set", "reason_text", "score_histograms", "selection_accept", "selection_in",
    "selection_preview",
    "selection_run", "selections_of",
]
