"""Who may do what with an idea. Selectors in selectors.py filter lists the same way."""

import rules

from cocreate.organizations.rules import is_executive, is_org_admin, is_program_manager, is_staff_member

from .enums import PUBLISHED_STATES, IdeaState


@rules.predicate
def is_author(user, idea) -> bool:
    return getattr(user, "is_authenticated", False) and idea.author_id == user.pk


@rules.predicate
def is_draft(user, idea) -> bool:
    return idea.state == IdeaState.DRAFT


@rules.predicate
def is_published(user, idea) -> bool:
    return idea.state in PUBLISHED_STATES


@rules.predicate
def is_hidden(user, idea) -> bool:
    return idea.hidden_at is not None


@rules.predicate
def mission_is_open(user, idea) -> bool:
    return idea.mission is None or idea.mission.is_open()


@rules.predicate
def open_channel_enabled(user, organization) -> bool:
    return organization.open_channel_enabled


def mission_enables(ability: str) -> rules.Predicate:
    """The idea's mission type enables ``ability``; open-channel ideas enable comment and support."""
    open_channel_allows = ability in ("comment", "support")

    @rules.predicate(name=f"mission_enables_{ability}")
    def enabled(user, idea) -> bool:
        if idea.mission is None:
            return open_channel_allows
        return idea.mission.type.allows(ability)

    return enabled


@rules.predicate
def can_view_idea(user, idea) -> bool:
    """Decided once, as a filter (ideas.selectors.idea_visibility_q): the lists and this rule
    evaluate the same one."""
    from .selectors import idea_visible

    return idea_visible(user, idea)


rules.add_perm("ideas.view_idea", can_view_idea)
rules.add_perm("ideas.add_idea", rules.is_authenticated & open_channel_enabled)  # obj: organization
rules.add_perm("ideas.change_idea", is_author & is_draft)
rules.add_perm("ideas.submit_idea", is_author & is_draft & mission_is_open)
rules.add_perm("ideas.comment_idea", rules.is_authenticated & can_view_idea & is_published & ~is_hidden
               & mission_enables("comment"))
rules.add_perm("ideas.support_idea", rules.is_authenticated & can_view_idea & is_published & ~is_hidden
               & mission_enables("support"))
# How likely one would buy it: anyone who may see a published idea but its author.
rules.add_perm("ideas.state_purchase_intent", rules.is_authenticated & can_view_idea & ~is_author & is_published
               & ~is_hidden & mission_enables("purchase_intent"))
rules.add_perm("ideas.view_purchase_intents", can_view_idea & mission_enables("purchase_intent"))
rules.add_perm("ideas.hide_idea", (is_org_admin | is_program_manager | is_executive) & is_published & ~is_hidden)
rules.add_perm("ideas.view_hidden_idea", is_author | is_staff_member)
