"""Judging pages: the manager's table of a program's ideas and their judges (assign
automatically or by hand) and a judge's declared conflicts of interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.programs.selectors import current_agreement, program_for_user

from .. import services
from ..forms import AssignForm, AutoAssignForm, ConflictForm, UnassignForm
from ..models import JudgeConflict
from ..selectors_judging import (
    attach_assignments,
    conflict_candidates,
    conflicts_of,
    judge_loads,
    judging_ideas,
)
from ..services_judging import judges_of


def _program(request, program_slug):
    program = program_for_user(request.user, request.organization, program_slug)
    require(request.user, "evaluation.manage_judging", program)
    return program


def _judging_url(org, program):
    return reverse("evaluation:judging", args=[org.slug, program.slug])


def _back(request, program):
    """Back to the judging table, on the page the manager was on."""
    url = _judging_url(request.organization, program)
    page = request.POST.get("page") or ""
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


def _render_judging(request, program, auto_form):
    org = request.organization
    agreement = current_agreement(program)
    page = paginate(request, judging_ideas(program))
    ideas = list(page.object_list)
    attach_assignments(ideas)
    judges = judge_loads(program)
    context = {
        "organization": org, "program": program, "agreement": agreement, "page_obj": page, "ideas": ideas,
        "judges": judges, "auto_form": auto_form,
        "max_load": max((j.load for j in judges), default=0),
        "min_load": min((j.load for j in judges), default=0),
    }
    return render(request, "evaluation/judging.html", context)


@login_required
@organization_required
def judging(request, organization_slug, program_slug):
    program = _program(request, program_slug)
    agreement = current_agreement(program)
    form = AutoAssignForm(initial={"min_judges": agreement.min_judges if agreement else 2})
    return _render_judging(request, program, form)


@require_POST
@login_required
@organization_required
def judging_auto(request, organization_slug, program_slug):
    program = _program(request, program_slug)
    form = AutoAssignForm(request.POST)
    if form.is_valid():
        try:
            plan, created = services.assignments_auto(program, actor=request.user,
                                                      due_at=form.cleaned_data["due_at"],
                                                      min_judges=form.cleaned_data["min_judges"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, ngettext("%(n)s assignment was made.", "%(n)s assignments were made.",
                                               len(created)) % {"n": len(created)})
            if plan.short:
                messages.warning(request, ngettext(
                    "%(n)s idea could not get enough judges: too few judges are free of conflicts or have room.",
                    "%(n)s ideas could not get enough judges: too few judges are free of conflicts or have room.",
                    len(plan.short)) % {"n": len(plan.short)})
            return redirect(_judging_url(request.organization, program))
    return _render_judging(request, program, form)


@require_POST
@login_required
@organization_required
def judging_assign(request, organization_slug, program_slug):
    program = _program(request, program_slug)
    form = AssignForm(request.POST, ideas=judging_ideas(program), judges=judges_of(request.organization))
    if not form.is_valid():
        messages.error(request, _("Choose an idea waiting for evaluation and one of the organization's judges."))
    else:
        try:
            _a, created = services.assignment_add(form.cleaned_data["idea"], form.cleaned_data["judge"],
                                                  actor=request.user, due_at=form.cleaned_data["due_at"])
        except DomainError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, _("%(judge)s will score “%(idea)s”.") % {
                "judge": form.cleaned_data["judge"].name, "idea": form.cleaned_data["idea"].title}
                if created else _("This judge was already assigned; nothing changed."))
    return _back(request, program)


@require_POST
@login_required
@organization_required
def judging_unassign(request, organization_slug, program_slug):
    program = _program(request, program_slug)
    form = UnassignForm(request.POST, ideas=judging_ideas(program), judges=judges_of(request.organization))
    if form.is_valid():
        removed = services.assignment_remove(form.cleaned_data["idea"], form.cleaned_data["judge"],
                                             actor=request.user)
        if removed:
            messages.success(request, _("%(judge)s no longer scores “%(idea)s”.") % {
                "judge": form.cleaned_data["judge"].name, "idea": form.cleaned_data["idea"].title})
    return _back(request, program)


CONFLICT_CHOICES = 50  # people offered at once; more means the judge types more of the name


@login_required
@organization_required
def conflicts(request, organization_slug):
    """Declare a conflict: the list offers the first people matching the search by name."""
    org = request.organization
    require(request.user, "evaluation.declare_conflict", org)
    people = conflict_candidates(org, request.user)
    query = request.GET.get("q", "").strip()[:100]
    found = people.filter(name__icontains=query) if query else people
    shown = list(found[:CONFLICT_CHOICES + 1])
    too_many, shown = len(shown) > CONFLICT_CHOICES, shown[:CONFLICT_CHOICES]
    posted = request.POST.get("person", "")
    if posted.isdigit() and all(p.pk != int(posted) for p in shown):  # keep what was chosen on an error
        shown += list(people.filter(pk=int(posted)))
    form = ConflictForm(request.POST or None, people=people, shown=shown)
    if request.method == "POST" and form.is_valid():
        try:
            _c, withdrawn = services.conflict_declare(organization=org, judge=request.user,
                                                      person=form.cleaned_data["person"],
                                                      reason=form.cleaned_data["reason"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Your conflict of interest with %(person)s is recorded.") % {
                "person": form.cleaned_data["person"].name})
            if withdrawn:
                messages.info(request, ngettext(
                    "You were taken off %(n)s of their ideas.", "You were taken off %(n)s of their ideas.",
                    withdrawn) % {"n": withdrawn})
            return redirect("evaluation:conflicts", org.slug)
    return render(request, "evaluation/conflicts.html", {
        "organization": org, "form": form, "conflicts": conflicts_of(request.user, org), "query": query,
        "too_many": too_many, "limit": CONFLICT_CHOICES, "none_found": query and not shown,
    })


@require_POST
@login_required
@organization_required
def conflict_withdraw(request, organization_slug, pk):
    org = request.organization
    require(request.user, "evaluation.declare_conflict", org)
    conflict = JudgeConflict.objects.filter(organization=org, judge=request.user, pk=pk).first()
    if conflict is None:
        raise Http404
    services.conflict_withdraw(conflict, judge=request.user)
    messages.success(request, _("Your declaration was withdrawn."))
    return redirect("evaluation:conflicts", org.slug)
