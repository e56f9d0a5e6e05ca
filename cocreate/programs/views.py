"""Programs, their agreements and cohorts. Views check permission, validate, call one
service and render."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.missions.selectors import confidential_mission_count, missions_visible_to
from cocreate.recruiting.selectors import applications_by_recruitment, recruitments_of

from . import selectors, services
from .forms import (
    AcceptForm,
    AgreementForm,
    CriterionFormSet,
    ProgramForm,
    criteria_from,
    criteria_initial,
    program_initial,
)


@organization_required
def program_list(request, organization_slug):
    org = request.organization
    page = paginate(request, selectors.programs_visible_to(request.user, org).order_by("-created_at", "id"))
    return render(request, "programs/list.html", {
        "organization": org, "page_obj": page, "programs": page.object_list,
        "can_add": request.user.has_perm("programs.add_program", org),
    })


@login_required
@organization_required
def program_create(request, organization_slug):
    org = request.organization
    require(request.user, "programs.add_program", org)
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(organization=org, actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("The program was created. Next, write its agreement."))
            return redirect("programs:detail", org.slug, program.slug)
    return render(request, "programs/form.html", {"organization": org, "form": form})


@organization_required
def program_detail(request, organization_slug, program_slug):
    org = request.organization
    user = request.user
    program = selectors.program_for_user(user, org, program_slug)
    agreement = selectors.current_agreement(program)
    is_partner = selectors.is_partner(user, program)
    accepted = selectors.has_accepted_current_agreement(user, program)
    recruitments = list(recruitments_of(user, program).order_by("-opens_at", "id"))
    mine = applications_by_recruitment(user, recruitments)
    for r in recruitments:
        r.program = program  # one program object: its permission caches serve every row
        r.my_application = mine.get(r.pk)
        r.can_apply = user.has_perm("recruiting.apply_recruitment", r)
    missions = list(missions_visible_to(user, program))
    context = {
        "organization": org,
        "program": program,
        "timeline": program.timeline(),
        "agreement": agreement if agreement and user.has_perm("programs.view_agreement", agreement) else None,
        "is_partner": is_partner,
        "accepted": accepted,
        "waiting_missions": confidential_mission_count(program) if is_partner and not accepted else 0,
        "recruitments": recruitments,
        "missions": missions,
        "can": {
            "change_program": user.has_perm("programs.change_program", program),
            "add_agreement": user.has_perm("programs.add_agreement", program),
            "view_partners": user.has_perm("programs.view_partners", program),
            "add_recruitment": user.has_perm("recruiting.add_recruitment", program),
            "add_mission": user.has_perm("missions.add_mission", program),
            "view_results": user.has_perm("evaluation.view_results", program),
            "manage_judging": user.has_perm("evaluation.manage_judging", program),
        },
    }
    return render(request, "programs/detail.html", context)


@login_required
@organization_required
def program_edit(request, organization_slug, program_slug):
    org = request.organization
    program = selectors.program_for_user(request.user, org, program_slug)
    require(request.user, "programs.change_program", program)
    form = ProgramForm(request.POST or None, initial=program_initial(program))
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(program, actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("The program was saved."))
            return redirect("programs:detail", org.slug, program.slug)
    return render(request, "programs/form.html", {"organization": org, "form": form, "program": program})


@organization_required
def agreement(request, organization_slug, program_slug):
    """The agreement in force, readable by everyone who can see the program; partners accept
    it here (POST). Staff also see the draft of the next version."""
    org = request.organization
    user = request.user
    program = selectors.program_for_user(user, org, program_slug)
    current = selectors.current_agreement(program)
    if current is not None and not user.has_perm("programs.view_agreement", current):
        current = None
    form = AcceptForm(request.POST or None, initial={"version": getattr(current, "version", None)})
    if request.method == "POST":
        if not user.is_authenticated or current is None:
            raise Http404
        require(user, "programs.accept_agreement", current)
        if not form.is_valid() or form.cleaned_data["version"] != current.version:
            messages.error(request, _("The agreement changed while you were reading it. Please read "
                                      "version %(version)s below before you accept it.")
                           % {"version": current.version})
            return redirect("programs:agreement", org.slug, program.slug)
        try:
            services.agreement_accept(current, user=user)
        except DomainError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, _("Thank you. You accepted version %(version)s of the agreement; the "
                                        "program's missions are open to you now.")
                             % {"version": current.version})
            # Back to the mission that sent the partner here (only to this site).
            back = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
                return redirect(back)
        return redirect("programs:agreement", org.slug, program.slug)
    draft = selectors.draft_agreement(program) if user.has_perm("programs.add_agreement", program) else None
    return render(request, "programs/agreement.html", {
        "organization": org, "program": program, "agreement": current, "draft": draft,
        "acceptance": selectors.acceptance_of(user, current),
        "can_accept": current is not None and user.has_perm("programs.accept_agreement", current),
        "can_edit": user.has_perm("programs.add_agreement", program),
        "can_view_acceptances": user.has_perm("programs.view_acceptances", program),
        "has_submissions": current is not None and services.program_has_submissions(program),
        "versions": [v for v in selectors.agreement_versions(program).only(
            "version", "status", "published_at", "is_material", "program_id")
            if v.status == "published" or user.has_perm("programs.view_agreement", v)],
        "form": form,
    })


@login_required
@organization_required
def agreement_edit(request, organization_slug, program_slug):
    """The manager writes the next version: the open draft, or a copy of the version in
    force. Nothing is written until the first save."""
    org = request.organization
    program = selectors.program_for_user(request.user, org, program_slug)
    require(request.user, "programs.add_agreement", program)
    draft = selectors.draft_agreement(program)
    if draft is not None:
        require(request.user, "programs.change_agreement", draft)
    source = draft or selectors.current_agreement(program)
    initial = ({f: getattr(source, f) for f in (*services.AGREEMENT_TEXT_FIELDS, *services.EVALUATION_FIELDS)}
               if source else {})
    # A new draft is material unless the manager says otherwise.
    initial["not_material"] = not draft.is_material if draft else False
    form = AgreementForm(request.POST or None, initial=initial)
    formset = CriterionFormSet(request.POST or None, initial=criteria_initial(source), prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        publish = "publish" in request.POST
        try:
            saved = services.agreement_save(program, actor=request.user, criteria=criteria_from(formset),
                                            publish=publish, **form.service_values())
        except DomainError as e:
            form_error(form, e)
            if publish:
                messages.warning(request, _("Your draft was saved, but it is not published yet."))
        else:
            if publish:
                done = _("Version %(version)s of the agreement is published. Partners must accept it "
                         "before they see confidential missions again.")
            else:
                done = _("The draft of version %(version)s was saved.")
            messages.success(request, done % {"version": saved.version})
            return redirect("programs:agreement", org.slug, program.slug)
    version = draft.version if draft else None
    return render(request, "programs/agreement_form.html", {
        "organization": org, "program": program, "form": form, "formset": formset, "version": version,
        "has_submissions": services.program_has_submissions(program),
    })


@organization_required
def agreement_pdf(request, organization_slug, program_slug, version):
    """One version as a printable PDF in the reader's language; 404 alike for a version that
    does not exist, is a draft, or the reader may not see."""
    from .pdf import agreement_pdf as render_pdf

    org = request.organization
    program = selectors.program_for_user(request.user, org, program_slug)
    agreement = selectors.published_version(program, version)
    if agreement is None:
        raise Http404
    require(request.user, "programs.view_agreement", agreement)
    language = "ko" if (get_language() or "").startswith("ko") else "en"
    response = HttpResponse(render_pdf(agreement, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{program.slug}-v{version}-{language}.pdf"'
    return response


@login_required
@organization_required
def acceptances(request, organization_slug, program_slug):
    """The manager's overview: every partner, the version they accepted last and when, and who
    is behind the version in force."""
    org = request.organization
    program = selectors.program_for_user(request.user, org, program_slug)
    require(request.user, "programs.view_acceptances", program)
    current = selectors.current_agreement(program)
    rows = selectors.acceptance_overview(program)
    if request.GET.get("format") == "csv":
        return _acceptances_csv(program, current, rows)
    page = paginate(request, rows, per_page=50)
    # NULL (never accepted) is behind too; a plain exclude() would drop those rows.
    behind = (rows.filter(Q(accepted_version__isnull=True) | ~Q(accepted_version=current.version)).count()
              if current else 0)
    return render(request, "programs/acceptances.html", {
        "organization": org, "program": program, "agreement": current, "page_obj": page,
        "partners": page.object_list, "behind": behind,
    })


def _acceptances_csv(program, current, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="acceptances-{program.slug}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the Korean names as UTF-8
    writer = csv.writer(response)
    writer.writerow([_("Partner"), _("Email"), _("Joined"), _("Accepted version"), _("Accepted at"),
                     _("Carried forward"), _("Current version"), _("Up to date")])
    for p in rows:
        up_to_date = current is not None and p.accepted_version == current.version
        writer.writerow([
            p.user.display_name, p.user.email, p.joined_at.isoformat(),
            p.accepted_version or "", p.accepted_at.isoformat() if p.accepted_at else "",
            _("yes") if p.carried_from_id else _("no"), current.version if current else "",
            _("yes") if up_to_date else _("no"),
        ])
    return response


@require_POST
@login_required
@organization_required
def agreement_publish(request, organization_slug, program_slug):
    org = request.organization
    program = selectors.program_for_user(request.user, org, program_slug)
    draft = selectors.draft_agreement(program)
    if draft is None:
        raise Http404
    require(request.user, "programs.change_agreement", draft)
    try:
        services.agreement_publish(draft, actor=request.user)
    except DomainError as e:
        messages.error(request, e.text)
        return redirect("programs:agreement_edit", org.slug, program.slug)
    messages.success(request, _("Version %(version)s of the agreement is published. Partners must accept it "
                                "before they see confidential missions again.") % {"version": draft.version})
    return redirect("programs:agreement", org.slug, program.slug)


@login_required
@organization_required
def partners(request, organization_slug, program_slug):
    org = request.organization
    program = selectors.program_for_user(request.user, org, program_slug)
    require(request.user, "programs.view_partners", program)
    page = paginate(request, selectors.partners_with_acceptance(program), per_page=50)
    return render(request, "programs/partners.html", {
        "organization": org, "program": program, "page_obj": page, "partners": page.object_list,
        "agreement": selectors.current_agreement(program),
    })
