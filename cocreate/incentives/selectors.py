from django.db.models import Count, Q, QuerySet
from django.http import Http404

from cocreate.programs.selectors import program_for_user

from .balance import Balance, Item, portfolio_balance
from .enums import GrantStatus
from .models import Grant, Incentive


def program_for_incentives(user, organization, slug: str, perm: str = "incentives.view_portfolio"):
    """The program, or 404 alike when missing, invisible, or when ``perm`` is not granted."""
    program = program_for_user(user, organization, slug)
    if not user.has_perm(perm, program):
        raise Http404
    return program


def incentives_of(program) -> QuerySet[Incentive]:
    """The portfolio in its order, each with ``promised_count`` and ``delivered_count``."""
    return (
        Incentive.objects.filter(program=program).select_related("mission")
        .annotate(promised_count=Count("grants", filter=Q(grants__status=GrantStatus.PROMISED)),
                  delivered_count=Count("grants", filter=Q(grants__status=GrantStatus.DELIVERED)))
        .order_by("order", "id")
    )


def incentive_in(program, pk: int) -> Incentive:
    incentive = Incentive.objects.filter(program=program, pk=pk).select_related("program__organization").first()
    if incentive is None:
        raise Http404
    return incentive


def balance_of(incentives) -> Balance:
    return portfolio_balance(Item(i.nature, i.stated_value, i.currency) for i in incentives)


def ledger(program, *, status: str = "", incentive_id: int | None = None, query: str = "") -> QuerySet[Grant]:
    """Every grant of the program's incentives, newest first (program managers only)."""
    qs = Grant.objects.filter(incentive__program=program).select_related(
        "incentive", "user", "granted_by", "delivered_by", "cancelled_by")
    if status:
        qs = qs.filter(status=status)
    if incentive_id:
        qs = qs.filter(incentive_id=incentive_id)
    for word in (query or "").split():
        qs = qs.filter(Q(user__name__icontains=word) | Q(user__email__icontains=word))
    return qs.order_by("-granted_at", "-id")


def grant_in(program, pk: int) -> Grant:
    grant = Grant.objects.filter(incentive__program=program, pk=pk).select_related(
        "incentive__program__organization", "user").first()
    if grant is None:
        raise Http404
    return grant


def grants_of_user(user) -> QuerySet[Grant]:
    """The person's own grants in every organization: the person is the filter, so the
    organization scope is lifted."""
    return (Grant.objects.with_scopes_disabled().filter(user=user)
            .select_related("incentive__program__organization").order_by("-granted_at", "-id"))
