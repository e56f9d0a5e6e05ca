import rules

from cocreate.organizations.rules import is_executive, is_partner_of_department, is_program_manager

rules.add_perm("retention.update_outcome", is_partner_of_department | is_program_manager | is_executive)
