"""Business concepts (list, clustering runs and their suggestions, one concept with its merge
and split forms), near-duplicate groups of an idea, and the "similar ideas" box of the idea
form (the lookup while typing)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.limits import TEXT
from cocreate.core.middleware import organization_required
from cocreate.ideas.models import Idea
from cocreate.ideas.selectors import idea_for_user

from .. import concepts as services
from ..enums import ClusteringStatus
from ..models import ClusteringRun, Concept, ConceptSuggestion


class ConceptForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Description"), required=False, max_length=TEXT,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class RunForm(forms.Form):
    clusters = forms.IntegerField(label=gettext_lazy("Number of concepts"), min_value=0, max_value=200, initial=0,
                                  help_text=gettext_lazy("0 lets the system choose."))
    only_unclassified = forms.BooleanField(label=gettext_lazy("Only ideas not yet in a concept"), required=False,
                                           initial=True)


class AcceptForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Concept name"), max_length=200)
    overwrite = forms.BooleanField(label=gettext_lazy("Also move ideas already in another concept"), required=False)


def _concept(request, pk) -> Concept:
    require(request.user, "realization.manage_concepts", request.organization)
    return get_object_or_404(Concept, organization=request.organization, pk=pk)


@login_required
@organization_required
def concepts(request, organization_slug):
    """Every concept with its number of ideas; create one; start a clustering run."""
    org = request.organization
    require(request.user, "realization.view_concepts", org)
    form = ConceptForm(request.POST if request.POST.get("action") == "create" else None)
    run_form = RunForm(request.POST if request.POST.get("action") == "cluster" else None)
    if request.method == "POST":
        require(request.user, "realization.manage_concepts", org)
        try:
            if request.POST.get("action") == "create" and form.is_valid():
                concept = services.concept_create(actor=request.user, organization=org, **form.cleaned_data)
                messages.success(request, _("Concept “%(name)s” created.") % {"name": concept.name})
                return redirect("realization:concept", org.slug, concept.pk)
            if request.POST.get("action") == "cluster" and run_form.is_valid():
                run = services.clustering_start(actor=request.user, organization=org, **run_form.cleaned_data)
                return redirect("realization:clustering_run", org.slug, run.pk)
        except DomainError as e:
            form_error(run_form if request.POST.get("action") == "cluster" else form, e)
    page = paginate(request, Concept.objects.filter(organization=org).annotate(idea_count=Count("ideas"))
                    .order_by("name", "pk"))
    context = {
        "organization": org, "page_obj": page, "form": form, "run_form": run_form,
        "runs": ClusteringRun.objects.filter(organization=org)[:5],
        "unclassified": Idea.objects.filter(organization=org, concept__isnull=True)
        .exclude(state="draft").count(),
    }
    return render(request, "realization/concepts.html", context)


def proposed_names(suggestions, *, taken) -> dict[int, str]:
    """A name to propose for each suggestion, from its first terms, never one already taken by
    a concept or proposed for another suggestion of the run (accepting it would be refused):
    a later term takes the third place, or a number is added."""
    used = {n.casefold() for n in taken}
    out = {}
    for s in suggestions:
        head, rest = list(s.terms[:2]), list(s.terms[2:]) or [""]
        candidates = [" · ".join(t for t in [*head, extra] if t) for extra in rest]
        base = candidates[0] or str(_("Concept"))
        name = next((c for c in [*candidates, base] if c and c.casefold() not in used), None)
        number = 2
        while name is None or name.casefold() in used:
            name, number = f"{base} ({number})", number + 1
        used.add(name.casefold())
        out[s.pk] = str(name)
    return out


@login_required
@organization_required
def clustering_run(request, organization_slug, pk):
    """A run's progress (polled every 2 s while running) and, once done, its suggestions."""
    org = request.organization
    require(request.user, "realization.view_concepts", org)
    run = get_object_or_404(ClusteringRun, organization=org, pk=pk)
    running = run.status in (ClusteringStatus.QUEUED, ClusteringStatus.RUNNING)
    suggestions = [] if running else list(
        ConceptSuggestion.objects.filter(run=run, dismissed=False, concept__isnull=True))
    titles = dict(Idea.objects.filter(organization=org, pk__in=[i for s in suggestions for i in s.idea_ids[:5]])
                  .values_list("pk", "title"))
    names = proposed_names(suggestions, taken=Concept.objects.filter(organization=org).values_list("name", flat=True))
    rows = [{"suggestion": s, "form": AcceptForm(prefix=f"s{s.pk}", initial={"name": names[s.pk]}),
             "examples": [titles[i] for i in s.idea_ids[:5] if i in titles]} for s in suggestions]
    context = {"organization": org, "run": run, "running": running, "rows": rows}
    if request.htmx and request.htmx.target == "run-progress":
        response = render(request, "realization/_clustering_progress.html", context)
        if not running:  # done: reload the whole page once so the suggestions appear
            response["HX-Refresh"] = "true"
        return response
    return render(request, "realization/clustering_run.html", context)


@login_required
@organization_required
@require_POST
def suggestion_action(request, organization_slug, pk):
    org = request.organization
    require(request.user, "realization.manage_concepts", org)
    suggestion = get_object_or_404(ConceptSuggestion.objects.select_related("run__organization"),
                                   run__organization=org, pk=pk)
    try:
        if request.POST.get("action") == "dismiss":
            services.suggestion_dismiss(actor=request.user, suggestion=suggestion)
            messages.success(request, _("Suggestion dismissed."))
        else:
            form = AcceptForm(request.POST, prefix=f"s{suggestion.pk}")
            if not form.is_valid():
                raise DomainError(_("Give the concept a name."), code="name_required")
            concept = services.suggestion_accept(actor=request.user, suggestion=suggestion,
                                                 name=form.cleaned_data["name"],
                                                 overwrite=form.cleaned_data["overwrite"])
            messages.success(request, _("Concept “%(name)s” created.") % {"name": concept.name})
    except DomainError as e:
        messages.error(request, e.text)
    return redirect("realization:clustering_run", org.slug, suggestion.run_id)


@login_required
@organization_required
def concept(request, organization_slug, pk):
    """One concept: its ideas, rename/describe, merge into another, split selected ideas off."""
    org = request.organization
    item = _concept(request, pk)
    action = request.POST.get("action")
    form = ConceptForm(request.POST if action == "update" else None,
                       initial={"name": item.name, "description": item.description})
    split_form = ConceptForm(request.POST if action == "split" else None, prefix="split")
    if request.method == "POST":
        try:
            if action == "update" and form.is_valid():
                services.concept_update(actor=request.user, concept=item, **form.cleaned_data)
                messages.success(request, _("Concept saved."))
                return redirect("realization:concept", org.slug, item.pk)
            if action == "merge":
                target = get_object_or_404(Concept, organization=org, pk=request.POST.get("into") or 0)
                services.concept_merge(actor=request.user, source=item, target=target)
                messages.success(request, _("Merged into “%(name)s”.") % {"name": target.name})
                return redirect("realization:concept", org.slug, target.pk)
            if action == "split" and split_form.is_valid():
                new = services.concept_split(actor=request.user, concept=item,
                                             idea_ids=request.POST.getlist("ideas"), **split_form.cleaned_data)
                messages.success(request, _("Concept “%(name)s” created.") % {"name": new.name})
                return redirect("realization:concept", org.slug, new.pk)
            if action == "remove":
                services.ideas_classify(actor=request.user, organization=org,
                                        idea_ids=request.POST.getlist("ideas"), concept=None)
                return redirect("realization:concept", org.slug, item.pk)
        except DomainError as e:
            form_error(split_form if action == "split" else form, e)
        except ValueError as e:
            raise Http404 from e
    page = paginate(request, Idea.objects.filter(concept=item).select_related("author").order_by("-pk"), 50)
    context = {"organization": org, "concept": item, "form": form, "split_form": split_form, "page_obj": page,
               "others": Concept.objects.filter(organization=org).exclude(pk=item.pk),
               # The way to forward_concept: a whole concept goes to a department (executives).
               "can_forward": request.user.has_perm("realization.mark_seen", org)}
    return render(request, "realization/concept_detail.html", context)


@login_required
@organization_required
@require_POST
def classify(request, organization_slug):
    """Put the selected ideas (one or many) into a concept, or take them out."""
    org = request.organization
    require(request.user, "realization.manage_concepts", org)
    target = None
    if request.POST.get("concept"):
        target = get_object_or_404(Concept, organization=org, pk=request.POST["concept"])
    try:
        ids = [int(i) for i in request.POST.getlist("ideas")]
    except ValueError as e:
        raise Http404 from e
    count = services.ideas_classify(actor=request.user, organization=org, idea_ids=ids, concept=target)
    messages.success(request, ngettext("%(count)d idea classified.", "%(count)d ideas classified.", count)
                     % {"count": count})
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/")
                    and not str(request.POST.get("next")).startswith("//") else "realization:concepts", org.slug)


@login_required
@organization_required
def idea_duplicates(request, organization_slug, pk):
    """An idea's group of near-duplicates and the ideas that may duplicate it."""
    org = request.organization
    require(request.user, "realization.manage_concepts", org)
    idea = idea_for_user(request.user, org, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "ungroup":
                member = get_object_or_404(Idea, organization=org, pk=request.POST.get("idea") or 0)
                services.duplicates_ungroup(actor=request.user, idea=member)
                messages.success(request, _("Idea taken out of the group."))
            else:
                ids = [int(i) for i in request.POST.getlist("ideas")]
                members = list(Idea.objects.filter(organization=org, pk__in=ids))
                services.duplicates_group(actor=request.user, primary=idea, members=members)
                messages.success(request, _("Ideas grouped; their authors are credited on this idea."))
        except DomainError as e:
            messages.error(request, e.text)
        except ValueError as e:
            raise Http404 from e
        return redirect("realization:idea_duplicates", org.slug, idea.pk)
    group = idea.duplicate_group
    members = list(Idea.objects.filter(duplicate_group=group).select_related("author").order_by("pk")) if group else []
    context = {"organization": org, "idea": idea, "group": group, "members": members,
               "suggestions": services.duplicate_suggestions(request.user, idea),
               "concepts": Concept.objects.filter(organization=org)}
    return render(request, "realization/duplicates.html", context)


@login_required
@organization_required
def similar(request, organization_slug):
    """The "similar ideas" box: the 10 published ideas the person may see that are most
    like what they are typing (title and description from the query string or the form)."""
    org = request.organization
    data = request.GET if request.method == "GET" else request.POST
    text = f"{data.get('title', '')} {data.get('body', '')}".strip()
    exclude = []
    if (data.get("idea") or "").isdigit():
        exclude.append(int(data["idea"]))
    results = services.similar_ideas(request.user, org, text, exclude=exclude) if text else []
    return render(request, "realization/_similar.html", {"organization": org, "results": results, "text": text})
