from django.db.models import Count, Q
from django.http import Http404

from cocreate.core.services import audit_record

from .models import Application, Recruitment


def recruitments_of(user, program):
    qs = Recruitment.objects.filter(program=program).annotate(
        application_count=Count("applications", distinct=True)
    )
    if user.has_perm("recruiting.add_recruitment", program):
        return qs
    return qs.exclude(status="draft")


def recruitment_for_user(user, program, pk: int) -> Recruitment:
    recruitment = (
        Recruitment.objects.filter(program=program, pk=pk).select_related("program__organization").first()
    )
    if recruitment is None or not user.has_perm("recruiting.view_recruitment", recruitment):
        raise Http404
    return recruitment


def applications_of(recruitment, *, status: str | None = None, query: str = ""):
    """Applications without personal data columns beyond what the list shows."""
    qs = recruitment.applications.select_related("applicant").order_by("submitted_at", "id")
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(applicant__name__icontains=query) | Q(applicant__email__icontains=query))
    return qs


def application_for_user(user, recruitment, pk: int) -> Application:
    """One application with its answers, or 404. Reading it shows personal data, so every
    read by someone other than the applicant is written to the audit log."""
    application = (
        Application.objects.filter(recruitment=recruitment, pk=pk)
        .select_related("applicant", "recruitment__program__organization")
        .prefetch_related("answers__question")
        .first()
    )
    if application is None or not user.has_perm("recruiting.view_application", application):
        raise Http404
    if application.applicant_id != user.pk:
        audit_record(actor=user, verb="personal_data.viewed", target=application,
                     organization=recruitment.program.organization)
    return application


def application_of(user, recruitment) -> Application | None:
    if not user.is_authenticated:
        return None
    return Application.objects.filter(recruitment=recruitment, applicant=user).first()


def applications_of_user(user):
    """The person's own applications everywhere; the applicant filter is the boundary."""
    return (
        Application.objects.with_scopes_disabled()
        .filter(applicant=user)
        .select_related("recruitment__program__organization")
        .order_by("-submitted_at")
    )


def applications_by_recruitment(user, recruitments) -> dict:
    """The person's own application to each of these recruitments, keyed by recruitment id."""
    if not getattr(user, "is_authenticated", False) or not recruitments:
        return {}
    mine = Application.objects.filter(recruitment__in=recruitments, applicant=user)
    return {a.recruitment_id: a for a in mine}


def application_in(recruitment, pk: int) -> Application:
    """An application of this recruitment for a decision, without reading its personal data."""
    application = (
        Application.objects.filter(recruitment=recruitment, pk=pk)
        .select_related("applicant", "recruitment__program__organization").first()
    )
    if application is None:
        raise Http404
    return application


def record_list_view(user, recruitment, applications) -> None:
    """The applicants list shows personal data (age, gender, region, reach): one audit line
    per page read, naming the applications shown."""
    ids = [a.pk for a in applications]
    if ids:
        audit_record(actor=user, verb="personal_data.listed", target=recruitment,
                     organization=recruitment.program.organization, data={"applications": ids})
