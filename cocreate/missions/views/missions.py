"""R2 mission pages: the brief, its tasks and period, and partners' ideas for it. Views check
permission, validate, call one service and render."""

import functools
import zoneinfo
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
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
from ..forms import (
    DeliverableFormSet,
    MissionForm,
    ScheduleForm,
    SubMissionFormSet,
    TaskFormSet,
    deliverables_initial,
    mission_initial,
    rows_from,
    sub_missions_initial,
    tasks_from,
    tasks_initial,
)
from ..participation import participation_context
from ..submissions import late_policy_sentence
from ..types import DEFAULT_KIND, mission_type, registered
from ..types.base import mission_zone

# Everything submit_to_mission asks except that the mission be open: who would be let in,
# and so deserves to be told why not rather than a 404.
may_submit_when_open = is_program_partner & has_accepted_agreement
DELIVERABLES_SHOWN = 5


def needs_agreement(user, mission) -> bool:
    """A signed-in non-staff viewer of a public or pool mission who has not accepted the agreement
    in force: shown the way to it (take_part needs it)."""
    from cocreate.organizations.rules import is_staff_member
    from cocreate.programs.selectors import current_agreement

    return bool(getattr(user, "is_authenticated", False) and mission.visibility in ("public", "pool", "cohort")
                and not is_staff_member(user, mission) and current_agreement(mission.program) is not None
                and not has_accepted_agreement(user, mission))


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
        # is led to the agreement instead of a dead end, whatever the id: leading there only for
        # the ids of confidential missions would tell which ids exist (missing and forbidden
        # must look alike).
        if is_program_partner(request.user, program) and not has_accepted_agreement(request.user, program):
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


def _sent(data, prefix):
    return data if data is not None and f"{prefix}-TOTAL_FORMS" in data else None


def _mission_forms(request, mission=None):
    """The mission form with its formsets, the repeat schedule and the type's settings."""
    data = request.POST or None
    kind_locked = mission is not None and mission.type.has_submissions(mission)
    form = MissionForm(data, initial=mission_initial(mission) if mission else None, kind_locked=kind_locked)
    forms_ = {
        "form": form,
        "formset": TaskFormSet(data, initial=tasks_initial(mission) if mission else None, prefix="tasks"),
        # A post without a formset's management form (an older client) leaves those rows as they are.
        "deliverable_formset": DeliverableFormSet(
            _sent(data, "deliverables"), initial=deliverables_initial(mission) if mission else None,
            prefix="deliverables"),
        "sub_mission_formset": SubMissionFormSet(
            _sent(data, "sub_missions"), initial=sub_missions_initial(mission) if mission else None,
            prefix="sub_missions"),
        "schedule_form": ScheduleForm(data, prefix="schedule"),
    }
    kind = (mission.kind if kind_locked else (data or {}).get("kind")) or (mission.kind if mission else DEFAULT_KIND)
    try:
        kind_type = mission_type(kind)
    except LookupError:
        kind_type = mission_type(DEFAULT_KIND)
    same_kind = mission is not None and mission.kind == kind_type.key
    # The page showed another type's settings (config_kind) when the manager changed the type:
    # show the chosen type's, with its defaults, instead of refusing fields never on the page.
    stale = data is not None and "config_kind" in data and data["config_kind"] != kind_type.key
    forms_["config_form"] = kind_type.config_form(
        None if stale else data, initial=kind_type.initial_config(mission if same_kind else None),
        mission=mission if same_kind else None)
    if forms_["config_form"] is not None:
        forms_["config_form"].stale = stale
    return forms_


def _save_mission(request, program, forms_, mission=None):
    """Validate every form, then call one service; on a DomainError, the message goes on the form."""
    form = forms_["form"]
    config_form = forms_["config_form"]
    if request.method != "POST":
        return None
    valid = all([f.is_valid() for f in forms_.values() if f is not None and f.is_bound])
    if getattr(config_form, "stale", False):
        form.add_error("kind", _("Check the settings of the type you chose, below, then save again."))
        return None
    if not valid:
        return None
    zone = zoneinfo.ZoneInfo(form.cleaned_data["time_zone"])
    deliverable_formset, sub_mission_formset = forms_["deliverable_formset"], forms_["sub_mission_formset"]
    deliverables = rows_from(deliverable_formset, zone) if deliverable_formset.is_bound else None
    scheduled = forms_["schedule_form"].rows(zone)
    if scheduled:
        deliverables = (deliverables or []) + scheduled
    values = dict(form.cleaned_data, tasks=tasks_from(forms_["formset"]), deliverables=deliverables,
                  sub_missions=rows_from(sub_mission_formset) if sub_mission_formset.is_bound else None,
                  config=getattr(config_form, "config", None) if config_form is not None else None)
    try:
        if mission is None:
            return services.mission_create(program, actor=request.user, **values)
        return services.mission_update(mission, actor=request.user, **values)
    except DomainError as e:
        form_error(form, e)
        return None


@login_required
@organization_required
def mission_create(request, organization_slug, program_slug):
    org = request.organization
    program = program_for_user(request.user, org, program_slug)
    require(request.user, "missions.add_mission", program)
    forms_ = _mission_forms(request)
    mission = _save_mission(request, program, forms_)
    if mission is not None:
        messages.success(request, _("The mission was created."))
        return redirect("missions:detail", org.slug, program.slug, mission.pk)
    return render(request, "missions/form.html", {"organization": org, "program": program,
                                                  "mission_types": registered(), **forms_})


@login_required
@organization_required
def mission_edit(request, organization_slug, program_slug, pk):
    org = request.organization
    program, mission = _mission(request, program_slug, pk)
    require(request.user, "missions.change_mission", mission)
    forms_ = _mission_forms(request, mission)
    if _save_mission(request, program, forms_, mission) is not None:
        messages.success(request, _("The mission was saved."))
        return redirect("missions:detail", org.slug, program.slug, mission.pk)
    return render(request, "missions/form.html", {"organization": org, "program": program, "mission": mission,
                                                  "mission_types": registered(), **forms_})


@organization_required
@agreement_first
def mission_detail(request, organization_slug, program_slug, pk):
    org = request.organization
    user = request.user
    program, mission = _mission(request, program_slug, pk, lead_to_agreement=True)
    ideas = ideas_visible_to(user, org).filter(mission=mission).order_by("-submitted_at", "-id")
    page = paginate(request, ideas)
    can_submit = user.has_perm("missions.submit_to_mission", mission) and (
        mission.is_open() or mission.late_policy != "refuse")
    deliverables = list(mission.deliverables.all())
    now = timezone.now()
    upcoming = [d for d in deliverables if d.due_at >= now]
    zone = mission_zone(mission)
    return render(request, "missions/detail.html", {
        "organization": org, "program": program, "mission": mission, "page_obj": page,
        "ideas": page.object_list, "is_open": mission.is_open(),
        "mission_type": mission.type, "zone_name": mission.time_zone,
        "starts_local": timezone.localtime(mission.starts_at, zone),
        "ends_local": timezone.localtime(mission.ends_at, zone),
        "deliverables": [(d, timezone.localtime(d.due_at, zone))
                         for d in (upcoming[:DELIVERABLES_SHOWN] if len(deliverables) > DELIVERABLES_SHOWN
                                   else deliverables)],
        "deliverable_count": len(deliverables), "deliverables_collapsed": len(deliverables) > DELIVERABLES_SHOWN,
        "places_left": (max(mission.capacity - mission.participations.count(), 0)
                        if mission.capacity is not None else None),
        "late_policy_text": late_policy_sentence(mission),
        # The participation block (sub-missions with seats, teams) keeps its own context and `can`.
        "participation_html": render_to_string("missions/_participation_block.html",
                                               participation_context(user, mission), request=request),
        "agreement_needed": needs_agreement(user, mission),
        "can": {
            "submit": can_submit,
            "change": user.has_perm("missions.change_mission", mission),
            "review": user.has_perm("missions.review_submissions", mission),
            "coverage": user.has_perm("missions.view_coverage", mission),
        },
        "closed_notice": (closed_message(mission)
                          if not mission.is_open() and may_submit_when_open(user, mission) else ""),
    })
