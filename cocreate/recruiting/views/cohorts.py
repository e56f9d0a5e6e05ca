"""R1 optimal, diverse selection pages: the quota editor, running the optimiser and reading its
proof, accepting and the invitation board; and the applicant's answer to an invitation.

Charts are server-rendered SVG whose bar lengths are SVG ``width`` attributes (the strict CSP
forbids inline styles, not presentation attributes), so no chart library or script is needed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, require
from cocreate.core.middleware import organization_required

from .. import cohorts, selectors
from ..enums import EntryStatus, QuestionKind, QuotaAttribute, SelectionStatus
from ..forms import InvitationAnswerForm, QuotaFormSet, SelectionAcceptForm, SelectionRunForm, quotas_from
from .calls import _recruitment


def _base(request, program, recruitment) -> dict:
    return {"organization": request.organization, "program": program, "recruitment": recruitment}


@login_required
@organization_required
def quotas(request, organization_slug, program_slug, pk):
    """The quota editor: one line per quota, with the values seen in the pool and their counts."""
    org = request.organization
    program, recruitment = _recruitment(request, program_slug, pk)
    require(request.user, "recruiting.manage_selection", recruitment)
    questions = list(recruitment.questions.filter(kind=QuestionKind.CHOICE))
    initial = [{"attribute": q.attribute, "question": q.question_id, "value": q.value, "minimum": q.minimum,
                "maximum": q.maximum} for q in cohorts.quotas_of(recruitment)]
    formset = QuotaFormSet(request.POST or None, initial=None if request.method == "POST" else initial,
                           prefix="quotas", form_kwargs={"questions": questions})
    errors = []
    if request.method == "POST" and formset.is_valid():
        try:
            cohorts.quotas_set(recruitment, actor=request.user, quotas=quotas_from(formset))
        except DomainError as e:
            errors = e.messages
        else:
            messages.success(request, _("The quotas were saved."))
            return redirect("recruiting:selection", org.slug, program.slug, recruitment.pk)
    pool = cohorts.pool_of(recruitment)
    seen = pool.values()
    labels = dict(QuotaAttribute.choices)
    values = [{"attribute": a, "label": labels[a],
               "values": [(cohorts.value_label(a, v), v, n) for v, n in seen.get(a, [])[:30]]}
              for a in cohorts.MAKE_UP_ATTRIBUTES]
    values += [{"attribute": f"answer:{q.pk}", "label": q.text,
                "values": [(v, v, n) for v, n in seen.get(f"answer:{q.pk}", [])]} for q in questions]
    datalist = sorted({v for group in values for _label, v, _n in group["values"]})
    return render(request, "recruiting/selection_quotas.html", _base(request, program, recruitment) | {
        "formset": formset, "errors": errors, "pool_size": len(pool), "values": values, "datalist": datalist,
    })


def _run_form(request, recruitment, data=None):
    rounds = list(recruitment.rounds.order_by("order"))
    initial = {"size": recruitment.target_size, "round": rounds[-1].pk if rounds else None}
    return SelectionRunForm(data, initial=initial, rounds=rounds)


def _share(count: int, total: int) -> float:
    return round(100.0 * count / total, 1) if total else 0.0


def _selection_context(request, recruitment, selection) -> dict:
    """What the selection page shows of one run; a fixed number of queries whatever its size."""
    if selection is None:
        return {"selection": None}
    result = selection.result
    question_labels = dict(recruitment.questions.values_list("pk", "text"))
    entries = cohorts.entries_of(selection)
    year = timezone.localdate().year
    chosen = []
    for e in entries:
        if e.role != "chosen":
            continue
        facets = cohorts.facets_of(e.application, recruitment=recruitment, year=year)
        chosen.append({"entry": e, "name": e.application.applicant_name,
                       "attributes": [(a, ", ".join(cohorts.value_label(a, v) for v in facets.get(a, ())) or "—")
                                      for a in (QuotaAttribute.AGE_BAND, QuotaAttribute.GENDER, QuotaAttribute.REGION,
                                                QuotaAttribute.OPINION_LEADER, QuotaAttribute.SOURCE)]})
    selectors.record_list_view(request.user, recruitment, [e.application for e in entries])
    quota_rows = []
    for q in result.get("quotas", []):
        attribute, value = cohorts.quota_key(q["attribute"], q["value"], q.get("question"))
        quota_rows.append(q | {"label": cohorts.quota_label(attribute, value, question_labels),
                               "binding": q["state"] in ("at_min", "at_max", "fixed")})
    pool_size, size = result.get("pool_size") or 0, selection.size
    labels = dict(QuotaAttribute.choices)
    make_up = []
    for attribute, rows in result.get("make_up", {}).items():
        if not rows:
            continue
        bars = [{"label": cohorts.value_label(attribute, r["value"]), "pool": r["pool"], "cohort": r["cohort"],
                 "pool_share": _share(r["pool"], pool_size), "cohort_share": _share(r["cohort"], size)}
                for r in rows]
        make_up.append({"label": labels.get(attribute, attribute), "bars": bars})
    context = {
        "selection": selection, "result": result, "chosen": chosen, "quota_rows": quota_rows, "make_up": make_up,
        "can_accept": (selection.status == SelectionStatus.PROPOSED
                       and selection == cohorts.latest_selection(recruitment)),
        "accept_form": SelectionAcceptForm(initial={"confirm_days": selection.confirm_days}),
    }
    if selection.status != SelectionStatus.PROPOSED:
        context["board"] = cohorts.board_of_entries(entries)
        context["statuses"] = EntryStatus
    return context


def _histograms(recruitment, correction) -> list[dict]:
    out = []
    for h in cohorts.score_histograms(recruitment, correction=correction):
        top = h["max"]
        out.append({"round": h["round"], "bars": [
            {"x": i * 30, "count": c, "height": round(100.0 * c / top, 1), "y": round(100 - 100.0 * c / top, 1),
             "low": i * 10, "high": i * 10 + 10} for i, c in enumerate(h["counts"])]})
    return out


def _render(request, program, recruitment, selection, form, errors=()):
    correction = selection.correction if selection is not None else ""
    return render(request, "recruiting/selection.html", _base(request, program, recruitment) | {
        "form": form, "errors": list(errors), "quotas": cohorts.quotas_of(recruitment),
        "runs": list(cohorts.selections_of(recruitment)[:10]), "histograms": _histograms(recruitment, correction),
    } | _selection_context(request, recruitment, selection))


@login_required
@organization_required
def selection(request, organization_slug, program_slug, pk):
    """The latest run with its proof and board; posting runs the optimiser again. Infeasible
    quotas are explained on the page and the form keeps what was typed."""
    org = request.organization
    program, recruitment = _recruitment(request, program_slug, pk)
    require(request.user, "recruiting.manage_selection", recruitment)
    latest = cohorts.latest_selection(recruitment)
    if request.method != "POST":
        return _render(request, program, recruitment, latest, _run_form(request, recruitment))
    form = _run_form(request, recruitment, request.POST)
    if form.is_valid():
        try:
            made = cohorts.selection_run(recruitment, actor=request.user, size=form.cleaned_data["size"],
                                         round=form.cleaned_data["round"],
                                         correction=form.cleaned_data["correction"] or None,
                                         seed=form.cleaned_data["seed"],
                                         tie_window=float(form.cleaned_data["tie_window"] or 0))
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("A cohort of %(size)s was proposed. Check it, then accept and invite.")
                             % {"size": made.size})
            return redirect("recruiting:selection_detail", org.slug, program.slug, recruitment.pk, made.pk)
    return _render(request, program, recruitment, latest, form)


@login_required
@organization_required
def selection_detail(request, organization_slug, program_slug, pk, selection_pk):
    program, recruitment = _recruitment(request, program_slug, pk)
    require(request.user, "recruiting.manage_selection", recruitment)
    chosen = cohorts.selection_in(recruitment, selection_pk)
    return _render(request, program, recruitment, chosen, _run_form(request, recruitment))


@require_POST
@login_required
@organization_required
def selection_accept(request, organization_slug, program_slug, pk, selection_pk):
    org = request.organization
    program, recruitment = _recruitment(request, program_slug, pk)
    require(request.user, "recruiting.manage_selection", recruitment)
    chosen = cohorts.selection_in(recruitment, selection_pk)
    form = SelectionAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("People need from 1 to 60 days to confirm."))
    else:
        try:
            cohorts.selection_accept(chosen, actor=request.user, confirm_days=form.cleaned_data["confirm_days"])
        except DomainError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, _("The chosen were invited and have %(days)s days to confirm.")
                             % {"days": form.cleaned_data["confirm_days"]})
    return redirect("recruiting:selection_detail", org.slug, program.slug, recruitment.pk, chosen.pk)


@require_POST
@login_required
def invitation_respond(request, entry_pk):
    """The applicant confirms or declines their place; back to their applications."""
    entry = cohorts.invitation_for_user(request.user, entry_pk)
    form = InvitationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose confirm or decline."))
        return redirect("recruiting:mine")
    accept = form.cleaned_data["answer"] == "confirm"
    # The invitation's organization is not in the address: open its scope for the services.
    with scope(organization=entry.selection.recruitment.program.organization):
        try:
            cohorts.invitation_respond(entry, actor=request.user, accept=accept)
        except DomainError as e:
            messages.error(request, e.text)
        else:
            done = (_("Welcome! You are now a partner of “%(program)s”.") if accept
                    else _("You declined your place in “%(program)s”. Thank you for letting us know."))
            messages.success(request, done % {"program": entry.selection.recruitment.program.title})
    return redirect("recruiting:mine")
