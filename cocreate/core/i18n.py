"""Django 6.1 strings that Django's own Korean catalogue does not translate yet.

Marking them here puts them into our catalogue (makemessages), which LOCALE_PATHS gives
priority over Django's; drop an entry once Django ships its translation."""

from django.utils.translation import gettext_noop

DJANGO_GAPS = (
    gettext_noop("- Select an option -"),
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("No %s matches the given query."),
)
