"""What became of accepted ideas: the outcomes list and one outcome with its updates."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.organizations.selectors import departments_of
from cocreate.realization.selectors import decisions_of

from . import selectors, services
from .forms import OutcomeFilterForm, OutcomeUpdateForm


@organization_required
def outcome_list(request, organization_slug):
    org = request.organization
    has_departments = bool(departments_of(request.user, org))
    form = OutcomeFilterForm(request.GET)
    show = form.cleaned_data["show"] if form.is_valid() else ""
    # Internal partners land on their own departments' outcomes; everyone else on all.
    if not show:
        show = OutcomeFilterForm.MINE if has_departments else OutcomeFilterForm.ALL
    page = paginate(request, selectors.outcomes_visible_to(
        request.user, org, only_mine=has_departments and show == OutcomeFilterForm.MINE))
    context = {"organization": org, "page_obj": page, "outcomes": page.object_list,
               "has_departments": has_departments, "show": show}
    return render(request, "retention/list.html", context)


@organization_required
def outcome_detail(request, organization_slug, pk):
    org = request.organization
    outcome = selectors.outcome_for_user(request.user, org, pk)
    can_update = request.user.has_perm("retention.update_outcome", outcome)
    form = None
    if can_update:
        form = OutcomeUpdateForm(request.POST or None, initial={"progress": outcome.progress})
    elif request.method == "POST":
        require(request.user, "retention.update_outcome", outcome)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_update(outcome, actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Progress posted. The idea's author was told."))
            return redirect("retention:detail", org.slug, outcome.pk)
    idea = outcome.idea
    context = {
        "organization": org, "outcome": outcome, "idea": idea, "form": form,
        "updates": selectors.updates_of(outcome),
        "decision": decisions_of(idea).first(),
    }
    return render(request, "retention/detail.html", context)
