"""Small teams within a mission: create, invite, answer an invitation, leave. A team's
submission credits every accepted member (the submission service reads the membership);
this module only keeps the membership. A person is in at most one accepted team per mission,
which the database itself guarantees (``one_team_per_mission``)."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record

from .enums import TeamMemberState
from .models import Mission, Team, TeamMember
from .rules import may_take_part

ACCEPTED, INVITED = TeamMemberState.ACCEPTED, TeamMemberState.INVITED


def _url(mission: Mission) -> str:
    program = mission.program
    return reverse("missions:detail", args=[program.organization.slug, program.slug, mission.pk])


def _in_a_team(mission: Mission, user, *, exclude_team=None) -> bool:
    qs = TeamMember.objects.filter(mission=mission, user=user, state=ACCEPTED)
    if exclude_team is not None:
        qs = qs.exclude(team=exclude_team)
    return qs.exists()


def _already_in_team() -> DomainError:
    return DomainError(_("You are already in a team for this mission; leave it first."), code="already_in_team")


def team_create(mission: Mission, *, user, name: str) -> Team:
    """Create a team; its creator is its first member. Callers check ``missions.take_part``."""
    name = (name or "").strip()
    if mission.team_size_max <= 1:
        raise DomainError(_("Everyone works alone on this mission."), code="no_teams")
    if not name:
        raise DomainError(_("Give the team a name."), code="name_required")
    if _in_a_team(mission, user):
        raise _already_in_team()
    if Team.objects.filter(mission=mission, name__iexact=name).exists():
        raise DomainError(_("A team called “%(name)s” already exists in this mission."), code="name_taken",
                          params={"name": name})
    try:
        with transaction.atomic():
            team = Team.objects.create(mission=mission, name=name, created_by=user)
            TeamMember.objects.create(team=team, mission=mission, user=user, state=ACCEPTED, invited_by=user,
                                      responded_at=timezone.now())
            audit_record(actor=user, verb="team.created", target=team, organization=mission.program.organization,
                         data={"mission": mission.pk, "name": name})
    except IntegrityError:
        if _in_a_team(mission, user):
            raise _already_in_team() from None
        raise DomainError(_("A team called “%(name)s” already exists in this mission."), code="name_taken",
                          params={"name": name}) from None
    return team


def team_invite(team: Team, *, actor, user) -> TeamMember:
    """Invite ``user`` (who must be able to take part) on behalf of an accepted member. The
    team may not grow past ``team_size_max``, counting members and pending invitations.
    Idempotent for a pending invitation; a person who declined or left may be invited again."""
    from cocreate.notifications.services import notify

    mission = team.mission
    if not may_take_part(user, mission):
        raise DomainError(_("This person cannot take part in the mission."), code="cannot_take_part")
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=team.pk).first()
        existing = TeamMember.objects.filter(team=team, user=user).first()
        if existing is not None and existing.state in (ACCEPTED, INVITED):
            return existing
        if TeamMember.objects.filter(team=team, state__in=[ACCEPTED, INVITED]).count() >= mission.team_size_max:
            raise DomainError(_("The team is full: at most %(size)s people, counting pending invitations."),
                              code="team_full", params={"size": mission.team_size_max})
        if existing is None:
            member = TeamMember.objects.create(team=team, mission=mission, user=user, state=INVITED, invited_by=actor)
        else:
            member = existing
            member.state, member.invited_by, member.responded_at = INVITED, actor, None
            member.invited_at = timezone.now()
            member.save(update_fields=["state", "invited_by", "invited_at", "responded_at"])
        audit_record(actor=actor, verb="team.invited", target=team, organization=mission.program.organization,
                     data={"user": user.pk})
        program = mission.program
        notify([user], "team_invited",
               url=reverse("missions:team", args=[program.organization.slug, program.slug, mission.pk, team.pk]),
               params={"team": team.name, "mission": mission.title, "person": actor.display_name})
    return member


def team_respond(member: TeamMember, *, user, accept: bool) -> TeamMember:
    """Accept or decline an invitation (only the invitee). Accepting is refused while the
    person is in another team of the mission. Idempotent for the same answer."""
    from cocreate.notifications.services import notify

    if member.user_id != user.pk:
        raise DomainError(_("This invitation is for someone else."), code="not_invitee")
    wanted = ACCEPTED if accept else TeamMemberState.DECLINED
    if member.state == wanted:
        return member
    if member.state != INVITED:
        raise DomainError(_("This invitation is no longer pending."), code="not_pending")
    team, mission = member.team, member.mission
    if accept and _in_a_team(mission, user, exclude_team=team):
        raise _already_in_team()
    try:
        with transaction.atomic():
            member.state, member.responded_at = wanted, timezone.now()
            member.save(update_fields=["state", "responded_at"])
            audit_record(actor=user, verb="team.joined" if accept else "team.declined", target=team,
                         organization=mission.program.organization, data={"user": user.pk})
            if accept:
                others = [m.user for m in TeamMember.objects.filter(team=team, state=ACCEPTED)
                          .exclude(user=user).select_related("user")]
                notify(others, "team_joined", url=_url(mission),
                       params={"team": team.name, "mission": mission.title, "person": user.display_name})
    except IntegrityError:
        member.refresh_from_db()
        raise _already_in_team() from None
    return member


def team_leave(team: Team, *, user) -> bool:
    """Leave a team (or withdraw a pending invitation's acceptance). The team stays, even
    empty, because earlier submissions credit it. False when there was nothing to leave."""
    from cocreate.notifications.services import notify

    mission = team.mission
    with transaction.atomic():
        member = TeamMember.objects.select_for_update().filter(team=team, user=user, state=ACCEPTED).first()
        if member is None:
            return False
        member.state, member.responded_at = TeamMemberState.LEFT, timezone.now()
        member.save(update_fields=["state", "responded_at"])
        audit_record(actor=user, verb="team.left", target=team, organization=mission.program.organization,
                     data={"user": user.pk})
        others = [m.user for m in TeamMember.objects.filter(team=team, state=ACCEPTED).select_related("user")]
        notify(others, "team_left", url=_url(mission),
               params={"team": team.name, "mission": mission.title, "person": user.display_name})
    return True


# --- reading --------------------------------------------------------------------------------

def teams_of(user, mission: Mission):
    """Teams of the mission in which the person is a member or has a pending invitation."""
    return (Team.objects.filter(mission=mission, members__user=user, members__state__in=[ACCEPTED, INVITED])
            .distinct().order_by("name", "id"))


def team_for_user(user, mission: Mission, pk: int) -> Team:
    """A team of the mission that the person belongs to or is invited to, or staff of the
    organization may see; 404 for missing and forbidden alike."""
    from django.http import Http404

    team = Team.objects.filter(mission=mission, pk=pk).first()
    if team is None or not (user.has_perm("missions.view_coverage", mission)
                            or TeamMember.objects.filter(team=team, user=user, state__in=[ACCEPTED, INVITED]).exists()):
        raise Http404
    return team


def invitable_people(team: Team, *, limit: int = 200) -> list:
    """Who may be invited: the program's partners who may take part in the mission, are in
    no team of it, and have no pending invitation to this one. Display names only."""
    from cocreate.accounts.models import User
    from cocreate.programs.models import Partner

    mission = team.mission
    busy = TeamMember.objects.filter(mission=mission, state=ACCEPTED).values("user")
    pending = TeamMember.objects.filter(team=team, state=INVITED).values("user")
    candidates = (User.objects.filter(pk__in=Partner.objects.filter(program=mission.program).values("user"))
                  .exclude(pk__in=busy).exclude(pk__in=pending).order_by("name", "id")[:limit])
    return [u for u in candidates if may_take_part(u, mission)]
