"""A participant's submissions to a mission: the mission type's form, drafts, late work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error
from cocreate.core.middleware import organization_required
from cocreate.ideas import services as idea_services
from cocreate.ideas.forms import IdeaForm

from .missions import _mission, agreement_first, closed_message, may_submit_when_open


@login_required
@organization_required
@agreement_first
def mission_submit(request, organization_slug, program_slug, pk):
    """A partner's idea for this mission, on the idea form; a draft stays private."""
    org = request.organization
    user = request.user
    program, mission = _mission(request, program_slug, pk, lead_to_agreement=True)
    if not user.has_perm("missions.submit_to_mission", mission):
        if mission.is_open() or not may_submit_when_open(user, mission):
            raise Http404
        # Allowed but for the period: say so, and keep what was typed on a late POST.
        if request.method != "POST":
            messages.error(request, closed_message(mission))
            return redirect("missions:detail", org.slug, program.slug, mission.pk)
        form = IdeaForm(request.POST)
        form.is_valid()
        form.add_error(None, closed_message(mission))
        return render(request, "ideas/form.html", {"organization": org, "form": form, "mission": mission})
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = idea_services.idea_create(author=user, organization=org, mission=mission,
                                             submit="submit" in request.POST, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Your idea was submitted.") if idea.state != "draft"
                             else _("Your draft was saved. Only you can see it."))
            return redirect("ideas:detail", org.slug, idea.pk)
    return render(request, "ideas/form.html", {"organization": org, "form": form, "mission": mission})
