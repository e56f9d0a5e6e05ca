from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.http import Http404

from cocreate.organizations.rules import is_staff_member

from .models import Mission


def visible_missions_q(user, organization, prefix: str = "") -> Q:
    """Who sees a mission, by its visibility, as one filter: **the** rule for missions and for
    everything that lives in one (a mission idea is visible exactly when its mission is, see
    ``ideas.selectors.idea_visibility_q``). ``prefix`` names the path to the mission from the
    model filtered (``"mission__"`` for ideas). missions.view_mission evaluates this same filter
    for one mission, so a list and its object rule cannot disagree.

    - staff of the organization: every mission;
    - public: whoever may see the program (public and started, or a partner of it);
    - pool: active members of the organization's standing pool and the program's partners;
    - cohort: the program's partners;
    - confidential: the program's partners who accepted the agreement in force.

    Accepting a program's published agreement does not make anyone a partner: an outsider who
    accepted it to join a public mission sees the public missions only."""
    from cocreate.pool.models import PoolMember
    from cocreate.programs.enums import AgreementStatus, ProgramStatus
    from cocreate.programs.models import AgreementAcceptance, Partner

    if is_staff_member(user, organization):
        return Q()
    field = f"{prefix}visibility"
    program = f"{prefix}program"
    program_public = Q(**{f"{program}__is_public": True}) & ~Q(**{f"{program}__status": ProgramStatus.DRAFT})
    if not getattr(user, "is_authenticated", False):
        return Q(**{field: "public"}) & program_public
    partner = Exists(Partner.objects.filter(program=OuterRef(program), user_id=user.pk))
    accepted = Exists(AgreementAcceptance.objects.filter(
        user_id=user.pk, agreement__program=OuterRef(program), agreement__status=AgreementStatus.PUBLISHED))
    in_pool = Exists(PoolMember.objects.filter(organization=organization, user_id=user.pk, status="active"))
    pool = Q(**{field: "pool"}) & (Q(in_pool) | Q(partner))
    return (
        (Q(**{field: "public"}) & (program_public | Q(partner)))
        | pool
        | (Q(**{field: "cohort"}) & Q(partner))
        | (Q(**{field: "confidential"}) & Q(partner) & Q(accepted))
    )


def mission_visible(user, mission) -> bool:
    """``visible_missions_q`` for one mission (missions.view_mission). A page checks several
    permissions for each mission it lists, so the answer for every mission of the program is
    read in one query and remembered on the user object for the request; a mission created or
    re-classified since is read again."""
    organization = mission.program.organization
    if is_staff_member(user, organization):
        return True
    cache = user.__dict__.setdefault("_cocreate_missions_visible", {})
    known = cache.get(mission.program_id)
    if known is None or known.get(mission.pk, (None,))[0] != mission.visibility:
        visible = ExpressionWrapper(visible_missions_q(user, organization), output_field=BooleanField())
        rows = (Mission.objects.filter(program_id=mission.program_id).annotate(visible=visible)
                .values_list("pk", "visibility", "visible"))
        known = cache[mission.program_id] = {pk: (visibility, bool(visible)) for pk, visibility, visible in rows}
    return known.get(mission.pk, (None, False))[1]


def missions_visible_to(user, program):
    """Agrees with missions.view_mission, in one query."""
    qs = Mission.objects.filter(program=program).annotate(
        idea_count=Count("ideas", filter=~Q(ideas__state="draft"), distinct=True)
    ).prefetch_related("tasks")
    return qs.filter(visible_missions_q(user, program.organization))


def confidential_mission_count(program) -> int:
    return Mission.objects.filter(program=program, visibility="confidential").count()


def mission_for_user(user, program, pk: int) -> Mission:
    mission = Mission.objects.filter(program=program, pk=pk).select_related("program__organization").first()
    if mission is None or not user.has_perm("missions.view_mission", mission):
        raise Http404
    return mission
