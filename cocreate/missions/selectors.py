from django.db.models import Count, Exists, Q
from django.http import Http404

from cocreate.organizations.rules import is_staff_member
from cocreate.programs.selectors import has_accepted_current_agreement, is_partner

from .models import Mission


def missions_visible_to(user, program):
    """Agrees with missions.view_mission, in one query."""
    qs = Mission.objects.filter(program=program).annotate(
        idea_count=Count("ideas", filter=~Q(ideas__state="draft"), distinct=True)
    ).prefetch_related("tasks")
    if is_staff_member(user, program.organization):
        return qs
    partner = is_partner(user, program)
    visible = Q(pk__in=[])
    if user.has_perm("programs.view_program", program):
        visible |= Q(visibility="public")
    if partner:
        visible |= Q(visibility__in=["pool", "cohort"])
        if has_accepted_current_agreement(user, program):
            visible |= Q(visibility="confidential")
    elif getattr(user, "is_authenticated", False):
        from cocreate.pool.models import PoolMember

        visible |= Q(visibility="pool") & Exists(PoolMember.objects.filter(
            organization_id=program.organization_id, user=user, status="active"))
    return qs.filter(visible)


def confidential_mission_count(program) -> int:
    return Mission.objects.filter(program=program, visibility="confidential").count()


def mission_exists(program, pk: int) -> bool:
    return Mission.objects.filter(program=program, pk=pk).exists()


def mission_for_user(user, program, pk: int) -> Mission:
    mission = Mission.objects.filter(program=program, pk=pk).select_related("program__organization").first()
    if mission is None or not user.has_perm("missions.view_mission", mission):
        raise Http404
    return mission
