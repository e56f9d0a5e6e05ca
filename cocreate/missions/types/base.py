"""What every mission type provides, and the registry that finds one by its key."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class Ability(models.TextChoices):
    """What a mission's submissions allow other people to do."""

    SUBMIT = "submit", _("Submit")
    COMMENT = "comment", _("Comment")
    SUPPORT = "support", _("Support")
    PAIRWISE = "pairwise", _("Pairwise voting")
    PURCHASE_INTENT = "purchase_intent", _("Purchase intent")


class MissionType:
    """Subclass, set the class attributes, override what differs, and decorate with @register.

    ``details`` is the type's part of a submission (an ``Idea``): a dict of plain JSON values
    that ``clean_details`` produced, so pages, the API and evaluation read the same shape."""

    key: str = ""
    label = ""
    description = ""
    enables: frozenset[Ability] = frozenset({Ability.SUBMIT, Ability.COMMENT, Ability.SUPPORT})
    accepts_attachments: bool = False
    # The partial that shows a submission's details to reviewers and on the idea page.
    review_template: str = "missions/types/review_default.html"

    # -- the mission's settings for this type (a checklist, survey questions) -------------
    def config_form(self, data=None, initial=None) -> forms.Form | None:
        """A form for the manager, or None when the type has no settings."""
        return None

    def clean_config(self, config: dict) -> dict:
        """Validate and normalise settings from the form or the API; raise DomainError."""
        return {}

    # -- a participant's submission --------------------------------------------------------
    def details_form(self, mission, data=None, initial=None) -> forms.Form | None:
        """The type's own fields, shown under the title and description; None for none."""
        return None

    def clean_details(self, mission, details: dict, *, draft: bool = False) -> dict:
        """Validate and normalise a submission's details; raise DomainError (with every
        problem) when they are not acceptable. A draft may be incomplete."""
        return {}

    def summary(self, mission, details: dict) -> list[tuple[str, str]]:
        """(label, value) rows for lists and exports, in the reader's language."""
        return []


_REGISTRY: dict[str, MissionType] = {}


def register(cls: type[MissionType]) -> type[MissionType]:
    if not cls.key or cls.key in _REGISTRY:
        raise ValueError(f"mission type key missing or taken: {cls.key!r}")
    _REGISTRY[cls.key] = cls()
    return cls


def registered() -> list[MissionType]:
    return list(_REGISTRY.values())


def mission_type(key: str) -> MissionType:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise LookupError(f"unknown mission type {key!r}") from None


def kind_choices() -> list[tuple[str, str]]:
    """The model field's choices, read when needed so that types registered later count."""
    return [(t.key, t.label) for t in _REGISTRY.values()]
