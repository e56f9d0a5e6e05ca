import rules

rules.add_perm("accounts.change_profile", rules.is_authenticated)
