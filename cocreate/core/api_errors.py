"""Malformed API input in the reader's language. Pydantic describes each bad field in English
("Field required"); an API whose errors are translated must not stop at the summary line, so
each field error gets a translated ``detail`` from its pydantic ``type`` (and that type's
limits), beside its ``loc``, its ``code`` (the pydantic type, stable for programs) and pydantic's
own ``msg`` for developers. Types without a sentence here get a general one."""

from collections.abc import Mapping
from contextlib import suppress
from typing import Any

from django.utils.translation import gettext as _

# Sentences per pydantic error type; %(...)s names are taken from the error's ``ctx``.
_SENTENCES = {
    "missing": lambda: _("This field is required."),
    "int_parsing": lambda: _("Enter a whole number."),
    "int_type": lambda: _("Enter a whole number."),
    "int_from_float": lambda: _("Enter a whole number."),
    "float_parsing": lambda: _("Enter a number."),
    "float_type": lambda: _("Enter a number."),
    "decimal_parsing": lambda: _("Enter a number."),
    "bool_parsing": lambda: _("Enter true or false."),
    "bool_type": lambda: _("Enter true or false."),
    "string_type": lambda: _("Enter text."),
    "string_too_short": lambda: _("Enter at least %(min_length)s characters."),
    "string_too_long": lambda: _("Enter at most %(max_length)s characters."),
    "string_pattern_mismatch": lambda: _("This value is not in the expected form."),
    "greater_than": lambda: _("Enter a value greater than %(gt)s."),
    "greater_than_equal": lambda: _("Enter a value of at least %(ge)s."),
    "less_than": lambda: _("Enter a value less than %(lt)s."),
    "less_than_equal": lambda: _("Enter a value of at most %(le)s."),
    "too_short": lambda: _("Give at least %(min_length)s items."),
    "too_long": lambda: _("Give at most %(max_length)s items."),
    "list_type": lambda: _("Give a list."),
    "dict_type": lambda: _("Give an object."),
    "model_attributes_type": lambda: _("Give an object."),
    "model_type": lambda: _("Give an object."),
    "enum": lambda: _("Choose one of: %(expected)s."),
    "literal_error": lambda: _("Choose one of: %(expected)s."),
    "date_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
    "date_type": lambda: _("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": lambda: _("Enter a date and time as YYYY-MM-DDTHH:MM, with a time zone."),
    "datetime_from_date_parsing": lambda: _("Enter a date and time as YYYY-MM-DDTHH:MM, with a time zone."),
    "datetime_type": lambda: _("Enter a date and time as YYYY-MM-DDTHH:MM, with a time zone."),
    "url_parsing": lambda: _("Enter a valid web address."),
    "url_scheme": lambda: _("Enter a valid web address."),
    "uuid_parsing": lambda: _("Enter a valid identifier."),
    "json_invalid": lambda: _("The request body is not valid JSON."),
    "extra_forbidden": lambda: _("This field is not accepted here."),
}


def field_error(error: Mapping[str, Any]) -> dict:
    """One pydantic error as the API shows it: where, a stable code, a translated sentence."""
    kind = str(error.get("type", ""))
    ctx = {k: (str(v) if not isinstance(v, int | float) else v) for k, v in (error.get("ctx") or {}).items()}
    sentence = _SENTENCES.get(kind)
    detail = _("This value is not valid.")
    if sentence is not None:
        text = sentence()
        # A type whose limits pydantic did not give keeps the general sentence.
        with suppress(KeyError, TypeError, ValueError):
            detail = text % ctx if "%(" in text else text
    return {"loc": list(error.get("loc", ())), "code": kind or "invalid", "detail": detail,
            "msg": str(error.get("msg", ""))}
