"""Mission types. Each is one registered class (see ``base.MissionType``) with its own
submission form, review screen, settings and abilities; adding a type is adding a module here
and listing it below, never edits across views."""

from .base import (  # noqa: F401
    Ability,
    MissionType,
    Problems,
    add_errors_to_form,
    kind_choices,
    mission_type,
    register,
    registered,
    unregister,
)

DEFAULT_KIND = "co_development"

# Importing a type's module registers it. The order is the order managers see.
from . import co_development, co_solving, co_marketing, mystery_shopping, survey  # noqa: E402, F401, I001
