"""R2 mission pages: the brief, its tasks and period, and partners' ideas for it. Views check
permission, validate, call one service and render."""

import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.ideas.selectors import ideas_visible_to
from cocreate.programs.rules import has_accepted_agreement, is_program_partner
from cocreate.programs.selectors import program_for_user

from .. import selectors, services
from ..forms import MissionForm, TaskFormSet, mission_initial, tasks_from, tasks_initial

# Everything submit_to_mission asks except that the mission be open: who would be let in,
# and so deserves to be told why not rather than a 404.
may_submit_when_open = is_program_partner & has_accepted_agreement


def closed_message(mission) -> str:
    if timezone.now() < mission.starts_at:
        return _("This mission opens on %(date)s. You can submit ideas from then on.") % {
            "date": formats.date_format(timezone.localtime(mission.starts_at), "DATETIME_FORMAT")}
    return _("This mission closed on %(date)s; ideas can no longer be submitted to it.") % {
        "date": formats.date_format(timezone.localtime(mission.ends_at), "DATETIME_FORMAT")}


class AgreementFirst(Exception):  # noqa: N818 - a signal to the decorator below, not an error
    """A partner of the program asks for a mission that the agreement in force gates."""


def _mission(request, program_slug, pk, *, lead_to_agreement=False):
    program = program_for_user(request.user, request.organization, program_slug)
    try:
        return program, selectors.mission_for_user(request.user, program, pk)
    except Http404:
        if not lead_to_agreement:
            raise
        # A partner who has not accepted the version in force (a material change was published)
        # is led to the agreement instead of a dead end; a partner knows the program's missions.
        if (is_program_partner(request.user, program) and not has_accepted_agreement(request.user, program)
                and selectors.mission_exists(program, pk)):
            raise AgreementFirst from None
        raise


def agreement_first(view):
    """Send a partner behind the agreement in force to accept it, then back here."""
    @functools.wraps(view)
    def wrapped(request, organization_slug, program_slug, *args, **kwargs):
        try:
            return view(request, organization_slug, program_slug, *args, **kwargs)
        except AgreementFirst:
            messages.info(request, _("Please read and accept the current version of the agreement to continue."))
            return redirect(reverse("programs:agreement", args=[organization_slug, program_slug])
                            + "?" + urlencode({"next": request.get_full_path()}))
    return wrapped


@login_required
@organization_required
def mission_create(request, organization_slug, program_slug):
    org = request.organization
    program = program_for_user(request.user, org, program_slug)
    require(request.user, "missions.add_mission", program)
    form = MissionForm(request.POST or None)
    formset = TaskFormSet(request.POST or None, prefix="tasks")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            mission = services.mission_create(program, actor=request.user, tasks=tasks_from(formset),
                                              **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("The mission was created."))
            return redirect("missions:detail", org.slug, program.slug, mission.pk)
    return render(request, "missions/form.html", {"organization": org, "program": program, "form": form,
                                                  "formset": formset})


@login_required
@organization_required
def mission_edit(request, organization_slug, program_slug, pk):
    org = request.organization
    program, mission = _mission(request, program_slug, pk)
    require(request.user, "missions.change_mission", mission)
    form = MissionForm(request.POST or None, initial=mission_initial(mission))
    formset = TaskFormSet(request.POST or None, initial=tasks_initial(mission), prefix="tasks")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.mission_update(mission, actor=request.user, tasks=tasks_from(formset),
                                    **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("The mission was saved."))
            return redirect("missions:detail", org.slug, program.slug, mission.pk)
    return render(request, "missions/form.html", {"organization": org, "program": program, "form": form,
                                                  "formset": formset, "mission": mission})


@organization_required
@agreement_first
def mission_detail(request, organization_slug, program_slug, pk):
    org = request.organization
    user = request.user
    program, mission = _mission(request, program_slug, pk, lead_to_agreement=True)
    ideas = ideas_visible_to(user, org).filter(mission=mission).order_by("-submitted_at", "-id")
    page = paginate(request, ideas)
    can_submit = user.has_perm("missions.submit_to_mission", mission)
    return render(request, "missions/detail.html", {
        "organization": org, "program": program, "mission": mission, "page_obj": page,
        "ideas": page.object_list, "is_open": mission.is_open(),
        "can": {
            "submit": can_submit,
            "change": user.has_perm("missions.change_mission", mission),
        },
        "closed_notice": (closed_message(mission)
                          if not mission.is_open() and may_submit_when_open(user, mission) else ""),
    })
