"""A participant's submissions to a mission: the mission type's form, drafts that autosave,
attachments, late work; and the staff's review of every submission of a mission."""

import csv
import secrets
from collections.abc import Iterator

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_scopes import scope

from cocreate.core.errors import DomainError
from cocreate.core.http import paginate, require
from cocreate.core.middleware import organization_required
from cocreate.ideas.attachments import MAX_FILES, max_bytes
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Attachment, Credit, Idea

from ..forms import SubmissionForm
from ..models import Deliverable, SubMission
from ..submissions import (
    accepted_team_of,
    late_policy_sentence,
    may_take_part,
    submission_deadline,
    submission_save,
    submission_timing,
)
from ..types import add_errors_to_form
from ..types.base import mission_zone
from .missions import _mission, agreement_first


def _details_form(mission, data=None, initial=None, *, draft=False):
    return mission.type.details_form(mission, data, initial=initial, draft=draft, prefix="details")


def _has_details(form) -> bool:
    return form is not None and bool(form.fields)


def _bind(request, mission, *, idea=None, team=None):
    """The two forms bound to the POST (or, on GET, to the draft being edited)."""
    draft = "submit" not in request.POST
    if request.method == "POST":
        form = SubmissionForm(request.POST, mission=mission, team=team,
                              initial={"deliverable": idea.deliverable_id if idea else None})
        details = _details_form(mission, request.POST, draft=draft)
    else:
        initial = {"client_key": idea.client_key if idea and idea.client_key else secrets.token_urlsafe(24)}
        if idea is not None:
            initial |= {"title": idea.title, "body": idea.body, "deliverable": idea.deliverable_id,
                        "team": idea.team_id}
        elif request.GET.get("deliverable", "").isdigit():
            initial["deliverable"] = int(request.GET["deliverable"])
        form = SubmissionForm(initial=initial, mission=mission, team=team)
        details = _details_form(mission, initial=idea.details if idea else None)
    return form, details


def _details_data(details_form) -> dict:
    """What the type's form holds, in the shape clean_details reads (its own conversion)."""
    if details_form is None:
        return {}
    cleaned = getattr(details_form, "cleaned_data", None) or {}
    if hasattr(details_form, "to_details"):
        return details_form.to_details(cleaned)
    return dict(cleaned)


def _raw_details(request, details_form) -> dict:
    """The type's values as typed (for an autosave that must keep even invalid input)."""
    if details_form is None:
        return {}
    details_form.is_valid()
    data = _details_data(details_form)
    for name in details_form.fields:
        if name not in data or data[name] in (None, ""):
            data[name] = details_form.data.get(details_form.add_prefix(name), data.get(name, ""))
    return data


def _show_error(form, details_form, error: DomainError) -> None:
    """Each problem next to its field: the common ones on the main form, the type's own on
    the details form, the rest at the top."""
    common, own, top = [], [], []
    for err in error.error_list:
        field = (err.params or {}).get("field")
        if field in form.fields:
            common.append(err)
        elif details_form is not None and field in details_form.fields:
            own.append(err)
        else:
            top.append(err)
    for err in common:
        form.add_error(err.params["field"], err)
    if own:
        add_errors_to_form(details_form, DomainError(own))
    for err in top:
        form.add_error(None, err)


def _page(request, mission, program, form, details_form, *, idea=None, refused="", status=200):
    now = timezone.now()
    deadline = submission_deadline(mission)
    deliverables = list(mission.deliverables.all())
    context = {
        "organization": request.organization, "program": program, "mission": mission, "form": form,
        "details_form": details_form if _has_details(details_form) else None, "idea": idea,
        "mission_type": mission.type, "refused": refused,
        "accepts_attachments": mission.type.accepts_attachments, "max_files": MAX_FILES,
        "max_bytes": max_bytes(),
        "attachments": list(idea.attachments.all()) if idea is not None else [],
        "files_lost": request.method == "POST" and bool(request.FILES),
        "late_sentence": late_policy_sentence(mission) if now < deadline else "",
        "deliverable_sentences": [(d, late_policy_sentence(mission, d)) for d in deliverables if now < d.due_at],
        "zone": mission_zone(mission).key,
        "autosave_url": (reverse("missions:autosave", args=[request.organization.slug, program.slug, mission.pk])
                         + (f"?idea={idea.pk}" if idea is not None else "")),
    }
    return render(request, "missions/submit.html", context, status=status)


def _closed_redirect(request, mission, program):
    from .missions import closed_message

    messages.error(request, closed_message(mission))
    return redirect("missions:detail", request.organization.slug, program.slug, mission.pk)


def _submit(request, program, mission, *, idea=None):
    user = request.user
    team = accepted_team_of(mission, user)
    timing = submission_timing(mission)
    if request.method != "POST" and idea is None and not timing.allowed:
        # Allowed but for the period: say so (a draft being edited can still be saved).
        return _closed_redirect(request, mission, program)
    form, details_form = _bind(request, mission, idea=idea, team=team)
    if request.method != "POST":
        return _page(request, mission, program, form, details_form, idea=idea)
    submit = "submit" in request.POST
    form_ok = form.is_valid()
    details_ok = details_form is None or details_form.is_valid()
    if not form_ok or not details_ok:
        return _page(request, mission, program, form, details_form, idea=idea)
    data = form.cleaned_data
    try:
        result = submission_save(
            mission, author=user, title=data["title"], body=data["body"], details=_details_data(details_form),
            deliverable=data.get("deliverable"), team=data.get("team"), submit=submit,
            client_key=data.get("client_key") or "", idea=idea, files=request.FILES.getlist("files"))
    except DomainError as error:
        _show_error(form, details_form, error)
        return _page(request, mission, program, form, details_form, idea=idea)
    if result.refused:
        # The deadline passed while the participant typed: the text is a draft now; say what
        # the policy allows, on the same page, with everything still there.
        form.add_error(None, result.refused_reason)
        return _page(request, mission, program, form, details_form, idea=result.idea, refused=result.refused_reason)
    if result.state == IdeaState.DRAFT:
        messages.success(request, _("Your draft was saved. Only you can see it."))
    elif result.late:
        messages.warning(request, _("Your submission was received after the deadline and is marked late."))
    else:
        messages.success(request, _("Your submission was received."))
    return redirect("ideas:detail", request.organization.slug, result.idea.pk)


@login_required
@organization_required
@agreement_first
def mission_submit(request, organization_slug, program_slug, pk):
    """A new submission on the mission type's form; saving a draft keeps it private."""
    program, mission = _mission(request, program_slug, pk, lead_to_agreement=True)
    if not may_take_part(request.user, mission):
        raise Http404
    return _submit(request, program, mission)


def _own_draft(request, mission, idea_pk):
    idea = Idea.objects.filter(pk=idea_pk, mission=mission, author=request.user,
                               state=IdeaState.DRAFT).select_related("deliverable", "team").first()
    if idea is None:
        raise Http404
    return idea


@login_required
@organization_required
@agreement_first
def submission_edit(request, organization_slug, program_slug, pk, idea_pk):
    """The author's draft on the same form."""
    program, mission = _mission(request, program_slug, pk, lead_to_agreement=True)
    if not may_take_part(request.user, mission):
        raise Http404
    return _submit(request, program, mission, idea=_own_draft(request, mission, idea_pk))


@require_POST
@login_required
@organization_required
def submission_autosave(request, organization_slug, program_slug, pk):
    """Keep the draft on the server while the participant types (htmx, every few seconds):
    the form's client key makes the first call create the draft and later ones update it.
    Answers a small status line; the deadline never stops it (the text stays a draft)."""
    program, mission = _mission(request, program_slug, pk)
    if not may_take_part(request.user, mission):
        raise Http404
    idea_pk = request.GET.get("idea", "")
    idea = _own_draft(request, mission, int(idea_pk)) if idea_pk.isdigit() else None
    team = accepted_team_of(mission, request.user)
    form = SubmissionForm(request.POST, mission=mission, team=team,
                          initial={"deliverable": idea.deliverable_id if idea else None})
    details_form = _details_form(mission, request.POST, draft=True)
    form.is_valid()
    data = form.cleaned_data
    context = {"saved_at": None, "problem": ""}
    title = (request.POST.get("title") or "").strip()
    if not title:
        context["problem"] = _("Not saved yet: give your submission a title first.")
    else:
        try:
            result = submission_save(
                mission, author=request.user, title=title[:200], body=request.POST.get("body", ""),
                details=_raw_details(request, details_form), deliverable=data.get("deliverable"),
                team=data.get("team"), submit=False, client_key=request.POST.get("client_key", ""), idea=idea)
        except DomainError as error:
            context["problem"] = _("Not saved yet: %(problems)s") % {"problems": error.text}
        else:
            if result.state == IdeaState.DRAFT:
                context["saved_at"] = time_format(timezone.localtime(timezone.now(), mission_zone(mission)),
                                                  "H:i")
                context["idea"] = result.idea
            else:
                context["problem"] = _("This submission was already sent.")
    return render(request, "missions/submit.html#autosave-status", context)


# --- the staff's review --------------------------------------------------------------------

class ReviewFilter(forms.Form):
    deliverable = forms.ModelChoiceField(label=gettext_lazy("Deliverable"), queryset=Deliverable.objects.none(),
                                         required=False, empty_label=gettext_lazy("All"))
    sub_mission = forms.ModelChoiceField(label=gettext_lazy("Sub-mission"), queryset=SubMission.objects.none(),
                                         required=False, empty_label=gettext_lazy("All"))
    late = forms.ChoiceField(label=gettext_lazy("Late"), required=False,
                             choices=[("", gettext_lazy("All")), ("yes", gettext_lazy("Late only")),
                                      ("no", gettext_lazy("On time only"))])
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)

    def __init__(self, *args, mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverable"].queryset = mission.deliverables.all()
        self.fields["sub_mission"].queryset = mission.sub_missions.all()
        self.fields["state"].choices = [("", _("All submitted"))] + [
            (s.value, s.label) for s in IdeaState if s != IdeaState.DRAFT]
        if not self.fields["deliverable"].queryset.exists():
            del self.fields["deliverable"]
        if not self.fields["sub_mission"].queryset.exists():
            del self.fields["sub_mission"]

    def apply(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("deliverable"):
            qs = qs.filter(deliverable=data["deliverable"])
        if data.get("sub_mission"):
            qs = qs.filter(sub_mission=data["sub_mission"])
        if data.get("late") == "yes":
            qs = qs.filter(is_late=True)
        elif data.get("late") == "no":
            qs = qs.filter(is_late=False)
        if data.get("state"):
            qs = qs.filter(state=data["state"])
        return qs


def review_queryset(mission):
    """Every submitted idea of the mission (drafts are their authors' own), with what a row shows."""
    return (Idea.objects.filter(mission=mission).exclude(state=IdeaState.DRAFT)
            .select_related("author", "deliverable", "sub_mission", "team", "mission__program__organization")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
                              Prefetch("credits", queryset=Credit.objects.select_related("user")))
            .order_by("-submitted_at", "-id"))


def _review_mission(request, program_slug, pk):
    program, mission = _mission(request, program_slug, pk)
    require(request.user, "missions.review_submissions", mission)
    return program, mission


@login_required
@organization_required
def mission_review(request, organization_slug, program_slug, pk):
    """Staff read every submission of a mission with its type's review partial, filtered,
    and the type's aggregate of all of them."""
    program, mission = _review_mission(request, program_slug, pk)
    filters = ReviewFilter(request.GET or None, mission=mission)
    qs = filters.apply(review_queryset(mission))
    page = paginate(request, qs)
    mtype = mission.type
    rows = [{"idea": idea, "review": mtype.render_review(mission, idea),
             "summary": mtype.summary(mission, idea.details or {})} for idea in page.object_list]
    details_list = list(qs.values_list("details", flat=True))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "missions/review.html", {
        "organization": request.organization, "program": program, "mission": mission, "mission_type": mtype,
        "filters": filters, "page_obj": page, "rows": rows, "total": page.paginator.count,
        "aggregate": mtype.render_aggregate(mission, details_list),
        "query": query.urlencode(), "zone": mission_zone(mission).key,
    })


def _cell(value) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@organization_required
def mission_review_csv(request, organization_slug, program_slug, pk):
    """The filtered submissions as CSV (UTF-8 with BOM so Excel reads Korean), one column per
    summary label of the type."""
    program, mission = _review_mission(request, program_slug, pk)
    filters = ReviewFilter(request.GET or None, mission=mission)
    ideas = list(filters.apply(review_queryset(mission)))
    mtype = mission.type
    zone = mission_zone(mission)
    summaries = [mtype.summary(mission, idea.details or {}) for idea in ideas]
    labels: list[str] = []
    for rows in summaries:
        for label, _value in rows:
            if label not in labels:
                labels.append(label)
    header = [_("ID"), _("Title"), _("Description"), _("Author"), _("Credited"), _("State"), _("Submitted"),
              _("Late"), _("Deliverable"), _("Sub-mission"), _("Team"), _("Files"), *labels]
    org = request.organization
    language = translation.get_language()
    lines_out = []
    for idea, rows in zip(ideas, summaries, strict=True):
        values = dict(rows)
        lines_out.append([
            idea.pk, idea.title, idea.body, idea.author.display_name,
            ", ".join(c.user.display_name for c in idea.credits.all()), idea.get_state_display(),
            timezone.localtime(idea.submitted_at, zone).strftime("%Y-%m-%d %H:%M") if idea.submitted_at else "",
            _("yes") if idea.is_late else _("no"), idea.deliverable.title if idea.deliverable else "",
            idea.sub_mission.title if idea.sub_mission else "", idea.team.name if idea.team else "",
            len(idea.attachments.all()), *[values.get(label, "") for label in labels]])

    def lines() -> Iterator[str]:
        with scope(organization=org), translation.override(language):
            writer = csv.writer(_Echo())
            yield "\ufeff"
            yield writer.writerow([_cell(h) for h in header])
            for row in lines_out:
                yield writer.writerow([_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mission-{mission.pk}-submissions.csv"'
    return response

