import rules

from cocreate.organizations.rules import is_program_manager, is_staff_member
from cocreate.programs.rules import can_view_program, has_accepted_agreement, is_program_partner


@rules.predicate
def mission_is_confidential(user, mission) -> bool:
    return mission.visibility != "public"


@rules.predicate
def mission_is_open(user, mission) -> bool:
    return mission.is_open()


# A confidential mission is invisible until the partner has accepted the agreement in force.
rules.add_perm(
    "missions.view_mission",
    is_staff_member | (is_program_partner & has_accepted_agreement) | (~mission_is_confidential & can_view_program),
)
rules.add_perm("missions.add_mission", is_program_manager)  # obj: program
rules.add_perm("missions.change_mission", is_program_manager)
rules.add_perm("missions.submit_to_mission", is_program_partner & has_accepted_agreement & mission_is_open)
