import rules

from cocreate.organizations.rules import is_program_manager, is_staff_member
from cocreate.programs.rules import has_accepted_agreement


@rules.predicate
def mission_is_open(user, mission) -> bool:
    return mission.is_open()


@rules.predicate
def mission_has_started(user, mission) -> bool:
    from django.utils import timezone

    return mission.starts_at <= timezone.now()


@rules.predicate
def agreement_settled(user, mission) -> bool:
    """No agreement is published for the program, or the person accepted the version in force."""
    from cocreate.programs.selectors import current_agreement

    return current_agreement(mission.program) is None or has_accepted_agreement(user, mission)


@rules.predicate
def can_view_mission(user, mission) -> bool:
    """Who sees a mission is decided once, as a filter (missions.selectors.visible_missions_q):
    the lists and this rule evaluate the same one."""
    from .selectors import mission_visible

    return mission_visible(user, mission)


rules.add_perm("missions.view_mission", can_view_mission)
rules.add_perm("missions.add_mission", is_program_manager)  # obj: program
rules.add_perm("missions.change_mission", is_program_manager)
# Joining and submitting, apart from timing: the people the mission is for (not the staff who run
# it), behind the agreement in force when the program has one.
rules.add_perm("missions.take_part", rules.is_authenticated & ~is_staff_member & can_view_mission & agreement_settled)
# Timing after the deadline is the submission service's late policy.
rules.add_perm("missions.submit_to_mission", rules.is_authenticated & ~is_staff_member & can_view_mission
               & agreement_settled & mission_has_started)
# Every submission of a mission, with the type's review screen and export: staff.
rules.add_perm("missions.review_submissions", is_staff_member)


# Participation and teams
@rules.predicate
def may_take_part(user, mission) -> bool:
    return rules.has_perm("missions.take_part", user, mission)


@rules.predicate
def may_choose_now(user, mission) -> bool:
    """First come: any time the mission is open. Ranked preferences: while rankings are taken
    (before ``choose_until``), and after the assignment, a switch to a free seat."""
    from django.utils import timezone

    if not mission.is_open():
        return False
    if mission.assignment == "first_come" or mission.assigned_at is not None:
        return True
    return mission.choose_until is None or timezone.now() < mission.choose_until


@rules.predicate
def is_team_member(user, team) -> bool:
    from .models import TeamMember

    return bool(getattr(user, "is_authenticated", False)
                and TeamMember.objects.filter(team=team, user=user, state="accepted").exists())


@rules.predicate
def is_pending_invitee(user, member) -> bool:
    return bool(getattr(user, "is_authenticated", False) and member.user_id == user.pk and member.state == "invited")


rules.add_perm("missions.view_coverage", is_staff_member)
rules.add_perm("missions.choose_sub_mission", may_take_part & may_choose_now)
rules.add_perm("missions.manage_team", is_team_member)  # obj: team
rules.add_perm("missions.respond_team_invitation", is_pending_invitee)  # obj: team member
