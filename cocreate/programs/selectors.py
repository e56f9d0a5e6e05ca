from django.db.models import DateTimeField, OuterRef, Q, Subquery, Value
from django.http import Http404

from cocreate.organizations.rules import is_staff_member

from .enums import AgreementStatus, ProgramStatus
from .models import Agreement, AgreementAcceptance, Partner, Program


def is_partner(user, program) -> bool:
    """Cached per request on the user object: permission checks on a page ask it often."""
    if not getattr(user, "is_authenticated", False):
        return False
    cache = user.__dict__.setdefault("_cocreate_partner", {})
    if program.pk not in cache:
        cache[program.pk] = Partner.objects.filter(program=program, user=user).exists()
    return cache[program.pk]


def current_agreement(program) -> Agreement | None:
    """The published agreement of a program, with its criteria, or None."""
    cache = program.__dict__.setdefault("_cocreate_agreement", {})
    if "current" not in cache:
        cache["current"] = (
            Agreement.objects.filter(program=program, status=AgreementStatus.PUBLISHED)
            .prefetch_related("criteria")
            .first()
        )
    return cache["current"]


def has_accepted_current_agreement(user, program) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    agreement = current_agreement(program)
    if agreement is None:
        return False
    cache = user.__dict__.setdefault("_cocreate_accepted", {})
    if agreement.pk not in cache:
        cache[agreement.pk] = AgreementAcceptance.objects.filter(agreement=agreement, user=user).exists()
    return cache[agreement.pk]


def programs_visible_to(user, organization):
    """Public programs that have started, plus every program for the organization's staff and
    the programs in which the person is a partner. Agrees with programs.view_program."""
    qs = Program.objects.filter(organization=organization)
    if is_staff_member(user, organization):
        return qs
    visible = Q(is_public=True) & ~Q(status=ProgramStatus.DRAFT)
    if getattr(user, "is_authenticated", False):
        visible |= Q(partners__user=user)
    return qs.filter(visible).distinct()


def program_for_user(user, organization, slug: str) -> Program:
    """One program, or 404 alike for missing and not visible."""
    program = (
        Program.objects.filter(organization=organization, slug=slug).select_related("organization").first()
    )
    if program is None or not user.has_perm("programs.view_program", program):
        raise Http404
    return program


def partners_of(program):
    return Partner.objects.filter(program=program).select_related("user").order_by("joined_at")


def draft_agreement(program) -> Agreement | None:
    """The version being prepared, if a manager opened one."""
    return (
        Agreement.objects.filter(program=program, status=AgreementStatus.DRAFT)
        .prefetch_related("criteria").first()
    )


def acceptance_of(user, agreement) -> AgreementAcceptance | None:
    if agreement is None or not getattr(user, "is_authenticated", False):
        return None
    return AgreementAcceptance.objects.filter(agreement=agreement, user=user).first()


def partners_with_acceptance(program):
    """The cohort, each partner annotated with when they accepted the agreement in force
    (``accepted_at``, None when they have not yet), in one query."""
    agreement = current_agreement(program)
    qs = partners_of(program).select_related("application")
    if agreement is None:
        return qs.annotate(accepted_at=Value(None, output_field=DateTimeField()))
    return qs.annotate(accepted_at=Subquery(
        AgreementAcceptance.objects.filter(agreement=agreement, user=OuterRef("user"))
        .values("accepted_at")[:1]
    ))


def agreement_versions(program):
    """Every published or superseded version, newest first, with its criteria (drafts are
    the manager's business and stay out)."""
    return (
        Agreement.objects.filter(program=program)
        .exclude(status=AgreementStatus.DRAFT)
        .prefetch_related("criteria")
        .order_by("-version")
    )


def published_version(program, version: int) -> Agreement | None:
    """One version that was put in force (current or superseded), or None."""
    return agreement_versions(program).filter(version=version).first()


def acceptance_overview(program):
    """The cohort for the manager's overview: each partner annotated with the latest version
    they accepted (``accepted_version``), when (``accepted_at``) and whether that acceptance was
    carried forward from an earlier version (``carried``), in one query whatever the size.
    A partner is behind when ``accepted_version`` is not the version in force."""
    latest = AgreementAcceptance.objects.filter(
        agreement__program=program, user=OuterRef("user")
    ).exclude(agreement__status=AgreementStatus.DRAFT).order_by("-version", "-id")
    return (
        partners_of(program)
        .annotate(
            accepted_version=Subquery(latest.values("version")[:1]),
            accepted_at=Subquery(latest.values("accepted_at")[:1]),
            carried_from_id=Subquery(latest.values("carried_from")[:1]),
        )
        .order_by("joined_at", "id")
    )
