"""The portfolio of a program with its balance, the managers' ledger (with CSV export), and
the person's own incentives under /me/incentives/."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.missions.models import Mission
from cocreate.programs.selectors import partners_of

from . import selectors, services
from .forms import CancelForm, GrantForm, IncentiveForm, LedgerFilterForm

MANAGE = "incentives.manage_portfolio"


@login_required
@organization_required
def portfolio(request, organization_slug, program_slug):
    org = request.organization
    program = selectors.program_for_incentives(request.user, org, program_slug)
    incentives = list(selectors.incentives_of(program))
    return render(request, "incentives/portfolio.html", {
        "organization": org, "program": program, "incentives": incentives,
        "balance": selectors.balance_of(incentives),
        "can_manage": request.user.has_perm(MANAGE, program),
    })


def _incentive_form(request, program, incentive=None):
    org = request.organization
    missions = list(Mission.objects.filter(program=program).order_by("starts_at", "pk"))
    initial = None
    if incentive is not None:
        initial = {f: getattr(incentive, f) for f in services.FIELDS if f != "mission"} | {
            "mission": incentive.mission_id}
    form = IncentiveForm(request.POST or None, initial=initial, missions=missions)
    if request.method == "POST" and form.is_valid():
        try:
            if incentive is None:
                services.incentive_create(program, actor=request.user, **form.values())
            else:
                services.incentive_update(incentive, actor=request.user, **form.values())
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("The incentive was saved."))
            return redirect("incentives:portfolio", org.slug, program.slug)
    return render(request, "incentives/incentive_form.html", {
        "organization": org, "program": program, "incentive": incentive, "form": form})


@login_required
@organization_required
def incentive_create(request, organization_slug, program_slug):
    program = selectors.program_for_incentives(request.user, request.organization, program_slug, MANAGE)
    return _incentive_form(request, program)


@login_required
@organization_required
def incentive_edit(request, organization_slug, program_slug, pk):
    program = selectors.program_for_incentives(request.user, request.organization, program_slug, MANAGE)
    return _incentive_form(request, program, selectors.incentive_in(program, pk))


@login_required
@organization_required
def incentive_grant(request, organization_slug, program_slug, pk):
    """Award an incentive by hand to a partner of the program."""
    org = request.organization
    program = selectors.program_for_incentives(request.user, org, program_slug, MANAGE)
    incentive = selectors.incentive_in(program, pk)
    people = [p.user for p in partners_of(program)]
    form = GrantForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.incentive_grant(incentive, user=form.person(), actor=request.user,
                                             reason=form.cleaned_data["reason"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("%(name)s was promised “%(incentive)s” and told.")
                             % {"name": grant.user.display_name, "incentive": incentive.title})
            return redirect("incentives:ledger", org.slug, program.slug)
    return render(request, "incentives/grant_form.html", {
        "organization": org, "program": program, "incentive": incentive, "form": form})


@require_POST
@login_required
@organization_required
def evaluate(request, organization_slug, program_slug):
    """Grant everything whose condition is met now; pressing it twice grants nothing twice."""
    org = request.organization
    program = selectors.program_for_incentives(request.user, org, program_slug, MANAGE)
    result = services.incentives_evaluate(program, actor=request.user)
    messages.success(request, ngettext("%(granted)s new grant; %(already)s granted before.",
                                       "%(granted)s new grants; %(already)s granted before.", result.granted)
                     % {"granted": result.granted, "already": result.already})
    if result.refused:
        messages.warning(request, ngettext("%(refused)s grant was refused: the quantity or budget is used up.",
                                           "%(refused)s grants were refused: the quantity or budget is used up.",
                                           result.refused) % {"refused": result.refused})
    return redirect("incentives:ledger", org.slug, program.slug)


@login_required
@organization_required
def ledger(request, organization_slug, program_slug):
    org = request.organization
    program = selectors.program_for_incentives(request.user, org, program_slug, "incentives.view_ledger")
    incentives = list(selectors.incentives_of(program))
    form = LedgerFilterForm(request.GET or None, incentives=incentives)
    qs = selectors.ledger(program, **form.filters())
    if request.GET.get("format") == "csv":
        return _csv(program, qs)
    page = paginate(request, qs)
    return render(request, "incentives/ledger.html", {
        "organization": org, "program": program, "form": form, "page_obj": page, "grants": page.object_list,
        "cancel_form": CancelForm(), "query": request.GET.urlencode(),
    })


class _Echo:
    def write(self, value):
        return value


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _csv(program, qs):
    def lines():
        writer = csv.writer(_Echo())
        yield "\ufeff"
        yield writer.writerow([_("ID"), _("Incentive"), _("Kind"), _("Nature"), _("Person"), _("Email"), _("Why"),
                               _("Status"), _("Granted"), _("Delivered"), _("Delivered by"), _("Cancelled"),
                               _("Reason for cancelling")])
        for g in qs.iterator(chunk_size=500):
            yield writer.writerow([
                g.pk, g.incentive.title, g.incentive.get_kind_display(), g.incentive.get_nature_display(),
                g.user.display_name, g.user.email, g.reason, g.get_status_display(), _when(g.granted_at),
                _when(g.delivered_at), g.delivered_by.display_name if g.delivered_by else "",
                _when(g.cancelled_at), g.cancel_reason,
            ])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="incentives-{program.slug}.csv"'
    return response


@require_POST
@login_required
@organization_required
def grant_deliver(request, organization_slug, program_slug, pk):
    org = request.organization
    program = selectors.program_for_incentives(request.user, org, program_slug, "incentives.view_ledger")
    grant = selectors.grant_in(program, pk)
    require(request.user, MANAGE, grant)
    try:
        services.incentive_deliver(grant, actor=request.user)
    except DomainError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("Marked as delivered; %(name)s was told.") % {"name": grant.user.display_name})
    return redirect("incentives:ledger", org.slug, program.slug)


@require_POST
@login_required
@organization_required
def grant_cancel(request, organization_slug, program_slug, pk):
    org = request.organization
    program = selectors.program_for_incentives(request.user, org, program_slug, "incentives.view_ledger")
    grant = selectors.grant_in(program, pk)
    require(request.user, MANAGE, grant)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the reward is cancelled."))
        return redirect("incentives:ledger", org.slug, program.slug)
    try:
        services.incentive_cancel(grant, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("Cancelled; %(name)s was told why.") % {"name": grant.user.display_name})
    return redirect("incentives:ledger", org.slug, program.slug)


@login_required
def my_incentives(request):
    """What the person was promised or given, in every organization."""
    with scopes_disabled():
        grants = list(selectors.grants_of_user(request.user))
    return render(request, "incentives/mine.html", {"grants": grants})
