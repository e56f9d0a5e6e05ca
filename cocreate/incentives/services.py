"""Writes on the incentive portfolio and its ledger. A promise is recorded once per
(incentive, person, source), kept within the incentive's quantity and budget, and told to
the person in their language."""

from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.evaluation.selectors import breakdowns_for
from cocreate.ideas.enums import PUBLISHED_STATES, IdeaState
from cocreate.ideas.models import Idea
from cocreate.notifications.services import notify

from .enums import DEFAULT_NATURE, GRANT_TRANSITIONS, MONEY_KINDS, Condition, GrantStatus, IncentiveKind, Nature
from .models import Grant, Incentive

ACCEPTED_STATES = (IdeaState.ACCEPTED, IdeaState.IN_IMPLEMENTATION, IdeaState.IMPLEMENTED)
FIELDS = ("kind", "nature", "title", "description", "invitation_to", "amount", "currency", "quantity", "budget",
          "condition", "mission", "top_n", "order")


def _clean(program, data: dict) -> dict:
    """Check an incentive's fields together; every problem is reported at once."""
    errors = []
    kind = IncentiveKind(data["kind"])
    data["nature"] = Nature(data.get("nature") or DEFAULT_NATURE[kind])
    data["title"] = (data.get("title") or "").strip()
    data["currency"] = (data.get("currency") or "").strip().upper()
    if not data["title"]:
        errors.append(DomainError(_("Give the incentive a title."), code="title_required"))
    if kind in MONEY_KINDS and (data.get("amount") is None or data["amount"] <= 0):
        errors.append(DomainError(_("Cash and prizes need an amount per person."), code="amount_required"))
    if data.get("amount") is not None and not data["currency"]:
        errors.append(DomainError(_("Name the currency of the amount."), code="currency_required"))
    if data.get("budget") is not None and not data["currency"]:
        errors.append(DomainError(_("Name the currency of the budget."), code="currency_required"))
    if kind == IncentiveKind.INVITATION and not data.get("invitation_to"):
        errors.append(DomainError(_("Say what the invitation is to."), code="invitation_to_required"))
    if kind != IncentiveKind.INVITATION:
        data["invitation_to"] = ""
    condition = Condition(data.get("condition") or Condition.MANUAL)
    data["condition"] = condition
    mission = data.get("mission")
    # Winners and the top N may be limited to one mission (Threadless pays the winners of one
    # design challenge); completing needs the mission.
    if condition == Condition.MISSION_COMPLETE and mission is None:
        errors.append(DomainError(_("Choose the mission to complete."), code="mission_required"))
    elif condition == Condition.MANUAL:
        data["mission"] = None
    elif mission is not None and mission.program_id != program.pk:
        errors.append(DomainError(_("That mission belongs to another program."), code="mission_program"))
    if condition == Condition.TOP_N:
        if not data.get("top_n") or data["top_n"] < 1:
            errors.append(DomainError(_("Say how many of the best ideas are rewarded."), code="top_n_required"))
    else:
        data["top_n"] = None
    for name in ("amount", "budget"):
        if data.get(name) is not None and data[name] < 0:
            errors.append(DomainError(_("Amounts cannot be negative."), code="negative"))
    if errors:
        raise DomainError(errors) if len(errors) > 1 else errors[0]
    return data


def incentive_create(program, *, actor, **fields) -> Incentive:
    """Add an incentive to the program's portfolio; its nature defaults from its kind."""
    data = _clean(program, {k: fields.get(k) for k in FIELDS if k in fields} | {"kind": fields["kind"]})
    if data.get("order") is None:
        last = Incentive.objects.filter(program=program).order_by("-order").values_list("order", flat=True).first()
        data["order"] = 0 if last is None else last + 1
    with transaction.atomic():
        incentive = Incentive.objects.create(program=program, **data)
        audit_record(actor=actor, verb="incentive.created", target=incentive, organization=program.organization,
                     data={"kind": incentive.kind, "nature": incentive.nature})
    return incentive


def incentive_update(incentive: Incentive, *, actor, **fields) -> Incentive:
    """Change an incentive. Grants already made keep what they promised."""
    current = {k: getattr(incentive, k) for k in FIELDS}
    if "kind" in fields and fields["kind"] != incentive.kind and "nature" not in fields:
        current["nature"] = None  # a new kind brings its default nature
    data = _clean(incentive.program, current | {k: v for k, v in fields.items() if k in FIELDS})
    if data.get("order") is None:
        data["order"] = incentive.order
    changed = [k for k in FIELDS if getattr(incentive, k) != data[k]]
    if not changed:
        return incentive
    with transaction.atomic():
        for k in changed:
            setattr(incentive, k, data[k])
        incentive.save(update_fields=changed)
        audit_record(actor=actor, verb="incentive.updated", target=incentive,
                     organization=incentive.program.organization, data={"fields": changed})
    return incentive


def _source_key(source) -> str:
    if source is None:
        return ""
    if isinstance(source, models.Model):
        return f"{source._meta.label_lower}:{source.pk}"
    return str(source)[:64]


def _grant(incentive: Incentive, *, user, actor, reason: str, source=None) -> tuple[Grant, bool]:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why this person earns the incentive."), code="reason_required")
    key = _source_key(source)
    program = incentive.program
    with transaction.atomic():
        # Locking the incentive serialises grants of it, so the budget holds under concurrency.
        # Limits are read from the locked row, so an edit made meanwhile is respected too.
        limits = Incentive.objects.select_for_update().only("quantity", "budget", "amount", "currency").get(
            pk=incentive.pk)
        existing = Grant.objects.filter(incentive=incentive, user=user, source=key).first()
        if existing is not None:
            return existing, False
        active = Grant.objects.filter(incentive=incentive).exclude(status=GrantStatus.CANCELLED).count()
        if limits.quantity is not None and active >= limits.quantity:
            raise DomainError(_("“%(incentive)s” is used up: all %(quantity)s were granted."), code="quantity",
                              params={"incentive": incentive.title, "quantity": limits.quantity})
        if limits.budget is not None and limits.amount is not None and (active + 1) * limits.amount > limits.budget:
            raise DomainError(_("Granting “%(incentive)s” again would exceed its budget of %(budget)s %(currency)s."),
                              code="budget", params={"incentive": incentive.title, "budget": limits.budget,
                                                     "currency": limits.currency})
        try:
            with transaction.atomic():
                grant = Grant.objects.create(incentive=incentive, user=user, source=key, reason=reason[:2000],
                                             granted_by=actor if getattr(actor, "is_authenticated", False) else None)
        except IntegrityError:
            return Grant.objects.get(incentive=incentive, user=user, source=key), False
        audit_record(actor=actor, verb="incentive.granted", target=grant, organization=program.organization,
                     data={"incentive": incentive.pk, "user": user.pk, "source": key})
        notify([user], "incentive_promised",
               params={"incentive": incentive.title, "program": program.title, "reason": grant.reason[:500]},
               url=reverse("incentives:mine"))
    return grant, True


def incentive_grant(incentive: Incentive, *, user, actor, reason: str, source=None) -> Grant:
    """Promise the incentive to a person. Idempotent per (incentive, person, source): a
    double click or a re-run returns the grant already made (even a cancelled one, so a
    manager's cancellation is not undone by the next evaluation). Refused beyond the
    incentive's quantity or budget. The person is told, in the app and by mail."""
    return _grant(incentive, user=user, actor=actor, reason=reason, source=source)[0]


def _transition(grant: Grant, to: str, *, actor, reason: str = "") -> Grant:
    with transaction.atomic():
        status = Grant.objects.select_for_update().filter(pk=grant.pk).values_list("status", flat=True).first()
        if to not in GRANT_TRANSITIONS[status]:
            grant.status = status
            raise DomainError(_("This reward was already delivered or cancelled."), code="not_promised")
        now = timezone.now()
        grant.status = to
        if to == GrantStatus.DELIVERED:
            grant.delivered_at, grant.delivered_by = now, actor
            fields = ["status", "delivered_at", "delivered_by"]
        else:
            grant.cancelled_at, grant.cancelled_by, grant.cancel_reason = now, actor, reason
            fields = ["status", "cancelled_at", "cancelled_by", "cancel_reason"]
        grant.save(update_fields=fields)
        incentive = grant.incentive
        audit_record(actor=actor, verb=f"incentive.{to}", target=grant, organization=incentive.program.organization,
                     data={"incentive": incentive.pk, "user": grant.user_id, "reason": reason})
        params = {"incentive": incentive.title, "program": incentive.program.title}
        if to == GrantStatus.CANCELLED:
            params["reason"] = reason[:500]
        notify([grant.user], f"incentive_{to}", params=params, url=reverse("incentives:mine"))
    return grant


def incentive_deliver(entry: Grant, *, actor) -> Grant:
    """The promise is kept: the reward reached the person, who is told."""
    return _transition(entry, GrantStatus.DELIVERED, actor=actor)


def incentive_cancel(entry: Grant, *, actor, reason: str) -> Grant:
    """Take back a promise that was not delivered, with a reason the person reads."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the reward is cancelled."), code="reason_required")
    return _transition(entry, GrantStatus.CANCELLED, actor=actor, reason=reason)


def _program_ideas(program, mission=None):
    ideas = Idea.objects.filter(program=program, state__in=PUBLISHED_STATES, hidden_at__isnull=True)
    return ideas.filter(mission=mission) if mission is not None else ideas


def earners(incentive: Incentive) -> list[tuple]:
    """(person, source, reason) for everyone whose condition is met now, in a stable order.

    - winners: one per accepted idea (accepted, in implementation or implemented), of the
      incentive's mission when it names one, else of the whole program;
    - mission_complete: one per person who completed the mission (missions.workspace.mission_completers:
      every deliverable submitted and credited to them, or one submission when it has none);
    - top_n: one per idea among the N best weighted totals (evaluation.scoring; of the mission
      when one is named); ties go to
      the earlier submission, so the order never changes between runs;
    - manual: nobody (managers award by hand)."""
    condition = incentive.condition
    program = incentive.program
    if condition == Condition.WINNERS:
        ideas = _program_ideas(program, incentive.mission).filter(state__in=ACCEPTED_STATES).select_related("author")
        return [(i.author, i, i.title) for i in ideas.order_by("submitted_at", "pk")]
    if condition == Condition.MISSION_COMPLETE:
        from cocreate.missions.workspace import mission_completers

        return [(user, incentive.mission, incentive.mission.title) for user in mission_completers(incentive.mission)]
    if condition == Condition.TOP_N:
        ideas = list(_program_ideas(program, incentive.mission).select_related("author").order_by("submitted_at", "pk"))
        breakdowns = breakdowns_for(ideas)
        scored = [(breakdowns[i.pk].total, n, i) for n, i in enumerate(ideas)
                  if i.pk in breakdowns and breakdowns[i.pk].total is not None]
        scored.sort(key=lambda row: (-row[0], row[1]))
        return [(i.author, i, f"#{rank} · {i.title} ({total:.2f})")
                for rank, (total, _n, i) in enumerate(scored[: incentive.top_n], start=1)]
    return []


@dataclass(frozen=True)
class Evaluation:
    granted: int  # new grants made now
    already: int  # met conditions granted before (re-runs change nothing)
    refused: int  # met conditions beyond an incentive's quantity or budget


def incentives_evaluate(program, *, actor) -> Evaluation:
    """Grant every incentive of the program whose condition is met now. Idempotent: a second
    run grants nothing new. Conditions beyond the quantity or budget are counted, not granted."""
    granted = already = refused = 0
    for incentive in Incentive.objects.filter(program=program).exclude(condition=Condition.MANUAL).select_related(
            "program__organization", "mission").order_by("order", "id"):
        for user, source, reason in earners(incentive):
            try:
                _grant_row, created = _grant(incentive, user=user, actor=actor, reason=reason, source=source)
            except DomainError:
                refused += 1
                continue
            granted += created
            already += not created
    audit_record(actor=actor, verb="incentives.evaluated", target=program, organization=program.organization,
                 data={"granted": granted, "already": already, "refused": refused})
    return Evaluation(granted, already, refused)


