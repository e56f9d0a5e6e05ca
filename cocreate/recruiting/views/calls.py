"""R1 pages: a call for partners, applying to it and the manager's choice. Views check
permission, validate, call one service and render a page or, for htmx, a named partial."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from cocreate.accounts.enums import Gender
from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required
from cocreate.programs.rules import can_view_program
from cocreate.programs.selectors import program_for_user

from .. import selectors, services
from ..enums import RecruitmentStatus
from ..forms import (
    ApplicationFilterForm,
    ApplyForm,
    QuestionFormSet,
    RecruitmentForm,
    StatusForm,
    WithdrawForm,
    questions_from,
)

# What an application copies from the profile, in the order it is shown.
PROFILE_FIELDS = ("name", "email", "birth_year", "gender", "region", "interests", "expertise", "languages",
                  "follower_count", "social_links", "community_roles")


def profile_rows(snapshot: dict, hide=frozenset()) -> list[tuple[str, object]]:
    """Label and shown value of each field of a profile snapshot, in the reader's language,
    leaving out the ``hide`` fields (a blind round's reviewer)."""
    user_model = get_user_model()
    rows = []
    for name in PROFILE_FIELDS:
        if name in hide:
            continue
        value = snapshot.get(name)
        if name == "gender" and value:
            value = Gender(value).label if value in Gender.values else value
        rows.append((user_model._meta.get_field(name).verbose_name, value))
    return rows


def age_this_year(birth_year) -> int | None:
    return timezone.localdate().year - birth_year if birth_year else None


def _recruitment(request, program_slug, pk):
    program = program_for_user(request.user, request.organization, program_slug)
    return program, selectors.recruitment_for_user(request.user, program, pk)


@login_required
@organization_required
def recruitment_create(request, organization_slug, program_slug):
    org = request.organization
    program = program_for_user(request.user, org, program_slug)
    require(request.user, "recruiting.add_recruitment", program)
    form = RecruitmentForm(request.POST or None)
    formset = QuestionFormSet(request.POST or None, prefix="questions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            recruitment = services.recruitment_create(
                program, actor=request.user, questions=questions_from(formset), **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("The recruitment was created."))
            return redirect("recruiting:detail", org.slug, program.slug, recruitment.pk)
    return render(request, "recruiting/form.html", {
        "organization": org, "program": program, "form": form, "formset": formset,
    })


@organization_required
def recruitment_detail(request, organization_slug, program_slug, pk):
    org = request.organization
    user = request.user
    program, recruitment = _recruitment(request, program_slug, pk)
    can_manage_rounds = user.has_perm("recruiting.manage_rounds", recruitment)
    return render(request, "recruiting/detail.html", {
        "organization": org, "program": program, "recruitment": recruitment,
        "questions": list(recruitment.questions.all()),
        "application": selectors.application_of(user, recruitment),
        "can": {
            "apply": user.has_perm("recruiting.apply_recruitment", recruitment),
            "change": user.has_perm("recruiting.change_recruitment", recruitment),
            "list": user.has_perm("recruiting.list_applications", recruitment),
        },
        "application_count": recruitment.applications.count()
        if user.has_perm("recruiting.list_applications", recruitment) else None,
        "statuses": RecruitmentStatus,
        "can_manage_rounds": can_manage_rounds,
        "rounds": list(selectors.rounds_of(recruitment)) if can_manage_rounds else [],
        "reviewing": selectors.rounds_reviewed_by(user, recruitment),
    })


@login_required
@organization_required
def apply(request, organization_slug, program_slug, pk):
    org = request.organization
    user = request.user
    program, recruitment = _recruitment(request, program_slug, pk)
    existing = selectors.application_of(user, recruitment)
    context = {"organization": org, "program": program, "recruitment": recruitment, "application": existing,
               "profile": profile_rows(user.profile_snapshot())}
    if existing is not None:
        # Applying twice is harmless: the person sees the application they already sent.
        if request.method == "POST":
            messages.info(request, _("You already applied to this recruitment."))
            return redirect("recruiting:mine")
        return render(request, "recruiting/apply.html", context)
    if not (request.method == "POST" and can_view_program(user, recruitment)):
        # A call that closed while the person was typing is explained by the service below,
        # on the form that still holds their answers.
        require(user, "recruiting.apply_recruitment", recruitment)
    form = ApplyForm(request.POST or None, recruitment=recruitment, questions=recruitment.questions.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(recruitment, applicant=user, answers=form.answers(),
                                        consent=form.cleaned_data["consent"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Thank you. Your application was sent; we will tell you when the "
                                        "selection is made."))
            return redirect("recruiting:mine")
    return render(request, "recruiting/apply.html", context | {"form": form})


@require_POST
@login_required
@organization_required
def recruitment_status(request, organization_slug, program_slug, pk):
    org = request.organization
    program, recruitment = _recruitment(request, program_slug, pk)
    require(request.user, "recruiting.change_recruitment", recruitment)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.recruitment_set_status(recruitment, actor=request.user, status=form.cleaned_data["status"])
        messages.success(request, _("The recruitment is now: %(status)s.")
                         % {"status": recruitment.get_status_display()})
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("recruiting:detail", org.slug, program.slug, recruitment.pk)


@login_required
@organization_required
def application_list(request, organization_slug, program_slug, pk):
    org = request.organization
    program, recruitment = _recruitment(request, program_slug, pk)
    require(request.user, "recruiting.list_applications", recruitment)
    form = ApplicationFilterForm(request.GET, sources=selectors.application_sources(recruitment))
    filters = form.cleaned_data if form.is_valid() else {}
    # A missing source means any source; an empty one is the open call.
    source = filters.get("source") if "source" in request.GET else "*"
    applications = selectors.applications_of(
        recruitment, status=filters.get("status") or None, query=(filters.get("q") or "").strip(),
        opinion_leaders=bool(filters.get("opinion_leaders")), source=None if source in ("*", None) else source)
    page = paginate(request, applications, per_page=50)
    rows = [{"application": a, "age": age_this_year(a.profile.get("birth_year")),
             "gender": dict(Gender.choices).get(a.profile.get("gender"), a.profile.get("gender") or ""),
             "opinion_leader": selectors.is_opinion_leader(a.profile, recruitment)}
            for a in page.object_list]
    selectors.record_list_view(request.user, recruitment, page.object_list)
    context = {"organization": org, "program": program, "recruitment": recruitment, "form": form,
               "page_obj": page, "rows": rows}
    if request.htmx and request.htmx.target == "application-results":
        return render(request, "recruiting/_application_results.html", context)
    return render(request, "recruiting/applications.html", context)


@login_required
@organization_required
def application_detail(request, organization_slug, program_slug, pk, application_pk):
    org = request.organization
    program, recruitment = _recruitment(request, program_slug, pk)
    application = selectors.application_for_user(request.user, recruitment, application_pk)
    can_decide = request.user.has_perm("recruiting.decide_application", application)
    return render(request, "recruiting/application.html", {
        "organization": org, "program": program, "recruitment": recruitment, "application": application,
        "profile": profile_rows(application.profile),
        "age": age_this_year(application.profile.get("birth_year")),
        "can_decide": can_decide,
    })


def _decide(request, program_slug, pk, application_pk, service, done_message):
    org = request.organization
    program, recruitment = _recruitment(request, program_slug, pk)
    application = selectors.application_in(recruitment, application_pk)
    require(request.user, "recruiting.decide_application", application)
    try:
        service(application, actor=request.user)
    except DomainError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, done_message % {"person": application.applicant_name})
    return redirect("recruiting:application", org.slug, program.slug, recruitment.pk, application.pk)


@require_POST
@login_required
@organization_required
def application_select(request, organization_slug, program_slug, pk, application_pk):
    return _decide(request, program_slug, pk, application_pk, services.application_select,
                   _("%(person)s is now a partner of the program and was told so."))


@require_POST
@login_required
@organization_required
def application_decline(request, organization_slug, program_slug, pk, application_pk):
    return _decide(request, program_slug, pk, application_pk, services.application_decline,
                   _("%(person)s's application was declined and they were told so."))


@login_required
def my_applications(request):
    # The applicant filter is the tenant boundary: a person's own applications everywhere.
    with scopes_disabled():
        from ..cohorts import invitations_of_user  # the invitations block (views/cohorts.py answers them)

        page = paginate(request, selectors.applications_of_user(request.user))
        return render(request, "recruiting/mine.html",
                      {"page_obj": page, "applications": list(page.object_list),
                       "invitations": invitations_of_user(request.user)})


@login_required
def my_application(request, application_pk):
    """The applicant's own application: their answers, its status, the round outcomes they
    were told, and withdrawing it while nobody has decided."""
    # The applicant filter is the tenant boundary, as on the list of one's applications.
    with scopes_disabled():
        application = selectors.my_application(request.user, application_pk)
        return render(request, "recruiting/my_application.html", {
            "application": application, "recruitment": application.recruitment,
            "answers": list(application.answers.all()), "outcomes": selectors.told_outcomes(application),
            "can_withdraw": request.user.has_perm("recruiting.withdraw_application", application),
            "withdraw_form": WithdrawForm(),
        })


@require_POST
@login_required
def application_withdraw(request, application_pk):
    with scopes_disabled():
        # Only the applicant reaches their application; a decided one is refused by the
        # service with its reason, on the page they came from.
        application = selectors.my_application(request.user, application_pk)
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["confirm"][0])
            return redirect("recruiting:my_application", application.pk)
        try:
            services.application_withdraw(application, actor=request.user)
        except DomainError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, _("Your application was withdrawn."))
        return redirect("recruiting:my_application", application.pk)
