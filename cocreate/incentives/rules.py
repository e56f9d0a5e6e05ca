"""Who may see and work a program's incentives. Managers run the portfolio and the ledger;
the program's partners read the portfolio (it is part of what they signed up for) but never
other people's entries; each person sees their own."""

import rules

from cocreate.organizations.rules import is_program_manager
from cocreate.programs.rules import is_program_partner


@rules.predicate
def is_grant_holder(user, grant) -> bool:
    return getattr(user, "is_authenticated", False) and grant is not None and grant.user_id == user.pk


# obj: a program or one of its incentives.
rules.add_perm("incentives.view_portfolio", is_program_manager | is_program_partner)
rules.add_perm("incentives.manage_portfolio", is_program_manager)
# obj: a program (the ledger) or a grant.
rules.add_perm("incentives.view_ledger", is_program_manager)
rules.add_perm("incentives.view_grant", is_program_manager | is_grant_holder)
