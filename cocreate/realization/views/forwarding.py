"""Forwarding accepted ideas (one, or a concept's) to a department, and the department's
list of what it received, with acknowledgements."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, require
from cocreate.core.middleware import organization_required
from cocreate.ideas.selectors import idea_for_user
from cocreate.organizations.models import Department
from cocreate.organizations.selectors import departments_of

from .. import forwarding as services
from ..models import Concept, Forwarding


class ForwardForm(forms.Form):
    department = forms.ModelChoiceField(label=gettext_lazy("Department"), queryset=Department.objects.none())
    owner = forms.ModelChoiceField(label=gettext_lazy("Owner"), queryset=Department.objects.none(),
                                   help_text=gettext_lazy("The person in charge of it in the department."))
    due_on = forms.DateField(label=gettext_lazy("Acknowledge by"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=gettext_lazy("Note for the department"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization).order_by("name")
        self.fields["owner"].queryset = services.owner_candidates(organization)
        self.fields["owner"].label_from_instance = lambda u: u.display_name


def _forward(request, org, ideas, *, concept=None, back):
    form = ForwardForm(request.POST or None, organization=org,
                       initial={"due_on": timezone.localdate() + timedelta(days=14)})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.forward_ideas(ideas, actor=request.user, concept=concept, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, ngettext("%(n)d idea forwarded to %(department)s.",
                                               "%(n)d ideas forwarded to %(department)s.", len(created))
                             % {"n": len(created), "department": form.cleaned_data["department"].name})
            return redirect(back)
    return render(request, "realization/forward.html",
                  {"organization": org, "form": form, "ideas": ideas, "concept": concept, "back": back})


@login_required
@organization_required
def forward(request, organization_slug, pk):
    org = request.organization
    idea = idea_for_user(request.user, org, pk)
    require(request.user, "realization.forward_idea", idea)
    return _forward(request, org, [idea], back=reverse("ideas:detail", args=[org.slug, idea.pk]))


@login_required
@organization_required
def forward_concept(request, organization_slug, pk):
    org = request.organization
    require(request.user, "realization.view_board", org)
    if not request.user.has_perm("realization.mark_seen", org):  # executives only
        raise Http404
    concept = get_object_or_404(Concept, organization=org, pk=pk)
    ideas = list(concept.ideas.filter(state__in=services.FORWARDABLE).select_related("organization"))
    return _forward(request, org, ideas, concept=concept, back=reverse("realization:forwarded", args=[org.slug]))


@login_required
@organization_required
def forwarded(request, organization_slug):
    """What was forwarded to a department (an internal partner sees their own departments;
    executives and administrators choose), late acknowledgements highlighted."""
    org = request.organization
    require(request.user, "realization.view_forwarded", org)
    everyone = request.user.has_perm("realization.view_board", org)
    mine = departments_of(request.user, org)
    departments = Department.objects.filter(organization=org).order_by("name")
    if not everyone:
        departments = departments.filter(pk__in=mine)
    chosen = request.GET.get("department", "")
    department_id = int(chosen) if chosen.isdigit() and departments.filter(pk=int(chosen)).exists() else None
    qs = services.forwarded_list(org, department_id=department_id, open_only=request.GET.get("open") == "1")
    if not everyone:
        qs = qs.filter(department_id__in=mine)
    rows = list(qs[:200])
    today = timezone.localdate()
    items = [{"fw": fw, "late": services.is_late(fw, today),
              "can_ack": request.user.has_perm("realization.acknowledge_forwarding", fw)} for fw in rows]
    return render(request, "realization/forwarded.html", {
        "organization": org, "items": items, "departments": departments, "department_id": department_id,
        "open_only": request.GET.get("open") == "1",
    })


@require_POST
@login_required
@organization_required
def acknowledge(request, organization_slug, pk):
    org = request.organization
    fw = get_object_or_404(Forwarding.objects.select_related("idea", "idea__organization", "department"),
                           idea__organization=org, pk=pk)
    require(request.user, "realization.acknowledge_forwarding", fw)
    services.acknowledge(fw, actor=request.user)
    messages.success(request, _("Receipt acknowledged; the author was told."))
    return redirect(reverse("realization:forwarded", args=[org.slug]) + f"?department={fw.department_id}")
