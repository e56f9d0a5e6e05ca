"""What every mission type provides, and the registry that finds one by its key.

The interface other code relies on (``mission.type`` is the registered instance):

- ``key``, ``label``, ``description`` (one sentence for a manager choosing a type),
  ``submission_noun`` ("design proposal", "defect report", ...), ``enables`` (a frozenset of
  ``Ability``; ``allows(ability)``), ``peers_see_submissions`` (False: only the author and
  staff see the submissions, as in mystery shopping and surveys), ``accepts_attachments``
  and ``attachment_kinds`` ("image", "pdf"), ``attachment_required(details)`` (an image post
  needs its image; the submission service checks it, the type cannot see files).
- Settings: ``default_config()``, ``effective_config(mission)`` (the saved settings or the
  defaults), ``config_form(data=None, initial=None, *, mission=None, **form_kwargs)``
  (``None`` for a type without settings; its fields are prefixed ``config-`` unless another
  ``prefix`` is given; its ``cleaned_data`` is a valid input of ``clean_config`` and, once
  valid, ``form.config`` holds the clean settings; with ``mission`` the form already runs
  ``clean_config`` against the saved settings and whether submissions exist),
  ``initial_config(mission)`` (the form's initial values for editing; ``mission`` may be
  ``None`` for a new one), ``clean_config(config, *, previous=None, has_submissions=False)``
  and ``config_change_problems(old, new)`` (what a change would break in existing reports:
  clean_config refuses those changes when ``has_submissions``). ``has_submissions(mission)``
  tells whether submitted (non-draft) ideas exist.
- A submission: ``details_form(mission, data=None, initial=None, *, draft=False, **form_kwargs)``
  (``initial`` is a stored ``details`` dict; ``form.details`` holds the clean details after
  ``is_valid()``; ``cleaned_data`` is also a valid input of ``clean_details``). The form carries
  the HTML ``required`` attribute on required fields, so a "save draft" button needs
  ``formnovalidate``; bind it with ``draft=True`` to save a draft.
  ``clean_details(mission, details, *, draft=False)`` validates and normalises (idempotent:
  cleaning clean details gives them back); ``draft=True`` skips only the completeness checks
  (required fields, the shortest improvement proposal), never types, choices or limits.
- Reading: ``summary(mission, details)`` → (label, value) rows in the reader's language;
  ``review_template`` (context: ``idea``, ``mission``, ``rows`` and ``review_context(mission,
  idea)``; ``render_review(mission, idea, request=None)`` does all that);
  ``aggregate(mission, details_list)`` → a structure for ``aggregate_template`` (both empty
  when the type has no aggregate; ``render_aggregate`` renders it).

Errors: ``clean_config`` and ``clean_details`` raise one ``DomainError`` listing every problem;
each entry has its own ``code`` and, in ``params["field"]``, the name of the form field it
belongs to (``add_errors_to_form`` puts them there)."""

from __future__ import annotations

import math
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError


class Ability(models.TextChoices):
    """What a mission's submissions allow other people to do."""

    SUBMIT = "submit", _("Submit")
    COMMENT = "comment", _("Comment")
    SUPPORT = "support", _("Support")
    PAIRWISE = "pairwise", _("Pairwise voting")
    PURCHASE_INTENT = "purchase_intent", _("Purchase intent")


class Problems:
    """Collects every problem, then raises them together as one DomainError."""

    def __init__(self):
        self.errors: list[DomainError] = []

    def add(self, message, code: str, field: str | None = None, **params) -> None:
        if field is not None:
            params["field"] = field
        self.errors.append(DomainError(message, code=code, params=params or None))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise DomainError(list(self.errors))


def add_errors_to_form(form: forms.Form, error: DomainError) -> None:
    """Put each problem next to its field (or at the top of the form), skipping a field that
    already shows an error of its own (Django's "This field is required.")."""
    already = set(form.errors)
    for err in error.error_list:
        field = (err.params or {}).get("field")
        if field not in form.fields:
            field = None
        if field is not None and field in already:
            continue
        form.add_error(field, err)


def text_value(value) -> str:
    """Text as stored: stripped, with Windows line ends made plain."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").strip()


def check_text(problems: Problems, value, *, field: str, label, limit: int, required: bool, draft: bool) -> str:
    text = text_value(value)
    if required and not draft and not text:
        problems.add(_("“%(field_label)s” is required."), "required", field, field_label=label)
    if len(text) > limit:
        problems.add(_("“%(field_label)s” can be at most %(limit)s characters long (now %(length)s)."),
                     "too_long", field, field_label=label, limit=limit, length=len(text))
    return text


def check_url(problems: Problems, value, *, field: str, label, required: bool, draft: bool) -> str:
    text = check_text(problems, value, field=field, label=label, limit=500, required=required, draft=draft)
    if text:
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            problems.add(_("“%(field_label)s”: “%(value)s” is not a valid link starting with http:// or https://."),
                         "not_a_link", field, field_label=label, value=text)
    return text


def check_choice(problems: Problems, value, *, field: str, label, choices, required: bool, draft: bool) -> str:
    text = text_value(value)
    if not text:
        if required and not draft:
            problems.add(_("“%(field_label)s” is required."), "required", field, field_label=label)
        return ""
    if text not in [str(c) for c in choices]:
        problems.add(_("“%(field_label)s”: “%(value)s” is not one of the choices."), "not_a_choice", field,
                     field_label=label, value=text)
    return text


def as_int(value) -> int | None:
    """An integer from a number or its text; ``None`` for anything else (booleans included)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def mission_zone(mission) -> ZoneInfo:
    try:
        return ZoneInfo(getattr(mission, "time_zone", "") or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def share(count: int, total: int) -> int:
    """A percentage rounded to a whole number, for bar widths (0–100)."""
    return round(100 * count / total) if total else 0


def local_datetime_text(value: datetime, zone: ZoneInfo) -> str:
    from django.utils.formats import date_format

    return f"{date_format(timezone.localtime(value, zone), 'SHORT_DATETIME_FORMAT')} ({zone.key})"


def give_keys(rows: list[dict], *, taken: set, prefix: str) -> None:
    """Give every row without a key the first free ``<prefix><n>``: keys stay stable when
    labels change, so stored answers keep pointing at the same checklist item or question."""
    number = 0
    for row in rows:
        while not row["key"]:
            number += 1
            if f"{prefix}{number}" not in taken:
                row["key"] = f"{prefix}{number}"
                taken.add(row["key"])


def refuse_breaking_change(mission_type, previous: dict | None, clean: dict, *, has_submissions: bool) -> dict:
    """The new settings, unless submissions exist and the change would break them."""
    if has_submissions and previous is not None:
        problems = mission_type.config_change_problems(previous, clean)
        if problems:
            raise DomainError(problems)
    return clean


class DetailsForm(forms.Form):
    """A type's submission fields. ``clean()`` runs the type's ``clean_details`` (with
    ``draft``) and keeps the clean details in ``self.details`` and in ``cleaned_data``."""

    def __init__(self, *args, mission=None, mission_type: MissionType, draft: bool = False, **kwargs):
        self.mission = mission
        self.mission_type = mission_type
        self.draft = draft
        self.details: dict | None = None
        super().__init__(*args, **kwargs)
        if draft:
            for field in self.fields.values():
                field.required = False

    def to_details(self, cleaned: dict) -> dict:
        """The form's values in the shape ``clean_details`` reads; flat by default."""
        return dict(cleaned)

    def clean(self):
        cleaned = super().clean()
        try:
            details = self.mission_type.clean_details(self.mission, self.to_details(cleaned), draft=self.draft)
        except DomainError as error:
            add_errors_to_form(self, error)
            return cleaned
        self.details = details
        cleaned.update(details)
        return cleaned


class ConfigForm(forms.Form):
    """A type's settings for the manager. ``clean()`` turns the fields into the config shape
    (``to_config``), and with a mission runs ``clean_config`` against its saved settings."""

    def __init__(self, *args, mission=None, mission_type: MissionType, **kwargs):
        self.mission = mission
        self.mission_type = mission_type
        self.config: dict | None = None
        kwargs.setdefault("prefix", "config")
        super().__init__(*args, **kwargs)

    def to_config(self, cleaned: dict) -> dict:
        return dict(cleaned)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            config = self.to_config(cleaned)
        except DomainError as error:
            add_errors_to_form(self, error)
            return cleaned
        kwargs = {}
        if self.mission is not None and getattr(self.mission, "pk", None):
            kwargs = {"previous": self.mission_type.effective_config(self.mission),
                      "has_submissions": self.mission_type.has_submissions(self.mission)}
        try:
            config = self.mission_type.clean_config(config, **kwargs)
        except DomainError as error:
            add_errors_to_form(self, error)
            return cleaned
        self.config = config
        return cleaned


class MissionType:
    """Subclass, set the class attributes, override what differs, and decorate with @register.

    ``details`` is the type's part of a submission (an ``Idea``): a dict of plain JSON values
    that ``clean_details`` produced, so pages, the API and evaluation read the same shape."""

    key: str = ""
    label = ""
    description = ""
    submission_noun = _("submission")
    enables: frozenset[Ability] = frozenset({Ability.SUBMIT, Ability.COMMENT, Ability.SUPPORT})
    peers_see_submissions: bool = True
    accepts_attachments: bool = False
    attachment_kinds: frozenset[str] = frozenset()
    # The partial that shows a submission's details to reviewers and on the idea page.
    review_template: str = "missions/types/review_default.html"
    # The partial that shows all submissions together; empty when the type has none.
    aggregate_template: str = ""

    def allows(self, ability) -> bool:
        return Ability(ability) in self.enables

    def attachment_required(self, details: dict) -> bool:
        return False

    # -- the mission's settings for this type (a checklist, survey questions) -------------
    def default_config(self) -> dict:
        return {}

    def effective_config(self, mission) -> dict:
        """The saved settings, or the defaults where nothing was saved."""
        saved = (getattr(mission, "config", None) or {}) if mission is not None else {}
        return {**self.default_config(), **saved}

    def config_form(self, data=None, initial=None, *, mission=None, **form_kwargs) -> forms.Form | None:
        """A form for the manager, or None when the type has no settings."""
        return None

    def initial_config(self, mission) -> dict:
        """The config form's initial values for editing ``mission`` (None for a new one)."""
        return {}

    def clean_config(self, config: dict, *, previous: dict | None = None, has_submissions: bool = False) -> dict:
        """Validate and normalise settings from the form or the API; raise DomainError. With
        ``has_submissions``, changes that ``config_change_problems`` names are refused."""
        return {}

    def config_change_problems(self, old: dict, new: dict) -> list[DomainError]:
        """What changing the settings from ``old`` to ``new`` would break in existing reports."""
        return []

    def has_submissions(self, mission) -> bool:
        if mission is None or not getattr(mission, "pk", None):
            return False
        from cocreate.ideas.enums import IdeaState
        from cocreate.ideas.models import Idea

        return Idea.objects.with_scopes_disabled().filter(mission_id=mission.pk).exclude(
            state=IdeaState.DRAFT).exists()

    # -- a participant's submission --------------------------------------------------------
    def details_form(self, mission, data=None, initial=None, *, draft: bool = False,
                     **form_kwargs) -> forms.Form | None:
        """The type's own fields, shown under the title and description; None for none."""
        return None

    def clean_details(self, mission, details: dict, *, draft: bool = False) -> dict:
        """Validate and normalise a submission's details; raise DomainError (with every
        problem) when they are not acceptable. A draft may be incomplete."""
        return {}

    def summary(self, mission, details: dict) -> list[tuple[str, str]]:
        """(label, value) rows for lists and exports, in the reader's language."""
        return []

    # -- reading ------------------------------------------------------------------------
    def review_context(self, mission, idea) -> dict:
        """What the review template needs beyond ``idea``, ``mission`` and ``rows``."""
        return {}

    def render_review(self, mission, idea, request=None) -> str:
        details = idea.details or {}
        context = {"idea": idea, "mission": mission, "rows": self.summary(mission, details),
                   **self.review_context(mission, idea)}
        return render_to_string(self.review_template, context, request=request)

    def aggregate(self, mission, details_list: list[dict]) -> dict | None:
        """All submissions' details together (counts, means, distributions); None for none."""
        return None

    def render_aggregate(self, mission, details_list: list[dict], request=None) -> str:
        aggregate = self.aggregate(mission, details_list)
        if aggregate is None or not self.aggregate_template:
            return ""
        return render_to_string(self.aggregate_template, {"mission": mission, "aggregate": aggregate},
                                request=request)


_REGISTRY: dict[str, MissionType] = {}


def register(cls: type[MissionType]) -> type[MissionType]:
    if not cls.key or cls.key in _REGISTRY:
        raise ValueError(f"mission type key missing or taken: {cls.key!r}")
    _REGISTRY[cls.key] = cls()
    return cls


def unregister(key: str) -> None:
    """Remove a type (tests register throwaway ones)."""
    _REGISTRY.pop(key, None)


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
